# Refused: `a + b` on instances would call Vec.__add__ on CPython, but RPython
# (as PyPy's) does not call the special methods of operators; only len(),
# indexing, `in` and iteration call special methods.


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)


def entry_point(argv):
    a = Vec(1, 2)
    b = Vec(len(argv), 4)
    c = a + b  # <- error
    print(c.x, c.y)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
