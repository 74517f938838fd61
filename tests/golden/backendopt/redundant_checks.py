# futamura: rtype --after backendopt -O2 --no-positions --show get --show clamp
# Removal of redundant checks: in get, the inlined bounds test of l[i]
# (i >= len(l), numbered as "not i < len(l)" with the length read in the
# same memory state) is already known false where i < len(l) held; in clamp,
# the inner n > limit is the outer limit < n.


def get(l, i):
    if i < len(l):
        return l[i]
    return -1


def clamp(n, limit):
    if limit < n:
        if n > limit:
            return limit
        return -1
    return n


def entry_point(argv):
    print(get([1, 2, 3], len(argv)), clamp(len(argv) * 7, 10))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
