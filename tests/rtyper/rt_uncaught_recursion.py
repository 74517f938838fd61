# Runaway recursion that no handler can catch: the program prints what it
# printed so far and ends with the uncaught RecursionError (exit code 1),
# on CPython and translated. No stack check is compiled into these
# functions: the overflow is caught as a fault on the stack's guard page.


class Node(object):
    def __init__(self, n):
        self.n = n

    def walk(self, k):
        return Leaf(k).walk(k + 1) + 1


class Leaf(Node):
    def walk(self, k):
        if k < 0:
            return 0
        return Node(k).walk(k + 1) * 2


def count(n):
    # in tail position: must not become a loop that never ends
    if n < 0:
        return 0
    return count(n + 1)


def shout(n):
    if n == 3:
        raise ValueError("three")
    return n


def entry_point(argv):
    print("start", shout(len(argv)))
    print("methods", Node(1).walk(2) if len(argv) > 5 else 7)
    try:
        # ValueError is caught here, RecursionError is not
        print(count(len(argv)))
    except ValueError:
        print("value error")
    print("not reached")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
