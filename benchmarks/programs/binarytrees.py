"""The binary-trees benchmark of the Computer Language Benchmarks Game:
allocate and walk many perfect binary trees, and keep one long-lived tree
while doing so.

usage: binarytrees.py MAXDEPTH    (prints one line per depth)
An allocation and GC benchmark; the C twin (benchmarks/c/binarytrees.c)
uses malloc and free.
"""

MIN_DEPTH = 4


class Node(object):
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make_tree(depth):
    if depth <= 0:
        return Node(None, None)
    depth -= 1
    return Node(make_tree(depth), make_tree(depth))


def check_tree(node):
    left = node.left
    right = node.right
    if left is None or right is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def entry_point(argv):
    max_depth = 10
    if len(argv) > 1:
        max_depth = int(argv[1])
    if max_depth < MIN_DEPTH + 2:
        max_depth = MIN_DEPTH + 2
    stretch = max_depth + 1
    print("stretch tree of depth %d\t check: %d" % (stretch, check_tree(make_tree(stretch))))
    long_lived = make_tree(max_depth)
    depth = MIN_DEPTH
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        check = 0
        for i in range(iterations):
            check += check_tree(make_tree(depth))
        print("%d\t trees of depth %d\t check: %d" % (iterations, depth, check))
        depth += 2
    print("long lived tree of depth %d\t check: %d" % (max_depth, check_tree(long_lived)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
