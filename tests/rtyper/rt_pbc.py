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


def square(x):
    return x * x


def pick(i):
    if i == 0:
        return add1
    elif i == 1:
        return dbl
    elif i == 2:
        return neg
    return square


def t_func_var(argv):
    out = []
    for i in range(4):
        f = pick(i)
        out.append(f(len(argv) + i))
    print("func_var", ints(out))


def t_func_if(argv):
    if len(argv) > 2:
        f = dbl
    else:
        f = neg
    print("func_if", f(7), f(len(argv)))


def apply_twice(f, x):
    return f(f(x))


def t_func_arg(argv):
    n = len(argv)
    print("func_arg", apply_twice(add1, n), apply_twice(dbl, n), apply_twice(square, n))


FUNCS = [add1, dbl, neg, square]


def t_func_list(argv):
    out = []
    for f in FUNCS:
        out.append(f(len(argv)))
    print("func_list", ints(out), FUNCS[len(argv) % 4](10))


def t_func_list_local(argv):
    fs = [square, add1]
    if len(argv) > 1:
        fs.append(neg)
    total = 0
    for f in fs:
        total = f(total + 3)
    print("func_list_local", total, len(fs))


def t_func_dict_local(argv):
    d = {}
    d["a"] = add1
    d["s"] = square
    acc = len(argv)
    for k in d:
        acc = d[k](acc)
    print("func_dict_local", acc)


def t_func_identity(argv):
    f = pick(len(argv) - 3)
    g = pick(0)
    print("func_identity", f is g, f is add1, f is not dbl)


# --- methods -----------------------------------------------------------------

class Acc(object):
    def __init__(self, start):
        self.total = start

    def add(self, x):
        self.total += x
        return self.total

    def mul(self, x):
        self.total *= x
        return self.total


def t_bound_method(argv):
    a = Acc(len(argv))
    m = a.add
    m(1)
    m(2)
    print("bound_method", m(3), a.total)


def call_with(f, x):
    return f(x)


def t_bound_method_arg(argv):
    a = Acc(1)
    b = Acc(10)
    call_with(a.add, len(argv))
    call_with(b.add, 5)
    print("bound_method_arg", a.total, b.total)


class Shape(object):
    def area(self):
        return 0


