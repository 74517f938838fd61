"""Global constants, module attributes and builtins."""

import math
import os

LIMIT = 100
NAMES = ["alpha", "beta", "gamma"]
TABLE = {"a": 1, "b": 2}
GREETING = b"hello\n"


# reading global constants
def clamp(x):
    if x > LIMIT:
        return LIMIT
    return x


# indexing a global list constant and a global dict constant
def lookup(i, k):
    return len(NAMES[i]) + TABLE[k]


# module attribute call: os.write
def say_hello():
    os.write(1, GREETING)
    return os.write(1, b"bye\n")


# module attribute call: math.sqrt
def hypot(x, y):
    return math.sqrt(x * x + y * y)


# builtins len, abs, min, max
def spread(lst):
    lo = min(lst)
    hi = max(lst)
    return abs(hi - lo) + len(lst)


# builtins min/max with two arguments
def clip(x, lo, hi):
    return max(lo, min(x, hi))


# builtins isinstance
def kind(x):
    if isinstance(x, int):
        return 1
    return 0


# builtins enumerate and reversed
def weighted_reverse(lst):
    total = 0
    for i, x in enumerate(reversed(lst)):
        total += i * x
    return total


# builtins ord and chr
def shift_char(c, n):
    return chr(ord(c) + n)


# builtins str, int, float conversions
def conversions(n, s):
    a = str(n)
    b = int(s)
    c = float(b)
    return len(a) + int(c * 1.5)


# module function calls combining builtins
def normalize(lst):
    return clamp(spread(lst)) + clip(len(lst), 0, LIMIT)


from futamura.rlib.objectmodel import not_rpython


# an import-time helper, not flowed by default
@not_rpython
def squares(n):
    for i in range(n):
        yield i * i


TABLE = list(squares(5))


# reads the table built at import time
def table_entry(i):
    return TABLE[i]
