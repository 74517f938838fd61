# Refused: `for x in n` iterates over an int (range() was forgotten), and
# RPython has no iterator for integers.


def count_up(n):
    total = 0
    for x in n:  # <- error
        total += x
    return total


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        count_up(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
