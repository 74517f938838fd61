# futamura: rtype --after gc --gc generational -O2 --no-positions --show link --show relink
# The generational GC's transform. link(): the fresh node needs no write
# barrier (nothing collects between its allocation and the store); around
# the allocation (the GC's inlined bump-pointer fast path, its slow path a
# call) `prev` is pushed on the shadow stack and read back after it, since
# a minor collection moves young objects. relink(): a store into an object
# that may be old is preceded by the inlined write barrier.


class Node(object):
    def __init__(self, value):
        self.value = value
        self.next = None


def link(prev, value):
    node = Node(value)
    node.next = prev
    return node


def relink(node, other):
    node.next = other


def entry_point(argv):
    a = link(None, 1)
    b = link(a, len(argv))
    relink(a, b)
    print(a.next.value + b.next.value)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
