# None and nullable values: instances that may be None, `is None` tests,
# truth of instances, None-able strings, functions returning None or an
# instance, optional attributes, None in lists and dicts.


class Item(object):
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.parent = None


def find(items, key):
    for it in items:
        if it.key == key:
            return it
    return None


def make_items(argv):
    items = []
    for i in range(len(argv)):
        items.append(Item(argv[i], i * 10))
    items.append(Item("const", 99))
    return items


def t_find(argv):
    items = make_items(argv)
    for k in ["a", "zzz", "const", argv[2]]:
        it = find(items, k)
        if it is None:
            print("find", k, "missing")
        else:
            print("find", k, it.value)


def t_find_truth(argv):
    items = make_items(argv)
    for k in ["b", "nope"]:
        it = find(items, k)
        if it:
            print("find_truth", k, it.value)
        else:
            print("find_truth", k, "none")
        if not it:
            print("find_truth not", k)


def t_is_not_none(argv):
    items = make_items(argv)
    n = 0
    for k in argv:
        if find(items, k) is not None:
            n += 1
    print("is_not_none", n, find(items, "q") is not None)


def t_assign_later(argv):
    x = None
    for i in range(len(argv)):
        if i == 1:
            x = Item("late", i)
    if x is None:
        print("assign_later none")
    else:
        print("assign_later", x.key, x.value)


def t_assign_later_none(argv):
    x = None
    for i in range(len(argv)):
        if i == 10:
            x = Item("never", i)
    print("assign_later_none", x is None)


def t_parent_chain(argv):
    root = Item("root", 0)
    mid = Item("mid", 1)
    leaf = Item("leaf", 2)
    mid.parent = root
    leaf.parent = mid
    names = []
    p = leaf
    while p is not None:
        names.append(p.key)
        p = p.parent
    print("parent_chain", "/".join(names), root.parent is None, leaf.parent is mid)


def depth_of(it):
    d = 0
    while it.parent is not None:
        it = it.parent
        d += 1
    return d


def t_depth(argv):
    a = Item("a", 0)
    b = Item("b", 0)
    b.parent = a
    c = Item("c", 0)
    c.parent = b
    items = [a, b, c]
    print("depth", depth_of(a), depth_of(b), depth_of(c), depth_of(items[len(argv) - 1]))


def reset_parent(it, cond):
    if cond:
        it.parent = None


def t_reset(argv):
    a = Item("a", 0)
    b = Item("b", 1)
    b.parent = a
    reset_parent(b, len(argv) > 5)
    r1 = b.parent is None
    reset_parent(b, len(argv) > 1)
    print("reset", r1, b.parent is None)


def maybe_item(n):
    if n % 2 == 0:
        return Item("even", n)
    return None


def value_or_default(it, default):
    if it is None:
        return default
    return it.value


def t_maybe(argv):
    out = []
    for i in range(len(argv) + 2):
        out.append(str(value_or_default(maybe_item(i), -1)))
    print("maybe", ",".join(out))


def t_none_in_list(argv):
    lst = [None, Item("x", 1), None, Item(argv[1], 2)]
    n = 0
    keys = []
    for it in lst:
        if it is None:
            n += 1
        else:
            keys.append(it.key)
    print("none_in_list", n, ",".join(keys))


def t_list_set_none(argv):
    lst = [Item("a", 1), Item("b", 2), Item("c", 3)]
    lst[len(argv) - 2] = None
    out = []
    for it in lst:
        out.append("-" if it is None else it.key)
    print("list_set_none", "".join(out))


def t_none_in_dict(argv):
    d = {}
    d["a"] = Item("a", 1)
    d["b"] = None
    d[argv[1]] = Item("argv", 3)
    out = []
    for k in ["a", "b"]:
        v = d[k]
        out.append("none" if v is None else v.key)
    print("none_in_dict", ",".join(out), len(d))


def t_dict_get_none(argv):
    d = {"k": Item("k", 7)}
    r1 = d.get("k", None)
    r2 = d.get(argv[1], None)
    print("dict_get_none", r1 is None, r2 is None, r1.value if r1 is not None else -1)


def maybe_str(n):
    if n > 2:
        return "big" + str(n)
    return None


def t_nullable_str(argv):
    out = []
    for i in range(len(argv) + 2):
        s = maybe_str(i)
        if s is None:
            out.append("N")
        else:
            out.append(s)
    print("nullable_str", ",".join(out))


def returns_none(n):
    if n > 100:
        print("never")


def t_returns_none(argv):
    r = returns_none(len(argv))
    print("returns_none", r is None)


class Holder(object):
    def __init__(self):
        self.item = None
        self.name = None

    def set(self, it):
        self.item = it

    def get_value(self):
        if self.item is None:
            return 0
        return self.item.value


def t_holder(argv):
    h = Holder()
    v0 = h.get_value()
    h.set(Item("z", len(argv) * 7))
    v1 = h.get_value()
    h.name = argv[1]
    print("holder", v0, v1, h.name)


def t_identity_none(argv):
    a = Item("a", 1)
    b = None
    if len(argv) > 10:
        b = a
    c = a
    print("identity_none", a is b, a is c, b is None, c is not None)


def compare_items(x, y):
    return x is y


def t_identity_nullable(argv):
    a = Item("a", 1)
    n = maybe_item(len(argv) - 1)
    print("identity_nullable", compare_items(a, n), compare_items(n, n), compare_items(None, n))


def first_or_none(lst):
    if len(lst) == 0:
        return None
    return lst[0]


def t_first_or_none(argv):
    empty = []
    empty.append(Item("x", 0))
    empty.pop()
    full = [Item(argv[1], 5)]
    a = first_or_none(empty)
    b = first_or_none(full)
    print("first_or_none", a is None, b is None, b.key if b is not None else "-")


class Opt(object):
    def __init__(self, n):
        self.n = n


def combine(a, b):
    if a is None and b is None:
        return 0
    if a is None:
        return b.n
    if b is None:
        return a.n
    return a.n + b.n


def t_combine(argv):
    n = len(argv)
    x = Opt(n)
    y = Opt(10)
    z = None
    if n > 5:
        z = Opt(100)
    print("combine", combine(x, y), combine(x, z), combine(z, y), combine(z, z))


def t_none_or(argv):
    n = None
    if len(argv) > 5:
        n = Opt(1)
    m = n or Opt(42)
    print("none_or", m.n)


def entry_point(argv):
    t_find(argv)
    t_find_truth(argv)
    t_is_not_none(argv)
    t_assign_later(argv)
    t_assign_later_none(argv)
    t_parent_chain(argv)
    t_depth(argv)
    t_reset(argv)
    t_maybe(argv)
    t_none_in_list(argv)
    t_list_set_none(argv)
    t_none_in_dict(argv)
    t_dict_get_none(argv)
    t_nullable_str(argv)
    t_returns_none(argv)
    t_holder(argv)
    t_identity_none(argv)
    t_identity_nullable(argv)
    t_first_or_none(argv)
    t_combine(argv)
    t_none_or(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
