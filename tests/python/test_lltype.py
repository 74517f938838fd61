"""Tests of futamura.rtyper.lltype, the Python emulation of the C-level types."""

import unittest

from futamura.rlib.rarithmetic import r_longlong, r_uint
from futamura.rtyper.lltype import (
    Array, Bool, Char, FixedSizeArray, Float, ForwardReference, FuncType, GcArray,
    GcForwardReference, GcOpaqueType, GcStruct, InvalidCast, OpaqueType, Ptr, Signed,
    SignedLongLong, Struct, UniChar, UninitializedMemoryAccess, Unsigned,
    UnsignedLongLong, Void, cast_pointer, castable, free, functionptr, malloc, nullptr,
    typeOf)


class PrimitiveTest(unittest.TestCase):
    def test_typeOf(self):
        self.assertIs(typeOf(5), Signed)
        self.assertIs(typeOf(-(2 ** 63)), Signed)
        self.assertIs(typeOf(r_uint(5)), Unsigned)
        self.assertIs(typeOf(r_longlong(5)), SignedLongLong)
        self.assertIs(typeOf(1.5), Float)
        self.assertIs(typeOf(True), Bool)
        self.assertIs(typeOf("a"), Char)
        self.assertIs(typeOf("\u1234"), UniChar)
        self.assertIs(typeOf(None), Void)
        for value in ("ab", "", object(), [1], 1j):
            with self.assertRaises(TypeError):
                typeOf(value)

    def test_names(self):
        names = [str(T) for T in (Signed, Unsigned, SignedLongLong, UnsignedLongLong,
                                  Float, Char, UniChar, Bool, Void)]
        self.assertEqual(names, ["Signed", "Unsigned", "SignedLongLong", "UnsignedLongLong",
                                 "Float", "Char", "UniChar", "Bool", "Void"])
        self.assertEqual(repr(Signed), "Signed")
        self.assertNotEqual(Signed, Unsigned)
        self.assertNotEqual(Signed, SignedLongLong)

    def test_defaults(self):
        self.assertEqual(Signed._defl(), 0)
        self.assertIs(typeOf(Unsigned._defl()), Unsigned)
        self.assertEqual(Char._defl(), "\x00")
        self.assertIsNone(Void._defl())


