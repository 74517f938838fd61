# Classes and instances: hierarchies, overriding, super-calls, class
# attributes, isinstance, prebuilt instances, instances in containers.


def ints(lst):
    return "[" + ", ".join([str(x) for x in lst]) + "]"


def bools(lst):
    return "[" + ", ".join(["T" if x else "F" for x in lst]) + "]"


class Animal(object):
    legs = 4
    sound = "..."

    def __init__(self, name):
        self.name = name
        self.age = 0

    def speak(self):
        return self.name + " says " + self.sound

    def grow(self, n):
        self.age += n
        return self.age

    def describe(self):
        return self.name + "(" + str(self.legs) + " legs, age " + str(self.age) + ")"


class Dog(Animal):
    sound = "woof"

    def __init__(self, name, breed):
        Animal.__init__(self, name)
        self.breed = breed

    def describe(self):
        return Animal.describe(self) + " breed " + self.breed


class Puppy(Dog):
    sound = "yip"

    def __init__(self, name, breed, toy):
        Dog.__init__(self, name, breed)
        self.toy = toy

    def grow(self, n):
        return Dog.grow(self, n * 2)

    def describe(self):
        return Dog.describe(self) + " toy " + self.toy


class Bird(Animal):
    legs = 2
    sound = "tweet"

    def speak(self):
        return "bird " + Animal.speak(self)


class Parrot(Bird):
    def __init__(self, name, word):
        Bird.__init__(self, name)
        self.word = word

    def speak(self):
        return Bird.speak(self) + " and " + self.word


def make_animal(i, s):
    if i == 0:
        return Animal(s)
    elif i == 1:
        return Dog(s, "lab")
    elif i == 2:
        return Puppy(s, "pug", "ball")
    elif i == 3:
        return Bird(s)
    else:
        return Parrot(s, "hello")


def t_speak(argv):
    for i in range(5):
        a = make_animal(i, argv[1])
        print("speak", i, a.speak())


def t_describe(argv):
    for i in range(5):
        a = make_animal(i, "x" + argv[1])
        a.grow(len(argv) + i)
        print("describe", i, a.describe())


def t_legs(argv):
    total = 0
    for i in range(5):
        total += make_animal(i, argv[0]).legs
    print("legs", total)


def t_grow_chain(argv):
    p = Puppy("p", "b", "t")
    p.grow(1)
    p.grow(len(argv))
    print("grow_chain", p.age, p.grow(0))


def kind_of(a):
    if isinstance(a, Puppy):
        return "puppy"
    if isinstance(a, Dog):
        return "dog"
    if isinstance(a, Parrot):
        return "parrot"
    if isinstance(a, Bird):
        return "bird"
    return "animal"


def t_isinstance(argv):
    res = []
    for i in range(5):
        res.append(kind_of(make_animal((i + len(argv)) % 5, "n")))
    print("isinstance", ",".join(res))


def t_isinstance_base(argv):
    n = 0
    for i in range(5):
        a = make_animal(i, "n")
        if isinstance(a, Animal):
            n += 1
        if isinstance(a, Dog):
            n += 10
        if isinstance(a, Bird):
            n += 100
    print("isinstance_base", n)


# --- shapes: abstract-ish base with overridden methods --------------------

class Shape(object):
    def area(self):
        return 0

    def name(self):
        return "shape"

    def report(self):
        return self.name() + ":" + str(self.area())


class Rect(Shape):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def name(self):
        return "rect"


class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)

    def name(self):
        return "square"


class Cube(Square):
    def area(self):
        return 6 * Square.area(self)

    def name(self):
        return "cube[" + Square.name(self) + "]"


def t_shapes(argv):
    n = len(argv)
    shapes = [Shape(), Rect(n, 3), Square(n + 1), Cube(n)]
    for s in shapes:
        print("shape", s.report())
    total = 0
    for s in shapes:
        total += s.area()
    print("shape total", total)


