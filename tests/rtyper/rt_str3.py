"""Expected failures moved out of rt_str.py (see /work/notes/rtyper-failures-prims.md)."""


def test_join_empty_literal(n, s):
    print("join []", "[" + "-".join([]) + "]")



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



def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_int_times_str(n, s)
    test_join_empty_literal(n, s)
    test_print_none_str(n, s)
    test_truth_none_str(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
