# Dicts: key types, methods, iteration order, resizing, errors.


class Val(object):
    def __init__(self, v):
        self.v = v


def count_words(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    return d


def test_int_keys(n, s):
    d = {}
    d[1] = 10
    d[n] = 20
    d[-5] = 30
    print(len(d), d[1], d[n], d[-5])
    d[1] += 1
    return d[1]


def test_str_keys(n, s):
    d = {}
    d["one"] = 1
    d[s] = n
    d["three"] = 3
    d[s + "x"] = n * 100
    print(len(d), d["one"], d[s], d[s + "x"])
    return d["three"]


def test_literal(n, s):
    d = {"a": 1, "b": 2, s: n}
    print(len(d), d["a"], d[s])
    e = {1: "x", 2: "y", n: s}
    print(len(e), e[1], e[n])
    return len(d) + len(e)


def test_char_keys(n, s):
    d = {}
    word = "mississippi" + s
    for c in word:
        d[c] = d.get(c, 0) + 1
    print(len(d), d["m"], d["i"], d["s"], d["p"], d[s[0]])
    return len(d)


def test_get(n, s):
    d = {1: 100, 2: 200}
    print(d.get(1, -1), d.get(n, -1), d.get(77, -1))
    ds = {"a": "A"}
    print(ds.get("a", "?"), ds.get(s, "?"))
    dss = {"a": "AA"}
    print(dss.get("a", "?"), dss.get(s, "none"), dss.get("zz", ""))
    return d.get(n + 1, 0)


def test_setdefault(n, s):
    d = {}
    a = d.setdefault(n, 5)
    b = d.setdefault(n, 6)
    c = d.setdefault(n + 1, 7)
    print(a, b, c, len(d))
    dl = {}
    for i in range(6):
        dl.setdefault(i % 3, []).append(i)
    print(len(dl), len(dl[0]), dl[1][0], dl[2][1])
    return a + b + c


def test_pop(n, s):
    d = {1: 10, 2: 20, 3: 30}
    a = d.pop(n)
    b = d.pop(99, -1)
    print(a, b, len(d))
    try:
        d.pop(1000 + n)
        print("no error")
    except KeyError:
        print("KeyError pop")
    return len(d)


def test_keys_values_items(n, s):
    d = {}
    for i in range(n + 3):
        d[i * 7] = i
    ks = d.keys()
    vs = d.values()
    its = d.items()
    tk = 0
    for k in ks:
        tk += k
    tv = 0
    for v in vs:
        tv += v
    ti = 0
    for k, v in its:
        ti += k * v
    print(tk, tv, ti)
    return len(d)


def test_keys_list(n, s):
    d = {"x": 1, s: 2, "y": 3}
    kl = list(d.keys())
    vl = list(d.values())
    print(len(kl), kl[0], kl[-1], vl[0], vl[-1])
    il = list(d.items())
    print(il[1][0], il[1][1])
    return len(il)


def test_clear(n, s):
    d = {1: 1, 2: 2}
    d.clear()
    print(len(d), 1 in d)
    d[n] = 5
    print(len(d), d[n])
    return len(d)


def test_copy(n, s):
    d = {1: 1, 2: 2, n: 3}
    e = d.copy()
    e[100] = 4
    d[1] = 9
    print(len(d), len(e), d[1], e[1])
    return len(e)


def test_update(n, s):
    d = {1: 1, 2: 2}
    e = {2: 20, 3: 30, n: 40}
    d.update(e)
    print(len(d), d[1], d[2], d[3], d[n])
    return len(d)


def test_contains(n, s):
    d = {1: "a", 3: "b"}
    print(n in d, 1 in d, 2 in d, n not in d)
    ds = {"a": 1, "b": 2}
    print(s in ds, "c" in ds, "a" in ds)
    return 0


def test_delitem(n, s):
    d = {1: 1, 2: 2, 3: 3}
    del d[n]
    print(len(d), n in d)
    return len(d)


def test_keyerror(n, s):
    d = {1: 1}
    try:
        x = d[n + 1]
    except KeyError:
        x = -1
    ds = {"a": 1}
    try:
        y = ds[s + "?"]
    except KeyError:
        y = -2
    print(x, y)
    return x + y


def test_order_insertion(n, s):
    d = {}
    for k in [5, 3, 9, 1, n + 10, 7]:
        d[k] = k * 2
    out = ""
    for k, v in d.items():
        out += str(k) + ":" + str(v) + " "
    print(out)
    return len(d)


def test_order_deletions(n, s):
    d = {}
    for i in range(10):
        d[i] = i
    del d[3]
    del d[0]
    d.pop(n + 4)
    d[3] = 33
    d[0] = 0
    d[5] = 55
    out = ""
    for k, v in d.items():
        out += str(k) + "=" + str(v) + " "
    print(out)
    return len(d)


def test_many_inserts(n, s):
    d = {}
    for i in range(2000 + n):
        d[i * 31 % 5003] = i
    total = 0
    for i in range(0, 2000, 97):
        total += d[i * 31 % 5003]
    for i in range(0, 2000, 2):
        del d[i * 31 % 5003]
    print(len(d), total, d[31])
    return len(d)


def test_many_str_inserts(n, s):
    d = {}
    for i in range(500):
        d["k" + str(i) + s] = i * n
    total = 0
    for i in range(0, 500, 50):
        total += d["k" + str(i) + s]
    print(len(d), total)
    return total


def test_dict_of_lists(n, s):
    d = {}
    for i in range(10):
        key = i % (n + 1)
        if key not in d:
            d[key] = []
        d[key].append(i)
    out = ""
    for k, l in d.items():
        out += str(k) + ":" + str(len(l)) + " "
    print(out)
    return len(d)


def test_dict_instances(n, s):
    d = {}
    for i in range(5):
        d[str(i)] = Val(i * n)
    d["2"].v = 100
    t = 0
    for k, v in d.items():
        t += v.v
    print(t, d["2"].v, len(d))
    return t


def test_len_bool(n, s):
    d = {}
    print(len(d), bool(d))
    if d:
        print("nonempty")
    else:
        print("empty")
    d[n] = n
    if not d:
        print("empty")
    else:
        print("nonempty")
    return len(d)


def test_float_values(n, s):
    d = {}
    d[s] = 1.5
    d["pi"] = 3.25
    d[s] += float(n)
    print(d[s], d["pi"])
    return len(d)


def test_str_values(n, s):
    d = {1: "one", 2: "two"}
    d[n] = d[1] + s
    print(d[1], d[2], d[n])
    return len(d)


def test_dict_comprehension_like(n, s):
    d = {}
    for i in range(n + 5):
        d[i] = i * i
    sq = [d[i] for i in range(n + 5) if d[i] % 2 == 1]
    print(len(sq), sq[0], sq[-1])
    return len(sq)


def test_bool_keys(n, s):
    d = {}
    d[n > 1] = "big"
    d[n <= 1] = "small"
    print(d[True], d[False], len(d))
    return len(d)


def test_nested_dicts(n, s):
    d = {}
    for i in range(3):
        inner = {}
        for j in range(n + 1):
            inner[j] = i * j
        d[i] = inner
    print(len(d), len(d[0]), d[2][n])
    return d[2][n]


def test_iter_keys(n, s):
    d = {10: 1, 20: 2, n: 3}
    t = 0
    for k in d:
        t += k
    return t


def test_reinsert_same_key(n, s):
    d = {}
    for i in range(50):
        d[n] = i
        d[n + 1] = i
        del d[n]
    print(len(d), d[n + 1], n in d)
    return len(d)


def test_instance_keys(n, s):
    a = Val(1)
    b = Val(1)
    d = {}
    d[a] = "a"
    d[b] = "b"
    print(len(d), d[a], d[b], Val(1) in d)
    return len(d)


def test_float_keys(n, s):
    d = {}
    d[1.5] = 1
    d[float(n)] = 2
    d[-0.25] = 3
    print(len(d), d[1.5], d[float(n)], 2.5 in d)
    return len(d)


def test_get_none_instance(n, s):
    d = {}
    d["a"] = Val(n)
    x = d.get("a")
    y = d.get("b")
    print(x is None, y is None)
    if x is not None:
        return x.v
    return -1


def test_dict_of_dicts(n, s):
    d = {}
    d["x"] = {}
    d["x"][n] = s
    d["y"] = {1: "one"}
    print(len(d), d["x"][n], d["y"][1], len(d["y"]))
    return len(d)


def test_function_returning_dict(n, s):
    d = count_words(["a", "b", "a", s, "c", "a"])
    print(d["a"], d["b"], d.get("zz", 0), len(d))
    return d["a"]


def test_keys_in_and_len(n, s):
    d = {1: 1, 2: 2, n: 3}
    ks = list(d.keys())
    print(len(ks), n in ks, len(d.values()), len(d.items()))
    return len(ks)


def test_delete_during_rebuild(n, s):
    d = {}
    for i in range(100):
        d[i] = i
    for i in range(100):
        if i % 3 != n % 3:
            del d[i]
    t = 0
    for k in d:
        t += k
    print(len(d), t)
    return len(d)


def test_update_str(n, s):
    d = {"a": 1}
    d.update({"b": 2, s: n})
    out = ""
    for k in d:
        out += k + str(d[k])
    print(out)
    return len(d)


def test_setdefault_str_list(n, s):
    groups = {}
    words = ["apple", "avocado", "banana", "blueberry", "cherry", s]
    for w in words:
        groups.setdefault(w[0], []).append(w)
    out = ""
    for k, v in groups.items():
        out += k + str(len(v))
    print(out)
    return len(groups)


def test_copy_independent(n, s):
    d = {"a": [1]}
    e = d.copy()
    e["b"] = [n]
    e["a"].append(2)
    print(len(d), len(e), len(d["a"]))
    return 0


def test_negative_int_keys(n, s):
    d = {}
    for i in range(-10, 10):
        d[i * n] = i
    print(len(d), d[-10 * n], d[0])
    return len(d)


def test_dict_bool_values(n, s):
    d = {}
    for i in range(5):
        d[i] = i % n == 0
    c = 0
    for v in d.values():
        if v:
            c += 1
    return c


def test_clear_then_iterate(n, s):
    d = {1: 1}
    d.clear()
    c = 0
    for k in d:
        c += 1
    d[n] = 2
    for k in d:
        c += k
    return c


def test_huge_keys(n, s):
    d = {}
    big = 9223372036854775807
    d[big] = 1
    d[-big - 1] = 2
    d[big - n] = 3
    print(d[big], d[-big - 1], d[big - n])
    return len(d)


def test_dict_in_instance(n, s):
    v = Val(0)
    d = {}
    d[n] = v
    d[n].v = 42
    print(v.v)
    return v.v


def test_tuple_keys(n, s):
    d = {}
    d[(1, 2)] = "a"
    d[(n, n)] = "b"
    d[(2, 1)] = "c"
    print(len(d), d[(1, 2)], d[(n, n)], d[(2, 1)], (1, 1) in d, (2, 2) in d)
    return len(d)


def test_mixed_tuple_keys(n, s):
    d = {}
    d[(s, n)] = 1.5
    d[("k", 0)] = 2.5
    print(d[(s, n)], d[("k", 0)], ("k", 1) in d)
    return len(d)


def test_del_keyerror(n, s):
    d = {1: 1}
    try:
        del d[n + 1]
        r = 0
    except KeyError:
        r = -1
    return r


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_int_keys(k, s))
        print(test_str_keys(k, s))
        print(test_literal(k, s))
        print(test_char_keys(k, s))
        print(test_get(k, s))
        print(test_setdefault(k, s))
        print(test_pop(k, s))
        print(test_keys_values_items(k, s))
        print(test_keys_list(k, s))
        print(test_clear(k, s))
        print(test_copy(k, s))
        print(test_update(k, s))
        print(test_contains(k, s))
        print(test_delitem(k, s))
        print(test_keyerror(k, s))
        print(test_order_insertion(k, s))
        print(test_order_deletions(k, s))
        print(test_many_inserts(k, s))
        print(test_many_str_inserts(k, s))
        print(test_dict_of_lists(k, s))
        print(test_dict_instances(k, s))
        print(test_len_bool(k, s))
        print(test_float_values(k, s))
        print(test_str_values(k, s))
        print(test_dict_comprehension_like(k, s))
        print(test_bool_keys(k, s))
        print(test_nested_dicts(k, s))
        print(test_iter_keys(k, s))
        print(test_reinsert_same_key(k, s))
        print(test_instance_keys(k, s))
        print(test_float_keys(k, s))
        print(test_get_none_instance(k, s))
        print(test_dict_of_dicts(k, s))
        print(test_function_returning_dict(k, s))
        print(test_keys_in_and_len(k, s))
        print(test_delete_during_rebuild(k, s))
        print(test_update_str(k, s))
        print(test_setdefault_str_list(k, s))
        print(test_copy_independent(k, s))
        print(test_negative_int_keys(k, s))
        print(test_dict_bool_values(k, s))
        print(test_clear_then_iterate(k, s))
        print(test_huge_keys(k, s))
        print(test_dict_in_instance(k, s))
        print(test_tuple_keys(k, s))
        print(test_mixed_tuple_keys(k, s))
        print(test_del_keyerror(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