class StructTest(unittest.TestCase):
    POINT = GcStruct("point", ("x", Signed), ("y", Float), ("c", Char), ("ok", Bool))

    def test_malloc_get_set(self):
        p = malloc(self.POINT)
        self.assertEqual((p.x, p.y, p.c, p.ok), (0, 0.0, "\x00", False))  # GC: zeroed
        p.x = 5
        p.y = 2.5
        p.c = "z"
        p.ok = True
        self.assertEqual((p.x, p.y, p.c, p.ok), (5, 2.5, "z", True))
        self.assertEqual(typeOf(p), Ptr(self.POINT))
        self.assertIs(self.POINT.x, Signed)
        self.assertTrue(p)

    def test_signed_wraps(self):
        p = malloc(self.POINT)
        p.x = 2 ** 64 + 3
        self.assertEqual(p.x, 3)
        p.x = 2 ** 63
        self.assertEqual(p.x, -(2 ** 63))

    def test_type_errors(self):
        p = malloc(self.POINT)
        with self.assertRaises(TypeError) as cm:
            p.x = 1.5
        message = str(cm.exception)
        for part in ("'x'", "GcStruct point", "Signed", "Float"):
            self.assertIn(part, message)
        for field, value in (("x", True), ("x", r_uint(1)), ("y", 1), ("c", "ab"),
                             ("c", "\u1234"), ("ok", 1), ("x", None), ("x", "1")):
            with self.assertRaises(TypeError, msg=(field, value)):
                setattr(p, field, value)
        self.assertEqual(p.x, 0)  # nothing was stored

    def test_unknown_fields(self):
        p = malloc(self.POINT)
        with self.assertRaises(AttributeError):
            p.z
        with self.assertRaises(AttributeError):
            p.z = 1
        self.assertFalse(hasattr(self.POINT, "z"))
        self.assertTrue(hasattr(self.POINT, "y"))

    def test_void_fields(self):
        S = GcStruct("s", ("v", Void), ("x", Signed))
        p = malloc(S)
        self.assertIsNone(p.v)
        p.v = None
        with self.assertRaises(TypeError):
            p.v = 0

    def test_other_primitives(self):
        S = GcStruct("prims", ("u", Unsigned), ("ll", SignedLongLong),
                     ("ull", UnsignedLongLong), ("uc", UniChar))
        p = malloc(S)
        self.assertIs(typeOf(p.u), Unsigned)
        p.u = r_uint(7)
        p.ll = r_longlong(-7)
        p.ull = r_uint(2 ** 64 - 1)
        p.uc = "\u1234"
        p.uc = "a"
        self.assertEqual((p.u, p.ll, p.ull, p.uc), (7, -7, 2 ** 64 - 1, "a"))
        with self.assertRaises(TypeError):
            p.u = 7
        with self.assertRaises(TypeError):
            p.ll = 7

    def test_raw_malloc(self):
        S = Struct("raw", ("x", Signed), ("p", Ptr(self.POINT)))
        p = malloc(S, flavor="raw")
        with self.assertRaises(UninitializedMemoryAccess):
            p.x
        with self.assertRaises(UninitializedMemoryAccess):
            p.p
        p.x = 3
        self.assertEqual(p.x, 3)
        free(p, "raw")
        with self.assertRaises(RuntimeError):
            p.x
        with self.assertRaises(RuntimeError):
            free(p, "raw")
        q = malloc(S, flavor="raw", zero=True)
        self.assertEqual(q.x, 0)
        self.assertFalse(q.p)

    def test_malloc_flavors(self):
        with self.assertRaises(TypeError):
            malloc(Struct("raw", ("x", Signed)))
        with self.assertRaises(TypeError):
            malloc(self.POINT, flavor="raw")
        with self.assertRaises(TypeError):
            malloc(self.POINT, 3)
        with self.assertRaises(TypeError):
            malloc(FuncType([], Void))
        with self.assertRaises(TypeError):
            free(malloc(self.POINT), "raw")

    def test_inlined_substructure(self):
        INNER = Struct("inner", ("a", Signed), ("b", Float))
        OUTER = GcStruct("outer", ("x", Signed), ("inner", INNER))
        o = malloc(OUTER)
        inner = o.inner  # an interior pointer
        inner.a = 3
        self.assertEqual(o.inner.a, 3)
        self.assertEqual(o.inner.b, 0.0)
        with self.assertRaises(TypeError):
            typeOf(inner)
        with self.assertRaises(TypeError):
            o.inner = inner
        HOLDER = GcStruct("holder", ("p", Ptr(INNER)))
        with self.assertRaises(TypeError) as cm:
            malloc(HOLDER).p = inner
        self.assertIn("interior", str(cm.exception))
        # inside raw memory, the same field gives an ordinary pointer
        raw = malloc(Struct("router", ("inner", INNER)), flavor="raw", zero=True)
        self.assertEqual(typeOf(raw.inner), Ptr(INNER))


class InheritanceTest(unittest.TestCase):
    BASE = GcStruct("base", ("x", Signed))
    SUB = GcStruct("sub", ("super", BASE), ("y", Signed))
    SUBSUB = GcStruct("subsub", ("super", SUB), ("z", Signed))
    OTHER = GcStruct("other", ("super", BASE), ("w", Float))

    def test_parent_fields(self):
        s = malloc(self.SUB)
        s.super.x = 4
        s.y = 5
        self.assertEqual((s.super.x, s.y), (4, 5))
        self.assertEqual(typeOf(s.super), Ptr(self.BASE))
        # fields are found in the declaring struct only, as in PyPy
        with self.assertRaises(AttributeError) as cm:
            s.x
        self.assertIn("super.x", str(cm.exception))

    def test_upcast_and_downcast(self):
        s = malloc(self.SUBSUB)
        s.z = 1
        s.super.y = 2
        s.super.super.x = 3
        b = cast_pointer(Ptr(self.BASE), s)
        self.assertEqual(typeOf(b), Ptr(self.BASE))
        self.assertEqual(b.x, 3)
        self.assertEqual(b, s.super.super)
        mid = cast_pointer(Ptr(self.SUB), b)
        self.assertEqual(mid.y, 2)
        self.assertEqual(mid, s.super)
        back = cast_pointer(Ptr(self.SUBSUB), b)
        self.assertEqual(back, s)
        self.assertEqual(back.z, 1)
        self.assertIs(cast_pointer(Ptr(self.SUBSUB), s), s)
        self.assertEqual(castable(Ptr(self.BASE), Ptr(self.SUBSUB)), 2)
        self.assertEqual(castable(Ptr(self.SUBSUB), Ptr(self.BASE)), -2)

    def test_failing_downcast(self):
        s = malloc(self.SUB)
        b = cast_pointer(Ptr(self.BASE), s)
        with self.assertRaises(InvalidCast) as cm:
            cast_pointer(Ptr(self.OTHER), b)
        self.assertIn("GcStruct sub", str(cm.exception))
        with self.assertRaises(InvalidCast):
            cast_pointer(Ptr(self.SUBSUB), b)
        with self.assertRaises(InvalidCast):
            cast_pointer(Ptr(self.SUB), malloc(self.BASE))

    def test_unrelated_and_null(self):
        with self.assertRaises(InvalidCast):
            cast_pointer(Ptr(self.SUB), malloc(self.OTHER))
        with self.assertRaises(InvalidCast):
            cast_pointer(Ptr(GcStruct("unrelated", ("x", Signed))), malloc(self.BASE))
        with self.assertRaises(InvalidCast):  # GC-ness cannot change
            cast_pointer(Ptr(Struct("base", ("x", Signed))), malloc(self.BASE))
        null = cast_pointer(Ptr(self.SUB), nullptr(self.BASE))
        self.assertFalse(null)
        self.assertEqual(typeOf(null), Ptr(self.SUB))

    def test_structurally_equal_types(self):
        BASE2 = GcStruct("base", ("x", Signed))
        SUB2 = GcStruct("sub", ("super", BASE2), ("y", Signed))
        s = malloc(SUB2)
        b = cast_pointer(Ptr(self.BASE), s)
        self.assertEqual(cast_pointer(Ptr(self.SUB), b), s)


