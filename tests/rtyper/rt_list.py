# Lists: fixed-size and resizable, methods, slicing, indexing, comparisons.


class Pt(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


PRIMES = [2, 3, 5, 7, 11, 13]
NAMES = ["zero", "one", "two", "three"]


def make_list(n):
    return [i * 3 for i in range(n)]


def fill(l, n):
    for i in range(n):
        l.append(-i)


def show_ints(l):
    # prints a list of ints on one line
    parts = []
    for x in l:
        parts.append(str(x))
    print("[" + ",".join(parts) + "]")


def show_strs(l):
    print("[" + ",".join(l) + "]")


def test_literal(n, s):
    l = [1, 2, 3, n]
    print(len(l), l[0], l[3], l[-1], l[-4])
    l[1] = n * 10
    show_ints(l)
    return l[1] + l[2]


def test_mul(n, s):
    l = [0] * n
    show_ints(l)
    l2 = [n, 7] * 3
    show_ints(l2)
    l3 = [s] * 2
    show_strs(l3)
    l4 = [5] * 0
    return len(l4) + len(l2)


def test_append(n, s):
    l = []
    for i in range(n * 5):
        l.append(i * i)
    show_ints(l)
    return len(l)


def test_pop(n, s):
    l = [10, 20, 30, 40, 50, n]
    a = l.pop()
    b = l.pop(0)
    c = l.pop(1)
    d = l.pop(-1)
    print(a, b, c, d)
    show_ints(l)
    return len(l)


def test_insert(n, s):
    l = [1, 2, 3]
    l.insert(0, n)
    l.insert(2, 99)
    l.insert(len(l), 7)
    l.insert(100, 8)
    l.insert(-1, 55)
    l.insert(-100, 66)
    show_ints(l)
    return l[0]


def test_extend(n, s):
    l = [1, 2]
    l.extend([n, n + 1])
    l.extend(l)
    l += [9]
    show_ints(l)
    m = l + [100, 200]
    show_ints(m)
    return len(m)


def test_remove_index_count(n, s):
    l = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, n]
    print(l.index(5), l.index(n), l.count(5), l.count(1), l.count(77))
    l.remove(1)
    l.remove(5)
    show_ints(l)
    try:
        l.index(1000)
        print("no error")
    except ValueError:
        print("ValueError index")
    return l.count(5)


def test_reverse(n, s):
    l = []
    for i in range(n + 3):
        l.append(i)
    l.reverse()
    show_ints(l)
    e = []
    e.reverse()
    return len(e) + l[0]


def test_sort(n, s):
    l = [5, 3, n, 8, -1, 0, 3, 12, -7]
    l.sort()
    show_ints(l)
    l.reverse()
    show_ints(l)
    m = ["pear", "apple", s, "fig", "banana"]
    m.sort()
    show_strs(m)
    f = [2.5, -1.0, 0.5, float(n)]
    f.sort()
    print(f[0], f[1], f[2], f[3])
    return l[0]


def test_sort_big(n, s):
    l = []
    x = n * 7 + 1
    for i in range(100):
        x = (x * 1103515245 + 12345) % 1000
        l.append(x)
    l.sort()
    ok = True
    for i in range(1, len(l)):
        if l[i - 1] > l[i]:
            ok = False
    print(ok, l[0], l[50], l[99])
    return len(l)


def test_delitem(n, s):
    l = [0, 1, 2, 3, 4, 5, 6, 7]
    del l[0]
    del l[-1]
    del l[n]
    show_ints(l)
    return len(l)


def test_slice(n, s):
    l = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    show_ints(l[2:5])
    show_ints(l[n:])
    show_ints(l[:n])
    show_ints(l[:])
    show_ints(l[5:2])
    show_ints(l[-3:])
    show_ints(l[:-3])
    show_ints(l[n:-n])
    show_ints(l[3:100])
    return len(l[1:n + 4])


def test_negative_index(n, s):
    l = [10, 20, 30, 40]
    total = 0
    for i in range(1, 5):
        total += l[-i] * i
    l[-n] = 7
    show_ints(l)
    return total


def test_indexerror(n, s):
    l = [1, 2, 3]
    try:
        x = l[n + 5]
    except IndexError:
        x = -1
    y = -2
    e = []
    try:
        z = e.pop()
    except IndexError:
        z = -3
    print(x, y, z)
    return x + y + z


def test_list_of_instances(n, s):
    pts = []
    for i in range(n + 2):
        pts.append(Pt(i, i * i))
    total = 0
    for p in pts:
        total += p.x * 10 + p.y
    pts[0].x = 100
    q = pts[0]
    print(q.x, len(pts), total)
    return total


