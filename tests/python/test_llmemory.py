"""The emulated addresses and raw memory (runtime/python/futamura/rtyper/llmemory.py)."""
import unittest

from futamura.rlib.rarithmetic import r_uint
from futamura.rtyper import llmemory
from futamura.rtyper.llmemory import (NULL, Address, BadAddress, arraylengthoffset, cast_adr_to_int,
                                      cast_int_to_adr, itemoffsetof, memory_stats, offsetof,
                                      raw_free, raw_malloc, raw_memclear, raw_memcopy, sizeof)
from futamura.rtyper.lltype import (Array, Bool, Char, FixedSizeArray, Float, GcArray, GcStruct, Ptr,
                                    Signed, Struct, UniChar, UninitializedMemoryAccess, Void)


class AddressTest(unittest.TestCase):
    def test_arithmetic_and_comparisons(self):
        a = raw_malloc(64)
        b = a + 16
        self.assertEqual(b - a, 16)
        self.assertEqual(b - 16, a)
        self.assertTrue(a < b and b > a and a <= a and b >= a and a != b)
        self.assertTrue(a)
        self.assertFalse(NULL)
        self.assertEqual(cast_int_to_adr(cast_adr_to_int(b)), b)
        self.assertEqual(cast_adr_to_int(a) % 16, 0)
        self.assertIs(Address._defl(), NULL)
        raw_free(a)

    def test_typed_access(self):
        a = raw_malloc(64)
        a.signed[0] = -5
        a.signed[1] = 2 ** 63  # wraps like C
        self.assertEqual(a.signed[0], -5)
        self.assertEqual(a.signed[1], -2 ** 63)
        self.assertEqual((a + 8).signed[0], -2 ** 63)
        a.unsigned[2] = r_uint(7)
        self.assertEqual(a.unsigned[2], r_uint(7))
        self.assertIsInstance(a.unsigned[2], r_uint)
        a.float[3] = 1.5
        self.assertEqual(a.float[3], 1.5)
        a.address[4] = a + 8
        self.assertEqual(a.address[4], a + 8)
        (a + 40).char[0] = "x"
        (a + 40).bool[1] = True
        self.assertEqual((a + 40).char[0], "x")
        self.assertIs((a + 40).bool[1], True)
        (a + 44).unichar[0] = "\u20ac"
        self.assertEqual((a + 44).unichar[0], "\u20ac")
        raw_free(a)

    def test_uninitialized_and_zeroed(self):
        a = raw_malloc(16)
        with self.assertRaises(UninitializedMemoryAccess):
            a.signed[0]
        a.char[0] = "a"
        with self.assertRaises(UninitializedMemoryAccess):
            a.signed[0]  # 7 of its bytes were never written
        z = raw_malloc(16, zero=True)
        self.assertEqual(z.signed[1], 0)
        self.assertEqual(z.address[0], NULL)
        raw_free(a)
        raw_free(z)

    def test_bad_accesses(self):
        a = raw_malloc(16)
        with self.assertRaises(BadAddress):
            a.signed[2]  # past the end (into the red zone)
        with self.assertRaises(BadAddress):
            (a + 4).signed[0]  # misaligned
        with self.assertRaises(BadAddress):
            NULL.signed[0]
        with self.assertRaises(BadAddress):
            (a + 12).signed[0] = 1  # across the end
        raw_free(a)
        with self.assertRaises(BadAddress):
            a.signed[0] = 1  # use after free
        with self.assertRaises(BadAddress):
            raw_free(a)  # twice
        b = raw_malloc(32)
        with self.assertRaises(BadAddress):
            raw_free(b + 8)  # not a block's start
        raw_free(b)

    def test_clear_copy_and_stats(self):
        blocks, size = memory_stats()
        a = raw_malloc(32)
        b = raw_malloc(32)
        self.assertEqual(memory_stats(), (blocks + 2, size + 64))
        a.signed[0] = 1
        a.signed[1] = 2
        raw_memcopy(a, b + 16, 16)
        self.assertEqual((b + 16).signed[0], 1)
        self.assertEqual((b + 16).signed[1], 2)
        with self.assertRaises(UninitializedMemoryAccess):
            b.signed[0]
        raw_memclear(b, 16)
        self.assertEqual(b.signed[1], 0)
        with self.assertRaises(BadAddress):
            raw_memcopy(a, a + 8, 16)  # overlap
        raw_free(a)
        raw_free(b)
        self.assertEqual(memory_stats(), (blocks, size))


class LayoutTest(unittest.TestCase):
    """The same numbers as src/rtyper/lltype.cpp (x86-64)."""

    def test_primitives_and_structs(self):
        self.assertEqual(sizeof(Signed), 8)
        self.assertEqual(sizeof(Char), 1)
        self.assertEqual(sizeof(UniChar), 4)
        self.assertEqual(sizeof(Address), 8)
        S = Struct("S", ("c", Char), ("x", Signed), ("b", Bool), ("v", Void))
        self.assertEqual(offsetof(S, "c"), 0)
        self.assertEqual(offsetof(S, "x"), 8)
        self.assertEqual(offsetof(S, "b"), 16)
        self.assertEqual(sizeof(S), 24)
        self.assertEqual(sizeof(Struct("E")), 1)
        T = GcStruct("T", ("h", Signed), ("p", Ptr(S)), ("f", FixedSizeArray(Char, 3)))
        self.assertEqual(offsetof(T, "f"), 16)
        self.assertEqual(sizeof(T), 24)

    def test_varsized(self):
        A = GcArray(Signed)
        self.assertEqual(arraylengthoffset(A), 0)
        self.assertEqual(itemoffsetof(A), 8)
        self.assertEqual(itemoffsetof(A, 3), 32)
        self.assertEqual(sizeof(A, 3), 32)
        STR = GcStruct("rpy_str", ("hash", Signed), ("chars", Array(UniChar)))
        self.assertEqual(arraylengthoffset(STR), 8)
        self.assertEqual(itemoffsetof(STR, 2), 24)
        self.assertEqual(sizeof(STR, 5), 36)
        NL = Array(Char, hints={"nolength": True})
        self.assertIsNone(arraylengthoffset(NL))
        self.assertEqual(itemoffsetof(NL, 4), 4)
        with self.assertRaises(TypeError):
            sizeof(A)
        with self.assertRaises(TypeError):
            offsetof(STR, "nope")


if __name__ == "__main__":
    unittest.main()
