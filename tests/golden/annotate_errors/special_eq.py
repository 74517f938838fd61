# Refused: `==` on instances would call Point.__eq__ on CPython, but RPython
# compares instances by identity and does not call __eq__.


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y


def entry_point(argv):
    a = Point(1, 2)
    b = Point(1, len(argv))
    if a == b:  # <- error
        print("equal")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
