# Refused: `scale` has no parameter named `factor`, so the keyword argument
# matches nothing in its signature.


def scale(x, k=1):
    return x * k


def doubled(n):
    return scale(n, factor=2)  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        doubled(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
