# Refused: a function containing `yield` is a generator, and Futamura's flow
# space only builds graphs for ordinary functions that run to a single return.


def f(n):
    i = 0
    while i < n:
        yield i  # <- error
        i += 1
