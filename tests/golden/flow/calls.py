"""Keyword arguments, defaults, star-args, module function calls."""


# plain positional function used by the callers below
def add3(a, b, c):
    return a + b + c


# default arguments
def scale(x, factor=2, offset=0):
    return x * factor + offset


# call using only positional arguments and defaults
def call_defaults(x):
    return scale(x) + scale(x, 3)


# call with keyword arguments
def call_keywords(x):
    return scale(x, offset=1) + scale(x, factor=5, offset=-1)


# call with all keyword arguments in non-declaration order
def call_reordered(x):
    return add3(c=x, a=1, b=2)


# star-args call with a tuple
def call_star(t):
    return add3(*t)


# star-args call with a tuple built locally
def call_star_local(a, b):
    args = (a, b, a * b)
    return add3(*args)


# string default of None used as a sentinel
def maybe(s, default=None):
    if default is None:
        return s
    return default


# recursion
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


# mutual recursion
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


# mutual recursion, second half
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


# calls to several module functions, nested call arguments
def call_chain(x):
    return add3(fact(x), scale(x, offset=fact(2)), call_star((1, 2, 3)))


# star-args together with keyword arguments
def call_star_keywords(t):
    return scale(*t, offset=1)


# positional arguments before *args
def call_pos_star(t):
    return add3(1, *t)