# --- explicit super-calls (super() is refused, as in RPython) -----------------------------------------------------------------

class Counter(object):
    def __init__(self, start):
        self.value = start

    def step(self):
        self.value += 1
        return self.value


class DoubleCounter(Counter):
    def __init__(self, start):
        Counter.__init__(self, start * 2)

    def step(self):
        Counter.step(self)
        return Counter.step(self)


class TripleCounter(DoubleCounter):
    def step(self):
        DoubleCounter.step(self)
        return Counter.step(self)


def t_super(argv):
    c = Counter(len(argv))
    d = DoubleCounter(len(argv))
    t = TripleCounter(1)
    for i in range(3):
        print("super", c.step(), d.step(), t.step())


# --- class attributes --------------------------------------------------------

class Config(object):
    size = 10
    label = "base"
    factor = 1

    def scaled(self, x):
        return x * self.factor + self.size


class BigConfig(Config):
    size = 100
    label = "big"


class HugeConfig(BigConfig):
    factor = 7


def t_class_attrs(argv):
    cs = [Config(), BigConfig(), HugeConfig()]
    for c in cs:
        print("classattr", c.label, c.size, c.factor, c.scaled(len(argv)))


def t_class_attr_direct(argv):
    print("classattr_direct", Config.size, BigConfig.label, HugeConfig.factor + len(argv))


class Flagged(object):
    enabled = False


class OnFlagged(Flagged):
    enabled = True


def t_class_bool_attr(argv):
    objs = [Flagged(), OnFlagged(), Flagged()]
    n = 0
    for o in objs:
        if o.enabled:
            n += 1
    print("classbool", n)


# --- instance attribute defaults in base, assigned in subclass ---------------

class Node(object):
    def __init__(self, value):
        self.value = value
        self.next = None


def t_linked(argv):
    head = None
    for i in range(len(argv) + 3):
        n = Node(i * i)
        n.next = head
        head = n
    total = 0
    count = 0
    p = head
    while p is not None:
        total += p.value
        count += 1
        p = p.next
    print("linked", count, total)


# --- prebuilt instances ------------------------------------------------------

class State(object):
    def __init__(self):
        self.count = 0
        self.names = []


STATE = State()


class Registry(object):
    def __init__(self, name, limit):
        self.name = name
        self.limit = limit
        self.used = 0


REG_A = Registry("alpha", 3)
REG_B = Registry("beta", 5)


def bump(n):
    STATE.count += n
    STATE.names.append("n" + str(n))


def t_prebuilt(argv):
    for i in range(len(argv) + 1):
        bump(i)
    print("prebuilt", STATE.count, len(STATE.names), ",".join(STATE.names))


def use(reg, n):
    if reg.used + n > reg.limit:
        return False
    reg.used += n
    return True


def t_prebuilt_two(argv):
    res = []
    for i in range(6):
        r = REG_A if i % 2 == 0 else REG_B
        res.append(use(r, len(argv) - 1))
    print("prebuilt_two", bools(res), REG_A.used, REG_B.used, REG_A.name, REG_B.name)


# --- instances in lists and dicts -------------------------------------------

class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dist2(self):
        return self.x * self.x + self.y * self.y


def t_list_of_instances(argv):
    pts = []
    for i in range(len(argv) + 3):
        pts.append(Point(i, i - len(argv)))
    best = pts[0]
    for p in pts:
        if p.dist2() > best.dist2():
            best = p
    pts[1].x = 100
    print("list_inst", len(pts), best.x, best.y, pts[1].dist2())


def t_dict_of_instances(argv):
    d = {}
    for s in argv:
        d[s] = Point(len(s), len(d))
    d["z"] = Point(9, 9)
    keys = []
    total = 0
    for k in d:
        keys.append(k)
        total += d[k].dist2()
    print("dict_inst", len(d), total, d["z"].x)


