# Refused: log_value() has no return statement, so its result is always None,
# and RPython cannot add an int to None.


def log_value(n):
    print(n)


def total(n):
    result = log_value(n)
    return result + 1  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        total(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