class ArrayTest(unittest.TestCase):
    def test_gcarray(self):
        A = GcArray(Signed)
        a = malloc(A, 3)
        self.assertEqual(len(a), 3)
        self.assertEqual([a[0], a[1], a[2]], [0, 0, 0])
        a[2] = 7
        self.assertEqual(a[2], 7)
        self.assertEqual(typeOf(a), Ptr(A))
        self.assertEqual(str(A), "GcArray(Signed)")

    def test_bounds_and_types(self):
        a = malloc(GcArray(Signed), 3)
        for i in (3, -1, 100):
            with self.assertRaises(IndexError):
                a[i]
            with self.assertRaises(IndexError):
                a[i] = 0
        with self.assertRaises(TypeError) as cm:
            a[0] = 1.0
        self.assertIn("Signed", str(cm.exception))
        self.assertIn("Float", str(cm.exception))
        with self.assertRaises(TypeError):
            a["0"]
        with self.assertRaises(TypeError):
            malloc(GcArray(Signed))
        with self.assertRaises(ValueError):
            malloc(GcArray(Signed), -1)
        self.assertEqual(len(malloc(GcArray(Signed), 0)), 0)

    def test_not_an_array(self):
        p = malloc(GcStruct("s", ("x", Signed)))
        with self.assertRaises(TypeError):
            p[0]
        with self.assertRaises(TypeError):
            len(p)

    def test_array_of_structs_and_pointers(self):
        PAIR = Struct("pair", ("a", Char), ("b", Signed))
        pairs = malloc(GcArray(PAIR), 2)
        pairs[1].b = 42
        self.assertEqual(pairs[1].b, 42)
        self.assertEqual(pairs[0].a, "\x00")
        with self.assertRaises(TypeError):
            pairs[0] = pairs[1]
        NODE = GcStruct("n", ("x", Signed))
        ptrs = malloc(GcArray(Ptr(NODE)), 2)
        self.assertFalse(ptrs[0])
        ptrs[0] = malloc(NODE)
        self.assertTrue(ptrs[0])

    def test_raw_arrays(self):
        a = malloc(Array(Signed), 2, flavor="raw")
        with self.assertRaises(UninitializedMemoryAccess):
            a[0]
        a[0] = 1
        self.assertEqual(a[0], 1)
        raw = malloc(Array(Char, hints={"nolength": True}), 4, flavor="raw", zero=True)
        self.assertEqual(raw[3], "\x00")
        with self.assertRaises(TypeError):
            len(raw)

    def test_varsized_struct(self):
        STR = GcStruct("str", ("hash", Signed), ("chars", Array(Char)))
        s = malloc(STR, 5)
        self.assertEqual(len(s.chars), 5)
        s.chars[0] = "a"
        self.assertEqual(s.chars[0], "a")
        with self.assertRaises(IndexError):
            s.chars[5] = "b"
        with self.assertRaises(TypeError):
            malloc(STR)

    def test_fixed_size_arrays(self):
        F = FixedSizeArray(Signed, 3)
        self.assertEqual(str(F), "FixedSizeArray(Signed, 3)")
        S = GcStruct("s", ("n", Signed), ("a", F))
        p = malloc(S)
        self.assertEqual(len(p.a), 3)
        p.a[2] = 5
        self.assertEqual(p.a[2], 5)
        with self.assertRaises(IndexError):
            p.a[3]
        with self.assertRaises(TypeError):
            p.a[0] = "x"
        raw = malloc(F, flavor="raw", zero=True)
        self.assertEqual(len(raw), 3)
        self.assertEqual(raw[0], 0)
        with self.assertRaises(TypeError):
            malloc(F, 3, flavor="raw")


