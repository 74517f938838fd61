# Refused: __iter__ must return an iterator (iter(...) of a container, or an
# instance with __next__); this one returns the list itself.


class Bag(object):
    def __init__(self):
        self.things = [1, 2, 3]

    def __iter__(self):
        return self.things


def entry_point(argv):
    total = 0
    for x in Bag():  # <- error
        total += x
    print(total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
