"""Calls with *args (a tuple of known length) and keywords; enumerate with a start."""


def g(a, b, c=0):
    return a + b * c


# positional arguments before *args
def pos_star(t):
    return g(1, *t)


# *args and a keyword
def star_keyword(t):
    return g(*t, c=3)


# enumerate from 1
def numbered(words):
    out = []
    for i, w in enumerate(words, 1):
        out.append("%d. %s" % (i, w))
    return out


def entry_point(argv):
    n = len(argv)
    print(pos_star((n, 2)))
    print(star_keyword((n, n)))
    print(", ".join(numbered(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
