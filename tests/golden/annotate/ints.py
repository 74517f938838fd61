"""Integers: arithmetic, non-negativity, machine words, ovfcheck, bool as int."""

from futamura.rlib.rarithmetic import intmask, ovfcheck, r_longlong, r_uint


# + - * and unary minus of ints
def arith(a, b):
    return a * b + a - b + (-a)


# // and % of ints are floor division and floor modulo, both ints
def floor_ops(a, b):
    q = a // b
    r = a % b
    return q * b + r


# / of two ints is a float
def true_div(a, b):
    return a / b


# len() is non-negative, and so is len() + 1
def length_plus_one(lst):
    return len(lst) + 1


# range indices are non-negative, and so is their sum
def sum_indices(n):
    total = 0
    for i in range(n):
        total += i
    return total


# x & 0xff is non-negative whatever the sign of x
def low_byte(x):
    return x & 0xff


# bit operations | ^ ~ << >>
def bit_mix(a, b):
    return ((a | b) ^ (a << 3)) + (~a) + (b >> 1)


# comparisons give bools, chained comparison
def in_range(x, lo, hi):
    return lo <= x < hi


# == and != of ints combined with `and`/`not`
def differs(a, b):
    return a != b and not a == 0


# bool is a subclass of int: True + an int is an int
def true_plus(n):
    return True + n


# a sum of comparison results is an int
def count_positive(a, b, c):
    return (a > 0) + (b > 0) + (c > 0)


# r_uint arithmetic stays unsigned and wraps
def uint_ops(n):
    u = r_uint(n)
    v = u * r_uint(3) + r_uint(1)
    return v >> 1


# an r_uint mixed with an int gives an r_uint
def uint_plus_int(n):
    return r_uint(n) + 5


# intmask turns an r_uint back into a signed int
def uint_to_int(n):
    u = r_uint(n) - r_uint(n + 1)
    return intmask(u)


# intmask of a product truncates to a machine word
def hash_step(h, c):
    return intmask(h * 1000003 + c)


# r_longlong arithmetic
def longlong_ops(n):
    x = r_longlong(n)
    return x * x + r_longlong(1)


# ovfcheck of an addition, OverflowError caught
def checked_add(a, b):
    try:
        return ovfcheck(a + b)
    except OverflowError:
        return -1


# ovfcheck of a multiplication assigned in the try block
def checked_mul(a, b):
    try:
        r = ovfcheck(a * b)
    except OverflowError:
        r = 0
    return r


# abs() of an int
def int_abs(x):
    return abs(x)


# min and max of two ints
def clamp(x, lo, hi):
    return min(max(x, lo), hi)


# int() of an int and of a bool
def to_int(x, flag):
    return int(x) + int(flag)


# while loop with tuple assignment (Euclid)
def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


# a shift by a masked amount
def pow2(n):
    return 1 << (n & 31)


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    m = n - 5
    arith(n, m)
    floor_ops(m, n + 2)
    true_div(n, n + 1)
    length_plus_one(argv)
    sum_indices(n + 3)
    low_byte(m)
    bit_mix(n, m)
    in_range(m, 0, n)
    differs(n, m)
    true_plus(n)
    count_positive(n, m, n - 1)
    uint_ops(n)
    uint_plus_int(n)
    uint_to_int(n)
    hash_step(m, n)
    longlong_ops(n)
    checked_add(n, m)
    checked_mul(n, n + 7)
    int_abs(m)
    clamp(m, 0, n)
    to_int(m, n > 1)
    gcd(n + 11, n + 3)
    pow2(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