def test_list_of_strings(n, s):
    l = ["a", "bb", s, "ccc"]
    l.append(s + s)
    total = 0
    for x in l:
        total += len(x)
    show_strs(l)
    print("bb" in l, "zz" in l, s in l)
    return total


def test_list_of_floats(n, s):
    l = [1.5, 2.25, float(n)]
    t = 0.0
    for x in l:
        t += x
    print(t, l[-1] * 2.0)
    return int(t)


def test_list_of_tuples(n, s):
    l = [(1, "one"), (2, "two"), (n, s)]
    total = 0
    for t in l:
        total += t[0]
        print(t[1])
    a, b = l[2]
    print(a, b)
    return total


def test_equality(n, s):
    a = [1, 2, n]
    b = [1, 2, n]
    c = [1, 2, n + 1]
    d = [1, 2]
    print(a == b, a == c, a != c, a == d, a != b)
    sa = ["x", s]
    sb = ["x", s]
    print(sa == sb, sa != sb)
    return 0


def test_contains(n, s):
    l = [2, 4, 6, 8]
    print(n in l, 4 in l, 5 in l, (n * 2) not in l)
    return 0


def test_comprehension(n, s):
    sq = [i * i for i in range(n + 4)]
    show_ints(sq)
    ev = [x for x in sq if x % 2 == 0]
    show_ints(ev)
    st = [str(x) + "!" for x in ev]
    show_strs(st)
    return len(ev)


def test_len_bool(n, s):
    l = []
    print(len(l), bool(l))
    if l:
        print("nonempty")
    else:
        print("empty")
    l.append(n)
    print(len(l), bool(l))
    if not l:
        print("empty")
    else:
        print("nonempty")
    return len(l)


def test_list_copy(n, s):
    a = [1, 2, n]
    b = list(a)
    b.append(9)
    c = a[:]
    c[0] = 42
    show_ints(a)
    show_ints(b)
    show_ints(c)
    return len(b)


def test_nested_lists(n, s):
    grid = []
    for i in range(3):
        row = [0] * (n + 1)
        for j in range(n + 1):
            row[j] = i * 10 + j
        grid.append(row)
    grid[1][0] = -1
    for row in grid:
        show_ints(row)
    return grid[2][n]


def test_minmax(n, s):
    l = [4, n, 9, -2, 7]
    print(max(l), min(l), max(n, 3), min(n, 3), max(1, n, 0), min(2.5, 1.5))
    return max(l) - min(l)


def test_stack(n, s):
    stack = []
    for i in range(20):
        stack.append(i)
        if i % 3 == 0:
            stack.pop()
    total = 0
    while stack:
        total += stack.pop()
    print(total, len(stack))
    return total


def test_big_growth(n, s):
    l = []
    for i in range(1000 + n):
        l.append(i)
    while len(l) > 10:
        l.pop()
    show_ints(l)
    return len(l)


def test_fixed_setitem(n, s):
    l = [0] * 5
    for i in range(5):
        l[i] = i * n
    l[n] += 100
    show_ints(l)
    return l[n]


def test_list_bools(n, s):
    l = [True, False, n > 1]
    c = 0
    for b in l:
        if b:
            c += 1
    print(c, l[2])
    return c


def test_inplace_mul(n, s):
    l = [1, n]
    l *= 3
    show_ints(l)
    m = [7] * -2
    return len(l) + len(m)


def test_copy_clear_methods(n, s):
    a = [1, 2, n]
    b = a.copy()
    a.clear()
    b.append(5)
    print(len(a), len(b))
    show_ints(b)
    return len(b)


def test_prebuilt_list(n, s):
    t = 0
    for p in PRIMES:
        t += p
    print(PRIMES[n], NAMES[n], len(NAMES), NAMES[-1])
    return t


def test_pass_and_return(n, s):
    l = make_list(n + 2)
    fill(l, n)
    show_ints(l)
    return len(l)


def test_list_none_instances(n, s):
    l = [None] * (n + 1)
    l[0] = Pt(1, 2)
    c = 0
    for p in l:
        if p is None:
            c += 1
        else:
            c += p.x * 100
    return c


def test_instance_identity_in(n, s):
    a = Pt(1, 1)
    b = Pt(1, 1)
    l = [a]
    print(a in l, b in l, l.index(a), l.count(b))
    return 0


def test_list_of_lists_eq(n, s):
    a = [[1, 2], [n]]
    b = [[1, 2], [n]]
    c = [[1, 2], [n + 1]]
    print(a == b, a == c, [n] in a, [9] in a)
    return 0


