"""Classes: attributes, inheritance, narrowing, class attributes, prebuilt instances."""


class Point(object):
    # attributes x and y are discovered from __init__
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Counter(object):
    # the attribute count is discovered from __init__
    def __init__(self):
        self.count = 0

    # the attribute last is discovered from this method only
    def incr(self, k):
        self.count += k
        self.last = k


class Expr(object):
    pass


class Num(Expr):
    # a number node
    def __init__(self, value):
        self.value = value


class Add(Expr):
    # an addition node
    def __init__(self, left, right):
        self.left = left
        self.right = right


class Mul(Expr):
    # a multiplication node
    def __init__(self, left, right):
        self.left = left
        self.right = right


class Shape(object):
    pass


class Square(Shape):
    # size is set in this subclass...
    def __init__(self, side):
        self.size = side


class Circle(Shape):
    # ...and in this one, never in Shape
    def __init__(self, radius):
        self.size = radius * 2


class Link(object):
    # a linked-list cell: next is a Link or None
    def __init__(self, value, next):
        self.value = value
        self.next = next


class Config(object):
    LIMIT = 10
    NAME = "config"


# prebuilt instances: constants of the program; their attributes count
ORIGIN = Point(0, 0)
UNIT = Point(1, 1)
# a prebuilt instance holding mutable state
STATE = Counter()


# instantiating a class and reading its attributes
def norm2(x, y):
    p = Point(x, y)
    return p.x * p.x + p.y * p.y


# writing an attribute from a function outside the class
def move(p, dx):
    p.x = p.x + dx
    return p


# isinstance narrowing of a base-class-typed node
def evaluate(e):
    if isinstance(e, Num):
        return e.value
    elif isinstance(e, Add):
        return evaluate(e.left) + evaluate(e.right)
    elif isinstance(e, Mul):
        return evaluate(e.left) * evaluate(e.right)
    return 0


# assert isinstance narrows too
def num_value(e):
    assert isinstance(e, Num)
    return e.value


# an attribute read through the base class (moves up to Shape)
def shape_size(sh):
    return sh.size


# `is None` narrowing of an instance-or-None
def head_value(lst):
    if lst is None:
        return -1
    return lst.value


# walking a linked list with `is not None`
def length(lst):
    n = 0
    while lst is not None:
        n += 1
        lst = lst.next
    return n


# building a linked list: Link or None
def build(n):
    head = None
    for i in range(n):
        head = Link(i, head)
    return head


# `is` between instances
def same(a, b):
    return a is b


# class attributes are constants
def limited(n):
    return min(n, Config.LIMIT) + len(Config.NAME)


# reading prebuilt instances
def dist_to_origin(p):
    return abs(p.x - ORIGIN.x) + abs(p.y - ORIGIN.y) + UNIT.x


# mutating the state of a prebuilt instance
def record(k):
    STATE.incr(k)
    return STATE.count + STATE.last


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    norm2(n, n + 1)
    p = move(Point(n, n), n)
    tree = Add(Num(n), Mul(Num(n + 1), Num(2)))
    evaluate(tree)
    num_value(Num(n))
    shape_size(Square(n))
    shape_size(Circle(n))
    head_value(None)
    lst = build(n + 2)
    head_value(lst)
    length(lst)
    same(p, ORIGIN)
    limited(n)
    dist_to_origin(p)
    record(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
