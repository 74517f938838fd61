# Classes and instances: hierarchies, overriding, super-calls, class
# attributes, isinstance, prebuilt instances, instances in containers.


class Node(object):
    def __init__(self, value):
        self.value = value
        self.next = None


class Leaf(Node):
    def __init__(self, value, tag):
        Node.__init__(self, value)
        self.tag = tag


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


def t_linked_leaf(argv):
    a = Leaf(1, "x")
    b = Node(2)
    b.next = a
    c = Leaf(3, argv[1])
    a.next = c
    p = b
    out = []
    while p is not None:
        if isinstance(p, Leaf):
            out.append(p.tag + str(p.value))
        else:
            out.append(str(p.value))
        p = p.next
    print("linked_leaf", " ".join(out))


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


def t_inherited_init(argv):
    d = Derived(len(argv))
    e = Derived2(1, 2)
    objs = [Base(1), d, e]
    out = []
    for o in objs:
        out.append(str(o.total()))
        out.append(str(o.total(1)))
    print("inherited_init", " ".join(out))


# The same polymorphic method name in two unrelated hierarchies.
class Doc(object):
    def name(self):
        return "doc"

    def report(self):
        return self.name() + "!"


class Memo(Doc):
    def name(self):
        return "memo"


class Greeter(object):
    def hello(self):
        return "hello " + self.name()


class Polite(Greeter):
    def name(self):
        return "polite"


class Rude(Polite):
    def name(self):
        return "rude"


def t_same_method_name_unrelated(argv):
    xs = [Doc(), Memo()]
    ys = [Polite(), Rude()]
    for i in range(2):
        print("same_name", xs[i].report(), ys[(i + len(argv)) % 2].hello())



def entry_point(argv):
    t_linked(argv)
    t_linked_leaf(argv)
    t_same_method_name_unrelated(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
