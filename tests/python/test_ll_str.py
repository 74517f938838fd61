"""Tests of futamura.rtyper.ll_str, the string helpers in low-level Python.

Every helper runs on CPython over the lltype emulation and is compared with
the CPython str/bytes operation it implements, over tables of inputs and
randomized ones. A static check keeps ll_str.py inside the low-level Python
subset (LLPYTHON.md).
"""

import ast
import itertools
import os
import random
import sys
import unicodedata
import unittest

from futamura.rtyper import ll_str
from futamura.rtyper.ll_str import BYTES, STR
from futamura.rtyper.lltype import (Char, GcArray, GcStruct, Ptr, Signed, UniChar, malloc,
                                    nullptr, typeOf)

MAXSIZE = sys.maxsize
MININT = -sys.maxsize - 1

LIST_STR = Ptr(GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(STR)))))
LIST_BYTES = Ptr(GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(BYTES)))))


# --- converters (test only: ordinary Python) ---------------------------------


def mk(s):
    """A STR from a str, a BYTES from a bytes; None gives a null STR."""
    if s is None:
        return nullptr(STR.TO)
    if isinstance(s, bytes):
        p = malloc(BYTES.TO, len(s))
        for i, b in enumerate(s):
            p.chars[i] = chr(b)
        return p
    p = malloc(STR.TO, len(s))
    for i, c in enumerate(s):
        p.chars[i] = c
    return p


def py(p):
    """The str or bytes of a STR or BYTES (None for null)."""
    if not p:
        return None
    chars = [p.chars[i] for i in range(len(p.chars))]
    if typeOf(p) == BYTES:
        return bytes(ord(c) for c in chars)
    return "".join(chars)


def mklist(items):
    """A list of STR or BYTES in the ll_split layout."""
    T = LIST_BYTES if items and isinstance(items[0], bytes) else LIST_STR
    lst = malloc(T.TO)
    lst.length = len(items)
    lst.items = malloc(T.TO.items.TO, len(items) + 2)  # some spare capacity
    for i, s in enumerate(items):
        lst.items[i] = mk(s)
    return lst


def pylist(lst):
    return [py(lst.items[i]) for i in range(lst.length)]


def list_type(s):
    return LIST_BYTES if isinstance(s, bytes) else LIST_STR


def outcome(f, *args):
    """('ok', result) or ('raise', exception class) of f(*args)."""
    try:
        return ("ok", f(*args))
    except (ValueError, IndexError, OverflowError) as e:
        return ("raise", ValueError if isinstance(e, UnicodeError) else type(e))


def as_bytes(s):
    return s.encode("latin-1")


WS_STR = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000"
WS_BYTES = b" \t\n\r\x0b\x0c"

SAMPLES = [
    "", "a", "ab", "abc", "hello world", "  padded  ", "\t\nx y\r\n", "aaaa", "abab",
    "ABC def GHI", "x,y,,z", ",", ",,", "caf\xe9", "\u1234\u5678", "\U0001f600 smile \U0001f600",
    "a\x00b", "mixED Case 123", "1234567890", "   ", "\u3000a\u2028b\x85", "a\x1cb\x1fc",
    "line1\nline2\r\nline3\rline4\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029end", "trailing\n",
]


def samples_both():
    """SAMPLES as str, and as bytes for those that fit in Latin-1."""
    out = list(SAMPLES)
    for s in SAMPLES:
        try:
            out.append(as_bytes(s))
        except UnicodeEncodeError:
            pass
    return out


# --- the subset ------------------------------------------------------------------


