# A KeyError from a dict lookup escapes entry_point: exit code 1.


def lookup(d, k):
    return d[k]


def entry_point(argv):
    d = {"x": 1, "y": 2}
    print("x", lookup(d, "x"))
    print("argv", lookup(d, argv[1]))
    print("not reached")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
