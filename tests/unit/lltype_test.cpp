//! Unit tests of lltype, the C-level type system (section 3.4, figure 4).
//!
//! - primitives have their C names, sizes and alignments on x86-64;
//! - types are interned: structurally equal types are one object;
//! - GC inheritance goes through the first field, across several levels;
//! - recursive types are built with forward references and print finitely;
//! - the layout helpers agree with gcc: the expected offsets below were
//!   computed by hand from the C rules and checked with a C program using
//!   `offsetof` on the equivalent structs (gcc 12, x86-64);
//! - types lltype refuses are refused with std::invalid_argument.
#include "futamura/rtyper/lltype.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace futamura::rtyper;

namespace {

/// Runs `build` and expects std::invalid_argument whose message contains
/// `expected`.
template <class F> void expectRefused(F build, const std::string& expected) {
    try {
        build();
        ADD_FAILURE() << "expected std::invalid_argument containing: " << expected;
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
}

TEST(LLTypePrimitives, NamesSizesAndAlignments) {
    EXPECT_EQ(Signed->str(), "Signed");
    EXPECT_EQ(Signed->cName(), "Signed");
    EXPECT_EQ(Float->cName(), "double");
    EXPECT_EQ(sizeOf(Signed), 8u);
    EXPECT_EQ(sizeOf(Unsigned), 8u);
    EXPECT_EQ(sizeOf(SignedLongLong), 8u);
    EXPECT_EQ(sizeOf(UnsignedLongLong), 8u);
    EXPECT_EQ(sizeOf(Float), 8u);
    EXPECT_EQ(sizeOf(Char), 1u);
    EXPECT_EQ(sizeOf(UniChar), 4u);
    EXPECT_EQ(alignOf(UniChar), 4u);
    EXPECT_EQ(sizeOf(Bool), 1u);
    EXPECT_EQ(sizeOf(Void), 0u);
    EXPECT_EQ(sizeOf(Address), 8u);
    EXPECT_EQ(Address->cName(), "RPyAddress");
    EXPECT_EQ(Void->str(), "Void");
    EXPECT_EQ(Bool->kind(), TypeKind::Primitive);
    EXPECT_FALSE(Signed->isContainer());
    EXPECT_FALSE(Signed->isGc());

    // Ids are the table indices, distinct from every factory type's id.
    const auto& all = allPrimitives();
    ASSERT_EQ(all.size(), 10u);
    for (size_t i = 0; i < all.size(); ++i)
        EXPECT_EQ(all[i]->id(), i);
    TypeFactory f;
    EXPECT_EQ(f.makeOpaque("x")->id(), all.size());
}

TEST(LLTypeInterning, SameStructTwiceIsSameObject) {
    TypeFactory f;
    const Struct* a = f.makeStruct("point", {{"x", Signed}, {"y", Signed}});
    const Struct* b = f.makeStruct("point", {{"x", Signed}, {"y", Signed}});
    EXPECT_EQ(a, b);
    // Different order, name, GC-ness or hints: different types.
    EXPECT_NE(a, f.makeStruct("point", {{"y", Signed}, {"x", Signed}}));
    EXPECT_NE(a, f.makeStruct("pt", {{"x", Signed}, {"y", Signed}}));
    EXPECT_NE(static_cast<const LowLevelType*>(a),
              f.makeGcStruct("point", {{"x", Signed}, {"y", Signed}}));
    EXPECT_NE(a, f.makeStruct("point", {{"x", Signed}, {"y", Signed}}, {{"immutable", ""}}));
    // Interning goes through components: equal components, equal types.
    EXPECT_EQ(f.makeGcArray(f.makePtr(a)), f.makeGcArray(f.makePtr(b)));
    EXPECT_EQ(f.makeFunc({Signed, Float}, Bool), f.makeFunc({Signed, Float}, Bool));
    EXPECT_NE(f.makeFunc({Signed, Float}, Bool), f.makeFunc({Float, Signed}, Bool));
    EXPECT_EQ(f.makeOpaque("lock"), f.makeOpaque("lock"));
    EXPECT_NE(f.makeOpaque("lock")->isGc(), f.makeGcOpaque("lock")->isGc());

    // Separate factories are independent translations.
    TypeFactory g;
    EXPECT_NE(a, g.makeStruct("point", {{"x", Signed}, {"y", Signed}}));
    EXPECT_EQ(g.types().size(), 1u);
}

TEST(LLTypeStruct, FieldLookupKeepsDeclarationOrder) {
    TypeFactory f;
    const Struct* s =
        f.makeStruct("rec", {{"c", Char}, {"a", Signed}, {"b", Float}}, {{"immutable", ""}});
    ASSERT_EQ(s->fields().size(), 3u);
    EXPECT_EQ(s->fields()[0].name, "c");
    EXPECT_EQ(s->fields()[2].name, "b");
    EXPECT_EQ(s->fieldIndex("a"), 1u);
    EXPECT_EQ(s->fieldIndex("zz"), std::nullopt);
    EXPECT_EQ(s->fieldType("b"), Float);
    EXPECT_EQ(s->fieldType("zz"), nullptr);
    EXPECT_EQ(s->hints().count("immutable"), 1u);
    EXPECT_EQ(s->str(), "Struct rec { c: Char, a: Signed, b: Float } [immutable]");
    EXPECT_EQ(s->shortName(), "Struct rec");
}

TEST(LLTypeStruct, GcInheritanceThroughFirstField) {
    TypeFactory f;
    const Struct* vtable = f.makeStruct("object_vtable", {{"subclassrange_min", Signed}});
    const Struct* object = f.makeGcStruct("object", {{"typeptr", f.makePtr(vtable)}});
    const Struct* a = f.makeGcStruct("A", {{"super", object}, {"x", Signed}});
    const Struct* b = f.makeGcStruct("B", {{"super", a}, {"y", Float}});

    EXPECT_EQ(b->parentStruct(), a);
    EXPECT_EQ(a->parentStruct(), object);
    EXPECT_EQ(object->parentStruct(), nullptr); // first field is a pointer
    EXPECT_TRUE(b->isSubStructOf(object));
    EXPECT_TRUE(b->isSubStructOf(a));
    EXPECT_TRUE(b->isSubStructOf(b));
    EXPECT_FALSE(object->isSubStructOf(b));
    EXPECT_FALSE(a->isSubStructOf(b));

    // A raw struct inlined first in a GcStruct is a part, not a parent.
    const Struct* header = f.makeStruct("header", {{"flags", Signed}});
    const Struct* withHeader = f.makeGcStruct("C", {{"h", header}, {"z", Signed}});
    EXPECT_EQ(withHeader->parentStruct(), nullptr);
    // Raw structs inherit the same way (subclass vtables).
    const Struct* subVtable = f.makeStruct("A_vtable", {{"super", vtable}, {"extra", Signed}});
    EXPECT_EQ(subVtable->parentStruct(), vtable);

    // The inherited part comes first in memory.
    EXPECT_EQ(fieldOffset(b, "super"), 0u);
    EXPECT_EQ(fieldOffset(a, "x"), 8u);
    EXPECT_EQ(fieldOffset(b, "y"), 16u);
    EXPECT_EQ(sizeOf(b), 24u);
}

TEST(LLTypePtr, UniquePerTargetAndGcness) {
    TypeFactory f;
    const Struct* gc = f.makeGcStruct("obj", {{"x", Signed}});
    const Struct* raw = f.makeStruct("raw", {{"x", Signed}});
    const Ptr* p = f.makePtr(gc);
    EXPECT_EQ(p, f.makePtr(gc));
    EXPECT_EQ(p->to(), gc);
    EXPECT_TRUE(p->isGcPointer());
    EXPECT_FALSE(f.makePtr(raw)->isGcPointer());
    EXPECT_TRUE(f.makePtr(f.makeGcArray(Signed))->isGcPointer());
    EXPECT_FALSE(f.makePtr(f.makeArray(Signed))->isGcPointer());
    EXPECT_TRUE(f.makePtr(f.makeGcOpaque("frame"))->isGcPointer());
    EXPECT_FALSE(f.makePtr(f.makeFunc({}, Void))->isGcPointer());
    EXPECT_EQ(sizeOf(p), 8u);
    EXPECT_EQ(p->str(), "Ptr(GcStruct obj { x: Signed })");
    EXPECT_EQ(asType<Ptr>(p), p);
    EXPECT_EQ(asType<Struct>(p), nullptr);
}

TEST(LLTypeArray, ArraysAndFixedSizeArrays) {
    TypeFactory f;
    const Array* ints = f.makeGcArray(Signed);
    EXPECT_TRUE(ints->isGc());
    EXPECT_TRUE(ints->isVarSize());
    EXPECT_TRUE(ints->hasLength());
    EXPECT_EQ(ints->itemType(), Signed);
    EXPECT_EQ(ints->str(), "GcArray(Signed)");

    // The list of figure 3: a header pointing to a resizable items array.
    const Struct* list = f.makeGcStruct("list", {{"length", Signed}, {"items", f.makePtr(ints)}});
    EXPECT_EQ(f.makePtr(list)->str(),
              "Ptr(GcStruct list { length: Signed, items: Ptr(GcArray(Signed)) })");

    // Items may be structs, inlined.
    const Struct* pair = f.makeStruct("pair", {{"a", Char}, {"b", Signed}});
    const Array* pairs = f.makeArray(pair);
    EXPECT_EQ(pairs->str(), "Array(Struct pair { a: Char, b: Signed })");
    VarSizeLayout layout = varSizeLayout(pairs);
    EXPECT_EQ(layout.lengthOffset, 0u);
    EXPECT_EQ(layout.itemsOffset, 8u); // gcc: offsetof(items) == 8
    EXPECT_EQ(layout.itemSize, 16u);   // gcc: sizeof(struct pair) == 16
    EXPECT_EQ(varSizeOf(pairs, 3), 56u);

    const Array* raw = f.makeArray(Char, {{"nolength", ""}});
    EXPECT_FALSE(raw->hasLength());
    EXPECT_EQ(raw->str(), "Array(Char) [nolength]");
    EXPECT_EQ(varSizeLayout(raw).lengthOffset, std::nullopt);
    EXPECT_EQ(varSizeLayout(raw).itemsOffset, 0u);

    const FixedSizeArray* three = f.makeFixedSizeArray(Char, 3);
    EXPECT_EQ(three, f.makeFixedSizeArray(Char, 3));
    EXPECT_NE(three, f.makeFixedSizeArray(Char, 4));
    EXPECT_FALSE(three->isVarSize());
    EXPECT_EQ(three->length(), 3u);
    EXPECT_EQ(three->str(), "FixedSizeArray(Char, 3)");
    EXPECT_EQ(sizeOf(three), 3u);
    EXPECT_EQ(sizeOf(f.makeFixedSizeArray(pair, 2)), 32u);
    EXPECT_EQ(alignOf(f.makeFixedSizeArray(pair, 2)), 8u);
}

TEST(LLTypeForwardReference, RecursiveLinkedList) {
    TypeFactory f;
    ForwardReference* ref = f.makeGcForwardReference();
    const Ptr* nodePtr = f.makePtr(ref);
    EXPECT_EQ(nodePtr->to(), ref);
    EXPECT_TRUE(nodePtr->isGcPointer());
    EXPECT_EQ(nodePtr->str(), "Ptr(GcForwardReference #" + std::to_string(ref->id()) + ")");

    const Struct* node = f.makeGcStruct("node", {{"value", Signed}, {"next", nodePtr}});
    ref->become(node);

    // The Ptr field now targets the struct itself, and Ptr(node) is the
    // pointer that was built for the reference.
    auto next = asType<Ptr>(node->fieldType("next"));
    ASSERT_NE(next, nullptr);
    EXPECT_EQ(next->to(), node);
    EXPECT_EQ(f.makePtr(node), nodePtr);
    EXPECT_EQ(f.makePtr(ref), nodePtr);
    EXPECT_EQ(asType<Struct>(ref), node);
    EXPECT_EQ(ref->target(), node);

    // Printing terminates, the inner reference by name only.
    EXPECT_EQ(node->str(), "GcStruct node { value: Signed, next: Ptr(GcStruct node) }");
    EXPECT_EQ(nodePtr->str(), "Ptr(GcStruct node { value: Signed, next: Ptr(GcStruct node) })");
    EXPECT_EQ(nodePtr->shortName(), "Ptr(GcStruct node)");

    // Rebuilding the same struct from the same reference gives the same type.
    EXPECT_EQ(f.makeGcStruct("node", {{"value", Signed}, {"next", nodePtr}}), node);
    EXPECT_EQ(sizeOf(node), 16u);

    // A recursion through an array prints finitely too.
    ForwardReference* aref = f.makeGcForwardReference();
    const Array* tree = f.makeGcArray(f.makePtr(aref));
    aref->become(tree);
    EXPECT_EQ(tree->str(), "GcArray(Ptr(GcArray(...)))");

    // become() is checked.
    expectRefused([&] { ref->become(node); }, "already became GcStruct node");
    expectRefused([&] { f.makeForwardReference()->become(node); }, "use a GcForwardReference");
    expectRefused([&] { f.makeGcForwardReference()->become(Signed); },
                  "can only become a container type, not Signed");
}

TEST(LLTypeStruct, VarSizedStructs) {
    TypeFactory f;
    // rpy_string: a hash and an inlined array of characters.
    const Struct* str =
        f.makeGcStruct("rpy_string", {{"hash", Signed}, {"chars", f.makeArray(Char)}});
    EXPECT_TRUE(str->isVarSize());
    ASSERT_NE(str->arrayField(), nullptr);
    EXPECT_EQ(str->arrayField()->name, "chars");
    VarSizeLayout layout = varSizeLayout(str);
    EXPECT_EQ(fieldOffset(str, "chars"), 8u);
    EXPECT_EQ(layout.lengthOffset, 8u);
    EXPECT_EQ(layout.itemsOffset, 16u); // gcc: offsetof(struct Str, chars.items) == 16
    EXPECT_EQ(layout.itemSize, 1u);
    EXPECT_EQ(varSizeOf(str, 5), 21u);
    expectRefused([&] { sizeOf(str); }, "is variable-sized");

    // The array is aligned for its length even after a char.
    const Struct* ca = f.makeStruct("ca", {{"c", Char}, {"arr", f.makeArray(Char)}});
    EXPECT_EQ(fieldOffset(ca, "arr"), 8u);
    EXPECT_EQ(varSizeLayout(ca).itemsOffset, 16u);
    EXPECT_EQ(alignOf(ca), 8u);

    EXPECT_FALSE(f.makeGcStruct("fixed", {{"x", Signed}})->isVarSize());
    // A var-sized struct cannot be inlined anywhere, not even as a parent.
    expectRefused(
        [&] {
            f.makeGcStruct("sub", {{"super", str}, {"x", Signed}});
        },
        "cannot inline the var-sized GcStruct rpy_string");
    expectRefused(
        [&] {
            varSizeLayout(f.makeStruct("fixed2", {{"x", Signed}}));
        },
        "is not variable-sized");
}

TEST(LLTypeLayout, OffsetsMatchTheCCompiler) {
    TypeFactory f;
    // struct S1 { char a; Signed b; char c; }
    const Struct* s1 = f.makeStruct("S1", {{"a", Char}, {"b", Signed}, {"c", Char}});
    EXPECT_EQ(fieldOffset(s1, "a"), 0u);
    EXPECT_EQ(fieldOffset(s1, "b"), 8u);
    EXPECT_EQ(fieldOffset(s1, "c"), 16u);
    EXPECT_EQ(sizeOf(s1), 24u);
    EXPECT_EQ(alignOf(s1), 8u);

    // struct S2 { char a; wchar_t b; bool_t c; double d; }
    const Struct* s2 = f.makeStruct("S2", {{"a", Char}, {"b", UniChar}, {"c", Bool}, {"d", Float}});
    EXPECT_EQ(fieldOffset(s2, "b"), 4u);
    EXPECT_EQ(fieldOffset(s2, "c"), 8u);
    EXPECT_EQ(fieldOffset(s2, "d"), 16u);
    EXPECT_EQ(sizeOf(s2), 24u);

    // Void fields take no space: struct S3 { char x; /* void v */ char y; }
    const Struct* s3 = f.makeStruct("S3", {{"x", Char}, {"v", Void}, {"y", Char}});
    EXPECT_EQ(fieldOffset(s3, "v"), 1u);
    EXPECT_EQ(fieldOffset(s3, "y"), 1u);
    EXPECT_EQ(sizeOf(s3), 2u);
    EXPECT_EQ(alignOf(s3), 1u);

    // Nested: struct Outer { char c; struct S2 inner; char d; }
    const Struct* outer = f.makeStruct("Outer", {{"c", Char}, {"inner", s2}, {"d", Char}});
    EXPECT_EQ(fieldOffset(outer, "inner"), 8u);
    EXPECT_EQ(fieldOffset(outer, "d"), 32u);
    EXPECT_EQ(sizeOf(outer), 40u);

    // struct Fsa { char fsa[3]; Signed s; }
    const Struct* fsa =
        f.makeStruct("Fsa", {{"fsa", f.makeFixedSizeArray(Char, 3)}, {"s", Signed}});
    EXPECT_EQ(fieldOffset(fsa, "s"), 8u);
    EXPECT_EQ(sizeOf(fsa), 16u);

    // Tail padding to the alignment: struct WI { wchar_t u; char c; }
    const Struct* wi = f.makeStruct("WI", {{"u", UniChar}, {"c", Char}});
    EXPECT_EQ(sizeOf(wi), 8u);
    EXPECT_EQ(alignOf(wi), 4u);

    // An empty struct gets the C backend's dummy char.
    EXPECT_EQ(sizeOf(f.makeStruct("empty", {})), 1u);
    EXPECT_EQ(sizeOf(f.makeStruct("voids", {{"v", Void}})), 1u);

    expectRefused([&] { fieldOffset(s1, "zz"); }, "Struct S1 has no field 'zz'");
    expectRefused([&] { sizeOf(f.makeOpaque("lock")); }, "Opaque lock has no layout");
}

TEST(LLTypeFunc, Printing) {
    TypeFactory f;
    const Struct* obj = f.makeGcStruct("obj", {{"x", Signed}});
    const FuncType* fn = f.makeFunc({Signed, f.makePtr(obj)}, Float);
    EXPECT_EQ(fn->str(), "Func(Signed, Ptr(GcStruct obj { x: Signed })) -> Float");
    EXPECT_EQ(fn->shortName(), "Func(Signed, Ptr(GcStruct obj)) -> Float");
    EXPECT_EQ(f.makeFunc({}, Void)->str(), "Func() -> Void");
    EXPECT_EQ(f.makePtr(fn)->to(), fn);
    EXPECT_EQ(fn->args().size(), 2u);
    EXPECT_EQ(fn->result(), Float);
    EXPECT_EQ(f.makeOpaque("lock")->str(), "Opaque lock");
    EXPECT_EQ(f.makeGcOpaque("frame")->str(), "GcOpaque frame");
}

TEST(LLTypeErrors, RefusedTypes) {
    TypeFactory f;
    expectRefused([&] { f.makePtr(Signed); },
                  "Ptr: can only point to a container type (Struct, Array, FixedSizeArray, "
                  "Func, Opaque), not to Signed");
    expectRefused([&] { f.makePtr(f.makePtr(f.makeOpaque("o"))); }, "not to Ptr(Opaque o)");

    const Struct* inner = f.makeGcStruct("inner", {{"x", Signed}});
    expectRefused(
        [&] {
            f.makeGcStruct("outer", {{"a", Signed}, {"b", inner}});
        },
        "GcStruct outer, field 'b': cannot inline GcStruct inner: a GcStruct can "
        "only be inlined as the first field of another GcStruct");
    expectRefused(
        [&] {
            f.makeStruct("raw", {{"super", inner}});
        },
        "a GcStruct can only be inlined as the first field of another GcStruct");
    expectRefused(
        [&] {
            f.makeGcStruct("s", {{"a", f.makeGcArray(Signed)}});
        },
        "a GcArray is only reached by a Ptr");
    expectRefused(
        [&] {
            f.makeStruct("s", {{"a", f.makeArray(Signed)}, {"b", Signed}});
        },
        "an array can only be inlined as the last field of a struct");
    expectRefused(
        [&] {
            f.makeGcStruct("s", {{"a", f.makeArray(Char, {{"nolength", ""}})}});
        },
        "no-length");
    expectRefused([&] { f.makeArray(inner); }, "Array: cannot inline GcStruct inner");
    expectRefused([&] { f.makeArray(f.makeArray(Signed)); }, "Array: cannot inline Array");
    expectRefused(
        [&] {
            f.makeStruct("s", {{"x", Signed}, {"x", Char}});
        },
        "Struct s: repeated field name 'x'");
    expectRefused([&] { f.makeStruct("s", {{"_x", Signed}}); }, "not start with '_'");
    expectRefused(
        [&] {
            f.makeStruct("s", {{"f", f.makeFunc({}, Void)}});
        },
        "use a Ptr to the function");
    expectRefused(
        [&] {
            f.makeStruct("s", {{"r", f.makeForwardReference()}});
        },
        "cannot inline the unresolved ForwardReference");
    expectRefused([&] { f.makeFunc({}, inner); }, "the result must be a primitive or a pointer");
}

} // namespace
