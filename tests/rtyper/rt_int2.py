"""Expected failures moved out of rt_int.py (see /work/notes/rtyper-failures-prims.md)."""
from futamura.rlib.rarithmetic import r_uint, intmask, ovfcheck, sys_maxint


def test_divmod_builtin(n, s):
    q, r = divmod(-17 - n, 5)
    q2, r2 = divmod(17 + n, -5)
    print("divmod", q, r, q2, r2)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_divmod_builtin(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