class SubsetTest(unittest.TestCase):
    """ll_str.py stays within the low-level Python subset of LLPYTHON.md."""

    BANNED = (ast.For, ast.AsyncFor, ast.Try, ast.With, ast.AsyncWith, ast.ListComp,
              ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda, ast.Tuple, ast.List,
              ast.Dict, ast.Set, ast.Starred, ast.Yield, ast.YieldFrom, ast.Await,
              ast.ClassDef, ast.Global, ast.Nonlocal, ast.JoinedStr, ast.IfExp, ast.Import,
              ast.ImportFrom, ast.Delete, ast.NamedExpr, ast.Slice,
              ast.AsyncFunctionDef, ast.Pow, ast.Div, ast.MatMult, ast.Is, ast.IsNot, ast.In,
              ast.NotIn)
    EXCEPTIONS = {"IndexError", "KeyError", "ValueError", "ZeroDivisionError", "OverflowError",
                  "StopIteration", "RuntimeError", "MemoryError", "AssertionError",
                  "LLUnicodeDecodeError", "LLUnicodeEncodeError"}
    BUILTINS = {"len", "ord", "intmask", "r_uint", "malloc", "nullptr", "typeOf",
                "cast_primitive", "cast_pointer", "float", "int"}
    TYPES = {"STR", "BYTES"}  # module-level type definitions: strings and tuples allowed

    def setUp(self):
        path = os.path.splitext(ll_str.__file__)[0] + ".py"
        with open(path, encoding="utf-8") as f:
            self.tree = ast.parse(f.read(), path)

    def problems(self):
        out = []

        def bad(node, what):
            out.append("line %d: %s" % (node.lineno, what))

        docstrings = set()
        for node in [self.tree] + [n for n in self.tree.body if isinstance(n, ast.FunctionDef)]:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                docstrings.add(id(body[0].value))
        functions = {n.name for n in self.tree.body if isinstance(n, ast.FunctionDef)}
        constants = set()
        for i, node in enumerate(self.tree.body):
            if isinstance(node, ast.Expr) and id(node.value) in docstrings:
                continue
            if isinstance(node, ast.ImportFrom):
                continue
            if isinstance(node, ast.Assign):
                if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                    bad(node, "module-level assignment to something else than a name")
                    continue
                name = node.targets[0].id
                constants.add(name)
                if name in self.TYPES:
                    continue
                if not (isinstance(node.value, ast.Constant) and type(node.value.value) is int):
                    bad(node, "module global %s is not an int" % name)
                continue
            if isinstance(node, ast.FunctionDef):
                continue
            bad(node, "module-level %s" % type(node).__name__)
        known = functions | constants | self.BUILTINS | self.EXCEPTIONS | {
            "Char", "UniChar", "Signed", "True", "False"}
        for fn in self.tree.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            a = fn.args
            if a.vararg or a.kwarg or a.kwonlyargs or a.defaults or a.kw_defaults or a.posonlyargs:
                bad(fn, "%s: only plain positional parameters" % fn.name)
            if fn.decorator_list:
                bad(fn, "%s: decorated" % fn.name)
            params = {x.arg for x in a.args}
            for node in ast.walk(fn):
                if node is not fn and isinstance(node, ast.FunctionDef):
                    bad(node, "nested function %s" % node.name)
                if isinstance(node, self.BANNED):
                    bad(node, "%s in %s" % (type(node).__name__, fn.name))
                if isinstance(node, ast.Constant):
                    v = node.value
                    if isinstance(v, (str, bytes)) and id(node) not in docstrings:
                        bad(node, "string constant %r in %s" % (v, fn.name))
                    if not isinstance(v, (int, str, bool)) or v is None:
                        bad(node, "constant %r in %s" % (v, fn.name))
                if isinstance(node, ast.Compare) and len(node.ops) > 1:
                    bad(node, "chained comparison in %s" % fn.name)
                if isinstance(node, ast.Raise):
                    if node.cause is not None or not (isinstance(node.exc, ast.Name)
                                                      and node.exc.id in self.EXCEPTIONS):
                        bad(node, "raise of something else than a bare exception class")
                if isinstance(node, ast.Call):
                    if node.keywords:
                        bad(node, "keyword arguments in %s" % fn.name)
                    f = node.func
                    if not isinstance(f, ast.Name):
                        bad(node, "call of a non-name in %s" % fn.name)
                    elif f.id not in functions and f.id not in self.BUILTINS and f.id not in params:
                        bad(node, "call of %s in %s" % (f.id, fn.name))
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    if node.id not in known and node.id not in params:
                        assigned = any(isinstance(t, ast.Name) and t.id == node.id
                                       for n in ast.walk(fn)
                                       for t in (n.targets if isinstance(n, ast.Assign) else
                                                 [n.target] if isinstance(n, ast.AugAssign) else []))
                        if not assigned:
                            bad(node, "unknown name %s in %s" % (node.id, fn.name))
                if isinstance(node, (ast.Assign, ast.AugAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if len(targets) != 1:
                        bad(node, "chained assignment in %s" % fn.name)
                    for t in targets:
                        if not isinstance(t, (ast.Name, ast.Attribute, ast.Subscript)):
                            bad(node, "assignment target %s in %s" % (type(t).__name__, fn.name))
                        if isinstance(t, ast.Name) and t.id in constants:
                            bad(node, "assignment to the global %s in %s" % (t.id, fn.name))
        return out

    def test_subset(self):
        self.assertEqual(self.problems(), [])

    def test_checker_catches(self):
        """The checker itself finds what it should."""
        bad_sources = [
            "def f(s):\n    for i in s:\n        pass\n",
            "def f(s):\n    try:\n        pass\n    except ValueError:\n        pass\n",
            "def f(s):\n    return ord(s.chars[0]) == ord('a')\n",
            "def f(s):\n    a, b = 1, 2\n",
            "def f(s):\n    return [c for c in s]\n",
            "def f(s):\n    def g():\n        pass\n",
            "def f(s):\n    return lambda: 1\n",
            "def f(s):\n    with s:\n        pass\n",
            "def f(s):\n    raise ValueError(1)\n",
            "def f(s):\n    raise TypeError\n",
            "X = 'abc'\n",
        ]
        for src in bad_sources:
            self.tree = ast.parse(src)
            self.assertNotEqual(self.problems(), [], src)
        self.tree = ast.parse('"""doc"""\nX = 3\ndef f(s):\n    """doc"""\n    return len(s.chars) + X\n')
        self.assertEqual(self.problems(), [])

    def test_api_present(self):
        names = """ll_str_from_char ll_char_mul ll_strconcat ll_str_concat_many ll_streq
            ll_strcmp ll_strhash ll_char_hash ll_str_getitem ll_str_slice ll_str_slice_step
            ll_str_mul ll_contains ll_contains_char ll_find ll_rfind ll_find_char ll_rfind_char
            ll_count ll_index ll_rindex ll_startswith ll_endswith ll_strip ll_strip_chars
            ll_split ll_rsplit ll_splitlines ll_splitlines_keepends ll_join ll_replace ll_upper
            ll_lower ll_isdigit ll_isalpha ll_isspace ll_isalnum ll_isupper ll_islower
            ll_char_isdigit ll_char_isalpha ll_char_isspace ll_char_isalnum ll_char_isupper
            ll_char_islower ll_char_upper ll_char_lower ll_int2dec ll_int2hex ll_int2oct
            ll_int2bin ll_str2int ll_format_int ll_format_str ll_pad ll_str_repr ll_swapcase
            ll_capitalize ll_title ll_ljust ll_rjust ll_center ll_zfill
            ll_encode_utf8 ll_decode_utf8""".split()
        for name in names:
            self.assertTrue(callable(getattr(ll_str, name, None)), name)
        self.assertEqual(STR.TO.chars.OF, UniChar)
        self.assertEqual(BYTES.TO.chars.OF, Char)


# --- building, comparing, hashing ------------------------------------------------


class BasicTest(unittest.TestCase):
    def test_converters(self):
        for s in samples_both():
            self.assertEqual(py(mk(s)), s)
            self.assertEqual(typeOf(mk(s)), BYTES if isinstance(s, bytes) else STR)

    def test_from_char_and_char_mul(self):
        for c in "a\x00\xff\u1234\U0010ffff":
            self.assertEqual(py(ll_str.ll_str_from_char(STR, c)), c)
            for n in (-5, -1, 0, 1, 2, 7):
                self.assertEqual(py(ll_str.ll_char_mul(STR, c, n)), c * n)
        for b in (0, 65, 255):
            self.assertEqual(py(ll_str.ll_str_from_char(BYTES, chr(b))), bytes([b]))
            self.assertEqual(py(ll_str.ll_char_mul(BYTES, chr(b), 3)), bytes([b]) * 3)

    def test_concat(self):
        for a in samples_both():
            for b in samples_both():
                if type(a) is type(b):
                    self.assertEqual(py(ll_str.ll_strconcat(mk(a), mk(b))), a + b)

    def test_concat_many(self):
        rnd = random.Random(7)
        for n in range(6):
            for _ in range(5):
                pieces = [rnd.choice(SAMPLES) for _ in range(n)]
                for T, conv in ((STR, str), (BYTES, lambda s: s.encode("utf-8"))):
                    arr = malloc(GcArray(T), n)
                    for i, p in enumerate(pieces):
                        arr[i] = mk(conv(p))
                    expected = conv("").join(conv(p) for p in pieces)
                    self.assertEqual(py(ll_str.ll_str_concat_many(T, arr)), expected)

    def test_mul(self):
        for s in samples_both():
            for n in (-3, -1, 0, 1, 2, 5):
                self.assertEqual(py(ll_str.ll_str_mul(mk(s), n)), s * n)
        with self.assertRaises(OverflowError):
            ll_str.ll_str_mul(mk("ab"), 2 ** 62)
        self.assertEqual(py(ll_str.ll_str_mul(mk(""), MAXSIZE)), "")

    def test_eq_cmp(self):
        values = samples_both() + ["abd", "ab\x00", "\U0001f600", "\uffff", b"\xff", b"\x00"]
        for a in values:
            for b in values:
                if type(a) is not type(b):
                    continue
                pa, pb = mk(a), mk(b)
                self.assertEqual(ll_str.ll_streq(pa, pb), a == b, (a, b))
                c = ll_str.ll_strcmp(pa, pb)
                self.assertEqual((c > 0) - (c < 0), (a > b) - (a < b), (a, b))
            p = mk(a)
            self.assertTrue(ll_str.ll_streq(p, p))
            self.assertFalse(ll_str.ll_streq(p, nullptr(typeOf(p).TO)))
            self.assertFalse(ll_str.ll_streq(nullptr(typeOf(p).TO), p))
        self.assertTrue(ll_str.ll_streq(nullptr(STR.TO), nullptr(STR.TO)))

    def test_hash(self):
        seen = {}
        for s in samples_both() + ["abd", "\U0001f600" * 40, "x" * 1000]:
            p = mk(s)
            h = ll_str.ll_strhash(p)
            self.assertNotEqual(h, 0)
            self.assertEqual(typeOf(h), Signed)
            self.assertTrue(MININT <= h <= MAXSIZE)
            self.assertEqual(p.hash, h)  # cached
            self.assertEqual(ll_str.ll_strhash(p), h)
            self.assertEqual(ll_str.ll_strhash(mk(s)), h)  # equal strings, equal hashes
            # str and bytes of the same codes hash alike
            seen[s.decode("latin-1") if isinstance(s, bytes) else s] = h
        self.assertGreaterEqual(len(set(seen.values())), len(seen) - 1)  # few collisions
        self.assertEqual(ll_str.ll_strhash(mk("abc")), ll_str.ll_strhash(mk(b"abc")))
        for c in "a\x00\xff\u1234\U0010ffff":
            self.assertEqual(ll_str.ll_char_hash(c), ll_str.ll_strhash(mk(c)))

    def test_getitem(self):
        for s in samples_both():
            for i in range(-len(s) - 3, len(s) + 3):
                r = outcome(ll_str.ll_str_getitem, mk(s), i)
                e = outcome(lambda: s[i])
                if e[0] == "ok":
                    e = ("ok", chr(e[1]) if isinstance(s, bytes) else e[1])
                self.assertEqual(r, e, (s, i))
            for i in (MAXSIZE, MININT):
                with self.assertRaises(IndexError):
                    ll_str.ll_str_getitem(mk(s), i)


# --- slicing -------------------------------------------------------------------


class SliceTest(unittest.TestCase):
    BOUNDS = list(range(-8, 9)) + [MAXSIZE, MININT, MININT + 1, MAXSIZE - 1]

    def test_slice(self):
        for s in ["", "a", "abcde", "\U0001f600b\u1234", b"xyz\xff"]:
            for start in self.BOUNDS:
                for stop in self.BOUNDS:
                    self.assertEqual(py(ll_str.ll_str_slice(mk(s), start, stop)), s[start:stop],
                                     (s, start, stop))

    def test_slice_step(self):
        steps = [-3, -2, -1, 1, 2, 3, 7, MAXSIZE, MININT, -MAXSIZE]
        bounds = list(range(-7, 8)) + [None, MAXSIZE, MININT]
        for s in ["", "a", "abcde", "\U0001f600b\u1234x", b"xyz\xff"]:
            for step in steps:
                for start in bounds:
                    for stop in bounds:
                        # the rtyper's values for omitted bounds
                        lstart = (0 if step > 0 else MAXSIZE) if start is None else start
                        lstop = (MAXSIZE if step > 0 else MININT) if stop is None else stop
                        self.assertEqual(py(ll_str.ll_str_slice_step(mk(s), lstart, lstop, step)),
                                         s[start:stop:step], (s, start, stop, step))
        with self.assertRaises(ValueError):
            ll_str.ll_str_slice_step(mk("abc"), 0, 3, 0)

    def test_slice_random(self):
        rnd = random.Random(11)
        for _ in range(3000):
            n = rnd.randrange(0, 30)
            s = "".join(rnd.choice("ab\u00e9\U0001f600") for _ in range(n))
            start = rnd.randrange(-35, 35)
            stop = rnd.randrange(-35, 35)
            step = rnd.choice([-4, -3, -2, -1, 1, 2, 3, 5])
            self.assertEqual(py(ll_str.ll_str_slice(mk(s), start, stop)), s[start:stop])
            self.assertEqual(py(ll_str.ll_str_slice_step(mk(s), start, stop, step)),
                             s[start:stop:step])


# --- searching -----------------------------------------------------------------


def all_strings(alphabet, maxlen):
    out = []
    for n in range(maxlen + 1):
        out.extend("".join(t) for t in itertools.product(alphabet, repeat=n))
    return out


class FindTest(unittest.TestCase):
    RANGES = [-6, -2, -1, 0, 1, 2, 3, 5, 6, MAXSIZE, MININT]

    def check_all(self, s, sub, start, end):
        ps, psub = mk(s), mk(sub)
        self.assertEqual(ll_str.ll_find(ps, psub, start, end), s.find(sub, start, end),
                         ("find", s, sub, start, end))
        self.assertEqual(ll_str.ll_rfind(ps, psub, start, end), s.rfind(sub, start, end),
                         ("rfind", s, sub, start, end))
        self.assertEqual(ll_str.ll_count(ps, psub, start, end), s.count(sub, start, end),
                         ("count", s, sub, start, end))
        self.assertEqual(outcome(ll_str.ll_index, ps, psub, start, end),
                         outcome(s.index, sub, start, end))
        self.assertEqual(outcome(ll_str.ll_rindex, ps, psub, start, end),
                         outcome(s.rindex, sub, start, end))
        if len(sub) == 1:
            c = chr(sub[0]) if isinstance(sub, bytes) else sub
            self.assertEqual(ll_str.ll_find_char(ps, c, start, end), s.find(sub, start, end))
            self.assertEqual(ll_str.ll_rfind_char(ps, c, start, end), s.rfind(sub, start, end))

    def test_exhaustive_small(self):
        subs = all_strings("ab", 2)
        for s in all_strings("ab", 4):
            for sub in subs:
                for start in self.RANGES:
                    for end in self.RANGES:
                        self.check_all(s, sub, start, end)
                ps, psub = mk(s), mk(sub)
                self.assertEqual(ll_str.ll_contains(ps, psub), sub in s)
                self.assertEqual(ll_str.ll_startswith(ps, psub), s.startswith(sub))
                self.assertEqual(ll_str.ll_endswith(ps, psub), s.endswith(sub))
                if len(sub) == 1:
                    self.assertEqual(ll_str.ll_contains_char(ps, sub), sub in s)

    def test_bytes_and_unicode(self):
        for s, subs in [(b"hello\xff world\x00", [b"o", b"\xff", b"l", b"lo", b"\x00", b"",
                                                   b"world\x00", b"zz"]),
                        ("\U0001f600a\u1234\U0001f600a", ["\U0001f600", "a\u1234", "\U0001f600a",
                                                          "", "b", "\u1234\U0001f600a"])]:
            for sub in subs:
                for start in self.RANGES + [MAXSIZE - 1]:
                    for end in self.RANGES:
                        self.check_all(s, sub, start, end)
        self.assertTrue(ll_str.ll_contains_char(mk("x\U0001f600"), "\U0001f600"))
        self.assertFalse(ll_str.ll_contains_char(mk(b"abc"), "d"))

    def test_random(self):
        rnd = random.Random(1234)
        for _ in range(1500):
            alphabet = rnd.choice(["ab", "abc", "aab", "abcdefgh", "a\u1234\U0001f600"])
            n = rnd.randrange(0, 80)
            s = "".join(rnd.choice(alphabet) for _ in range(n))
            if n and rnd.random() < 0.6:
                i = rnd.randrange(n)
                sub = s[i:i + rnd.randrange(1, 9)]
            else:
                sub = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 6)))
            start = rnd.choice([0, rnd.randrange(-n - 3, n + 3)])
            end = rnd.choice([MAXSIZE, rnd.randrange(-n - 3, n + 3)])
            self.check_all(s, sub, start, end)
            self.check_all(s, sub, 0, MAXSIZE)
            self.assertEqual(ll_str.ll_contains(mk(s), mk(sub)), sub in s)

    def test_long_patterns(self):
        # exercises the skip and bloom-filter paths of the search
        rnd = random.Random(5)
        for _ in range(300):
            n = rnd.randrange(50, 400)
            s = "".join(rnd.choice("abcdxyz") for _ in range(n))
            m = rnd.randrange(2, 20)
            i = rnd.randrange(0, n - m)
            sub = s[i:i + m]
            if rnd.random() < 0.3:
                sub = sub[:-1] + "q"
            self.check_all(s, sub, 0, MAXSIZE)
            self.check_all(as_bytes(s), as_bytes(sub), rnd.randrange(-n, n), MAXSIZE)

    def test_startswith_endswith(self):
        for s in samples_both():
            for t in samples_both():
                if type(s) is type(t):
                    self.assertEqual(ll_str.ll_startswith(mk(s), mk(t)), s.startswith(t))
                    self.assertEqual(ll_str.ll_endswith(mk(s), mk(t)), s.endswith(t))
            for k in range(len(s) + 1):
                self.assertTrue(ll_str.ll_startswith(mk(s), mk(s[:k])))
                self.assertTrue(ll_str.ll_endswith(mk(s), mk(s[k:])))


