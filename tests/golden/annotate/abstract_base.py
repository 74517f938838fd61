"""Methods defined only in the subclasses of an abstract base, called through the base."""

class Node(object):
    pass

class Num(Node):
    def __init__(self, v):
        self.v = v
    def eval(self):
        return self.v

class Add(Node):
    def __init__(self, l, r):
        self.l = l
        self.r = r
    def eval(self):
        return self.l.eval() + self.r.eval()

def entry_point(argv):
    n = Add(Num(len(argv)), Num(2))
    tree = n if len(argv) > 1 else Num(3)
    print(tree.eval())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
