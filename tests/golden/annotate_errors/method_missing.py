# Refused: no class in the program defines a method `frobnicate`, so the call
# through a Widget has nothing to call.


class Widget(object):
    def __init__(self, size):
        self.size = size

    def grow(self):
        self.size += 1


def poke(w):
    w.grow()
    return w.frobnicate()  # <- error


# the call is guarded so that the program still runs on CPython
def entry_point(argv):
    w = Widget(len(argv))
    if w.size > 100:
        poke(w)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