# --- strip, split, join, replace -----------------------------------------------


class StripSplitTest(unittest.TestCase):
    def strings(self):
        out = samples_both()
        out += [WS_STR + "a b" + WS_STR, "a" + WS_STR + "b", WS_STR, WS_BYTES + b"a\x1cb" + WS_BYTES,
                b"\x1c\x1d\x1e\x1f\x85\xa0", "\x1c\x1d x \x1e\x1f", "a  b   c ", "  a b c",
                "a\u3000\u3000b", b"a \t b"]
        return out

    def test_strip(self):
        for s in self.strings():
            p = mk(s)
            self.assertEqual(py(ll_str.ll_strip(p, True, True)), s.strip(), s)
            self.assertEqual(py(ll_str.ll_strip(p, True, False)), s.lstrip(), s)
            self.assertEqual(py(ll_str.ll_strip(p, False, True)), s.rstrip(), s)
            self.assertEqual(py(ll_str.ll_strip(p, False, False)), s)
            for chars in ["", "a", "ab ", " \t", "\U0001f600 ", "xyz,"]:
                if isinstance(s, bytes):
                    chars = as_bytes(chars) if chars.isascii() else b"\xff"
                pc = mk(chars)
                self.assertEqual(py(ll_str.ll_strip_chars(p, pc, True, True)), s.strip(chars))
                self.assertEqual(py(ll_str.ll_strip_chars(p, pc, True, False)), s.lstrip(chars))
                self.assertEqual(py(ll_str.ll_strip_chars(p, pc, False, True)), s.rstrip(chars))
            null = nullptr(typeOf(p).TO)
            self.assertEqual(py(ll_str.ll_strip_chars(p, null, True, True)), s.strip(None))

    def check_split(self, s, sep, maxsplit):
        L = list_type(s)
        psep = mk(sep) if sep is not None else nullptr(typeOf(mk(s)).TO)
        for llf, pyf in ((ll_str.ll_split, s.split), (ll_str.ll_rsplit, s.rsplit)):
            r = outcome(lambda: pylist(llf(L, mk(s), psep, maxsplit)))
            e = outcome(pyf, sep, maxsplit)
            self.assertEqual(r, e, (llf.__name__, s, sep, maxsplit))

    def test_split_table(self):
        for s in self.strings():
            seps = [None, ",", " ", "a", "ab", "", "\u3000", "x y", "\n"]
            for sep in seps:
                if isinstance(s, bytes) and sep is not None:
                    sep = as_bytes(sep) if sep.isascii() else b"\xa0"
                for maxsplit in (-1, -5, 0, 1, 2, 3, 100):
                    self.check_split(s, sep, maxsplit)

    def test_split_random(self):
        rnd = random.Random(99)
        for _ in range(1500):
            alphabet = rnd.choice(["ab", "a b", "a,b,", " \t\nx", "ab\u3000\x85"])
            s = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40)))
            sep = rnd.choice([None, None, ",", "a", "b", "ab", "ba", "aa", " ", "a,b"])
            maxsplit = rnd.choice([-1, -1, 0, 1, 2, 5])
            self.check_split(s, sep, maxsplit)
            if s.isascii():
                self.check_split(as_bytes(s), None if sep is None else as_bytes(sep), maxsplit)

    def test_split_list_shape(self):
        lst = ll_str.ll_split(LIST_STR, mk("a b c"), nullptr(STR.TO), -1)
        self.assertEqual(typeOf(lst), LIST_STR)
        self.assertEqual(lst.length, 3)
        self.assertGreaterEqual(len(lst.items), lst.length)
        lst = ll_str.ll_rsplit(LIST_BYTES, mk(b"a,b"), mk(b","), -1)
        self.assertEqual(typeOf(lst), LIST_BYTES)
        self.assertEqual(pylist(lst), [b"a", b"b"])

    def test_splitlines(self):
        cases = self.strings() + ["", "\n", "\r\n", "\r\r\n\n", "a\n\nb", "x\x0by\x0cz",
                                  b"a\r\nb\rc\nd\x0be", b"\n\n"]
        for s in cases:
            L = list_type(s)
            self.assertEqual(pylist(ll_str.ll_splitlines(L, mk(s))), s.splitlines(), s)
            for keep in (False, True):
                self.assertEqual(pylist(ll_str.ll_splitlines_keepends(L, mk(s), keep)),
                                 s.splitlines(keep), s)

    def test_join(self):
        rnd = random.Random(3)
        for sep in ["", ",", ", ", "\U0001f600", b"", b"--"]:
            for n in range(5):
                for _ in range(4):
                    items = [rnd.choice(SAMPLES[:12]) for _ in range(n)]
                    if isinstance(sep, bytes):
                        items = [as_bytes(x) for x in items]
                    L = LIST_BYTES if isinstance(sep, bytes) else LIST_STR
                    lst = malloc(L.TO)
                    lst.length = n
                    lst.items = malloc(L.TO.items.TO, n + 3)
                    for i, x in enumerate(items):
                        lst.items[i] = mk(x)
                    self.assertEqual(py(ll_str.ll_join(mk(sep), lst)), sep.join(items))

    def check_replace(self, s, old, new, count):
        self.assertEqual(py(ll_str.ll_replace(mk(s), mk(old), mk(new), count)),
                         s.replace(old, new, count), (s, old, new, count))

    def test_replace_table(self):
        for s in samples_both():
            for old, new in [("a", "b"), ("", "-"), ("", ""), ("ab", ""), ("a", "\U0001f600\u1234"),
                             (" ", "  "), ("l", "L"), ("zz", "y"), ("\n", "\\n")]:
                if isinstance(s, bytes):
                    old, new = as_bytes(old), new.encode("utf-8")
                for count in (-1, -2, 0, 1, 2, 3, 100, MAXSIZE):
                    self.check_replace(s, old, new, count)

    def test_replace_random(self):
        rnd = random.Random(42)
        for _ in range(3000):
            alphabet = rnd.choice(["ab", "aab", "abc", "a\U0001f600"])
            s = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40)))
            old = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 4)))
            new = "".join(rnd.choice("xy") for _ in range(rnd.randrange(0, 4)))
            count = rnd.choice([-1, -1, 0, 1, 2, 3, 10])
            self.check_replace(s, old, new, count)


