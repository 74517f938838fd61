"""String formatting: f-strings (with and without format specs), %-formatting,
str()/repr() of values."""


def test_fstring_plain(n, s):
    x = n * 7
    f = n * 0.25
    b = n > 2
    print(f"plain {x} {s} {f} {b} {-x}")
    print(f"{x}{x}{s}")
    print(f"no fields")
    print(f"")


def test_fstring_expr(n, s):
    print(f"expr {n + 1} {n * n} {len(s)} {s + s} {s.upper()} {str(n)}")


def test_fstring_conversions(n, s):
    f = n * 0.5
    print(f"conv {s!r} {n!r} {f!r} {s!s} {n > 1!r}")


def test_fstring_quotes(n, s):
    t = "it's"
    print(f"quote {t!r} {'x' + s!r}")


def test_fstring_braces(n, s):
    print(f"braces {{ {n} }} {{}}")


def test_fstring_in_loop(n, s):
    out = ""
    i = 0
    while i < n + 2:
        out += f"[{i}:{i * i}]"
        i += 1
    print(out)


def test_percent_s(n, s):
    print("pct %s and %s" % (s, "lit"))
    print("pct %s%s" % (s, s))


def test_percent_s_values(n, s):
    print("pct %s %s %s" % (n, n * 0.5, n > 2))


def test_percent_r(n, s):
    print("pct %r %r %r" % (s, n, "it's"))


def test_str_of_numbers(n, s):
    print("str " + str(n) + " " + str(-n * 100) + " " + str(n * 1.5) + " " + str(n < 0))


def test_repr_vs_str(n, s):
    t = "x'y" + s
    print("reprstr", str(t), repr(t), str(n), repr(n), repr(n * 0.1), str(n * 0.1))


def test_fstring_chars(n, s):
    c = s[0]
    d = chr(ord(c) + n)
    print(f"chars <{c}{d}> {c!r} {d + c}")


def test_fstring_floats(n, s):
    vals = [n * 0.1, -n * 2.5, 1e20 * n, 1.0 / (n * 1000000.0), n * 1e308 * 10.0]
    for v in vals:
        print(f"float {v} {v!r} {-v}")


def test_fstring_multi_line(n, s):
    text = (f"line1 {n}\n"
            f"line2 {s}\n"
            f"line3 {n * 2}")
    print(text)
    print(len(text))


def test_fstring_nested_calls(n, s):
    print(f"nested {helper_fmt(n)} {helper_fmt(n + 1)} {f'inner {n}'}")


def helper_fmt(x):
    return f"<{x}:{x % 2 == 0}>"


def test_percent_tuple_mixed(n, s):
    print("mixed %s|%s|%s|%s|%r" % (n, -n * 0.5, s, n == 3, s + "'"))


def test_fstring_escapes(n, s):
    print(f"tab\t{n}\tend quote\" {s}")


def test_str_concat_numbers(n, s):
    parts = []
    i = 0
    while i < n + 2:
        parts.append(f"{i}={i * 0.5}")
        i += 1
    print(", ".join(parts))


def test_percent_single_int(n, s):
    t = "value=%d" % n
    print(t, len(t))


def test_fstring_str_spec(n, s):
    t = "abc" + s
    print(f"[{t:10}] [{t:>10}] [{t:^10}] [{t:<10}] [{t:*^9}] [{t:.2}] [{t:6.3}] [{t:2}]")


def test_fstring_float_exp_general(n, s):
    y = n * 12345.678
    print(f"[{y:e}] [{y:.2e}] [{y:E}] [{y:g}] [{y:.3g}] [{y / 1e9:g}] [{y:G}] [{y:.10g}]")


def test_fstring_int_bases(n, s):
    x = n * 85
    print(f"[{x:x}] [{x:X}] [{x:o}] [{x:b}] [{x:#x}] [{x:#o}] [{x:#b}] [{x:08x}] [{-x:x}]")


def test_percent_c(n, s):
    print("pct %c%c" % ("x", s[0]))


def test_percent_s_width(n, s):
    print("pct [%10s] [%-10s]" % (s, s))


def test_fstring_int_align(n, s):
    x = n * 123
    print(f"[{x:>8}] [{x:<8}] [{x:^8}] [{x:*>8}] [{x:-<8}] [{x:+d}] [{-x:+d}] [{x: d}]")


def test_fstring_int_width(n, s):
    x = n * 7
    print(f"[{x:5d}] [{x:<5d}] [{x:^5d}] [{-x:5d}] [{x:05d}] [{x:d}]")


def test_percent_s_single(n, s):
    print("pct %s" % s)


def test_percent_d(n, s):
    x = n * 11
    print("pct %d %d %d" % (x, -x, 0))
    print("pct %i|%5d|%-5d|%05d|%+d" % (x, x, x, x, x))


def test_fstring_int_grouping(n, s):
    x = n * 1234567
    print(f"[{x:,}] [{x:_}] [{-x:,d}] [{x:15,}] [{x:_x}]")


def test_fstring_float_misc(n, s):
    y = n * 0.125
    print(f"[{y:%}] [{y:.1%}] [{y:+.2f}] [{y:08.3f}] [{y:>12}] [{y:}]")


def test_percent_x_o(n, s):
    x = n * 255
    print("pct %x %X %o %#x %#o %08x" % (x, x, x, x, x, x))


def test_percent_f(n, s):
    y = n / 7.0
    print("pct %f %.2f %10.3f %-10.1f| %e %.3e %g" % (y, y, y, y, y, y, y))


def test_percent_escape(n, s):
    print("pct 100%% %d%%" % n)


def test_percent_edge(n, s):
    y = -n / 7.0
    print("edge [%-6d] [%6.2f] [%r] [%5s] [%-5s|] [%.3s] [%+.1e]" % (n, y, y, n, n > 2, "abcdef", y))
    print("edge2 %s %s" % ("x", -n) + "%d" % -n + "%5.1f%%" % (n * 10.0))


def test_fstring_float_fixed(n, s):
    y = n / 7.0
    print(f"[{y:.3f}] [{y:10.4f}] [{y:<10.2f}] [{-y:.1f}] [{y:.0f}] [{y:f}]")


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_fstring_plain(n, s)
    test_fstring_expr(n, s)
    test_fstring_conversions(n, s)
    test_fstring_quotes(n, s)
    test_fstring_braces(n, s)
    test_fstring_in_loop(n, s)
    test_percent_s(n, s)
    test_percent_s_values(n, s)
    test_percent_r(n, s)
    test_str_of_numbers(n, s)
    test_repr_vs_str(n, s)
    test_fstring_chars(n, s)
    test_fstring_floats(n, s)
    test_fstring_multi_line(n, s)
    test_fstring_nested_calls(n, s)
    test_percent_tuple_mixed(n, s)
    test_fstring_escapes(n, s)
    test_str_concat_numbers(n, s)
    test_fstring_int_width(n, s)
    test_fstring_int_align(n, s)
    test_fstring_int_bases(n, s)
    test_fstring_int_grouping(n, s)
    test_fstring_str_spec(n, s)
    test_fstring_float_exp_general(n, s)
    test_fstring_float_misc(n, s)
    test_percent_d(n, s)
    test_percent_s_single(n, s)
    test_percent_s_width(n, s)
    test_percent_x_o(n, s)
    test_percent_f(n, s)
    test_percent_escape(n, s)
    test_percent_c(n, s)
    test_percent_single_int(n, s)
    test_fstring_float_fixed(n, s)
    test_percent_edge(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
