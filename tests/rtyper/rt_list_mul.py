# [x] * n is one allocation filled with x (ll_alloc_and_set); [a, b] * n
# repeats; negative counts give empty lists; -0.0 stays -0.0.

def entry_point(argv):
    n = len(argv) + 2
    a = [0] * n
    b = n * [1.5]
    c = [None] * n
    d = ["x"] * -1
    e = [-0.0] * 2
    f = [1, 2] * n
    a[1] = 7
    print(a, b, len(c), c[0] is None, d, e, f)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