# --- character classes and case ------------------------------------------------


class CaseTest(unittest.TestCase):
    PREDICATES = ["isdigit", "isalpha", "isspace", "isalnum", "isupper", "islower"]

    def test_chars_ascii(self):
        for code in range(128):
            c = chr(code)
            for name in self.PREDICATES:
                self.assertEqual(getattr(ll_str, "ll_char_" + name)(c), getattr(c, name)(),
                                 (name, c))
            self.assertEqual(ll_str.ll_char_upper(c), c.upper())
            self.assertEqual(ll_str.ll_char_lower(c), c.lower())

    def test_char_isspace_unicode(self):
        """Whitespace is exact for str, over all of Unicode."""
        for code in list(range(0x3100)) + [0xfeff, 0xffff, 0x10000, 0x10ffff]:
            c = chr(code)
            self.assertEqual(ll_str.ll_char_isspace(c), c.isspace(), hex(code))

    def test_non_ascii_documented(self):
        """ASCII semantics for case and classes (documented): other code
        points are not letters, digits or cased, and map to themselves."""
        for c in "\xe9\xc9\u0394\u00b2\u0660\U0001f600\xff":
            self.assertFalse(ll_str.ll_char_isalpha(c))
            self.assertFalse(ll_str.ll_char_isdigit(c))
            self.assertFalse(ll_str.ll_char_isupper(c))
            self.assertEqual(ll_str.ll_char_upper(c), c)
            self.assertEqual(ll_str.ll_char_lower(c), c)
        self.assertEqual(py(ll_str.ll_upper(mk("caf\xe9 x"))), "CAF\xe9 X")

    def test_strings(self):
        strings = ["", "abc", "ABC", "aBc", "123", "12a", "a1", " ", " \t\n", "A B", "a b",
                   "ABC1", "abc1", "1", "_", "Hello World", "hello", "HELLO!", "\x0b\x0c",
                   "MiXeD 42 !?", "\x1c\x1f", "\u3000\x85\xa0", "x\u3000"]
        strings += [as_bytes(s) for s in strings if s.isascii()]
        strings += [bytes([b]) for b in range(256)]
        strings += [bytes(range(0, 256, 7)), b"ABC\xc9", b"abc\xe9", b"\xa0 ", b"\x85"]
        for s in strings:
            p = mk(s)
            for name in self.PREDICATES:
                if not isinstance(s, bytes) and not s.isascii() and name != "isspace":
                    continue
                self.assertEqual(getattr(ll_str, "ll_" + name)(p), getattr(s, name)(), (name, s))
            if isinstance(s, bytes) or s.isascii():
                self.assertEqual(py(ll_str.ll_upper(p)), s.upper())
                self.assertEqual(py(ll_str.ll_lower(p)), s.lower())

    def test_swapcase_capitalize_title(self):
        strings = ["", "a", "A", "hello wORLD x", "hELLO", "1abc", " abc", "ab1cd ef_gh",
                   "they're bill's", "MiXeD 42 !?", "x\tY\nz", "__init__", "a-b.c d"]
        strings += [as_bytes(s) for s in strings]
        strings += [bytes(range(0, 256, 5)), b"abc\xe9DEF"]
        for s in strings:
            p = mk(s)
            self.assertEqual(py(ll_str.ll_swapcase(p)), s.swapcase(), s)
            self.assertEqual(py(ll_str.ll_capitalize(p)), s.capitalize(), s)
            self.assertEqual(py(ll_str.ll_title(p)), s.title(), s)


