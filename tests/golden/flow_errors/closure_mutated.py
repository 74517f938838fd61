# Refused: RPython functions cannot create closures, and a `nonlocal` write
# turns f's variable into a shared, mutable cell.


def f(n):
    def bump():  # <- error
        nonlocal n
        n += 1

    bump()
    return n
