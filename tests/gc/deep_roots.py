# Unbounded recursion with many GC pointers live in every frame: the
# framework GCs' shadow stack fills as fast as the C stack, and either
# overflow is the uncaught RecursionError (exit 1), never a crash.


class Box(object):
    def __init__(self, v):
        self.v = v


def rec(n, a, b, c, d, e, f, g, h, i):
    if n < 0:  # (never)
        return 0
    x = Box(n)
    r = rec(n + 1, x, a, b, c, d, e, f, g, h)
    return r + a.v + b.v + c.v + d.v + e.v + f.v + g.v + h.v + i.v + x.v


def entry_point(argv):
    bs = [Box(k) for k in range(9)]
    print("start")
    print(rec(0, bs[0], bs[1], bs[2], bs[3], bs[4], bs[5], bs[6], bs[7], bs[8]))
    return 0


if __name__ == "__main__":
    import sys
    entry_point(sys.argv)