class JustifyTest(unittest.TestCase):
    def test_just_center(self):
        for s in ["", "a", "ab", "abc", "abcd", "\u263a\xe9", b"", b"ab", b"abc"]:
            for width in range(-1, 10):
                for fill in [" ", "*", "\u2014"]:
                    if isinstance(s, bytes):
                        if fill == "\u2014":
                            continue
                        f = fill.encode()
                    else:
                        f = fill
                    p = mk(s)
                    self.assertEqual(py(ll_str.ll_ljust(p, width, ord(fill))), s.ljust(width, f))
                    self.assertEqual(py(ll_str.ll_rjust(p, width, ord(fill))), s.rjust(width, f))
                    self.assertEqual(py(ll_str.ll_center(p, width, ord(fill))), s.center(width, f),
                                     (s, width, fill))

    def test_zfill(self):
        for s in ["", "1", "-1", "+1", "-", "+", "abc", "--3", " -3", "12.5", b"-42", b"7"]:
            for width in range(-1, 8):
                self.assertEqual(py(ll_str.ll_zfill(mk(s), width)), s.zfill(width), (s, width))


# --- integers ------------------------------------------------------------------


INTS = [0, 1, -1, 7, -7, 9, 10, 15, 16, 255, 256, -255, 1000, 12345, -99999, 2 ** 31,
        -(2 ** 31), 2 ** 32 - 1, 2 ** 62, 2 ** 63 - 1, -(2 ** 63), -(2 ** 63) + 1, 0x1f,
        -0x1f, 1234567890123456789]


