"""Conditional types: `is None`, isinstance and `type(x) is C` narrow a
variable on the branch where the test holds, also after a reflow has made
the variable more general (a first call with a constant, then a general one)."""


class A(object):
    pass


class B(A):
    def __init__(self):
        self.val = 42


class C(A):
    def __init__(self):
        self.val = "text"


class Sym(object):
    def __init__(self, name):
        self.name = name


# `is None` narrowing, first seen with the constant None
def or_default(x):
    if x is None:
        return Sym("default")
    return x


# isinstance narrowing after the argument generalizes from B to A
def b_value(x):
    if isinstance(x, B):
        return x.val + 1
    return 0


# type(x) is C narrows like isinstance
def c_text(x):
    if type(x) is C:
        return x.val
    return ""


def make(n):
    if n == 1:
        return B()
    return C()


class AppError(Exception):
    def __init__(self, msg):
        Exception.__init__(self, msg)
        self.msg = msg


# an exception class calling its base constructor
def fail(n):
    try:
        if n > 2:
            raise AppError("too many")
    except AppError as e:
        return e.msg
    return "ok"


def entry_point(argv):
    or_default(None)
    print(or_default(Sym(argv[0])).name)
    b_value(B())
    print(b_value(C()))
    print(c_text(make(len(argv))))
    print(fail(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
