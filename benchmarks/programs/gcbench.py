"""GCBench (after Hans Boehm's GC benchmark, itself after John Ellis and
Pete Kovac): a long-lived tree and a long-lived array of floats stay live
while many short-lived trees are built top-down (each node allocated, then
linked into an existing one: stores into older objects) and bottom-up.

usage: gcbench.py MAXDEPTH    (long-lived tree of MAXDEPTH, temporary trees
of depths 4, 6, ... MAXDEPTH, a stretch tree of MAXDEPTH + 2)
A GC benchmark; the C twin (benchmarks/c/gcbench.c) uses malloc and free.
"""

MIN_DEPTH = 4
ARRAY_SIZE = 500000


class Node(object):
    def __init__(self, left, right):
        self.left = left
        self.right = right
        self.i = 0
        self.j = 0


def tree_size(depth):
    """Nodes in a complete binary tree of depth."""
    return (1 << (depth + 1)) - 1


def populate(depth, node):
    """Builds a tree top-down: children are made and linked into node."""
    if depth <= 0:
        return
    depth -= 1
    node.left = Node(None, None)
    node.right = Node(None, None)
    populate(depth, node.left)
    populate(depth, node.right)


def make_tree(depth):
    """Builds a tree bottom-up."""
    if depth <= 0:
        return Node(None, None)
    return Node(make_tree(depth - 1), make_tree(depth - 1))


def count(node):
    n = 0
    while node is not None:
        n += 1 + count(node.right)
        node = node.left
    return n


def time_construction(depth, stretch):
    iterations = 2 * tree_size(stretch) // tree_size(depth)
    total = 0
    for i in range(iterations):
        temp = Node(None, None)
        populate(depth, temp)
        total += count(temp)
    for i in range(iterations):
        total += count(make_tree(depth))
    print("%d trees of depth %d: %d nodes" % (2 * iterations, depth, total))


def entry_point(argv):
    max_depth = 14
    if len(argv) > 1:
        max_depth = int(argv[1])
    stretch = max_depth + 2
    print("stretch tree of depth %d: %d nodes" % (stretch, count(make_tree(stretch))))
    long_lived = Node(None, None)
    populate(max_depth, long_lived)
    array = [0.0] * ARRAY_SIZE
    for i in range(ARRAY_SIZE // 2):
        array[i] = 1.0 / (i + 1)
    depth = MIN_DEPTH
    while depth <= max_depth:
        time_construction(depth, stretch)
        depth += 2
    print("long-lived tree: %d nodes, array[1000] = %.6f" % (count(long_lived), array[1000]))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
