# Refused: the tuple holds an int and a str, so indexing it with a non-constant
# index has no single result type.


def pick(n, s):
    t = (n, s)
    i = n % 2
    return t[i]  # <- error


def entry_point(argv):
    pick(len(argv), argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
