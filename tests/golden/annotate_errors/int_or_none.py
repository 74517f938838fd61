# Refused: the function returns an int or None, and an RPython int cannot be
# None (only instances and strings are nullable).


def find(lst, x):
    for i in range(len(lst)):
        if lst[i] == x:
            return i
    return None  # <- error


def entry_point(argv):
    n = len(argv)
    find([n, n + 1], n + 1)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
