# Refused: `yield from` delegates to a sub-iterator as a generator, and
# generator delegation has no RPython flow graph equivalent.


def f(items):
    yield from items  # <- error
