"""Specialization hints: argtype, arg, memo, call_location; we_are_translated()."""

from futamura.rlib.objectmodel import specialize, we_are_translated


class A(object):
    # a class with two int attributes
    def __init__(self, x, y):
        self.x = x
        self.y = y


class B(A):
    pass


# one graph per argument type: called with an int and with a str
@specialize.argtype(0)
def double(x):
    return x + x


# one graph per argument type: str() of an int, a float and a str
@specialize.argtype(0)
def describe(x):
    return "<" + str(x) + ">"


# memo: called with constant ints only, computed at translation time
@specialize.memo()
def squares_table(n):
    return [i * i for i in range(n)]


# memo: called with classes, computed at translation time
@specialize.memo()
def class_name(cls):
    return cls.__name__


# one graph per constant value of argument 1: getattr with a constant name
@specialize.arg(1)
def get_field(obj, name):
    return getattr(obj, name)


# one graph per constant value of argument 1: a constant loop count
@specialize.arg(1)
def shift_times(x, times):
    for i in range(times):
        x = x * 2
    return x


# one graph per call site
@specialize.call_location()
def identity(x):
    return x


# uses the argtype specializations
def use_double(n, s):
    return double(n) + len(double(s))


# uses describe on three types
def use_describe(n, x, s):
    return describe(n) + describe(x) + describe(s)


# uses the memo function with constants
def lookup_square(i):
    table = squares_table(16)
    return table[i & 15]


# uses the memo function with classes
def both_names():
    return class_name(A) + class_name(B)


# uses get_field with two constant names
def field_sum(obj):
    return get_field(obj, "x") + get_field(obj, "y")


# uses shift_times with two constants
def shifts(n):
    return shift_times(n, 1) + shift_times(n, 3)


# uses identity with an int at one site and a str at another
def identities(n, s):
    return identity(n) + len(identity(s))


# we_are_translated(): False on CPython, True once translated
def platform_name():
    if we_are_translated():
        return "native"
    return "cpython"


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    use_double(n, s)
    use_describe(n, float(n), s)
    lookup_square(n)
    both_names()
    field_sum(B(n, n + 1))
    shifts(n)
    identities(n, s)
    platform_name()
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
