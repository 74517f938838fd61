# Refused: defining a class inside a function builds a new class at run time,
# and RPython requires every class to exist at import time.


def f(n):
    class Box:  # <- error
        pass

    b = Box()
    b.value = n
    return b.value
