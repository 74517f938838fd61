# Refused: the attribute `value` is an int in __init__ and a str in relabel(),
# and an RPython attribute has one type for all instances of its class.


class Box(object):
    def __init__(self, n):
        self.value = n

    def relabel(self, s):
        self.value = s  # <- error


def entry_point(argv):
    b = Box(len(argv))
    b.relabel(argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
