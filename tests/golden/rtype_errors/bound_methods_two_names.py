# A variable holding bound methods of different names cannot be called.
class Acc(object):
    def __init__(self, start):
        self.total = start

    def add(self, x):
        self.total += x

    def mul(self, x):
        self.total *= x


def entry_point(argv):
    a = Acc(2)
    if len(argv) > 2:
        m = a.mul
    else:
        m = a.add
    m(5)  # <- error
    print(a.total)
    return 0
