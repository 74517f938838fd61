# Refused: the dict stores an int value and then a str value, and an RPython
# dict has one value type.


def record(n, s):
    d = {}
    d["count"] = n
    d["name"] = s  # <- error
    return len(d)


def entry_point(argv):
    record(len(argv), argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
