# Lists: fixed-size and resizable, methods, slicing, indexing, comparisons.


class Pt(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def show_ints(l):
    # prints a list of ints on one line
    parts = []
    for x in l:
        parts.append(str(x))
    print("[" + ",".join(parts) + "]")


def show_strs(l):
    print("[" + ",".join(l) + "]")


def test_slice_assign(n, s):
    l = [0, 1, 2, 3, 4, 5]
    l[1:3] = [10, 20, 30]
    show_ints(l)
    l[0:n] = []
    show_ints(l)
    l[1:1] = [n]
    show_ints(l)
    return len(l)


def test_slice_del(n, s):
    l = [0, 1, 2, 3, 4, 5, 6, 7]
    del l[1:3]
    show_ints(l)
    del l[n:]
    show_ints(l)
    return len(l)


def test_clear_and_reuse(n, s):
    l = [1, 2, 3]
    del l[:]
    print(len(l))
    for i in range(n):
        l.append(i)
    show_ints(l)
    return len(l)


def test_list_from_str(n, s):
    chars = list(s + "xyz")
    chars.append("!")
    return len(chars)


def test_list_concat_strings(n, s):
    a = ["x"] + [s] * n + ["y"]
    out = ""
    for x in a:
        out += x
    print(out)
    return len(a)



def test_list_dict_keys(n, s):
    d = {"b": 1, "a": 2, s: 3}
    l = list(d)
    out = ""
    for x in l:
        out += x
    print(out)
    return len(l)


def test_list_reversed_copy(n, s):
    l = [1, 2, n]
    r = list(reversed(l))
    print(r[0], r[-1], len(r))
    return r[0]


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_slice_assign(k, s))
        print(test_slice_del(k, s))
        print(test_clear_and_reuse(k, s))
        print(test_list_from_str(k, s))
        print(test_list_concat_strings(k, s))
        print(test_list_dict_keys(k, s))
        print(test_list_reversed_copy(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
