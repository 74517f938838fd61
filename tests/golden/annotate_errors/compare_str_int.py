# Refused: `s < 3` orders a str against an int, which RPython (like Python 3)
# does not define.


def is_small(s):
    return s < 3  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    if len(argv) > 100:
        is_small(argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
