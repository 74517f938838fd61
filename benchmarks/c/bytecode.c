/* A bytecode interpreter over boxed values, the C twin of
 * benchmarks/programs/bytecode.py: the same assembler, program and
 * stack machine.  Values are W_Int and W_List objects with a type of
 * function pointers (the Python version's methods); memory is managed by
 * reference counting, with a free list for W_Int, as a C interpreter of
 * this kind (CPython) would do it.
 * usage: bytecode N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JUMP, JUMP_IF_FALSE, CALL,
       RETURN, NEWLIST, APPEND, GETITEM, LEN, POP, NOPS };

static const char *const OPNAMES[NOPS] = {
    "push", "load", "store", "add", "sub", "mul", "mod", "lt", "jump",
    "jump_if_false", "call", "return", "newlist", "append", "getitem",
    "len", "pop"};

static const char SOURCE[] =
    "func fib n\n"
    "    load n\n    push 2\n    lt\n    jump_if_false recurse\n"
    "    load n\n    return\n"
    "recurse:\n"
    "    load n\n    push 1\n    sub\n    call fib\n"
    "    load n\n    push 2\n    sub\n    call fib\n"
    "    add\n    return\n"
    "\n"
    "func main n m\n"
    "    push 0\n    store total\n    push 0\n    store i\n"
    "outer:\n"
    "    load i\n    load n\n    lt\n    jump_if_false outer_done\n"
    "    push 0\n    store j\n"
    "inner:\n"
    "    load j\n    push 100\n    lt\n    jump_if_false inner_done\n"
    "    load total\n    load i\n    load j\n    mul\n    push 7\n    mod\n"
    "    add\n    store total\n"
    "    load j\n    push 1\n    add\n    store j\n    jump inner\n"
    "inner_done:\n"
    "    load i\n    push 1\n    add\n    store i\n    jump outer\n"
    "outer_done:\n"
    "    newlist\n    store lst\n    push 0\n    store k\n"
    "fill:\n"
    "    load k\n    load n\n    lt\n    jump_if_false filled\n"
    "    load lst\n    load k\n    load k\n    mul\n    push 1000\n    mod\n"
    "    append\n"
    "    load k\n    push 1\n    add\n    store k\n    jump fill\n"
    "filled:\n"
    "    push 0\n    store s\n    push 0\n    store k\n"
    "sum:\n"
    "    load k\n    load lst\n    len\n    lt\n    jump_if_false summed\n"
    "    load s\n    load lst\n    load k\n    getitem\n    add\n    store s\n"
    "    load k\n    push 1\n    add\n    store k\n    jump sum\n"
    "summed:\n"
    "    newlist\n    store result\n"
    "    load result\n    load total\n    append\n"
    "    load result\n    load s\n    append\n"
    "    load result\n    load lst\n    load lst\n    add\n    len\n    append\n"
    "    load result\n    load m\n    call fib\n    append\n"
    "    load result\n    return\n";

static void vm_error(const char *message)
{
    printf("error: %s\n", message);
    exit(1);
}

static void *xmalloc(size_t size)
{
    void *p = malloc(size);
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

/* ---- growable text buffer ---- */
struct strbuf {
    char *s;
    size_t len, cap;
};

