"""Tests of futamura.rtyper.ll_list (and ll_common), the list helpers in
low-level Python, run on CPython over the lltype emulation and compared with
real Python lists. Also a static check that ll_common, ll_list and ll_dict
stay within the low-level Python subset (rtyper/LLPYTHON.md)."""

import ast
import inspect
import math
import random
import sys
import unittest

from futamura.rtyper import ll_common, ll_dict, ll_list
from futamura.rtyper.ll_common import (ll_eq_prim, ll_hash_bool, ll_hash_char, ll_hash_float,
                                       ll_hash_int, ll_lt_prim)
from futamura.rtyper.ll_list import LIST_OF
from futamura.rtyper.lltype import (Char, Float, GcStruct, Ptr, Signed, malloc, nullptr,
                                    typeOf)

MAXINT = sys.maxsize
MININT = -sys.maxsize - 1

INTLIST = LIST_OF(Signed)
BOX = GcStruct("box", ("v", Signed))
BOXLIST = LIST_OF(Ptr(BOX))
PAIR = GcStruct("pair", ("key", Signed), ("tag", Signed))
PAIRLIST = LIST_OF(Ptr(PAIR))


def box_eq(a, b):
    return a.v == b.v


def box_lt(a, b):
    return a.v < b.v


def pair_lt(a, b):
    return a.key < b.key


def mk(LIST, values):
    lst = ll_list.ll_newlist(LIST, len(values))
    for i, v in enumerate(values):
        lst.items[i] = v
    return lst


def contents(lst):
    return [lst.items[i] for i in range(lst.length)]


def check_invariants(test, lst):
    test.assertTrue(lst.items)
    test.assertGreaterEqual(lst.length, 0)
    test.assertLessEqual(lst.length, len(lst.items))
    if isinstance(typeOf(lst).TO.items.TO.OF, Ptr):
        for i in range(lst.length, len(lst.items)):
            test.assertFalse(lst.items[i], "a dropped item is still referenced")


def outcome(fn, *args):
    """('ok', result) or ('raise', exception class)."""
    try:
        return ("ok", fn(*args))
    except (IndexError, ValueError, KeyError, MemoryError, StopIteration,
            RuntimeError) as e:
        return ("raise", type(e))


class CommonTest(unittest.TestCase):
    def test_eq_lt(self):
        self.assertTrue(ll_eq_prim(3, 3))
        self.assertFalse(ll_eq_prim(3, 4))
        self.assertTrue(ll_eq_prim("a", "a"))
        self.assertTrue(ll_lt_prim(-1, 0))
        self.assertFalse(ll_lt_prim(0, 0))
        self.assertTrue(ll_lt_prim(1.5, 2.0))
        p = malloc(BOX)
        q = malloc(BOX)
        self.assertTrue(ll_eq_prim(p, p))
        self.assertFalse(ll_eq_prim(p, q))
        self.assertTrue(ll_eq_prim(nullptr(BOX), nullptr(BOX)))

    def test_hash_int_bool_char(self):
        for i in (0, 1, -1, MAXINT, MININT, 12345):
            self.assertEqual(ll_hash_int(i), i)
        self.assertEqual(ll_hash_bool(True), 1)
        self.assertEqual(ll_hash_bool(False), 0)
        self.assertEqual(ll_hash_char("A"), 65)
        self.assertEqual(ll_hash_char("\u1234"), 0x1234)

    def test_hash_float(self):
        for f in (0.0, 1.0, -1.0, 12345.0, -2.0 ** 62 + 1024, 2.0 ** 61):
            self.assertEqual(ll_hash_float(f), int(f))
        self.assertEqual(ll_hash_float(-0.0), ll_hash_float(0.0))
        self.assertEqual(ll_hash_float(math.inf), 314159)
        self.assertEqual(ll_hash_float(-math.inf), -314159)
        self.assertEqual(ll_hash_float(math.nan), 0)
        rng = random.Random(5)
        seen = set()
        for _ in range(2000):
            f = rng.uniform(-1e6, 1e6) * 10.0 ** rng.randrange(-300, 300)
            h = ll_hash_float(f)
            self.assertIs(type(h), int)
            self.assertTrue(MININT <= h <= MAXINT)
            self.assertEqual(h, ll_hash_float(float(repr(f))))
            seen.add(h)
        self.assertGreater(len(seen), 1900)  # spreads
        self.assertNotEqual(ll_hash_float(0.5), ll_hash_float(0.25))
        self.assertNotEqual(ll_hash_float(1.5), ll_hash_float(1.0))
        for f in (1e300, -1e300, 2.0 ** 63, -2.0 ** 63, 1.7976931348623157e308):
            h = ll_hash_float(f)
            self.assertTrue(MININT <= h <= MAXINT)
            self.assertEqual(h, ll_hash_float(f * 1.0))


