# An exception that nobody catches: the program prints what it printed so
# far and exits with code 1 (the class name goes to stderr, not compared).


class Fatal(Exception):
    def __init__(self, code):
        self.code = code


class VeryFatal(Fatal):
    pass


def inner(n):
    if n > 2:
        raise VeryFatal(n)
    return n


def middle(n):
    try:
        return inner(n) + 1
    finally:
        print("middle finally", n)


def outer(n):
    try:
        return middle(n)
    except ValueError:
        print("not this one")
        return -1


def entry_point(argv):
    print("start", len(argv))
    print("first", outer(1))
    print("second", outer(len(argv)))
    print("not reached")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
