# Prebuilt constants: functions as values, sets of functions in one variable,
# functions in lists and dicts, bound methods, frozen namespaces, prebuilt
# instances, classes as values, recursion, defaults and keywords, *args,
# global constant lists/tuples/dicts.


def ints(lst):
    return "[" + ", ".join([str(x) for x in lst]) + "]"


def add1(x):
    return x + 1


def dbl(x):
    return x * 2


def neg(x):
    return -x


OPS = {"inc": add1, "dbl": dbl, "neg": neg}


def t_func_dict(argv):
    out = []
    vals = ["inc", "dbl", "neg"]
    for name in vals:
        out.append(OPS[name](len(argv)))
    print("func_dict", ints(out), "dbl" in OPS, argv[1] in OPS)


def binop_add(a, b):
    return a + b


def binop_sub(a, b):
    return a - b


def binop_mul(a, b):
    return a * b


BINOPS = (binop_add, binop_sub, binop_mul)


def t_func_tuple(argv):
    n = len(argv)
    out = []
    for i in range(3):
        out.append(BINOPS[i](n, 10))
    print("func_tuple", ints(out))


class Acc(object):
    def __init__(self, start):
        self.total = start

    def add(self, x):
        self.total += x
        return self.total

    def mul(self, x):
        self.total *= x
        return self.total


def t_bound_method_choice(argv):
    a = Acc(2)
    if len(argv) > 2:
        m = a.mul
    else:
        m = a.add
    m(5)
    m(5)
    print("bound_method_choice", a.total)


class Settings(object):
    def __init__(self, name, width, depth):
        self.name = name
        self.width = width
        self.depth = depth

    def _freeze_(self):
        return True


SMALL = Settings("small", 4, 2)


LARGE = Settings("large", 64, 8)


def capacity(settings, n):
    return settings.width * settings.depth + n


def t_frozen(argv):
    n = len(argv)
    print("frozen", capacity(SMALL, n), capacity(LARGE, n), SMALL.name, LARGE.name)


def t_frozen_choice(argv):
    s = SMALL if len(argv) < 3 else LARGE
    t = LARGE if len(argv) < 3 else SMALL
    print("frozen_choice", s.name, s.width, t.name, t.depth)


class Dialect(object):
    def __init__(self, sep, quote):
        self.sep = sep
        self.quote = quote

    def _freeze_(self):
        return True

    def render(self, items):
        return self.sep.join([self.quote + x + self.quote for x in items])


CSV = Dialect(",", "")


QUOTED = Dialect(";", "'")


def t_frozen_method(argv):
    print("frozen_method", CSV.render(argv[1:]), QUOTED.render(argv[1:]))


def t_frozen_method_choice(argv):
    for i in range(2):
        d = CSV if i == 0 else QUOTED
        print("frozen_method_choice", d.render(["x", argv[1]]))


class Counter(object):
    def __init__(self, name):
        self.name = name
        self.n = 0

    def hit(self):
        self.n += 1


HITS = Counter("hits")


MISSES = Counter("misses")


NAMED = {"h": HITS, "m": MISSES}


def t_prebuilt_dict(argv):
    NAMED["h"].hit()
    NAMED["m"].hit()
    print("prebuilt_dict", HITS.n, MISSES.n, NAMED["h"].name)


class Animal(object):
    def __init__(self, n):
        self.n = n

    def sound(self):
        return "..."


class Cat(Animal):
    def sound(self):
        return "meow" * self.n


class Cow(Animal):
    def sound(self):
        return "moo" + str(self.n)


def t_class_value(argv):
    if len(argv) > 2:
        cls = Cat
    else:
        cls = Cow
    a = cls(2)
    print("class_value", a.sound())


def t_class_value_loop(argv):
    out = []
    for i in range(3):
        if i == 0:
            cls = Animal
        elif i == 1:
            cls = Cat
        else:
            cls = Cow
        out.append(cls(len(argv)).sound())
    print("class_value_loop", " ".join(out))


CLASSES = [Animal, Cat, Cow]


def t_class_list(argv):
    out = []
    for c in CLASSES:
        out.append(c(1).sound())
    print("class_list", " ".join(out))


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def span(a, b=10, step=1):
    return (b - a) // step


def total(*args):
    s = 0
    for a in args:
        s += a
    return s


def t_star_args(argv):
    n = len(argv)
    print("star_args", total(), total(n), total(n, 2, 3), total(1, 2, 3, 4, n))


def tagged(tag, *vals):
    return tag + ":" + str(len(vals))


def t_star_args_mixed(argv):
    print("star_mixed", tagged(argv[1]), tagged("t", 1, 2), tagged("u", len(argv)))


def t_call_star(argv):
    args = (len(argv), 5)
    print("call_star", span(*args))


UNITS = {"k": 1000, "m": 1000000, "": 1}


NAMES = ("zero", "one", "two", "three", "four")


def t_global_tuple_index(argv):
    print("global_tuple_index", NAMES[len(argv)], NAMES[len(argv) - 3])


def t_global_dict(argv):
    total = 0
    vals = ["k", "", "m"]
    for k in vals:
        total += UNITS[k] * len(argv)
    print("global_dict", total, "k" in UNITS, argv[1] in UNITS, len(UNITS))


def lookup_unit(s):
    if s in UNITS:
        return UNITS[s]
    return -1


def t_global_dict_get(argv):
    print("global_dict_get", lookup_unit("m"), lookup_unit(argv[1]), UNITS.get(argv[1], 7))


def f_one(x):
    return x + 1


def f_two(x):
    return x * 2


def pick_uncalled(i):
    if i == 0:
        return f_one
    return f_two


def t_func_identity_uncalled(argv):
    # the functions in the set are never called anywhere
    f = pick_uncalled(len(argv) - 3)
    print("func_identity_uncalled", f is f_one, f is not f_two, f is f_two)


def make_pair(n):
    return (add1, n) if n > 2 else (dbl, n)


def t_func_in_tuple(argv):
    f, n = make_pair(len(argv))
    g, m = make_pair(1)
    print("func_in_tuple", f(n), g(m))


def entry_point(argv):
    t_func_dict(argv)
    t_func_tuple(argv)
    t_frozen(argv)
    t_frozen_choice(argv)
    t_frozen_method(argv)
    t_frozen_method_choice(argv)
    t_prebuilt_dict(argv)
    t_class_value(argv)
    t_class_value_loop(argv)
    t_class_list(argv)
    t_star_args(argv)
    t_star_args_mixed(argv)
    t_call_star(argv)
    t_global_tuple_index(argv)
    t_global_dict(argv)
    t_global_dict_get(argv)
    t_func_in_tuple(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
