"""Expected failures moved out of rt_char_bool.py (see /work/notes/rtyper-failures-prims.md)."""


def test_char_in_str(n, s):
    c = s[0]
    print("charin", c in "abc", c in "xyz", "b" in s, chr(96 + n) in "abcdef", c not in "q")


def test_nonascii_chars(n, s):
    c = chr(233)
    d = chr(0x263a)
    print("nonascii", ord(c), ord(d), c.isalpha(), len(c + d), c < d)


def test_unicode_case(n, s):
    t = "h" + chr(233) + "llo W" + chr(214) + "rld " + chr(0x4e16) + s
    print("unicode case", t.upper(), t.lower(), t.isalpha(), chr(0x4e16).isalpha(), chr(0x663).isdigit())


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_char_in_str(n, s)
    test_nonascii_chars(n, s)
    test_unicode_case(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
