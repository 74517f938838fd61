"""Overflow checking with ovfcheck."""

from futamura.rlib.rarithmetic import ovfcheck


# ovfcheck on addition
def checked_add(a, b):
    try:
        z = ovfcheck(a + b)
    except OverflowError:
        z = 0
    return z


# ovfcheck on subtraction
def checked_sub(a, b):
    try:
        z = ovfcheck(a - b)
    except OverflowError:
        return -1
    return z


# ovfcheck on multiplication
def checked_mul(a, b):
    try:
        z = ovfcheck(a * b)
    except OverflowError:
        raise ValueError
    return z


# ovfcheck on left shift
def checked_lshift(a, n):
    try:
        return ovfcheck(a << n)
    except OverflowError:
        return 0


# ovfcheck inside a loop with break
def checked_factorial(n):
    result = 1
    for i in range(2, n + 1):
        try:
            result = ovfcheck(result * i)
        except OverflowError:
            result = -1
            break
    return result


# calls other ovfcheck helpers
def checked_combo(a, b):
    return checked_add(checked_mul(a, b), checked_sub(a, b))
