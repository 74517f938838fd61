# futamura: rtype --after gc --gc refcount -O0 --no-positions --show relink --show newest --show pick
# The refcounting transform: arguments increfed on entry; a store increfs the
# new value and decrefs the old one; a read is increfed; malloc and calls
# give new references; every exit passes its arguments' references on and
# decrefs the variables it does not pass (in a block of its own when the
# block has several exits).


class Node(object):
    def __init__(self, value, next):
        self.value = value
        self.next = next


def relink(node, other):
    node.next = other


def newest(value, head):
    return Node(value, head)


def pick(a, b, first):
    if first:
        return a
    return b


def entry_point(argv):
    head = None
    for i in range(len(argv) + 3):
        head = newest(i, head)
    assert head is not None
    relink(head, Node(-1, None))
    n = 0
    node = head
    while node is not None:
        n += node.value
        node = node.next
    print(n, pick(head, head.next, n > 2).value)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
