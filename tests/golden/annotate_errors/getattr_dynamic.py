# Refused: getattr() with a name that is not a constant is run-time reflection,
# which RPython does not support.


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def field(p, name):
    return getattr(p, name)  # <- error


def entry_point(argv):
    n = len(argv)
    if n > 1:
        name = "x"
    else:
        name = "y"
    field(Point(n, n + 1), name)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
