# futamura: rtype --after gc --gc marksweep -O0 --no-positions --show pair --show total
# The framework GC transform: a malloc becomes a call of the GC's
# malloc_fixed with the type's id and size (then cast to the object's type);
# around every operation that can collect, the GC pointers the block still
# needs are stored on the shadow stack (root_stack_top) and popped after.
# total() allocates nothing and calls nothing that can: no roots pushed.


class Node(object):
    def __init__(self, value, next):
        self.value = value
        self.next = next


def pair(a, b):
    first = Node(a, None)
    return Node(b, first)


def total(node):
    n = 0
    while node is not None:
        n += node.value
        node = node.next
    return n


def entry_point(argv):
    print(total(pair(len(argv), 2)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
