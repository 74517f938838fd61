"""Tests of futamura.rtyper.ll_dict, the ordered dict in low-level Python, run
on CPython over the lltype emulation and compared with real Python dicts
(same contents, same iteration order, same exceptions)."""

import random
import unittest

from futamura.rlib.rarithmetic import intmask
from futamura.rtyper import ll_dict
from futamura.rtyper.ll_common import ll_eq_prim, ll_hash_float, ll_hash_int
from futamura.rtyper.ll_dict import DELETED, FREE, VALID_OFFSET, DICT_OF, DICTITER_OF, TUPLE2_OF
from futamura.rtyper.ll_list import LIST_OF
from futamura.rtyper.lltype import (Array, Bool, Char, Float, GcStruct, Ptr, Signed, malloc,
                                    nullptr)

INTDICT = DICT_OF(Signed, Signed)
BOX = GcStruct("box", ("v", Signed))

# A string-like key: equal by contents, not identity, with a custom hash.
NAME = GcStruct("name", ("hash", Signed), ("chars", Array(Char)))
NAMEDICT = DICT_OF(Ptr(NAME), Ptr(BOX))


def name(s):
    p = malloc(NAME, len(s))
    for i, c in enumerate(s):
        p.chars[i] = c
    return p


def name_str(p):
    return "".join(p.chars[i] for i in range(len(p.chars)))


def name_hash(p):
    # Low-level Python, like a real string hash (and cached in the key).
    h = p.hash
    if h == 0:
        x = 5381
        i = 0
        while i < len(p.chars):
            x = intmask(x * 33 + ord(p.chars[i]))
            i += 1
        if x == 0:
            x = 1
        p.hash = x
        h = x
    return h


def name_eq(a, b):
    if a == b:
        return True
    n = len(a.chars)
    if n != len(b.chars):
        return False
    i = 0
    while i < n:
        if a.chars[i] != b.chars[i]:
            return False
        i += 1
    return True


def hash_collide(i):
    return 42


def hash_spread(i):
    # Negative and huge hashes: the probing must handle the sign bit.
    return intmask(i * -7046029254386353131)


def hash_low_bits(i):
    # Same low bits for every key: only the perturbation separates them.
    return intmask(i << 20)


def box(v):
    b = malloc(BOX)
    b.v = v
    return b


def items_of(d, key=lambda k: k, value=lambda v: v):
    out = []
    for k in range(d.num_ever_used_items):
        e = d.entries[k]
        if e.f_valid:
            out.append((key(e.key), value(e.value)))
    return out