static void sb_add(struct strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

/* ---- objects ---- */
typedef struct W_Object W_Object;

typedef struct {
    W_Object *(*add)(W_Object *, W_Object *);
    W_Object *(*sub)(W_Object *, W_Object *);
    W_Object *(*mul)(W_Object *, W_Object *);
    W_Object *(*mod)(W_Object *, W_Object *);
    W_Object *(*lt)(W_Object *, W_Object *);
    int (*is_true)(W_Object *);
    long (*int_w)(W_Object *);
    W_Object *(*getitem)(W_Object *, long);  /* borrowed reference */
    void (*append)(W_Object *, W_Object *);  /* steals the value */
    long (*length)(W_Object *);
    void (*str_w)(W_Object *, struct strbuf *);
    void (*dealloc)(W_Object *);
} W_Type;

struct W_Object {
    const W_Type *type;
    long refcnt;
};

typedef struct {
    W_Object base;
    long intval;
} W_Int;

typedef struct {
    W_Object base;
    W_Object **items;
    long len, cap;
} W_List;

static inline void incref(W_Object *w) { w->refcnt++; }

static inline void decref(W_Object *w)
{
    if (--w->refcnt == 0)
        w->type->dealloc(w);
}

/* default methods, as W_Object's in the Python version */
static W_Object *obj_sub(W_Object *a, W_Object *b) { (void)a; (void)b; vm_error("unsupported operand for sub"); return NULL; }
static W_Object *obj_mul(W_Object *a, W_Object *b) { (void)a; (void)b; vm_error("unsupported operand for mul"); return NULL; }
static W_Object *obj_mod(W_Object *a, W_Object *b) { (void)a; (void)b; vm_error("unsupported operand for mod"); return NULL; }
static W_Object *obj_lt(W_Object *a, W_Object *b) { (void)a; (void)b; vm_error("unsupported operand for lt"); return NULL; }
static long obj_int_w(W_Object *a) { (void)a; vm_error("expected an integer"); return 0; }
static W_Object *obj_getitem(W_Object *a, long i) { (void)a; (void)i; vm_error("object is not subscriptable"); return NULL; }
static void obj_append(W_Object *a, W_Object *v) { (void)a; (void)v; vm_error("object has no append"); }
static long obj_length(W_Object *a) { (void)a; vm_error("object has no length"); return 0; }

/* W_Int, with a free list */
static const W_Type W_IntType;
static W_Int *int_free_list;

static W_Object *new_int(long v)
{
    W_Int *w = int_free_list;
    if (w)
        int_free_list = (W_Int *)w->base.type;
    else
        w = xmalloc(sizeof *w);
    w->base.type = &W_IntType;
    w->base.refcnt = 1;
    w->intval = v;
    return &w->base;
}

static void int_dealloc(W_Object *o)
{
    o->type = (const W_Type *)int_free_list;
    int_free_list = (W_Int *)o;
}

#define INTVAL(o) (((W_Int *)(o))->intval)
static W_Object *int_add(W_Object *a, W_Object *b) { return new_int(INTVAL(a) + b->type->int_w(b)); }
static W_Object *int_sub(W_Object *a, W_Object *b) { return new_int(INTVAL(a) - b->type->int_w(b)); }
static W_Object *int_mul(W_Object *a, W_Object *b) { return new_int(INTVAL(a) * b->type->int_w(b)); }

static W_Object *int_mod(W_Object *a, W_Object *b)
{
    long d = b->type->int_w(b);
    if (d == 0)
        vm_error("modulo by zero");
    long r = INTVAL(a) % d;          /* Python's modulo takes the divisor's sign */
    if (r != 0 && ((r < 0) != (d < 0)))
        r += d;
    return new_int(r);
}

static W_Object *int_lt(W_Object *a, W_Object *b) { return new_int(INTVAL(a) < b->type->int_w(b) ? 1 : 0); }
static int int_is_true(W_Object *a) { return INTVAL(a) != 0; }
static long int_int_w(W_Object *a) { return INTVAL(a); }

static void int_str_w(W_Object *a, struct strbuf *b)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%ld", INTVAL(a));
    sb_add(b, tmp, (size_t)n);
}

static const W_Type W_IntType = {
    int_add, int_sub, int_mul, int_mod, int_lt, int_is_true, int_int_w,
    obj_getitem, obj_append, obj_length, int_str_w, int_dealloc};

/* W_List */
static const W_Type W_ListType;

static W_Object *new_list(long cap)
{
    W_List *w = xmalloc(sizeof *w);
    w->base.type = &W_ListType;
    w->base.refcnt = 1;
    w->len = 0;
    w->cap = cap > 4 ? cap : 4;
    w->items = xmalloc((size_t)w->cap * sizeof(W_Object *));
    return &w->base;
}

static void list_dealloc(W_Object *o)
{
    W_List *l = (W_List *)o;
    for (long k = 0; k < l->len; k++)
        decref(l->items[k]);
    free(l->items);
    free(l);
}

static void list_append(W_Object *o, W_Object *v)
{
    W_List *l = (W_List *)o;
    if (l->len == l->cap) {
        l->cap *= 2;
        l->items = xrealloc(l->items, (size_t)l->cap * sizeof(W_Object *));
    }
    l->items[l->len++] = v;
}

static W_Object *list_add(W_Object *a, W_Object *b)
{
    if (b->type != &W_ListType)
        vm_error("can only concatenate list to list");
    W_List *la = (W_List *)a, *lb = (W_List *)b;
    W_Object *r = new_list(la->len + lb->len);
    for (long k = 0; k < la->len; k++) {
        incref(la->items[k]);
        list_append(r, la->items[k]);
    }
    for (long k = 0; k < lb->len; k++) {
        incref(lb->items[k]);
        list_append(r, lb->items[k]);
    }
    return r;
}

static int list_is_true(W_Object *a) { return ((W_List *)a)->len != 0; }

static W_Object *list_getitem(W_Object *a, long index)
{
    W_List *l = (W_List *)a;
    if (index < 0 || index >= l->len)
        vm_error("list index out of range");
    return l->items[index];
}

static long list_length(W_Object *a) { return ((W_List *)a)->len; }

