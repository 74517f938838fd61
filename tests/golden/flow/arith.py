"""Arithmetic, unary, comparison and membership operators."""


# BINARY_OP + - * on ints
def add_sub_mul(a, b):
    c = a + b
    d = a - b
    return c * d


# BINARY_OP / (true division) on floats
def true_div(x, y):
    return x / y


# BINARY_OP // and % on ints
def floordiv_mod(a, b):
    q = a // b
    r = a % b
    return q * b + r


# BINARY_OP ** on ints and floats
def power(a, x):
    i = a ** 3
    f = x ** 0.5
    return float(i) + f


# BINARY_OP << >> on ints
def shifts(a, n):
    left = a << n
    right = a >> n
    return left - right


# BINARY_OP & | ^ on ints
def bitwise(a, b):
    x = a & b
    y = a | b
    z = a ^ b
    return x + y + z


# unary - + ~ and not
def unary_ops(a, flag):
    n = -a
    p = +a
    i = ~a
    neg = not flag
    if not flag:
        return n + p
    return i + int(neg)


# comparisons < <= == != > >=
def compare_all(a, b):
    count = 0
    if a < b:
        count += 1
    if a <= b:
        count += 2
    if a == b:
        count += 4
    if a != b:
        count += 8
    if a > b:
        count += 16
    if a >= b:
        count += 32
    return count


# chained comparisons
def chained(lo, x, hi):
    if lo <= x < hi:
        return 1
    if lo < x == hi:
        return 2
    return 0


# is / is not / is None
def identity(a, b):
    if a is None:
        return 0
    if a is b:
        return 1
    if b is not None:
        return 2
    return 3


# is / is not / not used as boolean values
def identity_values(a, b):
    same = a is b
    diff = a is not None
    return not same and diff


# in / not in on list and dict
def membership(x, lst, d):
    if x in lst:
        return 1
    if x not in d:
        return 2
    return 3


# augmented assignment on locals with every operator
def augmented_locals(a, b):
    a += b
    a -= 1
    a *= 3
    a //= 2
    a %= 1000
    a **= 2
    a <<= 1
    a >>= 2
    a &= 0xFFFF
    a |= 1
    a ^= b
    return a


# augmented true division on a float local
def augmented_float(x):
    x /= 2.0
    x += 1.5
    return x


# calls of module functions combining arithmetic helpers
def arith_combo(a, b):
    return add_sub_mul(a, b) + floordiv_mod(a, b) + bitwise(a, b)