class RecursiveTypeTest(unittest.TestCase):
    @staticmethod
    def make_node():
        NODE = GcForwardReference()
        NODE.become(GcStruct("node", ("value", Signed), ("next", Ptr(NODE))))
        return NODE

    def test_linked_list(self):
        NODE = self.make_node()
        head = nullptr(NODE)
        for value in (3, 2, 1):
            node = malloc(NODE)
            node.value = value
            node.next = head
            head = node
        values = []
        p = head
        while p:
            values.append(p.value)
            p = p.next
        self.assertEqual(values, [1, 2, 3])
        self.assertEqual(typeOf(head), Ptr(NODE))
        self.assertEqual(typeOf(head.next), Ptr(NODE))

    def test_printing_terminates(self):
        NODE = self.make_node()
        expected = "GcStruct node { value: Signed, next: Ptr(GcStruct node) }"
        self.assertEqual(str(NODE), expected)
        self.assertEqual(repr(Ptr(NODE)), "Ptr(%s)" % expected)
        self.assertEqual(Ptr(NODE)._short_name(), "Ptr(GcStruct node)")
        node = malloc(NODE)
        node.next = node
        self.assertIn("struct node", repr(node))
        TREE = GcForwardReference()
        TREE.become(GcArray(Ptr(TREE)))
        self.assertEqual(str(TREE), "GcArray(Ptr(GcArray(...)))")

    def test_equality_and_hash(self):
        N1, N2 = self.make_node(), self.make_node()
        self.assertEqual(N1, N2)
        self.assertEqual(Ptr(N1), Ptr(N2))
        self.assertEqual(hash(N1), hash(N2))
        self.assertEqual(hash(Ptr(N1)), hash(Ptr(N2)))
        self.assertEqual({Ptr(N1): 1}[Ptr(N2)], 1)
        OTHER = GcForwardReference()
        OTHER.become(GcStruct("node", ("value", Float), ("next", Ptr(OTHER))))
        self.assertNotEqual(N1, OTHER)
        # a pointer from one list can go into the other's nodes
        a, b = malloc(N1), malloc(N2)
        a.next = b
        self.assertEqual(a.next, b)

    def test_forward_reference_rules(self):
        ref = GcForwardReference()
        self.assertTrue(str(Ptr(ref)).startswith("Ptr(GcForwardReference #"))
        self.assertEqual(ref, ref)
        self.assertNotEqual(ref, GcForwardReference())
        with self.assertRaises(TypeError):
            hash(ref)
        with self.assertRaises(TypeError):
            GcStruct("s", ("inline", ref))
        with self.assertRaises(TypeError):
            ref.become(Signed)
        with self.assertRaises(TypeError):
            ref.become(Struct("raw"))
        with self.assertRaises(TypeError):
            ForwardReference().become(GcStruct("gc"))
        ref.become(GcStruct("s", ("x", Signed)))
        with self.assertRaises(TypeError):
            ref.become(GcStruct("t"))
        self.assertIs(ref.x, Signed)
        self.assertEqual(malloc(ref).x, 0)


class NullPointerTest(unittest.TestCase):
    def test_null_struct(self):
        S = GcStruct("s", ("x", Signed))
        p = nullptr(S)
        self.assertFalse(p)
        self.assertEqual(typeOf(p), Ptr(S))
        self.assertEqual(p, nullptr(S))
        self.assertNotEqual(p, malloc(S))
        with self.assertRaises(RuntimeError) as cm:
            p.x
        self.assertIn("null pointer", str(cm.exception))
        with self.assertRaises(RuntimeError):
            p.x = 1
        self.assertIn("null", repr(p))

    def test_null_array_and_function(self):
        a = nullptr(GcArray(Signed))
        with self.assertRaises(RuntimeError):
            a[0]
        with self.assertRaises(RuntimeError):
            a[0] = 1
        with self.assertRaises(RuntimeError):
            len(a)
        with self.assertRaises(RuntimeError):
            nullptr(FuncType([], Void))()

    def test_pointer_comparisons(self):
        S = GcStruct("s", ("x", Signed))
        p = malloc(S)
        self.assertEqual(p, p)
        self.assertNotEqual(p, malloc(S))
        with self.assertRaises(TypeError):
            p == malloc(GcStruct("t", ("x", Signed)))
        with self.assertRaises(TypeError):
            p == 0
        with self.assertRaises(TypeError):
            hash(p)