class IntTextTest(unittest.TestCase):
    def test_int2str(self):
        rnd = random.Random(8)
        values = INTS + [rnd.randrange(-(2 ** 63), 2 ** 63) for _ in range(300)]
        for T in (STR, BYTES):
            conv = (lambda s: s) if T == STR else as_bytes
            for i in values:
                self.assertEqual(py(ll_str.ll_int2dec(T, i)), conv(str(i)))
                self.assertEqual(py(ll_str.ll_int2hex(T, i, False, True)), conv(hex(i)))
                self.assertEqual(py(ll_str.ll_int2hex(T, i, False, False)), conv(format(i, "x")))
                self.assertEqual(py(ll_str.ll_int2hex(T, i, True, False)), conv(format(i, "X")))
                self.assertEqual(py(ll_str.ll_int2hex(T, i, True, True)), conv(format(i, "#X")))
                self.assertEqual(py(ll_str.ll_int2oct(T, i, True)), conv(oct(i)))
                self.assertEqual(py(ll_str.ll_int2oct(T, i, False)), conv(format(i, "o")))
                self.assertEqual(py(ll_str.ll_int2bin(T, i, True)), conv(bin(i)))
                self.assertEqual(py(ll_str.ll_int2bin(T, i, False)), conv(format(i, "b")))

    def check_str2int(self, s, base):
        try:
            v = int(s, base)
        except ValueError:
            expected = ("raise", ValueError)
        else:
            expected = ("ok", v) if MININT <= v <= MAXSIZE else ("raise", OverflowError)
        self.assertEqual(outcome(ll_str.ll_str2int, mk(s), base), expected, (s, base))
        if s.isascii():
            self.assertEqual(outcome(ll_str.ll_str2int, mk(as_bytes(s)), base), expected, (s, base))

    def test_str2int_table(self):
        texts = ["0", "1", "-1", "+1", " 42 ", "\t-17\n", "", " ", "-", "+", "--1", "+-1", "- 1",
                 "1 2", "1_000", "1__000", "_1", "1_", "0_0", "00", "007", "0x1f", "0X1F",
                 "-0x1f", "0x_1f", "0x", "0x_", "0b101", "0B1_0", "0o17", "0O7_7", "0o8", "0b2",
                 "z", "Z", "zz", "10", "ff", "FF", "1.5", "1e5", "12a", "a12",
                 "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                 "-9223372036854775809", "99999999999999999999", "99999999999999999999x",
                 "0x7fffffffffffffff", "0x8000000000000000", "-0x8000000000000000",
                 "0b" + "1" * 63, "0b" + "1" * 64, "\u3000 12 \x85", "\x1c5\x1f", "0_x1",
                 "1" * 30, "-" + "0" * 40 + "1", "0" * 50, "zzzzzzzzzzzzz", "-zzzzzzzzzzzz",
                 "1z141z3", "1y2p0ij32e8e7", "1y2p0ij32e8e8", "-1y2p0ij32e8e8", "-1y2p0ij32e8e9"]
        for s in texts:
            for base in [0, 2, 3, 7, 8, 10, 16, 35, 36]:
                self.check_str2int(s, base)
        for base in (-1, 1, 37, 100):
            self.assertEqual(outcome(ll_str.ll_str2int, mk("1"), base), ("raise", ValueError))

    def test_str2int_all_bases(self):
        rnd = random.Random(21)
        for base in range(2, 37):
            for _ in range(40):
                v = rnd.choice([rnd.randrange(-1000, 1000), rnd.randrange(-(2 ** 64), 2 ** 64)])
                digits = ""
                n = abs(v)
                while True:
                    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[n % base] + digits
                    n //= base
                    if n == 0:
                        break
                if rnd.random() < 0.5:
                    digits = digits.upper()
                if rnd.random() < 0.3 and len(digits) > 2:
                    digits = digits[:1] + "_" + digits[1:]
                s = ("-" if v < 0 else rnd.choice(["", "+"])) + digits
                self.check_str2int(s, base)
                self.check_str2int(" " + s + "\n", base)

    def test_str2int_random_text(self):
        rnd = random.Random(77)
        for _ in range(3000):
            s = "".join(rnd.choice("0123456789abxXoOB_ -+") for _ in range(rnd.randrange(0, 8)))
            self.check_str2int(s, rnd.choice([0, 2, 8, 10, 16, 36]))