class BasicTest(unittest.TestCase):
    def test_newlist(self):
        lst = ll_list.ll_newlist(INTLIST, 3)
        self.assertEqual(contents(lst), [0, 0, 0])
        self.assertEqual(len(lst.items), 3)
        self.assertEqual(ll_list.ll_length(lst), 3)
        lst = ll_list.ll_newlist(BOXLIST, 2)
        self.assertFalse(lst.items[0])
        lst = ll_list.ll_newlist_hint(INTLIST, 10)
        self.assertEqual(lst.length, 0)
        self.assertEqual(len(lst.items), 10)
        lst = ll_list.ll_newlist(INTLIST, 0)
        self.assertEqual(contents(lst), [])

    def test_append_overallocates(self):
        lst = ll_list.ll_newlist(INTLIST, 0)
        reallocs = 0
        items = lst.items
        for i in range(1000):
            ll_list.ll_append(lst, i)
            if lst.items != items:
                reallocs += 1
                items = lst.items
            check_invariants(self, lst)
        self.assertEqual(contents(lst), list(range(1000)))
        self.assertLess(reallocs, 60)  # amortized O(1)
        for i in range(1000):
            self.assertEqual(ll_list.ll_pop_end(lst), 999 - i)
            check_invariants(self, lst)
        self.assertLess(len(lst.items), 20)  # shrinks again
        with self.assertRaises(IndexError):
            ll_list.ll_pop_end(lst)

    def test_getitem_setitem_negative(self):
        lst = mk(INTLIST, [10, 20, 30])
        self.assertEqual(ll_list.ll_getitem(lst, -1), 30)
        self.assertEqual(ll_list.ll_getitem(lst, -3), 10)
        self.assertEqual(ll_list.ll_getitem_nonneg(lst, 2), 30)
        for bad in (3, -4, MAXINT, MININT):
            with self.assertRaises(IndexError):
                ll_list.ll_getitem(lst, bad)
            with self.assertRaises(IndexError):
                ll_list.ll_setitem(lst, bad, 1)
            with self.assertRaises(IndexError):
                ll_list.ll_delitem(lst, bad)
            with self.assertRaises(IndexError):
                ll_list.ll_pop(lst, bad)
        with self.assertRaises(IndexError):
            ll_list.ll_getitem_nonneg(lst, 3)
        with self.assertRaises(IndexError):
            ll_list.ll_setitem_nonneg(lst, 3, 7)
        ll_list.ll_setitem_nonneg(lst, 0, 11)
        self.assertEqual(contents(lst), [11, 20, 30])
        ll_list.ll_setitem_nonneg(lst, 0, 10)
        # [x] * n fills; [a, b] * n repeats
        self.assertEqual(contents(ll_list.ll_mul(mk(INTLIST, [7]), 4)), [7, 7, 7, 7])
        self.assertEqual(contents(ll_list.ll_mul(mk(INTLIST, [1, 2]), 3)), [1, 2, 1, 2, 1, 2])
        self.assertEqual(contents(ll_list.ll_mul(mk(INTLIST, [7]), -1)), [])
        ll_list.ll_setitem(lst, -2, 99)
        self.assertEqual(contents(lst), [10, 99, 30])
        ll_list.ll_delitem(lst, -1)
        self.assertEqual(contents(lst), [10, 99])
        empty = mk(INTLIST, [])
        for fn in (ll_list.ll_pop_end, lambda lst: ll_list.ll_pop(lst, 0),
                   lambda lst: ll_list.ll_pop(lst, -1), lambda lst: ll_list.ll_getitem(lst, 0)):
            with self.assertRaises(IndexError):
                fn(empty)

    def test_insert_clamps(self):
        for n in range(5):
            for index in list(range(-8, 9)) + [MAXINT, MININT]:
                ref = list(range(n))
                ref.insert(index, 99)
                lst = mk(INTLIST, list(range(n)))
                ll_list.ll_insert(lst, index, 99)
                self.assertEqual(contents(lst), ref, (n, index))

    def test_extend_itself(self):
        lst = mk(INTLIST, [1, 2, 3])
        ll_list.ll_extend(lst, lst)
        self.assertEqual(contents(lst), [1, 2, 3, 1, 2, 3])
        ll_list.ll_extend(lst, mk(INTLIST, []))
        self.assertEqual(contents(lst), [1, 2, 3, 1, 2, 3])
        empty = mk(INTLIST, [])
        ll_list.ll_extend(empty, empty)
        self.assertEqual(contents(empty), [])
        boxes = [malloc(BOX) for _ in range(20)]
        lst = mk(BOXLIST, boxes)
        ll_list.ll_extend(lst, lst)
        self.assertEqual(contents(lst), boxes + boxes)
        check_invariants(self, lst)

    def test_getslice_all_signs(self):
        bounds = list(range(-7, 8)) + [MAXINT, MININT, None]
        for n in range(6):
            ref = list(range(100, 100 + n))
            lst = mk(INTLIST, ref)
            for start in bounds:
                for stop in bounds:
                    got = ll_list.ll_getslice(lst, 0 if start is None else start,
                                              MAXINT if stop is None else stop)
                    self.assertEqual(contents(got), ref[start:stop], (n, start, stop))
                    self.assertEqual(len(got.items), got.length)
            self.assertEqual(contents(lst), ref)

    def test_getslice_step(self):
        bounds = list(range(-7, 8)) + [MAXINT, MININT, MAXINT - 1, MININT + 1, None]
        for n in (0, 1, 2, 5, 6):
            ref = list(range(n))
            lst = mk(INTLIST, ref)
            for step in (1, 2, 3, 7, MAXINT, -1, -2, -3, -7, -MAXINT, MININT):
                for start in bounds:
                    for stop in bounds:
                        s = start
                        if s is None:
                            s = 0 if step > 0 else MAXINT
                        e = stop
                        if e is None:
                            e = MAXINT if step > 0 else MININT
                        got = ll_list.ll_getslice_step(lst, s, e, step)
                        self.assertEqual(contents(got), ref[start:stop:step],
                                         (n, start, stop, step))
            with self.assertRaises(ValueError):
                ll_list.ll_getslice_step(lst, 0, n, 0)

    def test_setslice(self):
        bounds = list(range(-6, 7)) + [MAXINT, MININT]
        for n in range(5):
            for start in bounds:
                for stop in bounds:
                    for m in range(4):
                        ref = list(range(n))
                        new = list(range(50, 50 + m))
                        ref[start:stop] = new
                        lst = mk(INTLIST, list(range(n)))
                        ll_list.ll_setslice(lst, start, stop, mk(INTLIST, new))
                        self.assertEqual(contents(lst), ref, (n, start, stop, m))
                        check_invariants(self, lst)
                    ref = list(range(n))
                    ref[start:stop] = ref
                    lst = mk(INTLIST, list(range(n)))
                    ll_list.ll_setslice(lst, start, stop, lst)
                    self.assertEqual(contents(lst), ref, (n, start, stop, "self"))

    def test_delslice(self):
        bounds = list(range(-6, 7)) + [MAXINT, MININT]
        for n in range(5):
            for start in bounds:
                for stop in bounds:
                    ref = list(range(n))
                    del ref[start:stop]
                    lst = mk(INTLIST, list(range(n)))
                    ll_list.ll_delslice(lst, start, stop)
                    self.assertEqual(contents(lst), ref, (n, start, stop))
                    check_invariants(self, lst)

    def test_concat_mul_copy_clear_reverse(self):
        a = mk(INTLIST, [1, 2])
        b = mk(INTLIST, [3])
        self.assertEqual(contents(ll_list.ll_concat(a, b)), [1, 2, 3])
        self.assertEqual(contents(ll_list.ll_concat(a, a)), [1, 2, 1, 2])
        self.assertEqual(contents(ll_list.ll_concat(mk(INTLIST, []), b)), [3])
        for times in (-5, -1, 0, 1, 2, 3):
            self.assertEqual(contents(ll_list.ll_mul(a, times)), [1, 2] * times)
            c = ll_list.ll_copy(a)
            self.assertIs(ll_list.ll_inplace_mul(c, times), c)
            self.assertEqual(contents(c), [1, 2] * times)
            check_invariants(self, c)
        self.assertEqual(contents(ll_list.ll_mul(mk(INTLIST, []), 5)), [])
        with self.assertRaises(MemoryError):
            ll_list.ll_mul(a, MAXINT)
        with self.assertRaises(MemoryError):
            ll_list.ll_inplace_mul(ll_list.ll_copy(a), MAXINT // 2 + 1)
        self.assertEqual(contents(a), [1, 2])
        c = ll_list.ll_copy(a)
        self.assertNotEqual(c, a)
        ll_list.ll_setitem(c, 0, 7)
        self.assertEqual(contents(a), [1, 2])
        ll_list.ll_clear(c)
        self.assertEqual(contents(c), [])
        ll_list.ll_append(c, 4)
        self.assertEqual(contents(c), [4])
        for n in range(6):
            lst = mk(INTLIST, list(range(n)))
            ll_list.ll_reverse(lst)
            self.assertEqual(contents(lst), list(range(n))[::-1])

    def test_search(self):
        lst = mk(INTLIST, [5, 3, 5, 1])
        self.assertTrue(ll_list.ll_contains(lst, 1, ll_eq_prim))
        self.assertFalse(ll_list.ll_contains(lst, 2, ll_eq_prim))
        self.assertEqual(ll_list.ll_index(lst, 5, ll_eq_prim), 0)
        self.assertEqual(ll_list.ll_count(lst, 5, ll_eq_prim), 2)
        self.assertEqual(ll_list.ll_count(lst, 7, ll_eq_prim), 0)
        with self.assertRaises(ValueError):
            ll_list.ll_index(lst, 7, ll_eq_prim)
        ll_list.ll_remove(lst, 5, ll_eq_prim)
        self.assertEqual(contents(lst), [3, 5, 1])
        with self.assertRaises(ValueError):
            ll_list.ll_remove(lst, 7, ll_eq_prim)
        self.assertEqual(contents(lst), [3, 5, 1])

    def test_pointer_items_by_value_and_identity(self):
        boxes = []
        for v in (4, 2, 4, 9):
            b = malloc(BOX)
            b.v = v
            boxes.append(b)
        lst = mk(BOXLIST, boxes)
        probe = malloc(BOX)
        probe.v = 4
        self.assertTrue(ll_list.ll_contains(lst, probe, box_eq))
        self.assertFalse(ll_list.ll_contains(lst, probe, ll_eq_prim))
        self.assertEqual(ll_list.ll_index(lst, boxes[2], ll_eq_prim), 2)
        self.assertEqual(ll_list.ll_index(lst, probe, box_eq), 0)
        self.assertEqual(ll_list.ll_count(lst, probe, box_eq), 2)
        ll_list.ll_remove(lst, boxes[2], ll_eq_prim)
        self.assertEqual(contents(lst), [boxes[0], boxes[1], boxes[3]])
        check_invariants(self, lst)
        self.assertIs(ll_list.ll_list_max(lst, box_lt), boxes[3])
        self.assertIs(ll_list.ll_list_min(lst, box_lt), boxes[1])

    def test_listeq_lt(self):
        cases = [[], [1], [1, 2], [1, 3], [2], [1, 2, 0], [0, 5, 5]]
        for x in cases:
            for y in cases:
                a = mk(INTLIST, x)
                b = mk(INTLIST, y)
                self.assertEqual(ll_list.ll_listeq(a, b, ll_eq_prim), x == y, (x, y))
                self.assertEqual(ll_list.ll_list_lt(a, b, ll_eq_prim, ll_lt_prim), x < y,
                                 (x, y))
        self.assertTrue(ll_list.ll_listeq(nullptr(INTLIST.TO), nullptr(INTLIST.TO),
                                          ll_eq_prim))
        self.assertFalse(ll_list.ll_listeq(mk(INTLIST, []), nullptr(INTLIST.TO), ll_eq_prim))
        self.assertFalse(ll_list.ll_listeq(nullptr(INTLIST.TO), mk(INTLIST, []), ll_eq_prim))

    def test_min_max(self):
        with self.assertRaises(ValueError):
            ll_list.ll_list_max(mk(INTLIST, []), ll_lt_prim)
        with self.assertRaises(ValueError):
            ll_list.ll_list_min(mk(INTLIST, []), ll_lt_prim)
        rng = random.Random(3)
        for _ in range(100):
            ref = [rng.randrange(-20, 20) for _ in range(rng.randrange(1, 30))]
            lst = mk(INTLIST, ref)
            self.assertEqual(ll_list.ll_list_max(lst, ll_lt_prim), max(ref))
            self.assertEqual(ll_list.ll_list_min(lst, ll_lt_prim), min(ref))
        # The first of equal maxima/minima, as CPython.
        pairs = []
        for k, t in ((1, 0), (3, 1), (3, 2), (0, 3), (0, 4)):
            p = malloc(PAIR)
            p.key = k
            p.tag = t
            pairs.append(p)
        lst = mk(PAIRLIST, pairs)
        self.assertEqual(ll_list.ll_list_max(lst, pair_lt).tag, 1)
        self.assertEqual(ll_list.ll_list_min(lst, pair_lt).tag, 3)

    def test_listnext_reversed(self):
        ITER = Ptr(GcStruct("iter", ("seq", INTLIST), ("index", Signed)))
        lst = mk(INTLIST, [1, 2, 3])
        it = malloc(ITER.TO)
        it.seq = lst
        it.index = lst.length
        got = []
        while True:
            try:
                got.append(ll_list.ll_listnext_reversed(it))
            except StopIteration:
                break
        self.assertEqual(got, [3, 2, 1])

    def test_float_and_char_items(self):
        lst = mk(LIST_OF(Float), [2.5, -1.0, 0.5])
        ll_list.ll_sort(lst, ll_lt_prim)
        self.assertEqual(contents(lst), [-1.0, 0.5, 2.5])
        lst = mk(LIST_OF(Char), list("hello"))
        ll_list.ll_sort_reverse(lst, ll_lt_prim)
        self.assertEqual("".join(contents(lst)), "ollhe")
        ll_list.ll_pop_end(lst)
        ll_list.ll_delslice(lst, 0, 2)
        self.assertEqual("".join(contents(lst)), "lh")


class SortTest(unittest.TestCase):
    def make_pairs(self, keys):
        pairs = []
        for i, k in enumerate(keys):
            p = malloc(PAIR)
            p.key = k
            p.tag = i
            pairs.append(p)
        return pairs

    def test_sort_ints(self):
        rng = random.Random(11)
        for n in list(range(40)) + [100, 257, 1000]:
            ref = [rng.randrange(-50, 50) for _ in range(n)]
            lst = mk(INTLIST, ref)
            ll_list.ll_sort(lst, ll_lt_prim)
            self.assertEqual(contents(lst), sorted(ref))
            lst = mk(INTLIST, ref)
            ll_list.ll_sort_reverse(lst, ll_lt_prim)
            self.assertEqual(contents(lst), sorted(ref, reverse=True))

    def test_stability(self):
        rng = random.Random(12)
        for n in list(range(30)) + [64, 65, 500, 2000]:
            keys = [rng.randrange(5) for _ in range(n)]
            pairs = self.make_pairs(keys)
            lst = mk(PAIRLIST, pairs)
            ll_list.ll_sort(lst, pair_lt)
            self.assertEqual([(p.key, p.tag) for p in contents(lst)],
                             sorted([(p.key, p.tag) for p in pairs], key=lambda t: t[0]))
            lst = mk(PAIRLIST, pairs)
            ll_list.ll_sort_reverse(lst, pair_lt)
            self.assertEqual([(p.key, p.tag) for p in contents(lst)],
                             sorted([(p.key, p.tag) for p in pairs], key=lambda t: t[0],
                                    reverse=True))

    def test_n_log_n(self):
        calls = [0]

        def counting_lt(a, b):
            calls[0] += 1
            return a < b

        rng = random.Random(13)
        for n, ref in ((4096, [rng.randrange(1 << 30) for _ in range(4096)]),
                       (4096, list(range(4096, 0, -1))),
                       (4096, list(range(4096)))):
            calls[0] = 0
            lst = mk(INTLIST, ref)
            ll_list.ll_sort(lst, counting_lt)
            self.assertEqual(contents(lst), sorted(ref))
            self.assertLess(calls[0], 2 * n * math.log2(n), n)


class RandomOpsTest(unittest.TestCase):
    """Random operation sequences applied to a Python list and an ll list."""

    def run_ops(self, LIST, make_item, EQ, LT, pykey, seed, steps):
        rng = random.Random(seed)
        ref = []
        lst = ll_list.ll_newlist(LIST, 0)
        pool = [make_item(rng) for _ in range(12)]

        def idx():
            return rng.choice([rng.randrange(-12, 13), rng.randrange(-3, 3),
                               MAXINT, MININT])

        for step in range(steps):
            op = rng.randrange(24)
            item = rng.choice(pool)
            what = op
            if op <= 3:
                ref.append(item)
                ll_list.ll_append(lst, item)
            elif op == 4:
                i = idx()
                ref.insert(i, item)
                ll_list.ll_insert(lst, i, item)
            elif op == 5:
                i = idx()
                exp = outcome(ref.pop, i)
                got = outcome(ll_list.ll_pop, lst, i)
                self.assertEqual(got, exp, (step, what))
            elif op == 6:
                exp = outcome(ref.pop)
                got = outcome(ll_list.ll_pop_end, lst)
                self.assertEqual(got, exp, (step, what))
            elif op == 7:
                i = idx()
                exp = outcome(ref.__getitem__, i)
                got = outcome(ll_list.ll_getitem, lst, i)
                self.assertEqual(got, exp, (step, what))
            elif op == 8:
                i = idx()
                exp = outcome(ref.__setitem__, i, item)
                got = outcome(ll_list.ll_setitem, lst, i, item)
                self.assertEqual(got, exp, (step, what))
            elif op == 9:
                i = idx()
                exp = outcome(ref.__delitem__, i)
                got = outcome(ll_list.ll_delitem, lst, i)
                self.assertEqual(got, exp, (step, what))
            elif op == 10:
                a, b = idx(), idx()
                got = ll_list.ll_getslice(lst, a, b)
                self.assertEqual(contents(got), ref[a:b], (step, what))
            elif op == 11:
                a, b = idx(), idx()
                n = rng.randrange(4)
                new = [rng.choice(pool) for _ in range(n)]
                ref[a:b] = new
                ll_list.ll_setslice(lst, a, b, mk(LIST, new))
            elif op == 12:
                a, b = idx(), idx()
                del ref[a:b]
                ll_list.ll_delslice(lst, a, b)
            elif op == 13:
                if rng.randrange(3) == 0:
                    ref.extend(ref)
                    ll_list.ll_extend(lst, lst)
                else:
                    new = [rng.choice(pool) for _ in range(rng.randrange(5))]
                    ref.extend(new)
                    ll_list.ll_extend(lst, mk(LIST, new))
            elif op == 14:
                exp = outcome(lambda: ref.index(item))
                got = outcome(ll_list.ll_index, lst, item, EQ)
                self.assertEqual(got, exp, (step, what))
                self.assertEqual(ll_list.ll_count(lst, item, EQ), ref.count(item))
                self.assertEqual(ll_list.ll_contains(lst, item, EQ), item in ref)
            elif op == 15:
                exp = outcome(ref.remove, item)
                got = outcome(ll_list.ll_remove, lst, item, EQ)
                self.assertEqual(got, exp, (step, what))
            elif op == 16:
                ref.reverse()
                ll_list.ll_reverse(lst)
            elif op == 17:
                if rng.randrange(2):
                    ref.sort(key=pykey)
                    ll_list.ll_sort(lst, LT)
                else:
                    ref.sort(key=pykey, reverse=True)
                    ll_list.ll_sort_reverse(lst, LT)
            elif op == 18:
                times = rng.randrange(-1, 3)
                if len(ref) * times < 200:
                    got = ll_list.ll_mul(lst, times)
                    self.assertEqual(contents(got), ref * times, (step, what))
                    if rng.randrange(2):
                        ref *= times
                        self.assertIs(ll_list.ll_inplace_mul(lst, times), lst)
            elif op == 19:
                other = [rng.choice(pool) for _ in range(rng.randrange(4))]
                got = ll_list.ll_concat(lst, mk(LIST, other))
                self.assertEqual(contents(got), ref + other, (step, what))
                cp = ll_list.ll_copy(lst)
                self.assertEqual(contents(cp), ref)
                self.assertTrue(ll_list.ll_listeq(cp, lst, EQ))
            elif op == 20:
                exp = outcome(lambda: max(ref, key=pykey))
                got = outcome(ll_list.ll_list_max, lst, LT)
                self.assertEqual(got, exp, (step, what))
                exp = outcome(lambda: min(ref, key=pykey))
                got = outcome(ll_list.ll_list_min, lst, LT)
                self.assertEqual(got, exp, (step, what))
            elif op == 21:
                step_ = rng.choice([1, 2, 3, -1, -2, -3])
                a, b = idx(), idx()
                got = ll_list.ll_getslice_step(lst, a, b, step_)
                self.assertEqual(contents(got), ref[a:b:step_], (step, what))
            elif op == 22:
                if rng.randrange(10) == 0:
                    ref.clear()
                    ll_list.ll_clear(lst)
            else:
                other = ref[:]
                if other and rng.randrange(2):
                    other[rng.randrange(len(other))] = item
                o = mk(LIST, other)
                self.assertEqual(ll_list.ll_listeq(lst, o, EQ), ref == other)
            if len(ref) > 300:
                del ref[100:]
                ll_list.ll_delslice(lst, 100, MAXINT)
            self.assertEqual(contents(lst), ref, (step, what))
            self.assertEqual(ll_list.ll_length(lst), len(ref))
            check_invariants(self, lst)

    def test_random_signed(self):
        self.run_ops(INTLIST, lambda rng: rng.randrange(-10, 10), ll_eq_prim, ll_lt_prim,
                     None, seed=1, steps=6000)

    def test_random_pointers(self):
        def make(rng):
            b = malloc(BOX)
            b.v = rng.randrange(-10, 10)
            return b

        # Identity equality, ordering by value; boxes with equal values are
        # distinct, which also checks the stability of the sorts.
        self.run_ops(BOXLIST, make, ll_eq_prim, box_lt, lambda b: b.v, seed=2, steps=6000)


# --- the low-level Python subset ----------------------------------------------

ALLOWED_EXCEPTIONS = {"IndexError", "KeyError", "ValueError", "ZeroDivisionError",
                      "OverflowError", "StopIteration", "RuntimeError", "MemoryError",
                      "AssertionError"}

FORBIDDEN = (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Try, ast.ListComp,
             ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda, ast.Tuple, ast.List,
             ast.Dict, ast.Set, ast.Starred, ast.ClassDef, ast.Yield, ast.YieldFrom,
             ast.Await, ast.Global, ast.Nonlocal, ast.JoinedStr, ast.Import, ast.ImportFrom,
             ast.AsyncFunctionDef, ast.Delete, ast.NamedExpr, ast.Slice, ast.IfExp,
             ast.Is, ast.IsNot, ast.In, ast.NotIn)
if hasattr(ast, "TryStar"):
    FORBIDDEN += (ast.TryStar,)
if hasattr(ast, "Match"):
    FORBIDDEN += (ast.Match,)


def is_docstring(body, node):
    return (body and body[0] is node and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))


