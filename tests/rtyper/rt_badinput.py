# Bad command-line input: int() of a non-number argument raises ValueError,
# which the program does not catch: the translated program prints the class
# name on stderr and exits with code 1, as CPython exits with 1.


def parse(arg):
    return int(arg)


def entry_point(argv):
    print("started", len(argv))
    total = 0
    for a in argv[1:]:
        total += parse(a)
    print("total", total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
