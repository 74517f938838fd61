"""Char and bool reprs: ord/chr, char comparisons and methods, bool logic."""


def test_ord_chr(n, s):
    c = s[0]
    print("ordchr", ord(c), chr(ord(c) + n), ord("A"), chr(65 + n), ord(chr(n + 96)))


def test_char_compare(n, s):
    c = s[0]
    d = chr(ord(c) + n)
    print("charcmp", c == "a", c != "a", c < d, c <= d, c > d, c >= d, d == "d", c < "b")


def test_char_methods(n, s):
    chars = ["a", "Z", "5", " ", "\t", "_", "\n", chr(n + 47), s[0]]
    for c in chars:
        print("char", repr(c), c.isdigit(), c.isalpha(), c.isalnum(), c.isupper(), c.islower(), c.isspace())


def test_char_upper_lower(n, s):
    c = s[0]
    print("updown", c.upper(), c.lower(), "Q".lower(), "q".upper(), "3".upper(), chr(n + 64).lower())


def test_char_concat(n, s):
    c = s[0]
    d = chr(ord(c) + 1)
    t = c + d
    u = c * n
    print("charcat", t, u, len(t), len(u), d + "xyz", "xyz" + c)


def test_char_str_repr(n, s):
    c = s[0]
    q = "'"
    dq = '"'
    nl = "\n"
    bs = "\\"
    print("charrepr", str(c), repr(c), repr(q), repr(dq), repr(nl), repr(bs), repr(chr(n)), repr(chr(127)))


def test_char_as_dict_like_switch(n, s):
    c = s[0]
    if c == "a":
        r = 1
    elif c == "b":
        r = 2
    else:
        r = 3
    print("switch", r)


def test_char_arith_ord(n, s):
    total = 0
    word = "hello" + s
    for c in word:
        total += ord(c) - ord("a")
    print("ordsum", total)


def test_caesar(n, s):
    msg = "attack at dawn"
    out = ""
    for c in msg:
        if c.isalpha():
            out += chr((ord(c) - 97 + n) % 26 + 97)
        else:
            out += c
    print("caesar", out)


def test_bool_ops(n, s):
    t = n > 2
    f = n > 5
    print("boolops", t and f, t or f, not t, not f, t and t, f or f, t == f, t != f)


def test_bool_arith(n, s):
    t = n > 2
    f = n < 2
    print("boolarith", t + t, t - f, t * n, -t, t & f, t | f, t ^ f, t ^ t)


def test_bool_compare(n, s):
    t = n > 2
    f = n < 2
    print("boolcmp", t > f, t < f, t >= t, f <= t, t == True, f == False, t == 1, f == 0)


def test_bool_str(n, s):
    t = n > 2
    f = n < 2
    print("boolstr", str(t), str(f), repr(t), repr(f), "x" + str(t))


def test_bool_int_conversions(n, s):
    t = n > 2
    f = n < 2
    print("boolconv", int(t), int(f), float(t), bool(n), bool(0), bool(s), bool(""), bool(0.0))


def test_bool_return(n, s):
    print("isodd", is_odd(n), is_odd(n + 1), is_odd(-n))


def is_odd(x):
    return x % 2 == 1


def test_bool_short_circuit(n, s):
    counter = [0]
    r1 = bump(counter, False) and bump(counter, True)
    r2 = bump(counter, True) or bump(counter, True)
    r3 = bump(counter, n > 1) and bump(counter, n > 2)
    print("shortcircuit", r1, r2, r3, counter[0])


def bump(counter, value):
    counter[0] += 1
    return value


def test_bool_in_list(n, s):
    flags = [n > 1, n > 2, n > 3, n > 4]
    count = 0
    for b in flags:
        if b:
            count += 1
    print("flags", count, flags[0], flags[3])


def test_bool_max_min(n, s):
    t = n > 2
    f = n < 2
    print("boolmaxmin", max(t, f), min(t, f), abs(t))


def test_char_ranges(n, s):
    c = chr(ord("a") + n)
    print("ranges", "a" <= c <= "z", "0" <= c <= "9", "A" <= c.upper() <= "Z")


def test_chr_all_ascii(n, s):
    out = ""
    i = 32 + n
    while i < 127:
        out += chr(i)
        i += 7
    print("ascii", out)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_ord_chr(n, s)
    test_char_compare(n, s)
    test_char_compare(1, argv[2])
    test_char_methods(n, s)
    test_char_upper_lower(n, s)
    test_char_concat(n, s)
    test_char_str_repr(n, s)
    test_char_as_dict_like_switch(n, s)
    test_char_as_dict_like_switch(n, argv[2])
    test_char_arith_ord(n, s)
    test_caesar(n, s)
    test_bool_ops(n, s)
    test_bool_arith(n, s)
    test_bool_compare(n, s)
    test_bool_str(n, s)
    test_bool_int_conversions(n, s)
    test_bool_return(n, s)
    test_bool_short_circuit(n, s)
    test_bool_in_list(n, s)
    test_bool_max_min(n, s)
    test_char_ranges(n, s)
    test_chr_all_ascii(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