def t_dict_values_mutation(argv):
    d = {"a": Point(1, 2), "b": Point(3, 4)}
    for i in range(len(argv)):
        d["a"].x += i
    p = d["a"]
    p.y = -1
    print("dict_mut", d["a"].x, d["a"].y)


# --- identity ----------------------------------------------------------------

def t_identity(argv):
    p = Point(1, 1)
    q = Point(1, 1)
    r = p
    lst = [p, q, r]
    n = 0
    for a in lst:
        for b in lst:
            if a is b:
                n += 1
    print("identity", p is r, p is q, p is not q, r is not p, n)


def t_identity_in_list(argv):
    pts = [Point(i, 0) for i in range(4)]
    target = pts[len(argv)]
    idx = -1
    for i in range(len(pts)):
        if pts[i] is target:
            idx = i
    print("identity_list", idx)


# --- methods calling other methods, mutation through self ---------------------

class Stack(object):
    def __init__(self):
        self.items = []

    def push(self, x):
        self.items.append(x)
        return self

    def pop(self):
        return self.items.pop()

    def size(self):
        return len(self.items)

    def empty(self):
        return self.size() == 0


class LimitedStack(Stack):
    def __init__(self, limit):
        Stack.__init__(self)
        self.limit = limit
        self.dropped = 0

    def push(self, x):
        if self.size() >= self.limit:
            self.dropped += 1
            return self
        return Stack.push(self, x)


def t_stack(argv):
    s = Stack()
    ls = LimitedStack(len(argv))
    for i in range(5):
        s.push(i).push(i * 10)
        ls.push(i)
    out = []
    while not s.empty():
        out.append(s.pop())
    print("stack", ints(out), ls.size(), ls.dropped)


def fill(st, n):
    for i in range(n):
        st.push(i)
    return st.size()


def t_stack_poly(argv):
    print("stack_poly", fill(Stack(), 4), fill(LimitedStack(2), 4), fill(LimitedStack(len(argv) + 5), 4))


# --- class with many fields of mixed types -----------------------------------

class Record(object):
    def __init__(self, i, f, s, b):
        self.i = i
        self.f = f
        self.s = s
        self.b = b
        self.lst = [i, i + 1]


def t_record(argv):
    r = Record(len(argv), 1.5, argv[1], len(argv) > 2)
    r.i += 1
    r.f *= 2.0
    r.s += "!"
    r.b = not r.b
    r.lst.append(r.i)
    print("record", r.i, r.f, r.s, r.b, ints(r.lst))


# --- attribute assigned only in subclass, read through subclass type --------

class Base2(object):
    def __init__(self):
        self.common = 1


class Sub2a(Base2):
    def __init__(self, v):
        Base2.__init__(self)
        self.extra = v


class Sub2b(Base2):
    def __init__(self, s):
        Base2.__init__(self)
        self.other = s


def t_sub_attrs(argv):
    a = Sub2a(len(argv))
    b = Sub2b(argv[1])
    items = [a, b, Base2()]
    tot = 0
    for it in items:
        tot += it.common
        if isinstance(it, Sub2a):
            tot += it.extra * 10
        elif isinstance(it, Sub2b):
            tot += len(it.other) * 100
    print("sub_attrs", tot)


# --- method overridden only in the middle of a 4-deep hierarchy --------------

class L0(object):
    def who(self):
        return "L0"

    def level(self):
        return 0


class L1(L0):
    def level(self):
        return 1


class L2(L1):
    def who(self):
        return "L2"


class L3(L2):
    def level(self):
        return L2.level(self) + 2


def t_four_deep(argv):
    objs = [L0(), L1(), L2(), L3()]
    out = []
    for i in range(len(objs)):
        o = objs[(i + len(argv)) % 4]
        out.append(o.who() + str(o.level()))
    print("four_deep", " ".join(out))


