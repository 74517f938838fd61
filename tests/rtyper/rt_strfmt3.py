"""Float format specs with grouping (, _) and # (were expected failures of rt_strfmt.py)."""


def test_fstring_float_grouping(n, s):
    y = n / 7.0
    print(f"[{y * 1e6:,.2f}] [{y * 1e9:_f}] [{y:#.0f}] [{y * 1e7:,}]")


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_fstring_float_grouping(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
