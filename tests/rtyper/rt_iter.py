# Iteration: range with steps, reversed, enumerate, zip, iteration over
# containers, nested loops with break/continue/else, min/max/all/any.


class Node(object):
    def __init__(self, v):
        self.v = v


DIGITS = [3, 1, 4, 1, 5, 9]


def test_range_basic(n, s):
    t = 0
    for i in range(n + 4):
        t += i
    for i in range(2, n + 4):
        t += i * 100
    return t


def test_range_step(n, s):
    out = ""
    for i in range(0, 20, n + 2):
        out += str(i) + " "
    for i in range(1, 10, 3):
        out += str(i) + ","
    print(out)
    return len(out)


def test_range_negative_step(n, s):
    out = ""
    for i in range(10, 0, -1):
        out += str(i)
    out += "|"
    for i in range(n + 10, -3, -n - 1):
        out += str(i) + " "
    print(out)
    return len(out)


def test_range_empty(n, s):
    c = 0
    for i in range(n, n):
        c += 1
    for i in range(5, n):
        c += 10
    for i in range(0, 5, -1):
        c += 100
    return c


def test_range_list(n, s):
    l = list(range(n, n + 5))
    r = range(3, 3 + n * 3, 2)
    print(len(l), l[0], l[-1], len(r), r[0], r[-1])
    return len(r)


def test_range_var_step(n, s):
    step = n if n > 1 else -1
    out = ""
    for i in range(-5, 5, step):
        out += str(i) + " "
    print(out)
    return len(out)


def test_reversed_list(n, s):
    l = [1, 2, 3, n]
    out = ""
    for x in reversed(l):
        out += str(x)
    print(out)
    return len(out)


def test_reversed_range(n, s):
    out = ""
    for i in reversed(range(n + 3)):
        out += str(i)
    print(out)
    return len(out)


def test_enumerate_list(n, s):
    l = ["a", "b", s]
    out = ""
    for i, x in enumerate(l):
        out += str(i) + x
    print(out)
    return len(out)


def test_iter_list(n, s):
    l = [Node(i) for i in range(n + 2)]
    t = 0
    for node in l:
        t += node.v
    return t


def test_iter_str(n, s):
    vowels = 0
    for c in "iteration" + s:
        if c in "aeiou":
            vowels += 1
    return vowels


def test_iter_dict(n, s):
    d = {"a": 1, "b": 2, s: n}
    out = ""
    for k in d:
        out += k
    print(out)
    return len(out)


def test_iter_dict_items(n, s):
    d = {3: "c", 1: "a", n + 5: s}
    out = ""
    for k, v in d.items():
        out += str(k) + v
    print(out)
    return len(out)


def test_iter_dict_keys_values(n, s):
    d = {}
    for i in range(n + 4):
        d[i * i] = i
    tk = 0
    for k in d.keys():
        tk += k
    tv = 0
    for v in d.values():
        tv += v
    print(tk, tv)
    return tk - tv


def test_nested_break_continue(n, s):
    count = 0
    for i in range(10):
        if i % 2 == 0:
            continue
        for j in range(10):
            if j > i:
                break
            if j == n:
                continue
            count += 1
    return count


def test_for_else(n, s):
    found = -1
    for i in range(2, 20):
        for j in range(2, i):
            if i % j == 0:
                break
        else:
            if i > n + 5:
                found = i
                break
    l = [1, 2, 3]
    for x in l:
        if x == n + 10:
            print("found")
            break
    else:
        print("not found")
    return found


def test_while_else(n, s):
    i = 0
    while i < n + 3:
        i += 1
        if i == 100:
            break
    else:
        print("while done", i)
    return i


def test_primes(n, s):
    limit = 50 + n
    sieve = [True] * limit
    sieve[0] = False
    sieve[1] = False
    for i in range(2, limit):
        if sieve[i]:
            for j in range(i * i, limit, i):
                sieve[j] = False
    c = 0
    for b in sieve:
        if b:
            c += 1
    return c


def test_min_max_builtin(n, s):
    l = [3, n, -4, 8]
    print(min(l), max(l), min(n, 2), max(n, 2), max(n, 2, 5))
    fl = [1.5, -2.5, float(n)]
    print(min(fl), max(fl))
    sl = ["pear", s, "apple"]
    print(min(sl), max(sl))
    return max(l) - min(l)


def test_iter_modify_other(n, s):
    src = [1, 2, 3, n]
    dst = []
    for x in src:
        dst.append(x * 2)
        dst.append(x)
    print(len(dst), dst[-1])
    return len(dst)


def test_loop_var_after(n, s):
    i = -1
    for i in range(n + 2):
        pass
    return i


def test_iter_list_of_lists(n, s):
    ll = [[1, 2], [n], [], [4, 5, 6]]
    t = 0
    c = 0
    for l in ll:
        for x in l:
            t += x
        c += len(l)
    print(t, c)
    return t


def test_enumerate_dict_items(n, s):
    d = {"x": n, "y": 2}
    t = 0
    for i, kv in enumerate(d.items()):
        k, v = kv
        t += i * v
    return t


def test_comprehension_nested(n, s):
    pairs = [i * 10 + j for i in range(3) for j in range(n + 1)]
    print(len(pairs), pairs[0], pairs[-1])
    return len(pairs)