def subset_violations(module):
    """Where the helpers of `module` leave the low-level Python subset.

    Functions named *_OF are type factories for tests, plain Python that the
    translator never reads: they are skipped, and no helper may call them.
    """
    tree = ast.parse(inspect.getsource(module))
    problems = []

    def bad(node, what):
        problems.append("%s:%d: %s" % (module.__name__, getattr(node, "lineno", 0), what))

    factories = {n.name for n in tree.body
                 if isinstance(n, ast.FunctionDef) and n.name.endswith("_OF")}
    for top in tree.body:
        if is_docstring(tree.body, top):
            continue
        if isinstance(top, ast.ImportFrom):
            if top.level or not (top.module.startswith("futamura.")):
                bad(top, "imports only from the futamura package")
            continue
        if isinstance(top, ast.Assign):
            if (len(top.targets) != 1 or not isinstance(top.targets[0], ast.Name) or
                    not isinstance(top.value, ast.Constant) or
                    type(top.value.value) not in (int, float, bool)):
                bad(top, "module globals are numbers (types: build them in *_OF factories)")
            continue
        if not isinstance(top, ast.FunctionDef):
            bad(top, "only imports, numeric constants and functions at module level")
            continue
        if top.name in factories:
            continue
        args = top.args
        if (args.vararg or args.kwarg or args.kwonlyargs or args.defaults or
                args.kw_defaults or args.posonlyargs):
            bad(top, "helpers take plain positional arguments")
        if any(not (isinstance(d, ast.Name) and d.id == "dont_inline") for d in top.decorator_list):
            bad(top, "no decorators on helpers (but dont_inline)")
        for node in ast.walk(top):
            if node is top:
                continue
            if isinstance(node, ast.FunctionDef):
                bad(node, "nested function")
            elif isinstance(node, FORBIDDEN):
                bad(node, type(node).__name__)
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, (str, bytes)) and not _is_docstring_constant(top, node):
                    bad(node, "string constant")
                elif node.value is None:
                    bad(node, "None")
            elif isinstance(node, ast.Raise):
                if node.cause is not None or not (
                        isinstance(node.exc, ast.Name) and node.exc.id in ALLOWED_EXCEPTIONS):
                    bad(node, "raise of something else than a listed exception class")
            elif isinstance(node, ast.Call):
                if node.keywords:
                    bad(node, "keyword arguments")
                if isinstance(node.func, ast.Name) and node.func.id in factories:
                    bad(node, "a helper calls the test-only " + node.func.id)
    return problems


