"""String methods that were expected failures of rt_str_methods.py (rindex, splitlines(keepends),
ljust/rjust/center/zfill, capitalize/title/swapcase)."""


def test_splitlines_keepends(n, s):
    t = "one\ntwo\r\nthree\rfour\n\n" + s
    kept = t.splitlines(True)
    print("keepends", len(kept), repr("|".join(kept)))


def test_capitalize_title_swapcase(n, s):
    t = "hello wORLD " + s
    print("case2", t.capitalize(), t.title(), t.swapcase())


def test_rindex(n, s):
    t = "abcabcabc" + s
    print("rindex", t.rindex("abc"), t.rindex("a", 0, n + 1))
    try:
        t.rindex("zz")
    except ValueError:
        print("rindex ValueError")


def test_ljust_rjust_center(n, s):
    t = "ab" + s
    print("[" + t.ljust(8) + "]", "[" + t.rjust(8) + "]", "[" + t.center(9) + "]", "[" + t.ljust(2) + "]",
          "[" + t.rjust(n + 5, "*") + "]", "[" + t.center(8, "-") + "]")


def test_zfill(n, s):
    print("zfill", str(n).zfill(5), str(-n).zfill(5), "abc".zfill(n), "+12".zfill(6))


def test_splitlines(n, s):
    t = "one\ntwo\r\nthree\rfour\n\n" + s
    lines = t.splitlines()
    print("splitlines", len(lines), "|".join(lines))
    print("splitlines2", len("".splitlines()), len("x".splitlines()), len("\n".splitlines()))


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_rindex(n, s)
    test_splitlines(n, s)
    test_splitlines_keepends(n, s)
    test_ljust_rjust_center(n, s)
    test_zfill(n, s)
    test_capitalize_title_swapcase(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
