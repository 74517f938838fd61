# Dicts: key types, methods, iteration order, resizing, errors.


class Val(object):
    def __init__(self, v):
        self.v = v


TABLE = {"add": 1, "sub": 2, "mul": 3}
ITABLE = {1: "one", 2: "two", 3: "three"}


def test_get_default_wider(n, s):
    ds = {"a": "A"}
    print(ds.get(s, "none"), ds.get("a", "none"))
    return len(ds)


def test_dict_equality(n, s):
    a = {1: 2, n: 3}
    b = {1: 2, n: 3}
    c = {1: 2}
    print(a == b, a == c, a != c)
    return 0


def test_prebuilt_dict(n, s):
    print(TABLE["add"], TABLE.get(s, -1), "mul" in TABLE, ITABLE[n], len(ITABLE))
    return TABLE["sub"]


def test_popitem(n, s):
    d = {1: 10, 2: 20, n + 5: 30}
    k, v = d.popitem()
    print(k, v, len(d))
    return k


def test_pop_default_str(n, s):
    d = {"a": "x"}
    print(d.pop("b", "none"), d.pop("a", "none"), len(d))
    return len(d)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_get_default_wider(k, s))
        print(test_dict_equality(k, s))
        print(test_prebuilt_dict(k, s))
        print(test_popitem(k, s))
        print(test_pop_default_str(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
