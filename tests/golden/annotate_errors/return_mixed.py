# Refused: the function returns an int on one path and a str on the other, and
# an RPython function has one return type.


def describe(n):
    if n > 1:
        return n
    return "few"  # <- error


def entry_point(argv):
    describe(len(argv))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
