# Refused: the attribute `y` is read but never assigned on any instance of
# Point, so RPython cannot give it a type.


class Point(object):
    def __init__(self, x):
        self.x = x


def get_y(p):
    return p.y  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    p = Point(len(argv))
    if p.x > 100:
        get_y(p)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
