# A GC stress program: binary trees, lists of lists, dicts keyed by
# instances (identity hashes taken while objects are young, then moved),
# strings, cycles, large arrays written after they are old (write
# barriers), objects kept only by prebuilt data. Its output is CPython's
# under every GC; the test suite runs it small with collect-at-every-
# allocation (RPY_GC_DEBUG) and larger (tests/gc/run_stress.py).


class Node(object):
    def __init__(self, left, right, value):
        self.left = left
        self.right = right
        self.value = value


class Pair(object):
    def __init__(self, name):
        self.name = name
        self.other = None


class Registry(object):
    def __init__(self):
        self.items = []


REGISTRY = Registry()  # prebuilt: what it holds is reached through a static root


def tree(depth, value):
    if depth == 0:
        return Node(None, None, value)
    return Node(tree(depth - 1, 2 * value), tree(depth - 1, 2 * value + 1), value)


def check(node):
    if node.left is None:
        return node.value
    return node.value + check(node.left) - check(node.right)


def trees(n):
    keep = tree(6, 1)
    total = 0
    for i in range(n):
        total += check(tree(i % 7, i))
    return total + check(keep)


def lists_of_lists(n):
    rows = []
    for i in range(n):
        row = [j * i for j in range(i % 13)]
        row.append(i)
        rows.append(row)
        if len(rows) > 40:
            del rows[i % 40]
    total = 0
    for row in rows:
        for x in row:
            total += x
        total += len(row)
    return total


def identity_dicts(n):
    objs = [Pair("p%d" % i) for i in range(n)]
    seen = {}
    for i, p in enumerate(objs):
        seen[p] = i  # the hash of a young object
    junk = [str(i) * 3 for i in range(n * 4)]  # (collections move the pairs)
    total = len(junk)
    for i in range(len(objs) - 1, -1, -1):
        total += seen[objs[i]] * 2
    again = {}
    for p in objs:
        again[p] = len(p.name)
    for p in objs:
        total += again[p] + seen[p]
        if id(p) != id(objs[seen[p]]):
            total = -1
    return total


def strings(n):
    parts = []
    for i in range(n):
        s = "item-" + str(i) + "-" + "ab" * (i % 5)
        parts.append(s.upper())
    joined = ",".join(parts)
    return len(joined) + len(joined.split(",")) + joined.count("AB")


def cycles(n):
    total = 0
    for i in range(n):
        a = Pair("a")
        b = Pair("b" * (i % 4))
        a.other = b
        b.other = a
        total += len(a.other.other.other.name)
    return total


def large_arrays(n):
    big = [None] * 5000  # larger than the GC's nursery objects
    big[0] = Pair("first")
    for i in range(n):
        big[(i * 37) % 5000] = Pair(str(i))  # stores into an old object
    counts = 0
    for p in big:
        if p is not None:
            counts += len(p.name)
    ints = [i * 3 for i in range(20000)]
    return counts + ints[19999] + len(ints)


def prebuilt(n):
    del REGISTRY.items[:]
    for i in range(n):
        REGISTRY.items.append(Pair(str(i * 7)))
        tree(3, i)  # garbage in between
    total = 0
    for p in REGISTRY.items:
        total += int(p.name)
    return total


def entry_point(argv):
    n = 300
    if len(argv) > 1 and argv[1].isdigit():
        n = int(argv[1])
    print("trees", trees(n))
    print("lists", lists_of_lists(n))
    print("dicts", identity_dicts(n))
    print("strings", strings(n))
    print("cycles", cycles(n))
    print("arrays", large_arrays(n))
    print("prebuilt", prebuilt(n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
