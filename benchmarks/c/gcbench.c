/* GCBench, the C twin of benchmarks/programs/gcbench.py: every node is
 * malloc'ed, every temporary tree freed once counted.
 * usage: gcbench MAXDEPTH */
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4
#define ARRAY_SIZE 500000

struct node {
    struct node *left, *right;
    long i, j;
};

static struct node *new_node(struct node *left, struct node *right)
{
    struct node *n = malloc(sizeof *n);
    if (!n) {
        perror("malloc");
        exit(1);
    }
    n->left = left;
    n->right = right;
    n->i = n->j = 0;
    return n;
}

static long tree_size(long depth) { return (1L << (depth + 1)) - 1; }

static void populate(long depth, struct node *node)
{
    if (depth <= 0)
        return;
    depth -= 1;
    node->left = new_node(NULL, NULL);
    node->right = new_node(NULL, NULL);
    populate(depth, node->left);
    populate(depth, node->right);
}

static struct node *make_tree(long depth)
{
    if (depth <= 0)
        return new_node(NULL, NULL);
    struct node *left = make_tree(depth - 1);
    return new_node(left, make_tree(depth - 1));
}

static long count(const struct node *node)
{
    long n = 0;
    while (node) {
        n += 1 + count(node->right);
        node = node->left;
    }
    return n;
}

static void free_tree(struct node *n)
{
    if (!n)
        return;
    free_tree(n->left);
    free_tree(n->right);
    free(n);
}

static void time_construction(long depth, long stretch)
{
    long iterations = 2 * tree_size(stretch) / tree_size(depth);
    long total = 0;
    for (long i = 0; i < iterations; i++) {
        struct node *temp = new_node(NULL, NULL);
        populate(depth, temp);
        total += count(temp);
        free_tree(temp);
    }
    for (long i = 0; i < iterations; i++) {
        struct node *temp = make_tree(depth);
        total += count(temp);
        free_tree(temp);
    }
    printf("%ld trees of depth %ld: %ld nodes\n", 2 * iterations, depth, total);
}

int main(int argc, char **argv)
{
    long max_depth = argc > 1 ? atol(argv[1]) : 14;
    long stretch = max_depth + 2;
    struct node *s = make_tree(stretch);
    printf("stretch tree of depth %ld: %ld nodes\n", stretch, count(s));
    free_tree(s);
    struct node *long_lived = new_node(NULL, NULL);
    populate(max_depth, long_lived);
    double *array = calloc(ARRAY_SIZE, sizeof(double));
    if (!array) {
        perror("calloc");
        return 1;
    }
    for (long i = 0; i < ARRAY_SIZE / 2; i++)
        array[i] = 1.0 / (double)(i + 1);
    for (long depth = MIN_DEPTH; depth <= max_depth; depth += 2)
        time_construction(depth, stretch);
    printf("long-lived tree: %ld nodes, array[1000] = %.6f\n", count(long_lived), array[1000]);
    free_tree(long_lived);
    free(array);
    return 0;
}