def check_invariants(test, d, HASH):
    indexes, entries = d.indexes, d.entries
    n = len(indexes)
    test.assertGreaterEqual(n, 8)
    test.assertEqual(n & (n - 1), 0, "index table size is a power of two")
    test.assertEqual(len(entries), n * 2 // 3)
    test.assertEqual(d.resize_counter, len(entries) - d.num_ever_used_items)
    test.assertGreaterEqual(d.resize_counter, 0)
    live = [k for k in range(d.num_ever_used_items) if entries[k].f_valid]
    test.assertEqual(d.num_live_items, len(live))
    used_slots = 0
    seen = set()
    for i in range(n):
        x = indexes[i]
        if x == FREE:
            continue
        used_slots += 1
        if x == DELETED:
            continue
        k = x - VALID_OFFSET
        test.assertTrue(0 <= k < d.num_ever_used_items)
        test.assertTrue(entries[k].f_valid)
        test.assertNotIn(k, seen)
        seen.add(k)
    test.assertEqual(seen, set(live))
    test.assertEqual(used_slots, d.num_ever_used_items)  # DELETED slots are not reused
    for k in live:
        test.assertEqual(entries[k].f_hash, HASH(entries[k].key))
    ENTRY = ll_dict.typeOf(entries).TO.OF
    for k in range(len(entries)):
        if k in seen:
            continue
        test.assertFalse(entries[k].f_valid)
        if isinstance(ENTRY.key, Ptr):
            test.assertFalse(entries[k].key, "a deleted key is still referenced")
        if isinstance(ENTRY.value, Ptr):
            test.assertFalse(entries[k].value, "a deleted value is still referenced")


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except (KeyError, RuntimeError, StopIteration) as e:
        return ("raise", type(e))


def iterate(it):
    got = []
    while True:
        try:
            got.append(ll_dict.ll_dictnext(it))
        except StopIteration:
            return got


class BasicTest(unittest.TestCase):
    H, E = staticmethod(ll_hash_int), staticmethod(ll_eq_prim)

    def setitem(self, d, k, v):
        ll_dict.ll_dict_setitem(d, k, v, self.H, self.E)

    def test_empty(self):
        d = ll_dict.ll_newdict(INTDICT)
        self.assertEqual(ll_dict.ll_dict_len(d), 0)
        self.assertEqual(len(d.indexes), 8)
        with self.assertRaises(KeyError):
            ll_dict.ll_dict_getitem(d, 1, self.H, self.E)
        with self.assertRaises(KeyError):
            ll_dict.ll_dict_delitem(d, 1, self.H, self.E)
        with self.assertRaises(KeyError):
            ll_dict.ll_dict_pop(d, 1, self.H, self.E)
        self.assertFalse(ll_dict.ll_dict_contains(d, 0, self.H, self.E))
        self.assertEqual(ll_dict.ll_dict_get(d, 0, -1, self.H, self.E), -1)
        check_invariants(self, d, self.H)

    def test_set_get_update_order(self):
        d = ll_dict.ll_newdict(INTDICT)
        for k in (5, 1, 9, 3):
            self.setitem(d, k, k * 10)
        self.setitem(d, 1, 111)  # an update keeps the position
        self.assertEqual(items_of(d), [(5, 50), (1, 111), (9, 90), (3, 30)])
        ll_dict.ll_dict_delitem(d, 5, self.H, self.E)
        self.setitem(d, 5, 55)  # delete + reinsert: at the end
        self.assertEqual(items_of(d), [(1, 111), (9, 90), (3, 30), (5, 55)])
        self.assertEqual(ll_dict.ll_dict_getitem(d, 9, self.H, self.E), 90)
        check_invariants(self, d, self.H)

    def test_setdefault_pop(self):
        d = ll_dict.ll_newdict(INTDICT)
        self.assertEqual(ll_dict.ll_dict_setdefault(d, 4, 40, self.H, self.E), 40)
        self.assertEqual(ll_dict.ll_dict_setdefault(d, 4, 44, self.H, self.E), 40)
        self.assertEqual(ll_dict.ll_dict_pop_default(d, 7, -1, self.H, self.E), -1)
        self.assertEqual(ll_dict.ll_dict_pop_default(d, 4, -1, self.H, self.E), 40)
        self.assertEqual(ll_dict.ll_dict_len(d), 0)
        self.setitem(d, 2, 20)
        self.assertEqual(ll_dict.ll_dict_pop(d, 2, self.H, self.E), 20)
        with self.assertRaises(KeyError):
            ll_dict.ll_dict_pop(d, 2, self.H, self.E)
        check_invariants(self, d, self.H)

    def test_popitem(self):
        T = ll_dict.TUPLE2_OF(Signed, Signed)
        d = ll_dict.ll_newdict(INTDICT)
        with self.assertRaises(KeyError):
            ll_dict.ll_dict_popitem(T, d)
        ref = {}
        rnd = random.Random(5)
        for step in range(2000):
            if rnd.random() < 0.6:
                k = rnd.randrange(300) * 8  # colliding low bits
                self.setitem(d, k, step)
                ref[k] = step
            elif rnd.random() < 0.5 and ref:
                k = rnd.choice(list(ref))
                ll_dict.ll_dict_delitem(d, k, self.H, self.E)
                del ref[k]
            elif ref:
                t = ll_dict.ll_dict_popitem(T, d)
                self.assertEqual((t.item0, t.item1), ref.popitem())
            self.assertEqual(ll_dict.ll_dict_len(d), len(ref))
        self.assertEqual(items_of(d), list(ref.items()))
        check_invariants(self, d, self.H)

    def test_growth_and_presize(self):
        d = ll_dict.ll_newdict(INTDICT)
        sizes = set()
        for i in range(1000):
            self.setitem(d, i, i)
            sizes.add(len(d.indexes))
        self.assertEqual(items_of(d), [(i, i) for i in range(1000)])
        self.assertLess(len(sizes), 12)  # grows geometrically
        check_invariants(self, d, self.H)
        for n in (0, 1, 5, 6, 100, 1000):
            d = ll_dict.ll_newdict_size(INTDICT, n)
            indexes = d.indexes
            for i in range(n):
                self.setitem(d, i * 3, i)
            self.assertIs(d.indexes, indexes, "presized: no resize for %d items" % n)
            check_invariants(self, d, self.H)

    def test_many_deletes_compact(self):
        d = ll_dict.ll_newdict(INTDICT)
        for i in range(500):
            self.setitem(d, i, i)
        big = len(d.indexes)
        for i in range(495):
            ll_dict.ll_dict_delitem(d, i, self.H, self.E)
        self.assertEqual(d.num_ever_used_items, 500)  # holes until a resize
        check_invariants(self, d, self.H)
        ref = {i: i for i in range(495, 500)}
        indexes = d.indexes
        i = 1000
        while d.indexes is indexes:
            self.setitem(d, i, -i)
            ref[i] = -i
            i += 1
        # The resize dropped the holes.
        self.assertEqual(d.num_ever_used_items, d.num_live_items)
        self.assertEqual(items_of(d), list(ref.items()))
        check_invariants(self, d, self.H)
        self.assertEqual(len(d.indexes), big)
        # Churn: insert/delete forever in a small dict: the table stays small.
        d = ll_dict.ll_newdict(INTDICT)
        for i in range(5000):
            self.setitem(d, i, i)
            if i >= 3:
                ll_dict.ll_dict_delitem(d, i - 3, self.H, self.E)
        self.assertEqual(items_of(d), [(4997, 4997), (4998, 4998), (4999, 4999)])
        self.assertLessEqual(len(d.indexes), 16)
        check_invariants(self, d, self.H)

    def test_clear_copy_update_eq(self):
        d = ll_dict.ll_newdict(INTDICT)
        for i in range(20):
            self.setitem(d, i, i * i)
        for i in range(0, 20, 3):
            ll_dict.ll_dict_delitem(d, i, self.H, self.E)
        c = ll_dict.ll_dict_copy(d)
        check_invariants(self, c, self.H)
        self.assertEqual(items_of(c), items_of(d))
        self.assertTrue(ll_dict.ll_dict_eq(c, d, self.H, self.E, ll_eq_prim))
        self.setitem(c, 1, -1)
        self.assertFalse(ll_dict.ll_dict_eq(c, d, self.H, self.E, ll_eq_prim))
        self.assertEqual(ll_dict.ll_dict_getitem(d, 1, self.H, self.E), 1)
        e = ll_dict.ll_newdict(INTDICT)
        self.setitem(e, 100, 1)
        self.setitem(e, 2, 0)
        ll_dict.ll_dict_update(e, d, self.H, self.E)
        ref = {100: 1, 2: 0}
        ref.update({k: v for k, v in items_of(d)})
        self.assertEqual(items_of(e), list(ref.items()))
        ll_dict.ll_dict_update(e, e, self.H, self.E)
        self.assertEqual(items_of(e), list(ref.items()))
        check_invariants(self, e, self.H)
        ll_dict.ll_dict_clear(e)
        self.assertEqual(items_of(e), [])
        self.assertEqual(ll_dict.ll_dict_len(e), 0)
        check_invariants(self, e, self.H)
        self.setitem(e, 3, 3)
        self.assertEqual(items_of(e), [(3, 3)])
        self.assertTrue(ll_dict.ll_dict_eq(ll_dict.ll_newdict(INTDICT),
                                           ll_dict.ll_newdict(INTDICT), self.H, self.E,
                                           ll_eq_prim))

    def test_keys_values_items(self):
        d = ll_dict.ll_newdict(INTDICT)
        ref = {}
        for k in (7, 3, 11, 5):
            self.setitem(d, k, -k)
            ref[k] = -k
        ll_dict.ll_dict_delitem(d, 3, self.H, self.E)
        del ref[3]
        L = LIST_OF(Signed)
        keys = ll_dict.ll_dict_keys(L, d)
        values = ll_dict.ll_dict_values(L, d)
        self.assertEqual([keys.items[i] for i in range(keys.length)], list(ref.keys()))
        self.assertEqual([values.items[i] for i in range(values.length)], list(ref.values()))
        TUP = TUPLE2_OF(Signed, Signed)
        items = ll_dict.ll_dict_items(LIST_OF(TUP), d)
        self.assertEqual([(items.items[i].item0, items.items[i].item1)
                          for i in range(items.length)], list(ref.items()))
        empty = ll_dict.ll_dict_items(LIST_OF(TUP), ll_dict.ll_newdict(INTDICT))
        self.assertEqual(empty.length, 0)

    def test_iteration(self):
        ITER = DICTITER_OF(INTDICT)
        d = ll_dict.ll_newdict(INTDICT)
        ref = {}
        for k in range(10):
            self.setitem(d, k * 7, k)
            ref[k * 7] = k
        for k in (0, 14, 63):
            ll_dict.ll_dict_delitem(d, k, self.H, self.E)
            del ref[k]
        it = ll_dict.ll_dictiter(ITER, d)
        self.assertEqual([d.entries[i].key for i in iterate(it)], list(ref))
        with self.assertRaises(StopIteration):  # stays exhausted
            ll_dict.ll_dictnext(it)
        # Updating values while iterating is fine.
        it = ll_dict.ll_dictiter(ITER, d)
        seen = []
        while True:
            try:
                i = ll_dict.ll_dictnext(it)
            except StopIteration:
                break
            seen.append(d.entries[i].key)
            self.setitem(d, d.entries[i].key, 1000)
        self.assertEqual(seen, list(ref))
        # A change of size raises RuntimeError, as on CPython.
        for change in ("add", "delete"):
            ref = {k: k for k in range(5)}
            d = ll_dict.ll_newdict(INTDICT)
            for k in range(5):
                self.setitem(d, k, k)
            it = ll_dict.ll_dictiter(ITER, d)
            ll_dict.ll_dictnext(it)
            pyit = iter(ref)
            next(pyit)
            if change == "add":
                self.setitem(d, 99, 99)
                ref[99] = 99
            else:
                ll_dict.ll_dict_delitem(d, 3, self.H, self.E)
                del ref[3]
            with self.assertRaises(RuntimeError):
                next(pyit)
            with self.assertRaises(RuntimeError):
                ll_dict.ll_dictnext(it)
        # An empty dict.
        it = ll_dict.ll_dictiter(ITER, ll_dict.ll_newdict(INTDICT))
        self.assertEqual(iterate(it), [])

    def test_float_keys(self):
        D = DICT_OF(Float, Signed)
        d = ll_dict.ll_newdict(D)
        ref = {}
        for k in (0.5, -0.0, 1e300, 3.0, -2.5, float("inf"), 1e-300):
            ll_dict.ll_dict_setitem(d, k, len(ref), ll_hash_float, ll_eq_prim)
            ref[k] = len(ref)
        ll_dict.ll_dict_setitem(d, 0.0, 100, ll_hash_float, ll_eq_prim)  # == -0.0
        ref[0.0] = 100
        self.assertEqual(items_of(d), list(ref.items()))
        self.assertEqual(ll_dict.ll_dict_getitem(d, float("inf"), ll_hash_float, ll_eq_prim),
                         ref[float("inf")])
        check_invariants(self, d, ll_hash_float)

    def test_bool_and_pointer_identity_keys(self):
        D = DICT_OF(Ptr(BOX), Bool)
        d = ll_dict.ll_newdict(D)
        boxes = [box(1) for _ in range(30)]
        for i, b in enumerate(boxes):
            ll_dict.ll_dict_setitem(d, b, i % 2 == 0, id_hash, ll_eq_prim)
        self.assertFalse(ll_dict.ll_dict_contains(d, box(1), id_hash, ll_eq_prim))
        for i, b in enumerate(boxes):
            self.assertEqual(ll_dict.ll_dict_getitem(d, b, id_hash, ll_eq_prim), i % 2 == 0)
        for b in boxes[::2]:
            ll_dict.ll_dict_delitem(d, b, id_hash, ll_eq_prim)
        check_invariants(self, d, id_hash)
        self.assertEqual([k for k, v in items_of(d)], boxes[1::2])


def id_hash(p):
    # Equal for all the boxes of the test (v == 1): identity alone tells
    # the keys apart.
    return p.v


class NameKeyTest(unittest.TestCase):
    """Keys compared by contents through custom HASH/EQ; pointer values."""

    def test_equal_keys_distinct_objects(self):
        d = ll_dict.ll_newdict(NAMEDICT)
        ll_dict.ll_dict_setitem(d, name("spam"), box(1), name_hash, name_eq)
        ll_dict.ll_dict_setitem(d, name("eggs"), box(2), name_hash, name_eq)
        ll_dict.ll_dict_setitem(d, name("spam"), box(3), name_hash, name_eq)
        self.assertEqual(items_of(d, name_str, lambda b: b.v), [("spam", 3), ("eggs", 2)])
        self.assertEqual(ll_dict.ll_dict_getitem(d, name("eggs"), name_hash, name_eq).v, 2)
        self.assertTrue(ll_dict.ll_dict_contains(d, name("spam"), name_hash, name_eq))
        self.assertFalse(ll_dict.ll_dict_contains(d, name("spa"), name_hash, name_eq))
        v = ll_dict.ll_dict_pop(d, name("spam"), name_hash, name_eq)
        self.assertEqual(v.v, 3)
        check_invariants(self, d, name_hash)  # the popped key and value are cleared
        self.assertEqual(ll_dict.ll_dict_get(d, name("spam"), nullptr(BOX), name_hash,
                                             name_eq), nullptr(BOX))

    def test_random_names(self):
        rng = random.Random(21)
        words = ["".join(rng.choice("abc") for _ in range(rng.randrange(4))) for _ in range(40)]
        d = ll_dict.ll_newdict(NAMEDICT)
        ref = {}
        for step in range(3000):
            w = rng.choice(words)
            op = rng.randrange(5)
            if op < 2:
                v = rng.randrange(100)
                ref[w] = v
                ll_dict.ll_dict_setitem(d, name(w), box(v), name_hash, name_eq)
            elif op == 2:
                exp = outcome(ref.pop, w)
                got = outcome(ll_dict.ll_dict_pop, d, name(w), name_hash, name_eq)
                if got[0] == "ok":
                    got = ("ok", got[1].v)
                self.assertEqual(got, exp)
            elif op == 3:
                exp = outcome(ref.__getitem__, w)
                got = outcome(ll_dict.ll_dict_getitem, d, name(w), name_hash, name_eq)
                if got[0] == "ok":
                    got = ("ok", got[1].v)
                self.assertEqual(got, exp)
            else:
                exp = outcome(ref.__delitem__, w)
                got = outcome(ll_dict.ll_dict_delitem, d, name(w), name_hash, name_eq)
                self.assertEqual(got, exp)
            self.assertEqual(items_of(d, name_str, lambda b: b.v), list(ref.items()), step)
        check_invariants(self, d, name_hash)


class RandomOpsTest(unittest.TestCase):
    """Random operation sequences on a Python dict and an ll dict, compared
    (contents, order, exceptions) after every step."""

    def run_ops(self, HASH, seed, steps, keyrange):
        E = ll_eq_prim
        rng = random.Random(seed)
        ref = {}
        d = ll_dict.ll_newdict(INTDICT)
        L = LIST_OF(Signed)
        ITER = DICTITER_OF(INTDICT)
        for step in range(steps):
            op = rng.randrange(16)
            k = rng.randrange(-keyrange, keyrange)
            v = rng.randrange(1000)
            if op <= 3:
                ref[k] = v
                ll_dict.ll_dict_setitem(d, k, v, HASH, E)
            elif op <= 5:
                exp = outcome(ref.__delitem__, k)
                got = outcome(ll_dict.ll_dict_delitem, d, k, HASH, E)
                self.assertEqual(got, exp, step)
            elif op == 6:
                exp = outcome(ref.__getitem__, k)
                got = outcome(ll_dict.ll_dict_getitem, d, k, HASH, E)
                self.assertEqual(got, exp, step)
            elif op == 7:
                self.assertEqual(ll_dict.ll_dict_contains(d, k, HASH, E), k in ref)
                self.assertEqual(ll_dict.ll_dict_get(d, k, -5, HASH, E), ref.get(k, -5))
            elif op == 8:
                self.assertEqual(ll_dict.ll_dict_setdefault(d, k, v, HASH, E),
                                 ref.setdefault(k, v))
            elif op == 9:
                exp = outcome(ref.pop, k)
                got = outcome(ll_dict.ll_dict_pop, d, k, HASH, E)
                self.assertEqual(got, exp, step)
            elif op == 10:
                self.assertEqual(ll_dict.ll_dict_pop_default(d, k, -7, HASH, E),
                                 ref.pop(k, -7))
            elif op == 11:
                if rng.randrange(40) == 0:
                    ref.clear()
                    ll_dict.ll_dict_clear(d)
            elif op == 12:
                other = {}
                o = ll_dict.ll_newdict(INTDICT)
                for _ in range(rng.randrange(6)):
                    kk = rng.randrange(-keyrange, keyrange)
                    other[kk] = step
                    ll_dict.ll_dict_setitem(o, kk, step, HASH, E)
                ref.update(other)
                ll_dict.ll_dict_update(d, o, HASH, E)
            elif op == 13:
                if rng.randrange(10) == 0:
                    c = ll_dict.ll_dict_copy(d)
                    self.assertEqual(items_of(c), items_of(d))
                    self.assertTrue(ll_dict.ll_dict_eq(d, c, HASH, E, ll_eq_prim))
                    check_invariants(self, c, HASH)
                    d = c  # go on with the copy
            elif op == 14 and (len(ref) < 64 or step % 10 == 0):
                keys = ll_dict.ll_dict_keys(L, d)
                self.assertEqual([keys.items[i] for i in range(keys.length)], list(ref))
                values = ll_dict.ll_dict_values(L, d)
                self.assertEqual([values.items[i] for i in range(values.length)],
                                 list(ref.values()))
            elif op == 15 and (len(ref) < 64 or step % 10 == 0):
                it = ll_dict.ll_dictiter(ITER, d)
                self.assertEqual([d.entries[i].key for i in iterate(it)], list(ref))
            self.assertEqual(ll_dict.ll_dict_len(d), len(ref))
            # The whole contents after every step while small (the
            # emulation is slow), every 20 steps when large.
            if len(ref) < 64 or step % 20 == 0:
                self.assertEqual(items_of(d), list(ref.items()), step)
            if step % 100 == 0:
                check_invariants(self, d, HASH)
        check_invariants(self, d, HASH)

    def test_random_small_keys(self):
        self.run_ops(ll_hash_int, seed=1, steps=6000, keyrange=20)

    def test_random_large_dict(self):
        self.run_ops(ll_hash_int, seed=2, steps=6000, keyrange=400)

    def test_random_negative_hashes(self):
        self.run_ops(hash_spread, seed=3, steps=4000, keyrange=100)

    def test_random_low_bits_hashes(self):
        self.run_ops(hash_low_bits, seed=4, steps=3000, keyrange=100)

    def test_random_all_collide(self):
        self.run_ops(hash_collide, seed=5, steps=1500, keyrange=30)


if __name__ == "__main__":
    unittest.main()
