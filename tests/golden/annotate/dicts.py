"""Dicts: ordered, one key type and one value type each."""


class Entry(object):
    # an entry of a registry
    def __init__(self, name, size):
        self.name = name
        self.size = size


# a dict literal with str keys and int values
def literal(s, n):
    d = {"a": n, s: n + 1}
    return d


# get with a default
def lookup(d, k):
    return d.get(k, -1)


# item access and item assignment
def bump(d, k):
    d[k] = d[k] + 1
    return d[k]


# setdefault with a list value
def group(words):
    groups = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    return groups


# pop with and without a default
def take(d, k):
    d[k] = 5
    return d.pop(k) + d.pop("zz", 0)


# keys, values and items
def weigh(d):
    t = 0
    for k in d.keys():
        t += len(k)
    for v in d.values():
        t += v
    for k, v in d.items():
        t += len(k) * v
    return t


# `in` and del
def discard(d, k):
    if k in d:
        del d[k]
    return len(d)


# len and clear
def reset(d):
    n = len(d)
    d.clear()
    return n


# copy and update
def merged(a, b):
    c = a.copy()
    c.update(b)
    return c


# iterating over a dict gives its keys
def key_list(d):
    keys = []
    for k in d:
        keys.append(k)
    return keys


# a dict comprehension
def index_of(words):
    return {w: i for i, w in enumerate(words)}


# a dict of str -> instance
def make_registry(names):
    reg = {}
    for name in names:
        reg[name] = Entry(name, len(name))
    return reg


# get without a default on a dict of instances: an instance or None
def size_of(reg, name):
    e = reg.get(name)
    if e is None:
        return 0
    return e.size


# a dict with int keys
def histogram(lst):
    h = {}
    for x in lst:
        h[x] = h.get(x, 0) + 1
    return h


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    d = literal(s, n)
    lookup(d, s)
    bump(d, "a")
    group(argv)
    take(d, s)
    weigh(d)
    e = merged(d, {"b": n})
    discard(e, "b")
    key_list(e)
    reset(e)
    index_of(argv)
    size_of(make_registry(argv), s)
    histogram([n, n, n + 1])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
