# Refused: a generator expression compiles to a nested generator function, and
# Futamura's flow space does not support generators.


def f(xs):
    return sum(x * x for x in xs)  # <- error
