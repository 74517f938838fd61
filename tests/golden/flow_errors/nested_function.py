# Refused: RPython functions cannot create closures, and a nested function that
# captures a local of f needs a run-time cell for that local.


def f(n):
    add = lambda k: k + n  # <- error
    return add(1)
