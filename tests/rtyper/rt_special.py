# Special methods RPython calls on instances, as PyPy's annotator does:
# len() -> __len__, x[i] -> __getitem__, x[i] = v -> __setitem__,
# del x[i] -> __delitem__, `in` -> __contains__, iter() / for -> __iter__,
# next() / for -> __next__ (StopIteration ends a for loop). Inherited and
# overriding special methods, and call sites that see several classes.


class Stack(object):
    def __init__(self):
        self.items = []

    def push(self, x):
        self.items.append(x)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[len(self.items) - 1 - i]

    def __setitem__(self, i, value):
        self.items[len(self.items) - 1 - i] = value

    def __delitem__(self, i):
        del self.items[len(self.items) - 1 - i]

    def __contains__(self, x):
        return x in self.items


def t_stack(argv):
    s = Stack()
    for i in range(len(argv) + 3):
        s.push(i * 10)
    print("len", len(s))
    print("top", s[0], s[1], s[len(s) - 1])
    s[0] = 99
    print("set", s[0], s.items[len(s.items) - 1])
    del s[1]
    print("del", len(s), s.items)
    print("in", 99 in s, 7 in s, 20 not in s, 21 not in s)
    n = 0
    if len(s) > 2:
        n = len(s) * 2
    print("n", n)


# A range-like object iterated in a for loop: __iter__ returns a separate
# iterator instance whose __next__ raises StopIteration.
class Countdown(object):
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return CountdownIter(self.start)


class CountdownIter(object):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


def t_for_loop(argv):
    out = []
    for x in Countdown(len(argv) + 2):
        out.append(x)
    print("countdown", out)
    total = 0
    for x in Countdown(3):
        for y in Countdown(x):
            total += x * y
    print("nested", total)
    # next() called directly, and the exception caught
    it = iter(Countdown(2))
    print("next", next(it), next(it))
    try:
        next(it)
        print("no stop")
    except StopIteration:
        print("stopped")
    # break and else
    for x in Countdown(5):
        if x == 3:
            break
    else:
        print("not reached")
    last = 0
    for x in Countdown(1):
        last = x
    else:
        print("else after", last)


# __iter__ returning an iterator of a list.
class Bag(object):
    def __init__(self):
        self.things = []

    def add(self, t):
        self.things.append(t)

    def __iter__(self):
        return iter(self.things)

    def __len__(self):
        return len(self.things)


def t_iter_list(argv):
    b = Bag()
    for a in argv[1:]:
        b.add(a)
    b.add("z")
    out = []
    for t in b:
        out.append(t + "!")
    print("bag", len(b), out)


# Inheritance and overriding; call sites that see a base and its subclasses.
class Seq(object):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i < 0 or i >= self.n:
            raise IndexError
        return i

    def __contains__(self, x):
        return 0 <= x < self.n


class Squares(Seq):
    def __getitem__(self, i):
        if i < 0 or i >= self.n:
            raise IndexError
        return i * i

    def __contains__(self, x):
        i = 0
        while i * i < x:
            i += 1
        return i * i == x and i < self.n


class Doubled(Seq):
    def __len__(self):
        return self.n * 2

    def __getitem__(self, i):
        return Seq.__getitem__(self, i // 2)


class Inherits(Squares):
    pass


def make(k, n):
    if k == 0:
        return Seq(n)
    if k == 1:
        return Squares(n)
    if k == 2:
        return Doubled(n)
    return Inherits(n)


def t_polymorphic(argv):
    for k in range(4):
        s = make(k, len(argv) + 2)
        items = []
        for i in range(len(s)):
            items.append(s[i])
        print("poly", k, len(s), items, 4 in s, 5 in s)
        try:
            s[100]
            print("no error")
        except IndexError:
            print("index error", k)


# A special method with a side effect whose result is a constant.
class Noisy(object):
    def __init__(self):
        self.calls = 0

    def __len__(self):
        self.calls += 1
        return 3


def t_side_effect(argv):
    x = Noisy()
    a = len(x)
    b = len(x)
    print("noisy", a + b, x.calls)


# An iterator class with a subclass overriding __next__, iterated through
# a base-class variable.
class Gen(object):
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i


class EvenGen(Gen):
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 2
        return self.i


def t_iter_poly(argv):
    gens = [Gen(3), EvenGen(len(argv) * 3)]
    for g in gens:
        out = []
        for v in g:
            out.append(v)
        print("gen", out)


# String keys, a prebuilt instance, __contains__ returning an int (its
# truth is the result of `in`), __setitem__ overridden in a subclass.
class Registry(object):
    def __init__(self):
        self.names = {}

    def __getitem__(self, key):
        return self.names[key]

    def __setitem__(self, key, value):
        self.names[key] = value

    def __contains__(self, key):
        if key in self.names:
            return len(key)
        return 0

    def __len__(self):
        return len(self.names)


class Upper(Registry):
    def __setitem__(self, key, value):
        self.names[key.upper()] = value * 2


REGISTRY = Registry()
REGISTRY["one"] = 1


def fill(r, argv):
    r["x"] = 5
    for a in argv[1:]:
        r[a] = len(a)


def t_registry(argv):
    regs = [REGISTRY, Upper()]
    for r in regs:
        fill(r, argv)
        print("reg", len(r), "x" in r, "X" in r, "one" in r, "zz" in r)
    print("one", REGISTRY["one"], REGISTRY["x"])
    try:
        print(REGISTRY["missing"])
    except KeyError:
        print("missing")


def entry_point(argv):
    t_stack(argv)
    t_for_loop(argv)
    t_iter_list(argv)
    t_polymorphic(argv)
    t_side_effect(argv)
    t_iter_poly(argv)
    t_registry(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
