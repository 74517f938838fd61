# Refused: `v` holds a Point on one path and an int on the other, and RPython
# has no type that is both an instance and an integer.


class Point(object):
    def __init__(self, x):
        self.x = x


def make(n):
    if n > 1:
        v = Point(n)
    else:
        v = n + 1  # <- error
    return v


def entry_point(argv):
    make(len(argv))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
