"""Expected failures moved out of rt_str.py (see /work/notes/rtyper-failures-prims.md)."""


def test_join_empty_literal(n, s):
    print("join []", "[" + "-".join([]) + "]")


def test_slice_step(n, s):
    t = "abcdefghij"
    print("step", t[::2], t[1::n], t[::-1], t[n::-1], t[::-n], t[8:2:-2], t[2:8:n])


def test_print_none_str(n, s):
    y = None
    if n > 10:
        y = "nope"
    print("optional none", y)
    print("str none " + str(y))


def test_truth_none_str(n, s):
    y = None
    if n > 10:
        y = "nope"
    if y:
        print("y true")
    else:
        print("y false")


def test_int_times_str(n, s):
    t = "ab" + s
    print("rmul", n * t, 2 * t, 0 * t)


def test_reverse_slice(n, s):
    words = ["racecar", "hello", "", s + "b"]
    for w in words:
        print("revslice", w[::-1], w == w[::-1])


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_slice_step(n, s)
    test_int_times_str(n, s)
    test_join_empty_literal(n, s)
    test_reverse_slice(n, s)
    test_print_none_str(n, s)
    test_truth_none_str(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
