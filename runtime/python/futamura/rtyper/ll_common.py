"""Hash, equality and ordering of primitive values, in low-level Python.

The list and dict helpers (ll_list.py, ll_dict.py) are templates over how
their items compare: they receive these functions as constant arguments
(`EQ`, `LT`, `HASH`) and call them as `EQ(a, b)`, `LT(a, b)`, `HASH(x)`. The
rtyper passes the functions below for ints, bools, chars and floats (and
`ll_eq_prim` for pointer identity: instances, classes); strings bring their
own from ll_str.py.

  ll_eq_prim(a, b)    a == b (pointers: the same object)
  ll_lt_prim(a, b)    a < b
  ll_hash_int(i)      i itself
  ll_hash_bool(b)     1 or 0 (as hash(True), hash(False) on CPython)
  ll_hash_char(c)     ord(c)
  ll_hash_float(f)    int(f) when f is integral and |f| < 2**62; otherwise
                      a mix of the mantissa and exponent of f. Equal floats
                      (0.0 and -0.0 included) hash equal; inf and -inf give
                      +-314159 as on CPython, nan gives 0

A hash only has to agree with the matching equality: keys of a dict all have
the same low-level type, so the hash of an int never meets that of a float.
"""

from futamura.rlib.rarithmetic import intmask

# Bounds for ll_hash_float: int() of a float outside the Signed range is
# undefined in C; 2**52 <= a < 2**53 are the floats with a unit last digit.
_TWO62 = 4611686018427387904.0
_TWO52 = 4503599627370496.0
_TWO53 = 9007199254740992.0


def ll_eq_prim(a, b):
    return a == b


def ll_lt_prim(a, b):
    return a < b


def ll_hash_int(i):
    return i


def ll_hash_bool(b):
    if b:
        return 1
    return 0


def ll_hash_char(c):
    return ord(c)


def ll_hash_float(f):
    if f - f != 0.0:
        # inf - inf and nan - nan are nan: not a finite number.
        if f > 0.0:
            return 314159
        if f < 0.0:
            return -314159
        return 0
    if f < _TWO62 and f > -_TWO62:
        i = int(f)
        if float(i) == f:
            return i  # integral (0.0 and -0.0 included)
    # f == +-a * 2**e with a an integer in [2**52, 2**53): exact scalings by
    # powers of two, first by 2**32, then 2**16, ... 2**1.
    a = f
    if a < 0.0:
        a = 0.0 - a
    e = 0
    step = 32
    while step > 0:
        scale = float(1 << step)
        while a >= _TWO52 * scale:
            a = a / scale
            e += step
        while a * scale < _TWO53:
            a = a * scale
            e -= step
        step = step >> 1
    h = intmask(int(a) * 1000003) ^ e
    if f < 0.0:
        h = ~h
    return h
