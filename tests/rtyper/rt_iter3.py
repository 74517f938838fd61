# Iteration: range with steps, reversed, enumerate, zip, iteration over
# containers, nested loops with break/continue/else, min/max/all/any.


class Node(object):
    def __init__(self, v):
        self.v = v


def test_enumerate_str(n, s):
    t = 0
    for i, c in enumerate(s + "hello"):
        if c == "l":
            t += i
    return t


def test_enumerate_start(n, s):
    t = 0
    for i, x in enumerate([5, 6, 7], 1):
        t += i * x
    return t


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_enumerate_str(k, s))
        print(test_enumerate_start(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
