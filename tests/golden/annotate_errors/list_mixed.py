# Refused: the list receives an int and then a str, and an RPython list has one
# item type.


def build(n, s):
    items = []
    items.append(n)
    items.append(s)  # <- error
    return len(items)


def entry_point(argv):
    build(len(argv), argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
