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
