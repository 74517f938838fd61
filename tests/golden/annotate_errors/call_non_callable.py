# Refused: `handler` is an int, and calling an integer is not an operation
# RPython (or Python) defines.


def run(n):
    handler = n * 2
    return handler(n)  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    n = len(argv)
    if n > 100:
        run(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
