# Refused: `add` takes two arguments but is called with three, which RPython
# detects when it matches the call to the function's signature.


def add(a, b):
    return a + b


def total(n):
    return add(n, n, n)  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        total(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
