"""float(str) edge cases and round(x, ndigits) (were expected failures of rt_float.py)."""
import math


def test_float_of_bad_str(n, s):
    strs = ["", "abc", "1.5x", s]
    for t in strs:
        try:
            print("float ok", float(t))
        except ValueError:
            print("float ValueError", len(t))


def test_round_ndigits(n, s):
    print("round2", round(3.14159, 2), round(n * 1.23456, n), round(-2.675, 2))


def test_float_of_str(n, s):
    strs = ["1.5", "-2.25", "3", "1e10", "  7.5  ", "-0.0", "1E-3", ".5", "5."]
    for t in strs:
        print("float(str)", float(t))


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_float_of_str(n, s)
    test_float_of_bad_str(n, s)
    test_round_ndigits(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
