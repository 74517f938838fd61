"""Calls with *args (a tuple of known length) and keywords; enumerate with a
start; hex, oct, bin and round."""


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


# number formatting builtins
def numbers(n, x):
    return hex(n) + oct(n) + bin(n) + str(round(x)) + str(round(x, 2))


def entry_point(argv):
    n = len(argv)
    print(pos_star((n, 2)))
    print(star_keyword((n, n)))
    print(", ".join(numbered(argv)))
    print(numbers(len(argv) * 37, 2.0 / len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
