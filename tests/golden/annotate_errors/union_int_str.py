# Refused: `value` is an int on one path and a str on the other, and an RPython
# variable has a single type (only None may join a nullable type).


def pick(n, s):
    if n > 1:
        value = n * 2
    else:
        value = "small " + s  # <- error
    return value


def entry_point(argv):
    pick(len(argv), argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
