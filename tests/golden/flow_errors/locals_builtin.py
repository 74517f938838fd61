# Refused: a function calling locals() is not RPython, because its locals are not
# a dictionary that exists at run time.


def f(n):
    m = n + 1
    d = locals()  # <- error
    return len(d) + m
