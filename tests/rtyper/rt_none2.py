# None and nullable values: instances that may be None, `is None` tests,
# truth of instances, None-able strings, functions returning None or an
# instance, optional attributes, None in lists and dicts.


class Item(object):
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.parent = None


class SubItem(Item):
    def __init__(self, key, value, extra):
        Item.__init__(self, key, value)
        self.extra = extra


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


def t_maybe_subclass(argv):
    it = None
    if len(argv) > 2:
        it = SubItem("s", 5, "e")
    else:
        it = Item("i", 6)
    n = 0
    if it is not None:
        n = it.value
        if isinstance(it, SubItem):
            n += 100
    print("maybe_subclass", n)


def maybe_str(n):
    if n > 2:
        return "big" + str(n)
    return None


def t_nullable_str_truth(argv):
    n = 0
    for i in range(5):
        s = maybe_str(i + len(argv) - 3)
        if s:
            n += len(s)
    print("nullable_str_truth", n)


def last_item(n):
    last = None
    for i in range(n):
        last = Item("k" + str(i), i)
    return last.value


def t_getattr_after_loop(argv):
    print("getattr_after_loop", last_item(len(argv)))


def t_isinstance_nullable(argv):
    it = maybe_item(len(argv) - 3)
    jt = maybe_item(len(argv))
    print("isinstance_nullable", isinstance(it, Item), isinstance(jt, Item))


def entry_point(argv):
    t_maybe(argv)
    t_maybe_subclass(argv)
    t_nullable_str_truth(argv)
    t_getattr_after_loop(argv)
    t_isinstance_nullable(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
