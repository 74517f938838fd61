# Containers, mixed: lists of dicts, aliasing, list/dict interplay, ranges.


class Pt(object):
    def __init__(self, x):
        self.x = x


def test_aliasing_mul(n, s):
    grid = [[0] * 3] * 2
    grid[0][1] = n
    print(grid[1][1], len(grid))
    return grid[1][1]


def test_list_of_dicts(n, s):
    l = [{}, {}]
    l[0][s] = n
    l[1]["k"] = 2
    print(len(l[0]), l[0][s], l[1].get("k", 0))
    return len(l)


def test_extend_range(n, s):
    l = [100]
    l.extend(range(n + 2))
    print(len(l), l[-1])
    return len(l)


def test_list_range_step(n, s):
    l = list(range(10, 0, -n - 1))
    out = ""
    for x in l:
        out += str(x) + " "
    print(out)
    return len(l)


def test_strlist_inplace(n, s):
    l = ["a", "b"]
    l[0] += s
    l[1] = l[1] * n
    print(l[0], l[1])
    return len(l[1])


def test_dict_list_value_concat(n, s):
    d = {1: [1]}
    d[1] = d[1] + [n]
    d[1] += [5]
    print(len(d[1]), d[1][1])
    return len(d[1])


def test_pop_negative(n, s):
    l = [1, 2, 3, 4, 5]
    a = l.pop(-2)
    b = l.pop(-n)
    print(a, b, len(l))
    return a + b


def test_index_str(n, s):
    l = ["x", "y", s, "x"]
    print(l.index("x"), l.index(s), l.count("x"))
    return 0


def test_dict_str_char_key_mix(n, s):
    d = {}
    d["a"] = 1
    d[s] = 2
    d["long"] = 3
    print(d["a"], d[s], d["long"], len(d))
    return len(d)


def test_float_list_contains(n, s):
    l = [0.5, 1.5, float(n)]
    print(1.5 in l, 2.5 in l, float(n) in l, l.index(float(n)))
    return 0


def test_instance_list_remove(n, s):
    a = Pt(1)
    b = Pt(2)
    l = [a, b, a]
    l.remove(a)
    print(len(l), l[0].x, l[1].x)
    return len(l)


def test_range_len(n, s):
    print(len(range(n)), len(range(0, 10, 3)), len(range(10, 0, -n - 1)), len(range(5, 0)))
    return 0


def test_list_setitem_slice_copy(n, s):
    l = [1, 2, 3, 4]
    m = l[1:]
    m[0] = 100
    print(l[1], m[0], len(m))
    return 0


def test_dict_keys_after_clear_refill(n, s):
    d = {}
    for r in range(3):
        for i in range(20):
            d[i * (r + 1)] = i
        d.clear()
    d[n] = 1
    print(len(d))
    return len(d)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_aliasing_mul(k, s))
        print(test_list_of_dicts(k, s))
        print(test_extend_range(k, s))
        print(test_list_range_step(k, s))
        print(test_strlist_inplace(k, s))
        print(test_dict_list_value_concat(k, s))
        print(test_pop_negative(k, s))
        print(test_index_str(k, s))
        print(test_dict_str_char_key_mix(k, s))
        print(test_float_list_contains(k, s))
        print(test_instance_list_remove(k, s))
        print(test_range_len(k, s))
        print(test_list_setitem_slice_copy(k, s))
        print(test_dict_keys_after_clear_refill(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