static void list_str_w(W_Object *a, struct strbuf *b)
{
    W_List *l = (W_List *)a;
    sb_add(b, "[", 1);
    for (long k = 0; k < l->len; k++) {
        if (k > 0)
            sb_add(b, ", ", 2);
        l->items[k]->type->str_w(l->items[k], b);
    }
    sb_add(b, "]", 1);
}

static const W_Type W_ListType = {
    list_add, obj_sub, obj_mul, obj_mod, obj_lt, list_is_true, obj_int_w,
    list_getitem, list_append, list_length, list_str_w, list_dealloc};

/* ---- code and assembler ---- */
#define MAXNAMES 64

struct names {
    char *name[MAXNAMES];
    long value[MAXNAMES];
    int n;
};

static long names_get(const struct names *t, const char *name)
{
    for (int k = 0; k < t->n; k++)
        if (strcmp(t->name[k], name) == 0)
            return t->value[k];
    return -1;
}

static void names_set(struct names *t, const char *name, long value)
{
    for (int k = 0; k < t->n; k++)
        if (strcmp(t->name[k], name) == 0) {
            t->value[k] = value;
            return;
        }
    if (t->n == MAXNAMES)
        vm_error("too many names");
    t->name[t->n] = strdup(name);
    t->value[t->n++] = value;
}

static void names_clear(struct names *t)
{
    for (int k = 0; k < t->n; k++)
        free(t->name[k]);
    t->n = 0;
}

struct code {
    char *name;
    long nargs, nlocals;
    long *bytecode;
    long len, cap;
    W_Object **consts;
    long nconsts, constcap;
};

static void emit(struct code *c, long word)
{
    if (c->len == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->bytecode = xrealloc(c->bytecode, (size_t)c->cap * sizeof(long));
    }
    c->bytecode[c->len++] = word;
}

struct program {
    struct code *functions[MAXNAMES];
    int nfunctions;
    struct names names;
};

/* Splits a line into at most 8 whitespace-separated words (in place). */
static int split_words(char *line, char **words)
{
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(line, " \t", &save); w && n < 8; w = strtok_r(NULL, " \t", &save))
        words[n++] = w;
    return n;
}

struct fixup {
    long pos;
    char label[32];
};

static void finish_function(struct code *code, struct names *labels, struct fixup *fixups,
                            int nfixups, struct names *locals, struct program *program)
{
    for (int k = 0; k < nfixups; k++) {
        long target = names_get(labels, fixups[k].label);
        if (target < 0)
            vm_error("unknown label");
        code->bytecode[fixups[k].pos] = target;
    }
    code->nlocals = locals->n;
    program->functions[program->nfunctions++] = code;
}

static struct program *assemble(const char *source)
{
    struct program *program = calloc(1, sizeof *program);
    char *text = strdup(source), *save = NULL;
    char *lines[512];
    int nlines = 0;
    for (char *l = strtok_r(text, "\n", &save); l && nlines < 512; l = strtok_r(NULL, "\n", &save))
        lines[nlines++] = l;
    char *words[8], buf[256];
    for (int i = 0; i < nlines; i++) {
        snprintf(buf, sizeof buf, "%s", lines[i]);
        int n = split_words(buf, words);
        if (n >= 2 && strcmp(words[0], "func") == 0)
            names_set(&program->names, words[1], program->names.n);
    }
    struct code *code = NULL;
    struct names locals = {{0}, {0}, 0}, labels = {{0}, {0}, 0};
    struct fixup fixups[64];
    int nfixups = 0;
    for (int i = 0; i < nlines; i++) {
        snprintf(buf, sizeof buf, "%s", lines[i]);
        int n = split_words(buf, words);
        if (n == 0)
            continue;
        if (strcmp(words[0], "func") == 0) {
            if (code)
                finish_function(code, &labels, fixups, nfixups, &locals, program);
            code = calloc(1, sizeof *code);
            code->name = strdup(words[1]);
            code->nargs = n - 2;
            names_clear(&locals);
            for (int k = 2; k < n; k++)
                names_set(&locals, words[k], locals.n);
            names_clear(&labels);
            nfixups = 0;
            continue;
        }
        if (!code)
            vm_error("code outside a function");
        size_t wl = strlen(words[0]);
        if (words[0][wl - 1] == ':') {
            words[0][wl - 1] = 0;
            names_set(&labels, words[0], code->len);
            continue;
        }
        int op = -1;
        for (int k = 0; k < NOPS; k++)
            if (strcmp(OPNAMES[k], words[0]) == 0)
                op = k;
        if (op < 0)
            vm_error("unknown instruction");
        long arg = 0;
        if (op == PUSH) {
            if (code->nconsts == code->constcap) {
                code->constcap = code->constcap ? code->constcap * 2 : 16;
                code->consts = xrealloc(code->consts, (size_t)code->constcap * sizeof(W_Object *));
            }
            arg = code->nconsts;
            code->consts[code->nconsts++] = new_int(atol(words[1]));
        } else if (op == LOAD || op == STORE) {
            if (names_get(&locals, words[1]) < 0)
                names_set(&locals, words[1], locals.n);
            arg = names_get(&locals, words[1]);
        } else if (op == JUMP || op == JUMP_IF_FALSE) {
            if (nfixups == 64)
                vm_error("too many jumps");
            fixups[nfixups].pos = code->len + 1;
            snprintf(fixups[nfixups].label, sizeof fixups[nfixups].label, "%s", words[1]);
            nfixups++;
        } else if (op == CALL) {
            arg = names_get(&program->names, words[1]);
            if (arg < 0)
                vm_error("unknown function");
        }
        emit(code, op);
        emit(code, arg);
    }
    if (code)
        finish_function(code, &labels, fixups, nfixups, &locals, program);
    names_clear(&locals);
    names_clear(&labels);
    free(text);
    return program;
}

