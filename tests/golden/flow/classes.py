"""Classes, methods, inheritance, attribute get/set/del."""


class Shape(object):
    def __init__(self, name):
        self.name = name
        self.scale = 1

    def area(self):
        return 0

    def describe(self):
        return self.name + ":" + str(self.area())

    def grow(self, k):
        self.scale = self.scale * k
        return self.scale


class Rect(Shape):
    def __init__(self, w, h):
        Shape.__init__(self, "rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h * self.scale

    def grow(self, k):
        s = Shape.grow(self, k)
        self.w += s
        return s


class Square(Rect):
    def __init__(self, side):
        Rect.__init__(self, side, side)
        self.name = "square"


class Node(object):
    def __init__(self, value, next):
        self.value = value
        self.next = next


# calling classes to instantiate
def make_rect(w, h):
    return Rect(w, h)


# method call obj.method(a)
def grow_rect(r, k):
    return r.grow(k) + r.area()


# attribute get and set
def move(r, dx):
    r.w = r.w + dx
    r.h = dx
    return r.w


# attribute delete
def drop_name(s):
    del s.name
    return s.scale


# polymorphic method call through the base class
def total_area(shapes):
    total = 0
    for s in shapes:
        total += s.area()
    return total


# instantiate several classes and call methods
def build_shapes(n):
    shapes = [Rect(n, n + 1), Square(n), Shape("dot")]
    return total_area(shapes) + len(shapes[0].describe())


# linked list built from instances, walked with a while loop
def list_length(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    count = 0
    while head is not None:
        count += head.value
        head = head.next
    return count


# isinstance check on instances
def is_square(s):
    if isinstance(s, Square):
        return s.w
    return -1