# --- format specs --------------------------------------------------------------


def int_spec(fill, align, sign, alternate, zero, width, grouping, type):
    spec = ""
    if align:
        spec += (fill or "") + align
    spec += sign or ""
    spec += "#" if alternate else ""
    spec += "0" if zero else ""
    spec += str(width) if width else ""
    spec += grouping or ""
    spec += type or ""
    return spec


class FormatTest(unittest.TestCase):
    def call_format_int(self, value, fill, align, sign, alternate, zero, width, grouping, type,
                        T=STR):
        o = lambda c: ord(c) if c else 0
        return outcome(lambda: py(ll_str.ll_format_int(T, value, o(fill), o(align), o(sign),
                                                       alternate, zero, width, o(grouping),
                                                       o(type))))

    def test_format_int_exhaustive(self):
        values = [0, 7, -1234, 65, 2 ** 63 - 1, -(2 ** 63), 0x10ffff, 0x110000]
        count = 0
        k = 0
        for fill, align in [(None, None), (None, "<"), (None, ">"), (None, "^"), (None, "="),
                            ("*", "<"), ("*", "^"), ("*", "="), ("0", ">"), ("0", "="),
                            ("\U0001f600", ">")]:
            for sign in (None, "+", "-", " "):
                for alternate in (False, True):
                    for zero in (False, True):
                        for width in (0, 1, 6, 30):
                            for grouping in (None, ",", "_"):
                                for type in (None, "d", "x", "X", "o", "b", "c"):
                                    spec = int_spec(fill, align, sign, alternate, zero, width,
                                                    grouping, type)
                                    k += 1
                                    # four of the values for each spec, in turn
                                    for value in (values[k % 8], values[(k + 2) % 8],
                                                  values[(k + 4) % 8], values[(k + 6) % 8]):
                                        if type != "c" and value >= 0x10ffff:
                                            value = -7
                                        e = outcome(format, value, spec)
                                        r = self.call_format_int(value, fill, align, sign,
                                                                 alternate, zero, width, grouping,
                                                                 type)
                                        self.assertEqual(r, e, (value, spec))
                                        count += 1
        self.assertGreater(count, 10000)

    def test_format_int_bytes_c(self):
        o = ord
        self.assertEqual(py(ll_str.ll_format_int(BYTES, 65, 0, 0, 0, False, False, 3, 0, o("c"))),
                         b"  A")
        with self.assertRaises(OverflowError):
            ll_str.ll_format_int(BYTES, 256, 0, 0, 0, False, False, 0, 0, o("c"))
        self.assertEqual(outcome(ll_str.ll_format_int, STR, 5, 0, 0, 0, False, False, 0, 0,
                                 o("n")), ("raise", ValueError))

    def test_format_str(self):
        strings = ["", "a", "abc", "hello world", "\U0001f600\u1234"]
        for s in strings:
            for fill, align in [(None, None), (None, "<"), (None, ">"), (None, "^"), (None, "="),
                                ("*", "<"), ("*", "^"), ("0", ">"), ("\u3000", "^")]:
                for width in (0, 1, 3, 4, 10):
                    for precision in (None, 0, 1, 2, 5, 20):
                        spec = (fill or "") + (align or "") + (str(width) if width else "")
                        spec += "." + str(precision) if precision is not None else ""
                        e = outcome(format, s, spec)
                        r = outcome(lambda: py(ll_str.ll_format_str(
                            mk(s), ord(fill) if fill else 0, ord(align) if align else 0, width,
                            -1 if precision is None else precision)))
                        self.assertEqual(r, e, (s, spec))

    def test_pad(self):
        values = [0.0, 1.5, -1.5, 1e100, -2.25e-10, float("inf"), float("-inf"), 123.0]
        for x in values:
            s = str(x)
            for fill in (None, "*", "0"):
                for align in (None, "<", ">", "^", "="):
                    for width in (0, 3, 5, 8, 15, 30):
                        spec = ((fill or "") + align if align else "") + (str(width) if width else "")
                        expected = format(x, spec)
                        r = ll_str.ll_pad(mk(s), width, ord(fill) if fill and align else 0,
                                          ord(align) if align else 0)
                        self.assertEqual(py(r), expected, (x, spec))
            plus = format(x, "+")
            self.assertEqual(py(ll_str.ll_pad(mk(plus), 12, ord("_"), ord("="))),
                             format(x, "_=+12"))
            space = format(x, " ")
            self.assertEqual(py(ll_str.ll_pad(mk(space), 12, ord("_"), ord("="))),
                             format(x, "_= 12"))
        self.assertEqual(py(ll_str.ll_pad(mk("ab"), 5, 0, 0)), "   ab")