/* ---- the interpreter ---- */
struct interp {
    struct program *program;
    long executed;
};

#define STACK_MAX 64

/* Takes the references in args (nargs of them); returns a new reference. */
static W_Object *call(struct interp *in, const struct code *code, W_Object **args)
{
    W_Object *locals[MAXNAMES];
    W_Object *stack[STACK_MAX];
    int sp = 0;
    for (long k = 0; k < code->nlocals; k++)
        locals[k] = k < code->nargs ? args[k] : NULL;
    const long *bytecode = code->bytecode;
    long pc = 0, count = 0;
    W_Object *a, *b, *r;
    for (;;) {
        long op = bytecode[pc];
        long arg = bytecode[pc + 1];
        pc += 2;
        count++;
        switch (op) {
        case LOAD:
            a = locals[arg];
            if (!a)
                vm_error("unbound local");
            incref(a);
            stack[sp++] = a;
            break;
        case STORE:
            if (locals[arg])
                decref(locals[arg]);
            locals[arg] = stack[--sp];
            break;
        case PUSH:
            a = code->consts[arg];
            incref(a);
            stack[sp++] = a;
            break;
#define BINOP(OP, METHOD)                   \
        case OP:                            \
            b = stack[--sp];                \
            a = stack[--sp];                \
            r = a->type->METHOD(a, b);      \
            decref(a);                      \
            decref(b);                      \
            stack[sp++] = r;                \
            break;
        BINOP(ADD, add)
        BINOP(SUB, sub)
        BINOP(MUL, mul)
        BINOP(MOD, mod)
        BINOP(LT, lt)
        case JUMP:
            pc = arg;
            break;
        case JUMP_IF_FALSE:
            a = stack[--sp];
            if (!a->type->is_true(a))
                pc = arg;
            decref(a);
            break;
        case CALL: {
            const struct code *callee = in->program->functions[arg];
            W_Object *callargs[MAXNAMES];
            for (long k = callee->nargs - 1; k >= 0; k--)
                callargs[k] = stack[--sp];
            in->executed += count;
            count = 0;
            stack[sp++] = call(in, callee, callargs);
            break;
        }
        case RETURN:
            in->executed += count;
            r = stack[--sp];
            while (sp > 0)
                decref(stack[--sp]);
            for (long k = 0; k < code->nlocals; k++)
                if (locals[k])
                    decref(locals[k]);
            return r;
        case NEWLIST:
            stack[sp++] = new_list(0);
            break;
        case APPEND:
            b = stack[--sp];
            a = stack[--sp];
            a->type->append(a, b);
            decref(a);
            break;
        case GETITEM: {
            b = stack[--sp];
            long index = b->type->int_w(b);
            decref(b);
            a = stack[--sp];
            r = a->type->getitem(a, index);
            incref(r);
            decref(a);
            stack[sp++] = r;
            break;
        }
        case LEN:
            a = stack[--sp];
            r = new_int(a->type->length(a));
            decref(a);
            stack[sp++] = r;
            break;
        case POP:
            decref(stack[--sp]);
            break;
        default:
            vm_error("bad opcode");
        }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100;
    long m = 10 + n / 300;
    if (m > 25)
        m = 25;
    struct program *program = assemble(SOURCE);
    struct interp in = {program, 0};
    const struct code *main_code = program->functions[names_get(&program->names, "main")];
    W_Object *args[2] = {new_int(n), new_int(m)};
    W_Object *result = call(&in, main_code, args);
    struct strbuf text = {NULL, 0, 0};
    sb_add(&text, "", 0);
    result->type->str_w(result, &text);
    printf("main(%ld, %ld) = %s\n", n, m, text.s);
    printf("instructions: %ld\n", in.executed);
    decref(result);
    free(text.s);
    return 0;
}
