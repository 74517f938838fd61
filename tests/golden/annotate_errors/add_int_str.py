# Refused: `n + s` adds an int to a str, and RPython has no `+` between an
# integer and a string.


def label(n, s):
    return n + s  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        label(n, argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
