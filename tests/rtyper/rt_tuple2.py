# Tuples: creation, constant indexing, unpacking, equality, hashing, returns.


class Box(object):
    def __init__(self, v):
        self.v = v


def pick(flag, n):
    if flag:
        return (n, None)
    return (0, Box(n))


def divmod2(a, b):
    return a // b, a % b


def minmax3(a, b, c):
    lo = a
    hi = a
    if b < lo:
        lo = b
    if c < lo:
        lo = c
    if b > hi:
        hi = b
    if c > hi:
        hi = c
    return (lo, hi)


def named(n, s):
    return (s, n, float(n) / 2.0, n > 1)


def swap(t):
    a, b = t
    return (b, a)


def swap2(t):
    a, b = t
    return (b, a)


def test_equality_mixed_types(n, s):
    sa = (s, "x")
    sc = ("x", s)
    print(sa == sc, sa != sc)
    return 0


def test_tuple_contains(n, s):
    t = (1, 2, 3)
    print(n in t, 5 in t, n not in t)
    return 0


def test_tuple_concat(n, s):
    a = (1, n)
    b = (s, 2.5)
    c = a + b
    print(len(c), c[0], c[1], c[2], c[3])
    return len(c)


def test_tuple_slice(n, s):
    t = (1, n, s, 4)
    u = t[1:3]
    print(len(u), u[0], u[1])
    return len(u)


def test_tuple_with_none(n, s):
    a, b = pick(n > 1, n)
    c, d = pick(n <= 1, n)
    r = a + c
    if b is not None:
        r += b.v * 100
    if d is not None:
        r += d.v * 1000
    return r


def test_tuple_unpack_loop_enumerate(n, s):
    l = [(s, 1), ("q", n)]
    t = 0
    for i, (name, v) in enumerate(l):
        t += i * v + len(name)
    return t


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_equality_mixed_types(k, s))
        print(test_tuple_contains(k, s))
        print(test_tuple_concat(k, s))
        print(test_tuple_slice(k, s))
        print(test_tuple_with_none(k, s))
        print(test_tuple_unpack_loop_enumerate(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