# --- repr ------------------------------------------------------------------------


class ReprTest(unittest.TestCase):
    def check(self, s):
        self.assertEqual(py(ll_str.ll_str_repr(STR, mk(s))), repr(s), s)

    def test_table(self):
        for s in samples_both() + ["'", '"', "'\"", "it's", 'say "hi"', "both ' and \"", "\\",
                                   "\\'", "\x7f\x80\x9f\xa0\xa1\xad\xae", "\ud800\udfff",
                                   "\u2028\u2029\u200b\ufeff\uffff\ufffe", "\U000e0001\U0010ffff",
                                   "\U000f0000\U0001f600\U00020000", "\x00\x01\x1b",
                                   b"'", b'"', b"'\"", b"\\", bytes(range(256)), b"it's"]:
            self.check(s)

    def test_random(self):
        rnd = random.Random(31)
        pool = "ab'\"\\\t\n\r\x00\x1f\x7f\x85\xa0\xad\xe9\u0600\u1680\u2028\u3000\ud800\ue000" \
               "\uffff\U0001f600\U000e0020\U0010ffff"
        for _ in range(500):
            self.check("".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 12))))
            self.check(bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 12))))

    def test_char_repr(self):
        for c in "a'\"\\\n\x00\xe9\u2028\U0001f600":
            self.assertEqual(py(ll_str.ll_str_repr(STR, ll_str.ll_str_from_char(STR, c))), repr(c))

    def test_isprintable_assigned(self):
        """Exact for every assigned code point (CPython escapes the same)."""
        if unicodedata.unidata_version != "14.0.0":
            self.skipTest("the printable table is that of Unicode 14.0")
        for code in range(0x110000):
            c = chr(code)
            if unicodedata.category(c) != "Cn":
                self.assertEqual(ll_str._ll_isprintable(code), c.isprintable(), hex(code))


# --- UTF-8 ---------------------------------------------------------------------


class Utf8Test(unittest.TestCase):
    def test_encode(self):
        rnd = random.Random(4)
        strings = samples_both()
        strings = [s for s in strings if isinstance(s, str)]
        strings += ["\x7f\x80\u07ff\u0800\uffff\U00010000\U0010ffff", "\ud7ff\ue000"]
        for _ in range(500):
            strings.append("".join(chr(rnd.choice([rnd.randrange(0x80), rnd.randrange(0x800),
                                                   rnd.randrange(0xd800), rnd.randrange(0xe000, 0x110000)]))
                                   for _ in range(rnd.randrange(0, 10))))
        for s in strings:
            b = ll_str.ll_encode_utf8(BYTES, mk(s))
            self.assertEqual(typeOf(b), BYTES)
            self.assertEqual(py(b), s.encode("utf-8"))
            back = ll_str.ll_decode_utf8(STR, b)
            self.assertEqual(typeOf(back), STR)
            self.assertEqual(py(back), s)
        for s in ["\ud800", "a\udfffb"]:
            with self.assertRaises(UnicodeEncodeError):
                ll_str.ll_encode_utf8(BYTES, mk(s))
        with self.assertRaises(UnicodeDecodeError):
            ll_str.ll_decode_utf8(STR, mk(b"a\xff"))

    def test_decode_invalid(self):
        cases = [b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xc2\x7f", b"\xe0\x80\x80",
                 b"\xe0\x9f\xbf", b"\xe0\xa0", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xef\xbf",
                 b"\xf0\x80\x80\x80", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80",
                 b"\xff", b"\xfe", b"a\xe2\x82", b"\xe2\x82\xac\x80", b"\xf0\x90\x80"]
        valid = [b"", b"abc", b"\xc2\x80", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xee\x80\x80",
                 b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xe2\x82\xac"]
        for b in cases + valid:
            self.assertEqual(outcome(lambda: py(ll_str.ll_decode_utf8(STR, mk(b)))),
                             outcome(b.decode, "utf-8"), b)

    def test_decode_random(self):
        rnd = random.Random(6)
        for _ in range(3000):
            b = bytes(rnd.choice([rnd.randrange(256), rnd.randrange(0x80, 0xc0),
                                  rnd.choice([0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0x41])])
                      for _ in range(rnd.randrange(0, 8)))
            self.assertEqual(outcome(lambda: py(ll_str.ll_decode_utf8(STR, mk(b)))),
                             outcome(b.decode, "utf-8"), b)


if __name__ == "__main__":
    unittest.main()
