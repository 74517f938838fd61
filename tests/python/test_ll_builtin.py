"""Tests of futamura.rtyper.ll_builtin helpers that have no translated
counterpart in the rt_*.py programs' coverage: float formatting against
CPython's format() over tables of specs and values."""

import itertools
import math
import random
import unittest

from futamura.rtyper import ll_builtin
from futamura.rtyper.ll_str import STR
from futamura.rtyper.lltype import malloc


def mk(s):
    p = malloc(STR.TO, len(s))
    for i, c in enumerate(s):
        p.chars[i] = c
    return p


def py(p):
    return "".join(p.chars[i] for i in range(len(p.chars)))


def parse(spec):
    """The arguments of ll_format_float for a float format spec (the parse
    rformat.cpp does)."""
    i = 0
    fill = align = sign = grouping = type = 0
    alternate = zero = False
    width = 0
    precision = -1
    if len(spec) >= 2 and spec[1] in "<>=^":
        fill, align = ord(spec[0]), ord(spec[1])
        i = 2
    elif spec and spec[0] in "<>=^":
        align = ord(spec[0])
        i = 1
    if i < len(spec) and spec[i] in "+- ":
        sign = ord(spec[i])
        i += 1
    if i < len(spec) and spec[i] == "#":
        alternate = True
        i += 1
    if i < len(spec) and spec[i] == "0":
        zero = True
        i += 1
    while i < len(spec) and spec[i].isdigit():
        width = width * 10 + int(spec[i])
        i += 1
    if i < len(spec) and spec[i] in ",_":
        grouping = ord(spec[i])
        i += 1
    if i < len(spec) and spec[i] == ".":
        precision = 0
        i += 1
        while i < len(spec) and spec[i].isdigit():
            precision = precision * 10 + int(spec[i])
            i += 1
    if i < len(spec):
        type = ord(spec[i])
        i += 1
    assert i == len(spec), spec
    return fill, align, sign, alternate, zero, width, grouping, type, precision


VALUES = [0.0, -0.0, 1.0, 1.5, -1.5, 2.5, 10.0, 99.9, 100.0, 123.0, 999.9, 1234.5, -1234.5,
          1234567.25, 0.0001, 0.00001, 1e-7, 1e16, 1e20, 123456789.0, 3.14159, 2.675, 0.5,
          9.995, 1e300, 5e-324, math.inf, -math.inf, math.nan, 428571.4285714286]


class FormatFloatTest(unittest.TestCase):
    def check(self, spec, v):
        args = parse(spec)
        got = py(ll_builtin.ll_format_float(STR, v, *args))
        self.assertEqual(got, format(v, spec), (spec, v))

    def test_table(self):
        types = ["", "e", "E", "f", "F", "g", "G", "%"]
        for t, alt, grp, prec, wz in itertools.product(types, ["", "#"], ["", ",", "_"],
                                                        ["", ".0", ".3", ".12"],
                                                        ["", "12", "012", "<14", "*^15", "+09", " =13"]):
            # [[fill]align][sign][#][0][width][grouping][.precision][type]
            fillalign = ""
            sign = ""
            zero_width = wz
            if wz.startswith("<") or wz.startswith("*^") or wz.startswith(" ="):
                k = 1 if wz.startswith("<") else 2
                fillalign, zero_width = wz[:k], wz[k:]
            if zero_width.startswith("+"):
                sign, zero_width = "+", zero_width[1:]
            spec = fillalign + sign + alt + zero_width + grp + prec + t
            for v in VALUES:
                self.check(spec, v)

    def test_random(self):
        rnd = random.Random(7)
        for _ in range(3000):
            v = rnd.choice([rnd.uniform(-1e6, 1e6), rnd.random(), 10.0 ** rnd.randint(-20, 20) * rnd.random(),
                            float(rnd.randint(-10 ** 9, 10 ** 9))])
            spec = rnd.choice(["", "#", ",", "_", "#,"]) + rnd.choice(["", ".0", ".2", ".5", ".9"]) + \
                rnd.choice(["", "e", "f", "g", "G", "%"])
            self.check(spec, v)


if __name__ == "__main__":
    unittest.main()


def outcome(f, *args):
    try:
        return f(*args)
    except Exception as e:
        return type(e)


class StrToFloatTest(unittest.TestCase):
    CASES = ["1.5", "-2.25", "3", "1e10", "  7.5  ", "-0.0", "1E-3", ".5", "5.", "", "abc", "1.5x",
             "0x10", "nan(123)", "nan", "NaN", "-nan", "+nAn", "inf", "-Infinity", "INFINITY", "+inf",
             "infinit", "in", "infx", " \t\n1\u3000", "\x85-1.25e+3\xa0", "1_000.5", "1__0", "_1",
             "1_", "1_.5", "1._5", "1e1_0", "1e_5", "1e", "e5", ".", "+", "-", "+.5e-3", "1e500",
             "-1e-500", "00012", "1.2.3", "1e5.5", "١٢", "- 1", "++1", "0.1e+", "9" * 400,
             "0." + "0" * 400 + "1", "12345678901234567890.123456789e-5"]

    def test_cases(self):
        for s in self.CASES:
            want = outcome(float, s)
            if s == "١٢":
                want = ValueError  # ASCII digits only (documented)
            got = outcome(ll_builtin.ll_str2float, mk(s))
            if isinstance(want, float) and math.isnan(want):
                self.assertTrue(isinstance(got, float) and math.isnan(got), s)
            else:
                self.assertEqual(got, want, repr(s))
                if isinstance(want, float):
                    self.assertEqual(math.copysign(1.0, got), math.copysign(1.0, want), s)


class RoundTest(unittest.TestCase):
    def test_float(self):
        rnd = random.Random(3)
        values = [3.14159, -2.675, 2.675, 0.5, 1.5, 2.5, -0.5, 0.0, -0.0, 1234.5, 1250.0, 1350.0,
                  49.0, 50.0, 51.0, -50.0, 150.0, 0.125, 0.375, 1e300, 1.7e308, 5e-324, 1e-10,
                  123456.789, math.inf, -math.inf, 9.995, 99.5]
        values += [rnd.uniform(-1e5, 1e5) for _ in range(300)]
        for v in values:
            for nd in list(range(-12, 18)) + [100, 330, 400, -307, -308, -309, -400]:
                want = outcome(round, v, nd)
                got = outcome(ll_builtin.ll_round_ndigits, v, nd)
                self.assertEqual(got, want, (v, nd))
                if isinstance(want, float):
                    self.assertEqual(math.copysign(1.0, got), math.copysign(1.0, want), (v, nd))
        self.assertTrue(math.isnan(ll_builtin.ll_round_ndigits(math.nan, 2)))

    def test_int(self):
        for v in [0, 1, -1, 5, 15, 25, -25, 35, 149, 150, 250, -250, 12345, 2 ** 62, -(2 ** 62), 10 ** 18]:
            for nd in range(-20, 4):
                self.assertEqual(ll_builtin.ll_round_int_ndigits(v, nd), round(v, nd), (v, nd))