class Sq(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


class Tri(Shape):
    def __init__(self, b, h):
        self.b = b
        self.h = h

    def area(self):
        return self.b * self.h // 2


def t_bound_method_poly(argv):
    shapes = [Sq(len(argv)), Tri(4, 5), Shape()]
    ms = []
    for s in shapes:
        ms.append(s.area)
    out = []
    for m in ms:
        out.append(m())
    print("bound_method_poly", ints(out))


class Button(object):
    def __init__(self, name):
        self.name = name
        self.clicks = 0

    def click(self):
        self.clicks += 1
        return self.name + str(self.clicks)


def t_callbacks(argv):
    b1 = Button("ok")
    b2 = Button(argv[1])
    cbs = [b1.click, b2.click, b1.click]
    out = []
    for cb in cbs:
        out.append(cb())
    print("callbacks", " ".join(out), b1.clicks, b2.clicks)


# --- frozen prebuilt namespaces ------------------------------------------------


class Limits(object):
    def __init__(self, lo, hi, label):
        self.lo = lo
        self.hi = hi
        self.label = label

    def _freeze_(self):
        return True

    def clamp(self, x):
        if x < self.lo:
            return self.lo
        if x > self.hi:
            return self.hi
        return x


LIMITS = Limits(2, 5, "lim")


def clamp_all(vals):
    return [LIMITS.clamp(v) for v in vals]


def t_frozen_single(argv):
    n = len(argv)
    out = clamp_all([0, n, 9, n * 2 - 1])
    print("frozen_single", ints(out), LIMITS.label, LIMITS.hi - LIMITS.lo + n)


# --- prebuilt mutable instances ------------------------------------------------

class Counter(object):
    def __init__(self, name):
        self.name = name
        self.n = 0

    def hit(self):
        self.n += 1


HITS = Counter("hits")
MISSES = Counter("misses")
COUNTERS = [HITS, MISSES]


def t_prebuilt_mutation(argv):
    for i in range(len(argv) + 4):
        if i % 3 == 0:
            MISSES.hit()
        else:
            HITS.hit()
    out = []
    for c in COUNTERS:
        out.append(c.name + "=" + str(c.n))
    print("prebuilt", " ".join(out), COUNTERS[0] is HITS)


# --- classes as values ---------------------------------------------------------

class Animal(object):
    def __init__(self, n):
        self.n = n

    def sound(self):
        return "..."


class Cat(Animal):
    def sound(self):
        return "meow" * self.n


def t_single_class_value(argv):
    cls = Cat
    print("single_class", cls(len(argv)).sound())


# --- recursion ----------------------------------------------------------------

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def t_recursion(argv):
    n = len(argv)
    print("recursion", fact(n + 7), fib(n + 12), depth(n * 200))


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def t_mutual_recursion(argv):
    n = len(argv)
    print("mutual", is_even(n), is_odd(n), is_even(n * 100 + 1), is_odd(777))


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def t_ackermann(argv):
    print("ackermann", ackermann(2, len(argv)), ackermann(len(argv) - 1, 3))


class Tree(object):
    def __init__(self, value, left, right):
        self.value = value
        self.left = left
        self.right = right


def build(lo, hi):
    if lo > hi:
        return None
    mid = (lo + hi) // 2
    return Tree(mid, build(lo, mid - 1), build(mid + 1, hi))


def tree_sum(t):
    if t is None:
        return 0
    return t.value + tree_sum(t.left) + tree_sum(t.right)


def tree_height(t):
    if t is None:
        return 0
    l = tree_height(t.left)
    r = tree_height(t.right)
    if l > r:
        return l + 1
    return r + 1


def t_tree(argv):
    t = build(1, len(argv) * 10)
    print("tree", tree_sum(t), tree_height(t))


# --- defaults, keywords, *args -------------------------------------------------

def greet(name, greeting="hello", punct="!"):
    return greeting + " " + name + punct


def t_defaults(argv):
    print("defaults", greet(argv[1]), greet(argv[1], "hi"), greet("x", "yo", "?"))


def t_keywords(argv):
    print("keywords", greet(argv[1], punct="."), greet(punct="?", name="z"), greet(argv[2], greeting="hey"))


def span(a, b=10, step=1):
    return (b - a) // step


def t_defaults_int(argv):
    n = len(argv)
    print("defaults_int", span(n), span(n, 20), span(n, step=2), span(b=n, a=0))


def total(*args):
    s = 0
    for a in args:
        s += a
    return s


# --- global constants -----------------------------------------------------------

PRIMES = [2, 3, 5, 7, 11, 13]
PAIRS = ((1, "one"), (2, "two"), (3, "three"))
NAMES = ("zero", "one", "two", "three", "four")


def t_global_list(argv):
    n = len(argv)
    s = 0
    for p in PRIMES:
        if p > n:
            s += p
    print("global_list", s, PRIMES[n], len(PRIMES), n in PRIMES)


def t_global_tuple(argv):
    out = []
    for num, name in PAIRS:
        if num <= len(argv):
            out.append(name)
    print("global_tuple", " ".join(out), NAMES[3], len(NAMES))


# --- function pointer with different defaults / same signature --------------------

def mk_step1(x, y):
    return x + y


def mk_step2(x, y):
    return x * y - 1


def run_steps(n):
    acc = 1
    for i in range(n):
        f = mk_step1 if i % 2 == 0 else mk_step2
        acc = f(acc, i + 1)
    return acc


def t_steps(argv):
    print("steps", run_steps(len(argv) + 3), run_steps(0))


class Op(object):
    def __init__(self, name, fn):
        self.name = name
        self.fn = fn

    def run(self, x):
        return self.fn(x)


def t_func_in_field(argv):
    ops = [Op("inc", add1), Op("dbl", dbl)]
    x = len(argv)
    for op in ops:
        x = op.run(x)
        print("func_in_field", op.name, x)


def t_func_attr_call(argv):
    op = Op("d", dbl)
    print("func_attr_call", op.fn(len(argv)))


class Walker(object):
    def __init__(self):
        self.seen = 0

    def walk(self, n, step=1):
        if n <= 0:
            return self.seen
        self.seen += 1
        return self.walk(n - step, step)


def t_method_recursion(argv):
    w = Walker()
    a = w.walk(len(argv) * 4)
    b = Walker().walk(10, step=3)
    print("method_recursion", a, b)


def compose_apply(fs, x):
    for f in fs:
        x = f(x)
    return x


def t_compose(argv):
    print("compose", compose_apply([add1, dbl, add1], len(argv)), compose_apply([dbl], 5))


def count_kw(lst, start=0, stop=-1, step=1):
    if stop < 0:
        stop = len(lst)
    n = 0
    i = start
    while i < stop:
        n += lst[i]
        i += step
    return n


def t_kw_many(argv):
    lst = [1, 2, 3, 4, 5, 6]
    print("kw_many", count_kw(lst), count_kw(lst, step=2), count_kw(lst, 1, step=len(argv)), count_kw(lst, stop=3, start=1))


def entry_point(argv):
    t_func_var(argv)
    t_func_if(argv)
    t_func_arg(argv)
    t_func_list(argv)
    t_func_list_local(argv)
    t_func_dict_local(argv)
    t_func_identity(argv)
    t_bound_method(argv)
    t_bound_method_arg(argv)
    t_bound_method_poly(argv)
    t_callbacks(argv)
    t_frozen_single(argv)
    t_prebuilt_mutation(argv)
    t_single_class_value(argv)
    t_recursion(argv)
    t_mutual_recursion(argv)
    t_ackermann(argv)
    t_tree(argv)
    t_defaults(argv)
    t_keywords(argv)
    t_defaults_int(argv)
    t_global_list(argv)
    t_global_tuple(argv)
    t_steps(argv)
    t_func_in_field(argv)
    t_func_attr_call(argv)
    t_method_recursion(argv)
    t_compose(argv)
    t_kw_many(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
