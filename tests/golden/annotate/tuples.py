"""Tuples: fixed length, one type per item."""


class Box(object):
    # a box around an int
    def __init__(self, v):
        self.v = v


# building a tuple of an int and a str, indexing with constants
def pair(a, s):
    t = (a, s)
    return t[0] + len(t[1])


# swapping by packing and unpacking
def swap(a, b):
    a, b = b, a
    return a - b


# returning a tuple of an int, an int and a str
def divmod_str(n, d):
    return n // d, n % d, str(n)


# unpacking a returned tuple
def use_divmod(n):
    q, r, s = divmod_str(n, 3)
    return q + r + len(s)


# len() of a tuple is a constant
def tuple_len(a, b):
    t = (a, b, a)
    return len(t)


# nested tuples
def nested(a, b):
    t = ((a, b), a)
    return t[0][1] + t[1]


# nested unpacking
def nested_unpack(t):
    (a, b), c = t
    return a * b + c


# tuples as dict keys
def grid_dict(n):
    d = {}
    for i in range(n):
        d[(i, i + 1)] = str(i)
    return d


# looking up a tuple key
def grid_lookup(d, i, j):
    return d.get((i, j), "")


# a list of tuples iterated with unpacking
def pairs_sum(pairs):
    s = 0
    for a, b in pairs:
        s += a * b
    return s


# equality of tuples
def same_point(a, b, c, d):
    return (a, b) == (c, d)


# a tuple holding an instance-or-None
def maybe_pair(n):
    if n > 3:
        return (n, None)
    return (n, Box(n))


# unpacking a tuple whose second item is nullable
def unbox(n):
    k, box = maybe_pair(n)
    if box is None:
        return k
    return box.v + k


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    pair(n, s)
    swap(n, n + 1)
    use_divmod(n + 10)
    tuple_len(n, n)
    nested(n, n + 2)
    nested_unpack(((n, n), n + 1))
    grid_lookup(grid_dict(n + 2), 1, 2)
    pairs_sum([(n, n + 1), (2, n)])
    same_point(n, 1, 1, n)
    unbox(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
