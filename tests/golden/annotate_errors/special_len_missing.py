# Refused: len() of an instance whose class (and subclasses) define no
# __len__ (a TypeError on CPython).


class Box(object):
    def __init__(self, items):
        self.items = items


def size(box):
    return len(box)  # <- error


def entry_point(argv):
    b = Box(argv)
    if len(argv) > 100:
        print(size(b))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
