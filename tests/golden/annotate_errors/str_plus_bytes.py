# Refused: str and bytes are two different string types in RPython (as in
# Python 3), and there is no `+` between them.


def join(s, b):
    return s + b  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    s = argv[0]
    b = s.encode("utf-8")
    if len(argv) > 100:
        join(s, b)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
