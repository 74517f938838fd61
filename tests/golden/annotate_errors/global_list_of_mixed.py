# Refused: the prebuilt list ITEMS holds an int and a str, and a list constant
# must have one item type like any RPython list.

ITEMS = [1, "two", 3]


def item(i):
    return ITEMS[i]  # <- error


def entry_point(argv):
    item(len(argv) % 3)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
