"""Functions, classes and bound methods as first-class values; default and keyword arguments."""


# three functions with the same signature
def op_add(a, b):
    return a + b


# subtracts
def op_sub(a, b):
    return a - b


# multiplies
def op_mul(a, b):
    return a * b


OPS = [op_add, op_sub, op_mul]
DISPATCH = {"add": op_add, "sub": op_sub, "mul": op_mul}


class Pet(object):
    # the common base class of Cat and Dog
    def sound(self):
        return ""


class Cat(Pet):
    # same constructor signature as Dog
    def __init__(self, n):
        self.n = n

    # a sound
    def sound(self):
        return "meow" * self.n


class Dog(Pet):
    # same constructor signature as Cat
    def __init__(self, n):
        self.n = n

    # a sound
    def sound(self):
        return "woof" * self.n


class Accumulator(object):
    # the total starts at zero
    def __init__(self):
        self.total = 0

    # adds k and returns the new total
    def add(self, k):
        self.total += k
        return self.total


# a list of functions called in a loop
def apply_all(a, b):
    total = 0
    for f in OPS:
        total += f(a, b)
    return total


# a dict of functions indexed by a str
def dispatch(name, a, b):
    f = DISPATCH[name]
    return f(a, b)


# a variable holding one of two functions
def choose(flag, a, b):
    if flag:
        f = op_add
    else:
        f = op_mul
    return f(a, b)


# a function passed as an argument
def twice(f, a):
    return f(f(a, a), a)


# a variable holding one of two classes (with a common base), then instantiated
def make_pet(flag, n):
    if flag:
        cls = Cat
    else:
        cls = Dog
    pet = cls(n)
    return pet.sound()


# a bound method stored in a variable and called later
def call_later(acc, k):
    m = acc.add
    m(k)
    return m(k + 1)


# a bound method passed to another function
def apply_one(f, x):
    return f(x)


# default arguments
def scaled(x, factor=2, offset=0):
    return x * factor + offset


# calling with defaults, positionally and with keywords
def use_defaults(n):
    a = scaled(n) + scaled(n, 3)
    b = scaled(n, offset=1) + scaled(x=n, factor=4, offset=5)
    return a + b + scaled(n, offset=2, factor=3)


# a default argument that is a str, a keyword given out of order
def label(name, prefix="item", sep=":"):
    return prefix + sep + name


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    apply_all(n, n + 1)
    dispatch("sub", n, 2)
    choose(n > 1, n, 3)
    twice(op_mul, n)
    twice(op_sub, n)
    make_pet(n > 1, n)
    acc = Accumulator()
    call_later(acc, n)
    apply_one(acc.add, n)
    use_defaults(n)
    label(s)
    label(s, sep="=")
    label(s, sep="-", prefix="x")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