class TypeConstructionTest(unittest.TestCase):
    def test_built_twice_is_equal(self):
        def build():
            POINT = Struct("point", ("x", Signed), ("y", Signed), hints={"immutable": True})
            return GcStruct("shape", ("origin", POINT), ("points", Ptr(GcArray(Ptr(
                GcStruct("item", ("p", POINT)))))), ("f", Ptr(FuncType([Signed], Bool))))
        A, B = build(), build()
        self.assertIsNot(A, B)
        self.assertEqual(A, B)
        self.assertEqual(hash(A), hash(B))
        self.assertEqual(len({A, B, Ptr(A), Ptr(B)}), 2)

    def test_differences(self):
        self.assertNotEqual(Struct("s", ("x", Signed)), GcStruct("s", ("x", Signed)))
        self.assertNotEqual(GcStruct("s", ("x", Signed)), GcStruct("t", ("x", Signed)))
        self.assertNotEqual(GcStruct("s", ("x", Signed)), GcStruct("s", ("y", Signed)))
        self.assertNotEqual(GcStruct("s", ("x", Signed)), GcStruct("s", ("x", Float)))
        self.assertNotEqual(Struct("s", hints={"immutable": True}), Struct("s"))
        self.assertNotEqual(Array(Signed), GcArray(Signed))
        self.assertNotEqual(FixedSizeArray(Char, 3), FixedSizeArray(Char, 4))
        self.assertNotEqual(OpaqueType("lock"), GcOpaqueType("lock"))
        self.assertEqual(OpaqueType("lock"), OpaqueType("lock"))
        self.assertNotEqual(Signed, 0)

    def test_printing(self):
        S = Struct("rec", ("c", Char), ("a", Signed), ("b", Float), hints={"immutable": True})
        self.assertEqual(str(S), "Struct rec { c: Char, a: Signed, b: Float } [immutable]")
        self.assertEqual(S._short_name(), "Struct rec")
        self.assertEqual(str(Struct("empty")), "Struct empty {}")
        self.assertEqual(str(Ptr(GcStruct("obj", ("x", Signed)))),
                         "Ptr(GcStruct obj { x: Signed })")
        self.assertEqual(str(Array(Struct("pair", ("a", Char), ("b", Signed)))),
                         "Array(Struct pair { a: Char, b: Signed })")
        self.assertEqual(str(Array(Char, hints={"nolength": True})), "Array(Char) [nolength]")
        self.assertEqual(str(FixedSizeArray(Char, 3)), "FixedSizeArray(Char, 3)")
        fn = FuncType([Signed, Ptr(GcStruct("obj", ("x", Signed)))], Float)
        self.assertEqual(str(fn), "Func(Signed, Ptr(GcStruct obj { x: Signed })) -> Float")
        self.assertEqual(fn._short_name(), "Func(Signed, Ptr(GcStruct obj)) -> Float")
        self.assertEqual(str(FuncType([], Void)), "Func() -> Void")
        self.assertEqual(str(OpaqueType("lock")), "Opaque lock")
        self.assertEqual(str(GcOpaqueType("frame")), "GcOpaque frame")

    def test_refused_types(self):
        GC = GcStruct("gc", ("x", Signed))
        bad = [
            lambda: Struct("s", ("_x", Signed)),
            lambda: Struct("s", ("", Signed)),
            lambda: Struct("s", ("x", Signed), ("x", Float)),
            lambda: Struct("s", ("x", int)),
            lambda: Struct("s", "x"),
            lambda: Struct("s", ("g", GC)),  # GcStruct in a raw struct
            lambda: GcStruct("s", ("x", Signed), ("g", GC)),  # not the first field
            lambda: GcStruct("s", ("a", GcArray(Signed))),
            lambda: Struct("s", ("a", Array(Signed)), ("x", Signed)),  # array not last
            lambda: GcStruct("s", ("a", Array(Char, hints={"nolength": True}))),
            lambda: Struct("s", ("v", GcStruct("v", ("a", Array(Char))))),
            lambda: Struct("s", ("f", FuncType([], Void))),
            lambda: Struct("s", ("o", GcOpaqueType("o"))),
            lambda: GcArray(GC),
            lambda: Array(Array(Signed)),
            lambda: Ptr(Signed),
            lambda: Ptr(Ptr(GC)),
            lambda: FuncType([], GC),
            lambda: FixedSizeArray(Signed, -1),
        ]
        for i, make in enumerate(bad):
            with self.assertRaises(TypeError, msg="case %d" % i):
                make()
        # allowed: a GcStruct first in a GcStruct, an inlined last array, opaque
        GcStruct("sub", ("super", GC), ("a", Array(Signed)))
        Struct("s", ("o", OpaqueType("o")), ("f", FixedSizeArray(Signed, 2)))


