# Tuples: creation, constant indexing, unpacking, equality, hashing, returns.


class Box(object):
    def __init__(self, v):
        self.v = v


PAIRS = [(1, "one"), (2, "two")]
CONST_T = (7, "seven", 7.5)


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


def test_create_index(n, s):
    t = (n, n + 1, n + 2)
    print(t[0], t[1], t[2], t[-1], t[-3])
    return t[0] + t[2]


def test_unpack(n, s):
    t = (n, s, 2.5)
    a, b, c = t
    print(a, b, c)
    x, y = 1, n
    x, y = y, x
    print(x, y)
    return a + x


def test_return_tuple(n, s):
    q, r = divmod2(17 + n, 5)
    print(q, r)
    t = divmod2(n * 11, 3)
    print(t[0], t[1])
    lo, hi = minmax3(n, 7, -n)
    print(lo, hi)
    return q * 10 + r


def test_mixed(n, s):
    t = named(n, s)
    print(t[0], t[1], t[2], t[3])
    a, b, c, d = t
    if d:
        print("big", a)
    else:
        print("small", b)
    return b


def test_equality(n, s):
    a = (1, n)
    b = (1, n)
    c = (1, n + 1)
    print(a == b, a == c, a != c, a != b)
    sa = (s, "x")
    sb = (s, "x")
    sc = ("y", s)
    print(sa == sb, sa != sb)
    print(sc == ("y", s), sc == ("y", s + s))
    return 0


def test_tuple_in_list(n, s):
    l = []
    for i in range(n + 3):
        l.append((i, str(i) + s))
    total = 0
    out = ""
    for a, b in l:
        total += a
        out += b
    print(total, out)
    return len(l)


def test_tuple_of_instances(n, s):
    t = (Box(n), Box(n * 2))
    t[0].v += 1
    print(t[0].v, t[1].v)
    return t[0].v + t[1].v


def test_nested_tuple(n, s):
    t = (n, (2, (s, 3)))
    a, (b, (c, d)) = t
    print(a, b, c, d, t[1][1][0])
    return a + b + d


def test_swap(n, s):
    t = swap((n, s))
    print(t[0], t[1])
    u = swap2((1.5, n))
    print(u[0], u[1])
    return u[0]


def test_tuple_len(n, s):
    t = (1, 2, n)
    e = ()
    print(len(t), len(e))
    return len(t)


def test_tuple_bool(n, s):
    t = (n,)
    print(t[0], len(t))
    if t:
        print("nonempty")
    return t[0]


def test_tuple_as_value(n, s):
    d = {}
    d[n] = (s, n * 2)
    d[n + 1] = ("other", 0)
    name, v = d[n]
    print(name, v, d[n + 1][0])
    return v


def test_tuple_phi(n, s):
    if n > 1:
        t = (n, "big")
    else:
        t = (0, "small")
    print(t[0], t[1])
    return t[0]


def test_tuple_loop_accum(n, s):
    acc = (0, 1)
    for i in range(n + 5):
        a, b = acc
        acc = (b, a + b)
    print(acc[0], acc[1])
    return acc[0]


def test_star_unpack_list(n, s):
    l = [n, n + 1]
    a, b = l
    print(a, b)
    try:
        x, y, z = l
        print("no error", x, y, z)
    except ValueError:
        print("ValueError unpack")
    return a + b


def test_tuple_float_items(n, s):
    t = (1.5, float(n), -0.25)
    print(t[0] + t[1] + t[2])
    return int(t[1])


def test_tuple_bool_items(n, s):
    t = (n > 1, n == 1, True)
    print(t[0], t[1], t[2])
    return 0


def test_tuple_list_items(n, s):
    t = ([1, 2], [n])
    t[0].append(3)
    t[1].append(n)
    print(len(t[0]), len(t[1]), t[1][1])
    return len(t[0]) + len(t[1])


def test_list_tuple_sort_key(n, s):
    l = [(3, "c"), (1, "a"), (n, "n")]
    best = l[0]
    for t in l:
        if t[0] < best[0]:
            best = t
    print(best[0], best[1])
    return best[0]


def test_prebuilt_tuples(n, s):
    t = 0
    for a, b in PAIRS:
        t += a * len(b)
    print(CONST_T[0], CONST_T[1], CONST_T[2])
    return t


def test_tuple_in_dict_values_update(n, s):
    d = {}
    for i in range(n + 3):
        d[i] = (i, i * i)
    t = 0
    for k, v in d.items():
        a, b = v
        t += a + b
    return t


def test_tuple_eq_in_list(n, s):
    l = [(1, 2), (n, n)]
    print((n, n) in l, (5, 5) in l, l.index((n, n)), l.count((1, 2)))
    return 0


def test_tuple_list_sort(n, s):
    l = [3, 1, n]
    l.sort()
    t = (l[0], l[-1])
    return t[0] * 10 + t[1]


def test_one_tuple(n, s):
    t = (s,)
    u = (n,)
    print(t[0], u[0], len(t))
    return u[0]


def test_tuple_eq_nested(n, s):
    a = ((1, s), n)
    b = ((1, s), n)
    c = ((2, s), n)
    print(a == b, a == c)
    return 0


def test_tuple_return_multiple_paths(n, s):
    def_t = (0, "")
    if n == 1:
        r = (1, "one")
    elif n == 2:
        r = (2, "two")
    else:
        r = def_t
    print(r[0], r[1])
    return r[0]


def test_hash(n, s):
    a = (1, n)
    b = (1, n)
    print(hash(a) == hash(b))
    return 0


def test_tuple_compare_lt(n, s):
    a = (1, n)
    b = (1, 2)
    print(a < b, a <= b, a > b)
    return 0


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_create_index(k, s))
        print(test_unpack(k, s))
        print(test_return_tuple(k, s))
        print(test_mixed(k, s))
        print(test_equality(k, s))
        print(test_tuple_in_list(k, s))
        print(test_tuple_of_instances(k, s))
        print(test_nested_tuple(k, s))
        print(test_swap(k, s))
        print(test_tuple_len(k, s))
        print(test_tuple_bool(k, s))
        print(test_tuple_as_value(k, s))
        print(test_tuple_phi(k, s))
        print(test_tuple_loop_accum(k, s))
        print(test_star_unpack_list(k, s))
        print(test_tuple_float_items(k, s))
        print(test_tuple_bool_items(k, s))
        print(test_tuple_list_items(k, s))
        print(test_list_tuple_sort_key(k, s))
        print(test_prebuilt_tuples(k, s))
        print(test_tuple_in_dict_values_update(k, s))
        print(test_tuple_eq_in_list(k, s))
        print(test_tuple_list_sort(k, s))
        print(test_one_tuple(k, s))
        print(test_tuple_eq_nested(k, s))
        print(test_tuple_return_multiple_paths(k, s))
        print(test_hash(k, s))
        print(test_tuple_compare_lt(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
