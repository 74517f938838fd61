# futamura: hint --inline --no-positions
# Allocations that do not escape the analysed code are virtual candidates
# (B; the followed calls inlined, so that allocations are in the portal):
# `p` and the `pair` holding it are allocated, read and dropped within an
# iteration; `q` is stored into a list that lives across iterations, so it
# escapes (R), as does the result `r`.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "log"])


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Pair(object):
    def __init__(self, a, b):
        self.a = a
        self.b = b


def interpret(acc):
    pc = 0
    log = []
    while True:
        driver.jit_merge_point(pc=pc, acc=acc, log=log)
        p = Point(acc, pc)
        pair = Pair(p, p)
        acc = pair.a.x + pair.b.y + 1
        q = Point(acc, 0)
        log.append(q)
        pc += 1
        if pc == 5:
            r = Point(acc, len(log))
            return r


def entry_point(argv):
    r = interpret(len(argv))
    print(r.x, r.y)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