class FunctionPointerTest(unittest.TestCase):
    def test_call(self):
        F = FuncType([Signed, Signed], Signed)
        add = functionptr(F, "add", _callable=lambda a, b: a + b)
        self.assertEqual(add(2, 3), 5)
        self.assertEqual(typeOf(add), Ptr(F))
        self.assertEqual(str(F), "Func(Signed, Signed) -> Signed")
        with self.assertRaises(TypeError) as cm:
            add(2, 1.0)
        self.assertIn("argument 2", str(cm.exception))
        with self.assertRaises(TypeError):
            add(1)
        bad = functionptr(F, "bad", _callable=lambda a, b: 1.0)
        with self.assertRaises(TypeError):
            bad(1, 2)
        with self.assertRaises(RuntimeError):
            functionptr(F, "undefined")(1, 2)
        with self.assertRaises(TypeError):
            functionptr(Signed, "f")

    def test_pointer_arguments_and_void(self):
        S = GcStruct("s", ("x", Signed))
        F = FuncType([Ptr(S), Void], Void)

        def setx(p, const):
            p.x = const

        f = functionptr(F, "setx", _callable=setx, extra="attribute")
        p = malloc(S)
        self.assertIsNone(f(p, 9))
        self.assertEqual(p.x, 9)
        self.assertEqual(f._obj.extra, "attribute")
        with self.assertRaises(TypeError):
            f(malloc(GcStruct("t", ("x", Signed))), 1)


# The helper of figure 3 of the paper, with the list type it works on.

ITEMS = GcArray(Signed)
LIST = GcStruct("list", ("length", Signed), ("items", Ptr(ITEMS)))


def ll_newlist(LISTTYPE, length):
    lst = malloc(LISTTYPE)
    lst.length = length
    lst.items = malloc(LISTTYPE.items.TO, length)
    return lst


def ll_resize(lst, newlength):
    # Grow the items array, copying, when it is too small.
    items = lst.items
    allocated = len(items)
    if newlength > allocated:
        newitems = malloc(typeOf(items).TO, newlength + (newlength >> 3) + 6)
        i = 0
        while i < lst.length:
            newitems[i] = items[i]
            i += 1
        lst.items = newitems
    lst.length = newlength


def ll_append(lst, newitem):
    # Append an item to the end of the vector.
    index = lst.length        # get the 'length' field
    ll_resize(lst, index + 1)  # call another helper
    itemsarray = lst.items    # get the 'items' field
    itemsarray[index] = newitem  # behaves like a C array


class SystemCodeTest(unittest.TestCase):
    def test_ll_append(self):
        lst = ll_newlist(LIST, 0)
        for i in range(1000):
            ll_append(lst, i * i)
        self.assertEqual(lst.length, 1000)
        self.assertGreaterEqual(len(lst.items), 1000)
        for i in range(1000):
            self.assertEqual(lst.items[i], i * i)
        with self.assertRaises(TypeError):
            ll_append(lst, 1.5)

    def test_ll_append_of_pointers(self):
        # the same helper on another list type ("one graph per list type")
        NODE = GcStruct("node", ("x", Signed))
        PLIST = GcStruct("list", ("length", Signed), ("items", Ptr(GcArray(Ptr(NODE)))))
        lst = ll_newlist(PLIST, 0)
        nodes = []
        for i in range(50):
            node = malloc(NODE)
            node.x = i
            nodes.append(node)
            ll_append(lst, node)
        for i in range(50):
            self.assertEqual(lst.items[i], nodes[i])
            self.assertEqual(lst.items[i].x, i)
        with self.assertRaises(TypeError):
            ll_append(lst, 3)


if __name__ == "__main__":
    unittest.main()