def t_four_deep_isinstance(argv):
    objs = [L0(), L1(), L2(), L3()]
    out = []
    for o in objs:
        out.append(bools([isinstance(o, L0), isinstance(o, L1), isinstance(o, L2), isinstance(o, L3)]))
    print("four_deep_isinst", " ".join(out))


# --- instance passed around and mutated by helpers ---------------------------

class Acc(object):
    def __init__(self):
        self.total = 0
        self.hist = []

    def add(self, x):
        self.total += x
        self.hist.append(x)


def feed(acc, n):
    for i in range(n):
        acc.add(i)


def t_acc(argv):
    a = Acc()
    feed(a, len(argv) + 2)
    feed(a, 3)
    print("acc", a.total, ints(a.hist))


# --- __init__ with default args ------------------------------------------------

class Opt(object):
    def __init__(self, a, b=5, c="c"):
        self.a = a
        self.b = b
        self.c = c

    def show(self):
        return str(self.a) + "/" + str(self.b) + "/" + self.c


def t_init_defaults(argv):
    o1 = Opt(1)
    o2 = Opt(2, len(argv))
    o3 = Opt(3, c=argv[1])
    o4 = Opt(a=4, c="z", b=9)
    print("init_defaults", o1.show(), o2.show(), o3.show(), o4.show())


# --- class without __init__ -------------------------------------------------------

class Plain(object):
    pass


def t_plain(argv):
    p = Plain()
    p.x = len(argv)
    p.y = argv[0] == "never"
    print("plain", p.x, p.y)


# --- method returning new instances of its class ---------------------------------

class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)


def t_vec(argv):
    v = Vec(1, 2)
    w = Vec(len(argv), -1)
    u = v.add(w).scale(3).add(v)
    print("vec", u.x, u.y)


class Base(object):
    def __init__(self, x, y=7):
        self.x = x
        self.y = y

    def total(self, extra=0):
        return self.x + self.y + extra


class Derived(Base):
    pass


class Derived2(Derived):
    def total(self, extra=100):
        return Base.total(self, extra) * 2


def t_unbound_call(argv):
    d = Derived2(len(argv), 1)
    print("unbound_call", Base.total(d), Derived2.total(d, 0))


def t_type_is(argv):
    objs = [Base(1), Derived(2), Derived2(3)]
    n = 0
    for o in objs:
        if type(o) is Derived:
            n += 1
    print("type_is", n)


class Temp(object):
    scale = 2

    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v * self.scale


class Temp3(Temp):
    scale = 3


def t_class_attr_method(argv):
    a = Temp(len(argv))
    b = Temp3(len(argv))
    print("class_attr_method", a.get(), b.get(), a.get() + b.get())


class Mixin(object):
    def hello(self):
        return "hello " + self.label()


class Named(Mixin):
    def label(self):
        return "named"


class Loud(Named):
    def label(self):
        return "LOUD"


def t_template(argv):
    objs = [Named(), Loud()]
    for o in objs:
        print("template", o.hello())


def entry_point(argv):
    t_speak(argv)
    t_describe(argv)
    t_legs(argv)
    t_grow_chain(argv)
    t_isinstance(argv)
    t_isinstance_base(argv)
    t_shapes(argv)
    t_super(argv)
    t_class_attrs(argv)
    t_class_attr_direct(argv)
    t_class_bool_attr(argv)
    t_linked(argv)
    t_prebuilt(argv)
    t_prebuilt_two(argv)
    t_list_of_instances(argv)
    t_dict_of_instances(argv)
    t_dict_values_mutation(argv)
    t_identity(argv)
    t_identity_in_list(argv)
    t_stack(argv)
    t_stack_poly(argv)
    t_record(argv)
    t_sub_attrs(argv)
    t_four_deep(argv)
    t_four_deep_isinstance(argv)
    t_acc(argv)
    t_init_defaults(argv)
    t_plain(argv)
    t_vec(argv)
    t_unbound_call(argv)
    t_type_is(argv)
    t_class_attr_method(argv)
    t_template(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
