# Refused: after `del x` the local is undefined, so a later read of x is an
# UnboundLocalError that the flow space reports as not RPython.


def f(n):
    x = n * 2
    del x
    return x  # <- error
