# Exception classes joining a class-typed value: a function raising two
# classes, and a recursive call in a try catching only the subclass (the
# exception type of the call's exceptional exit, `type(Exception)`, joins
# the set of classes the raise sites give: their common base's type).
class Err(Exception):
    pass


class Err2(Err):
    pass


class Other(Exception):
    pass


def f(n):
    if n == 3:
        raise Err2()
    elif n == 0:
        raise Err()
    elif n == 7:
        raise Other()
    try:
        return f(n - 1)
    except Err2:
        return 1


def g(n):
    try:
        return f(n)
    except Err:
        return -1
    except Other:
        return -2


def entry_point(argv):
    for n in range(10):
        try:
            print(n, f(n), g(n))
        except Err:
            print(n, "Err", g(n))
        except Other:
            print(n, "Other", g(n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
