# Refused: RPython treats module globals as constants, so writing to one with
# `global` (STORE_GLOBAL) is not allowed.

counter = 0


def f():
    global counter
    counter += 1  # <- error
    return counter
