/* Binary trees, the C twin of benchmarks/programs/binarytrees.py: every
 * node is malloc'ed and every tree freed once checked.
 * usage: binarytrees MAXDEPTH */
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4

struct node {
    struct node *left, *right;
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
    return n;
}

static struct node *make_tree(long depth)
{
    if (depth <= 0)
        return new_node(NULL, NULL);
    depth -= 1;
    struct node *left = make_tree(depth);
    return new_node(left, make_tree(depth));
}

static long check_tree(const struct node *n)
{
    if (n->left == NULL || n->right == NULL)
        return 1;
    return 1 + check_tree(n->left) + check_tree(n->right);
}

static void free_tree(struct node *n)
{
    if (n->left)
        free_tree(n->left);
    if (n->right)
        free_tree(n->right);
    free(n);
}

int main(int argc, char **argv)
{
    long max_depth = argc > 1 ? atol(argv[1]) : 10;
    if (max_depth < MIN_DEPTH + 2)
        max_depth = MIN_DEPTH + 2;
    long stretch = max_depth + 1;
    struct node *t = make_tree(stretch);
    printf("stretch tree of depth %ld\t check: %ld\n", stretch, check_tree(t));
    free_tree(t);
    struct node *long_lived = make_tree(max_depth);
    for (long depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + MIN_DEPTH);
        long check = 0;
        for (long i = 0; i < iterations; i++) {
            t = make_tree(depth);
            check += check_tree(t);
            free_tree(t);
        }
        printf("%ld\t trees of depth %ld\t check: %ld\n", iterations, depth, check);
    }
    printf("long lived tree of depth %ld\t check: %ld\n", max_depth, check_tree(long_lived));
    free_tree(long_lived);
    return 0;
}