def _is_docstring_constant(func, node):
    return is_docstring(func.body, func.body[0]) and func.body[0].value is node


class SubsetTest(unittest.TestCase):
    def test_modules_stay_in_the_subset(self):
        for module in (ll_common, ll_list, ll_dict):
            self.assertEqual(subset_violations(module), [], module.__name__)

    def test_checker_catches(self):
        src = '''"""doc"""
X = "not a number"


def f(l):
    """doc"""
    for x in l:
        pass
    a, b = 1, 2
    s = "x"
    try:
        pass
    except IndexError:
        pass
    g = lambda: 0

    def inner():
        return 0
    if l is None:
        raise ValueError("no")
    raise TypeError
    return [i for i in l]
'''
        problems = "\n".join(subset_violations_source(src))
        for what in ("For", "Tuple", "string constant", "Try", "Lambda", "nested function",
                     "raise of", "ListComp", "module globals", "None", "Is"):
            self.assertIn(what, problems)
        self.assertEqual(problems.count("raise of"), 2)
        self.assertEqual(subset_violations_source('''"""doc"""
def f(x):
    """doc"""
    return x
'''), [])


def subset_violations_source(src):
    """subset_violations() of a module given as source text."""
    import types
    mod = types.ModuleType("fake_ll")
    original = inspect.getsource
    try:
        inspect.getsource = lambda m: src
        return subset_violations(mod)
    finally:
        inspect.getsource = original


if __name__ == "__main__":
    unittest.main()
