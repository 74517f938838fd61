"""Floats: arithmetic, mixing with ints, conversions, the math module."""

import math


# + - * / of floats
def farith(x, y):
    return (x + y) * (x - y) / (y + 1.0)


# an int mixed with a float gives a float
def mix(n, x):
    return n * x + n


# float() of an int
def to_float(n):
    return float(n) + 0.5


# int() of a float truncates to an int
def truncate(x):
    return int(x * 2.5)


# // and % of floats are floats
def float_floor(x, y):
    return x // y + x % y


# unary minus, abs, min and max of floats
def spread(x, y):
    return max(abs(-x), min(x, y))


# comparisons of floats give bools
def close(x, y):
    return abs(x - y) < 1e-9


# the average of two ints with / is a float
def average(a, b):
    return (a + b) / 2


# math.sqrt
def hypot(x, y):
    return math.sqrt(x * x + y * y)


# math.floor and math.ceil (ints in Python 3)
def floor_ceil(x):
    return math.floor(x) + math.ceil(x)


# math.sin and math.cos
def unit(x):
    return math.sin(x) * math.sin(x) + math.cos(x) * math.cos(x)


# math.exp, math.log and math.fabs
def exp_log(x):
    return math.log(math.exp(x)) + math.fabs(x)


# the module constant math.pi
def circle_area(r):
    return math.pi * r * r


# float accumulation in a loop over a list of floats
def mean(values):
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


# an int on one path and a float on the other merge to a float
def half_or_zero(x):
    if x > 1.0:
        y = x / 2.0
    else:
        y = 0
    return y


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    x = float(n)
    y = x + 1.5
    farith(x, y)
    mix(n, y)
    to_float(n)
    truncate(y)
    float_floor(y, x)
    spread(x, y)
    close(x, y)
    average(n, n + 1)
    hypot(x, y)
    floor_ceil(y)
    unit(x)
    exp_log(x)
    circle_area(y)
    mean([x, y, x * y])
    half_or_zero(y)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
