# Refused: the builtin sum() is not supported by RPython, which knows only a
# fixed set of builtins; write the loop instead.


def total(n):
    return sum([n, n + 1])  # <- error


def entry_point(argv):
    total(len(argv))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