def test_string_iteration_build(n, s):
    r = ""
    for c in s + "abc":
        r = c + r
    print(r)
    return len(r)


def test_range_len_index(n, s):
    r = range(n, 30, 4)
    t = 0
    for i in range(len(r)):
        t += r[i]
    return t


def test_iter_prebuilt_list(n, s):
    t = 0
    for d in DIGITS:
        t = t * 10 + d
    return t


def test_reversed_range_step(n, s):
    out = ""
    for i in reversed(range(0, 10, n + 1)):
        out += str(i)
    print(out)
    return len(out)


def test_reversed_break(n, s):
    l = [1, 5, 2, 8, n]
    for x in reversed(l):
        if x > 4:
            return x
    return -1


def test_iter_next(n, s):
    l = [10, 20, n]
    it = iter(l)
    a = next(it)
    b = next(it)
    return a + b


def test_next_stopiteration(n, s):
    l = [n]
    it = iter(l)
    a = next(it)
    try:
        b = next(it)
    except StopIteration:
        b = -1
    return a + b


def test_enumerate_break(n, s):
    out = ""
    l = ["a", "b", s]
    for i, x in enumerate(l):
        if i == n:
            break
        out += x
    print(out)
    return len(out)


def test_range_big_step(n, s):
    c = 0
    for i in range(0, 1000000, 99999 + n):
        c += 1
    for i in range(-1000000, 0, 1000000):
        c += 1
    return c


def test_iter_while_pop(n, s):
    todo = [Node(1), Node(2)]
    seen = 0
    while todo:
        node = todo.pop()
        seen += node.v
        if node.v < 5 + n:
            todo.append(Node(node.v * 2 + 1))
    return seen


def test_list_comprehension_over_dict(n, s):
    d = {1: "a", 2: "b", n + 2: s}
    ks = [k * 2 for k in d]
    vs = [v + "!" for v in d.values()]
    ps = [str(k) + v for k, v in d.items()]
    print(len(ks), ks[-1], vs[-1], ps[-1])
    return len(ps)


def test_comprehension_over_str(n, s):
    l = [c for c in s + "hello" if c != "l"]
    out = ""
    for c in l:
        out += c
    print(out)
    return len(l)


def test_range_in(n, s):
    r = range(0, 10, 2)
    print(n in r, 4 in r, 5 in r)
    return 0


def test_continue_in_while(n, s):
    i = 0
    t = 0
    while i < 20:
        i += 1
        if i % (n + 1) == 0:
            continue
        t += i
    return t


def test_break_nested_flag(n, s):
    found = False
    pos = -1
    for i in range(5):
        for j in range(5):
            if i * j == n * 2:
                found = True
                pos = i * 10 + j
                break
        if found:
            break
    print(found, pos)
    return pos


def test_try_in_loop(n, s):
    d = {1: 1, 3: 3}
    t = 0
    for i in range(5):
        try:
            t += d[i]
        except KeyError:
            t += 100
    return t


def test_min_max_keys(n, s):
    d = {5: "a", n: "b", -2: "c"}
    lo = 1000
    hi = -1000
    for k in d:
        lo = min(lo, k)
        hi = max(hi, k)
    return hi - lo


def test_iter_tuple(n, s):
    t = 0
    for x in (1, n, 5):
        t += x
    return t


def test_iter_list_literal(n, s):
    out = ""
    for w in ["a", s, "c"]:
        out += w
    print(out)
    return len(out)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_range_basic(k, s))
        print(test_range_step(k, s))
        print(test_range_negative_step(k, s))
        print(test_range_empty(k, s))
        print(test_range_list(k, s))
        print(test_range_var_step(k, s))
        print(test_reversed_list(k, s))
        print(test_reversed_range(k, s))
        print(test_enumerate_list(k, s))
        print(test_iter_list(k, s))
        print(test_iter_str(k, s))
        print(test_iter_dict(k, s))
        print(test_iter_dict_items(k, s))
        print(test_iter_dict_keys_values(k, s))
        print(test_nested_break_continue(k, s))
        print(test_for_else(k, s))
        print(test_while_else(k, s))
        print(test_primes(k, s))
        print(test_min_max_builtin(k, s))
        print(test_iter_modify_other(k, s))
        print(test_loop_var_after(k, s))
        print(test_iter_list_of_lists(k, s))
        print(test_enumerate_dict_items(k, s))
        print(test_comprehension_nested(k, s))
        print(test_string_iteration_build(k, s))
        print(test_range_len_index(k, s))
        print(test_iter_prebuilt_list(k, s))
        print(test_reversed_range_step(k, s))
        print(test_reversed_break(k, s))
        print(test_iter_next(k, s))
        print(test_next_stopiteration(k, s))
        print(test_enumerate_break(k, s))
        print(test_range_big_step(k, s))
        print(test_iter_while_pop(k, s))
        print(test_list_comprehension_over_dict(k, s))
        print(test_comprehension_over_str(k, s))
        print(test_range_in(k, s))
        print(test_continue_in_while(k, s))
        print(test_break_nested_flag(k, s))
        print(test_try_in_loop(k, s))
        print(test_min_max_keys(k, s))
        print(test_iter_tuple(k, s))
        print(test_iter_list_literal(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
