/* String processing, the C twin of benchmarks/programs/strings.py: the same
 * generated text, tokenizer, word counts (an open-addressing hash table),
 * ranking by sorted keys, replace, split/reverse/join, upper and hashes.
 * Every derived string is built in memory, as the Python version does.
 * usage: strings N */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
    "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt",
    "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "minim",
    "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris",
    "nisi", "aliquip", "ex", "ea", "commodo", "consequat"};
#define NWORDS ((long)(sizeof WORDS / sizeof WORDS[0]))
#define MODULUS 1000000007L

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        perror("malloc");
        exit(1);
    }
    return p;
}

static void *xrealloc(void *old, size_t size)
{
    void *p = realloc(old, size);
    if (!p) {
        perror("realloc");
        exit(1);
    }
    return p;
}

/* ---- growable strings and lists of strings ---- */
struct buf {
    char *s;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

struct strlist {
    char **items;
    long len, cap;
};

static void list_append(struct strlist *l, char *s)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, (size_t)l->cap * sizeof(char *));
    }
    l->items[l->len++] = s;
}

static void list_free(struct strlist *l)
{
    for (long k = 0; k < l->len; k++)
        free(l->items[k]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static char *substr(const char *s, size_t n)
{
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static char *join(const char *sep, const struct strlist *l)
{
    struct buf b = {NULL, 0, 0};
    buf_add(&b, "", 0);
    size_t seplen = strlen(sep);
    for (long k = 0; k < l->len; k++) {
        if (k > 0)
            buf_add(&b, sep, seplen);
        buf_adds(&b, l->items[k]);
    }
    return b.s;
}

/* str.split(sep) with a non-empty separator. */
static struct strlist split(const char *s, const char *sep)
{
    struct strlist l = {NULL, 0, 0};
    size_t seplen = strlen(sep);
    const char *p = s, *q;
    while ((q = strstr(p, sep)) != NULL) {
        list_append(&l, substr(p, (size_t)(q - p)));
        p = q + seplen;
    }
    list_append(&l, substr(p, strlen(p)));
    return l;
}

/* str.replace(old, new), non-overlapping, left to right. */
static char *replace(const char *s, const char *old, const char *new_)
{
    struct buf b = {NULL, 0, 0};
    buf_add(&b, "", 0);
    size_t oldlen = strlen(old), newlen = strlen(new_);
    const char *p = s, *q;
    while ((q = strstr(p, old)) != NULL) {
        buf_add(&b, p, (size_t)(q - p));
        buf_add(&b, new_, newlen);
        p = q + oldlen;
    }
    buf_adds(&b, p);
    return b.s;
}

static long text_hash(const char *s)
{
    long h = 0;
    for (; *s; s++)
        h = (h * 31 + (unsigned char)*s) % MODULUS;
    return h;
}

/* ---- the word counts: an open-addressing hash table ---- */
struct entry {
    char *key;
    long value;
    uint64_t hash;
};

struct dict {
    struct entry *table;
    long size, used;
};

static uint64_t str_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;    /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static struct entry *dict_lookup(struct dict *d, const char *key, uint64_t h)
{
    long mask = d->size - 1;
    long i = (long)(h & (uint64_t)mask);
    while (d->table[i].key && (d->table[i].hash != h || strcmp(d->table[i].key, key) != 0))
        i = (i + 1) & mask;
    return &d->table[i];
}

static void dict_grow(struct dict *d)
{
    struct entry *old = d->table;
    long oldsize = d->size;
    d->size = oldsize ? oldsize * 4 : 16;
    d->table = calloc((size_t)d->size, sizeof(struct entry));
    if (!d->table) {
        perror("calloc");
        exit(1);
    }
    for (long k = 0; k < oldsize; k++)
        if (old[k].key)
            *dict_lookup(d, old[k].key, old[k].hash) = old[k];
    free(old);
}

/* counts[key] = counts.get(key, 0) + 1 */
static void dict_incr(struct dict *d, const char *key)
{
    if ((d->used + 1) * 3 >= d->size * 2)
        dict_grow(d);
    uint64_t h = str_hash(key);
    struct entry *e = dict_lookup(d, key, h);
    if (!e->key) {
        e->key = strdup(key);
        e->hash = h;
        e->value = 0;
        d->used++;
    }
    e->value++;
}

static long dict_get(struct dict *d, const char *key)
{
    struct entry *e = dict_lookup(d, key, str_hash(key));
    return e->key ? e->value : 0;
}

/* ---- the benchmark ---- */
struct rng {
    long state;
};

static long rng_next(struct rng *r, long bound)
{
    r->state = (r->state * 1103515245L + 12345) & 0x7fffffffL;
    return (r->state >> 16) % bound;
}

static char *generate(long n)
{
    struct rng rng = {42};
    struct strlist sentences = {NULL, 0, 0};
    for (long i = 0; i < n; i++) {
        long length = 3 + rng_next(&rng, 10);
        struct strlist words = {NULL, 0, 0};
        for (long k = 0; k < length; k++) {
            struct buf w = {NULL, 0, 0};
            buf_adds(&w, WORDS[rng_next(&rng, NWORDS)]);
            long r = rng_next(&rng, 20);
            if (r == 0) {
                char num[24];
                snprintf(num, sizeof num, "%ld", rng_next(&rng, 1000));
                buf_adds(&w, num);
            } else if (r == 1) {
                buf_adds(&w, ",");
            }
            list_append(&words, w.s);
        }
        words.items[0][0] = (char)toupper((unsigned char)words.items[0][0]);
        struct buf s = {NULL, 0, 0};
        char *joined = join(" ", &words);
        buf_adds(&s, joined);
        buf_adds(&s, ".");
        free(joined);
        list_append(&sentences, s.s);
        list_free(&words);
    }
    char *text = join(" ", &sentences);
    list_free(&sentences);
    return text;
}

static struct strlist tokenize(const char *text)
{
    struct strlist tokens = {NULL, 0, 0};
    long n = (long)strlen(text), i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        if (isalpha(c)) {
            long j = i + 1;
            while (j < n && isalpha((unsigned char)text[j]))
                j++;
            char *tok = substr(text + i, (size_t)(j - i));
            for (char *p = tok; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            list_append(&tokens, tok);
            i = j;
        } else if (isdigit(c)) {
            long j = i + 1;
            while (j < n && isdigit((unsigned char)text[j]))
                j++;
            list_append(&tokens, substr(text + i, (size_t)(j - i)));
            i = j;
        } else {
            i++;
        }
    }
    return tokens;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100;
    char *text = generate(n);
    struct strlist tokens = tokenize(text);

    struct dict counts = {NULL, 0, 0};
    dict_grow(&counts);
    long number_sum = 0;
    for (long k = 0; k < tokens.len; k++) {
        const char *tok = tokens.items[k];
        if (isdigit((unsigned char)tok[0]))
            number_sum += atol(tok);
        else
            dict_incr(&counts, tok);
    }
    printf("text: %zu chars, %ld tokens, %ld distinct words, numbers sum %ld\n",
           strlen(text), tokens.len, counts.used, number_sum);

    struct strlist keys = {NULL, 0, 0};
    for (long k = 0; k < counts.size; k++) {
        struct entry *e = &counts.table[k];
        if (e->key) {
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%09ld %s", 999999999L - e->value, e->key);
            list_append(&keys, strdup(tmp));
        }
    }
    qsort(keys.items, (size_t)keys.len, sizeof(char *), cmp_str);
    for (long k = 0; k < 5 && k < keys.len; k++) {
        const char *word = strchr(keys.items[k], ' ') + 1;
        printf("  %-14s%9ld\n", word, dict_get(&counts, word));
    }

    char *r1 = replace(text, "dolor", "PAIN");
    char *replaced = replace(r1, ", ", " , ");
    printf("replaced: %zu chars, hash %ld\n", strlen(replaced), text_hash(replaced));

    struct strlist sentences = split(text, ". ");
    struct strlist out = {NULL, 0, 0};
    for (long k = 0; k < sentences.len; k++) {
        struct strlist words = split(sentences.items[k], " ");
        for (long a = 0, b = words.len - 1; a < b; a++, b--) {
            char *t = words.items[a];
            words.items[a] = words.items[b];
            words.items[b] = t;
        }
        list_append(&out, join(" ", &words));
        list_free(&words);
    }
    char *reversed_text = join("|", &out);
    printf("sentences: %ld, reversed hash %ld\n", sentences.len, text_hash(reversed_text));

    char *upper = strdup(text);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    long capitals = 0;
    for (const char *p = text; *p; p++)
        if (isupper((unsigned char)*p))
            capitals++;
    printf("upper hash %ld, capitals %ld\n", text_hash(upper), capitals);

    free(upper);
    free(reversed_text);
    list_free(&out);
    list_free(&sentences);
    free(replaced);
    free(r1);
    list_free(&keys);
    for (long k = 0; k < counts.size; k++)
        free(counts.table[k].key);
    free(counts.table);
    list_free(&tokens);
    free(text);
    return 0;
}