def test_list_of_chars(n, s):
    l = []
    for c in s + "bca":
        l.append(c)
    l.sort()
    out = ""
    for c in l:
        out += c
    print(out, "a" in l, l.count("a"))
    return len(l)


def test_getitem_negative_error(n, s):
    l = [1, 2]
    try:
        x = l[-3 - n]
    except IndexError:
        x = 99
    return x


def test_list_of_floats_sort(n, s):
    l = [3.5, -1.25, float(n), 0.0, 2.75]
    l.sort()
    print(l[0], l[1], l[2], l[3], l[4], max(l), min(l))
    return len(l)


def test_str_list_minmax(n, s):
    l = ["pear", s, "apple", "zoo"]
    print(min(l), max(l))
    return 0


def test_list_empty_typed_later(n, s):
    l = []
    if n > 100:
        l.append(Pt(0, 0))
    print(len(l))
    return len(l)


def test_pop_middle_loop(n, s):
    l = list(range(10))
    while len(l) > 3:
        l.pop(len(l) // 2)
    show_ints(l)
    return len(l)


def test_insert_front_loop(n, s):
    l = []
    for i in range(n + 5):
        l.insert(0, i)
    show_ints(l)
    return l[0]


def test_list_alias(n, s):
    a = [1, 2, 3]
    b = a
    b.append(n)
    b[0] = 100
    print(len(a), a[0], a is b)
    return a[-1]


def test_sort_stability(n, s):
    l = ["bb", "a", "ccc", s, "dd"]
    l.sort()
    out = ""
    for x in l:
        out += x + " "
    print(out)
    return 0


def test_extend_from_str_list(n, s):
    l = ["a"]
    l.extend(["b", s])
    l += [s]
    print(len(l), l[-1])
    return len(l)


def test_index_errors_in_loop(n, s):
    l = [1, 2, 3]
    c = 0
    for i in range(-5, 6):
        try:
            c += l[i]
        except IndexError:
            c += 1000
    return c


def test_remove_valueerror(n, s):
    l = [1, 2, 3, n]
    try:
        l.remove(1000 + n)
        print("no error")
    except ValueError:
        print("ValueError remove")
    return len(l)


def test_setitem_indexerror(n, s):
    l = [1, 2, 3]
    try:
        l[-10 - n] = 4
        y = 0
    except IndexError:
        y = -2
    return y


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "z"
    ks = [1, n, 2]
    for k in ks:
        print("== n =", k)
        print(test_literal(k, s))
        print(test_mul(k, s))
        print(test_append(k, s))
        print(test_pop(k, s))
        print(test_insert(k, s))
        print(test_extend(k, s))
        print(test_remove_index_count(k, s))
        print(test_reverse(k, s))
        print(test_sort(k, s))
        print(test_sort_big(k, s))
        print(test_delitem(k, s))
        print(test_slice(k, s))
        print(test_negative_index(k, s))
        print(test_indexerror(k, s))
        print(test_list_of_instances(k, s))
        print(test_list_of_strings(k, s))
        print(test_list_of_floats(k, s))
        print(test_list_of_tuples(k, s))
        print(test_equality(k, s))
        print(test_contains(k, s))
        print(test_comprehension(k, s))
        print(test_len_bool(k, s))
        print(test_list_copy(k, s))
        print(test_nested_lists(k, s))
        print(test_minmax(k, s))
        print(test_stack(k, s))
        print(test_big_growth(k, s))
        print(test_fixed_setitem(k, s))
        print(test_list_bools(k, s))
        print(test_inplace_mul(k, s))
        print(test_copy_clear_methods(k, s))
        print(test_prebuilt_list(k, s))
        print(test_pass_and_return(k, s))
        print(test_list_none_instances(k, s))
        print(test_instance_identity_in(k, s))
        print(test_list_of_lists_eq(k, s))
        print(test_list_of_chars(k, s))
        print(test_getitem_negative_error(k, s))
        print(test_list_of_floats_sort(k, s))
        print(test_str_list_minmax(k, s))
        print(test_list_empty_typed_later(k, s))
        print(test_pop_middle_loop(k, s))
        print(test_insert_front_loop(k, s))
        print(test_list_alias(k, s))
        print(test_sort_stability(k, s))
        print(test_extend_from_str_list(k, s))
        print(test_index_errors_in_loop(k, s))
        print(test_remove_valueerror(k, s))
        print(test_setitem_indexerror(k, s))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
