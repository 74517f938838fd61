//! Tests of PyTypeBridge: the Python lltype types, as system code written in
//! Python declares them, converted to the C++ types the translator works on.
//! Each test defines its types in a small Python module and checks the
//! converted types' structure, identity (memoization and interning) and
//! printing, which must match the Python emulation's.
#include "futamura/rtyper/pylltype.h"

#include "python_fixture.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

FUTAMURA_PYTHON_ENVIRONMENT();

namespace futamura::rtyper {
namespace {

using py::PyRef;

class PyLLTypeTest : public ::testing::Test {
protected:
    /// Defines a module whose source starts with `from ...lltype import *`.
    PyRef define(const std::string& body) {
        static int counter = 0;
        std::string source = "from futamura.rtyper.lltype import *\n" + body;
        return test::defineModule(source, "pylltype_case" + std::to_string(++counter));
    }
    PyRef attr(const PyRef& module, const char* name) { return py::getAttr(module.get(), name); }
    const LowLevelType* convert(const PyRef& module, const char* name) {
        return bridge.toLowLevel(attr(module, name).get());
    }

    TypeFactory factory;
    PyTypeBridge bridge{factory};
};

TEST_F(PyLLTypeTest, PrimitivesAreTheSingletons) {
    PyRef m = define("");
    EXPECT_EQ(convert(m, "Signed"), Signed);
    EXPECT_EQ(convert(m, "Unsigned"), Unsigned);
    EXPECT_EQ(convert(m, "SignedLongLong"), SignedLongLong);
    EXPECT_EQ(convert(m, "UnsignedLongLong"), UnsignedLongLong);
    EXPECT_EQ(convert(m, "Float"), Float);
    EXPECT_EQ(convert(m, "Char"), Char);
    EXPECT_EQ(convert(m, "UniChar"), UniChar);
    EXPECT_EQ(convert(m, "Bool"), Bool);
    EXPECT_EQ(convert(m, "Void"), Void);
    EXPECT_TRUE(factory.types().empty());
}

TEST_F(PyLLTypeTest, GcStructInheritance) {
    PyRef m = define("BASE = GcStruct('base', ('typeid', Signed))\n"
                     "SUB = GcStruct('sub', ('super', BASE), ('x', Float),\n"
                     "               hints={'immutable': True, 'tag': 'abc'})\n");
    const Struct* base = asType<Struct>(convert(m, "BASE"));
    const Struct* sub = asType<Struct>(convert(m, "SUB"));
    ASSERT_TRUE(base && sub);
    EXPECT_TRUE(sub->isGc());
    EXPECT_EQ(sub->name(), "sub");
    ASSERT_EQ(sub->fields().size(), 2u);
    EXPECT_EQ(sub->fields()[1].name, "x");
    EXPECT_EQ(sub->fields()[1].type, Float);
    EXPECT_EQ(sub->parentStruct(), base);
    EXPECT_EQ(sub->hints(), (Hints{{"immutable", ""}, {"tag", "abc"}}));
    EXPECT_EQ(sub->str(), py::str(attr(m, "SUB").get()));
}

TEST_F(PyLLTypeTest, MemoizedAndInterned) {
    PyRef m = define("A = Struct('point', ('x', Signed), ('y', Signed))\n"
                     "B = Struct('point', ('x', Signed), ('y', Signed))\n"
                     "C = Struct('point', ('x', Signed), ('z', Signed))\n");
    const LowLevelType* a = convert(m, "A");
    EXPECT_EQ(convert(m, "A"), a);
    EXPECT_EQ(convert(m, "B"), a);
    EXPECT_NE(convert(m, "C"), a);
    EXPECT_EQ(a, factory.makeStruct("point", {{"x", Signed}, {"y", Signed}}));
}

TEST_F(PyLLTypeTest, PtrToGcArray) {
    PyRef m = define("P = Ptr(GcArray(Signed))\n"
                     "Q = Ptr(Array(Char, hints={'nolength': True}))\n");
    const Ptr* p = asType<Ptr>(convert(m, "P"));
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->isGcPointer());
    EXPECT_EQ(p, factory.makePtr(factory.makeGcArray(Signed)));
    EXPECT_EQ(p->str(), py::str(attr(m, "P").get()));
    const Array* q = asType<Array>(asType<Ptr>(convert(m, "Q"))->to());
    ASSERT_TRUE(q);
    EXPECT_FALSE(q->hasLength());
    EXPECT_EQ(q->str(), "Array(Char) [nolength]");
}

TEST_F(PyLLTypeTest, FixedSizeArray) {
    PyRef m = define("F = FixedSizeArray(Float, 4)\n"
                     "S = Struct('s', ('items', F))\n");
    const auto* f = asType<rtyper::FixedSizeArray>(convert(m, "F"));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->itemType(), Float);
    EXPECT_EQ(f->length(), 4u);
    EXPECT_EQ(asType<Struct>(convert(m, "S"))->fieldType("items"), f);
    EXPECT_EQ(convert(m, "S")->str(), py::str(attr(m, "S").get()));
}

TEST_F(PyLLTypeTest, FuncTypeAndOpaque) {
    PyRef m = define("O = GcOpaqueType('handle')\n"
                     "FN = FuncType([Signed, Ptr(O)], Bool)\n"
                     "FP = Ptr(FN)\n");
    const auto* fn = asType<rtyper::FuncType>(convert(m, "FN"));
    ASSERT_TRUE(fn);
    ASSERT_EQ(fn->args().size(), 2u);
    EXPECT_EQ(fn->args()[0], Signed);
    EXPECT_EQ(fn->args()[1], factory.makePtr(factory.makeGcOpaque("handle")));
    EXPECT_EQ(fn->result(), Bool);
    EXPECT_EQ(convert(m, "FP")->str(), py::str(attr(m, "FP").get()));
}

TEST_F(PyLLTypeTest, RecursiveLinkedList) {
    PyRef m = define("NODE = GcForwardReference()\n"
                     "NODEPTR = Ptr(NODE)\n"
                     "N = GcStruct('node', ('value', Signed), ('next', NODEPTR))\n"
                     "NODE.become(N)\n");
    const Struct* node = asType<Struct>(convert(m, "N"));
    ASSERT_TRUE(node);
    const Ptr* next = asType<Ptr>(node->fieldType("next"));
    ASSERT_TRUE(next);
    EXPECT_EQ(next->to(), node);
    EXPECT_EQ(convert(m, "NODE"), node);
    EXPECT_EQ(convert(m, "NODEPTR"), next);
    EXPECT_EQ(node->str(), py::str(attr(m, "N").get()));
    EXPECT_EQ(next->str(), py::str(attr(m, "NODEPTR").get()));
}

TEST_F(PyLLTypeTest, RecursiveFromThePointer) {
    // Starting from the Ptr: the cycle comes back to the Ptr being converted.
    PyRef m = define("REF = ForwardReference()\n"
                     "P = Ptr(REF)\n"
                     "T = Struct('tree', ('left', P), ('right', P), ('items', Ptr(GcArray(P))))\n"
                     "REF.become(T)\n");
    const Ptr* p = asType<Ptr>(convert(m, "P"));
    ASSERT_TRUE(p);
    const Struct* tree = asType<Struct>(p->to());
    ASSERT_TRUE(tree);
    EXPECT_EQ(convert(m, "T"), tree);
    EXPECT_EQ(tree->fieldType("left"), p);
    EXPECT_EQ(tree->fieldType("right"), p);
    EXPECT_EQ(p->str(), py::str(attr(m, "P").get()));
}

TEST_F(PyLLTypeTest, RefusesWhatIsNotAType) {
    PyRef m = define("X = 42\n"
                     "R = ForwardReference()\n"
                     "S = Struct('s', ('x', Signed))\n");
    EXPECT_FALSE(bridge.isLowLevelType(attr(m, "X").get()));
    EXPECT_TRUE(bridge.isLowLevelType(attr(m, "S").get()));
    EXPECT_TRUE(bridge.isLowLevelType(attr(m, "Signed").get()));
    try {
        convert(m, "X");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("42"), std::string::npos) << error.what();
    }
    EXPECT_THROW(convert(m, "R"), std::invalid_argument);
}

// The layout the GCs compute in Python (llmemory.py) is the translator's
// (lltype.cpp), which is the C compiler's.
TEST_F(PyLLTypeTest, LlmemoryLayoutIsTheTranslators) {
    PyRef m = define("from futamura.rtyper import llmemory as M\n"
                     "S = Struct('S', ('c', Char), ('x', Signed), ('b', Bool), ('u', UniChar))\n"
                     "T = GcStruct('T', ('h', Signed), ('s', S), ('f', FixedSizeArray(Char, 3)), ('p', Ptr(S)))\n"
                     "STR = GcStruct('str', ('hash', Signed), ('chars', Array(UniChar)))\n"
                     "A = GcArray(Ptr(T))\n"
                     "E = Array(Struct('e', ('k', Signed), ('v', Char)))\n"
                     "sizes = [M.sizeof(S), M.sizeof(T), M.offsetof(S, 'x'), M.offsetof(S, 'u'),\n"
                     "         M.offsetof(T, 's'), M.offsetof(T, 'f'), M.offsetof(T, 'p')]\n"
                     "var = [(M.itemoffsetof(X), M.itemoffsetof(X, 1) - M.itemoffsetof(X), M.arraylengthoffset(X))\n"
                     "       for X in (STR, A, E)]\n");
    const auto* S = asType<Struct>(convert(m, "S"));
    const auto* T = asType<Struct>(convert(m, "T"));
    ASSERT_TRUE(S && T);
    PyRef sizes = attr(m, "sizes");
    auto num = [](PyObject* list, Py_ssize_t i) { return (size_t)py::asLong(PyList_GET_ITEM(list, i)); };
    EXPECT_EQ(num(sizes.get(), 0), sizeOf(S));
    EXPECT_EQ(num(sizes.get(), 1), sizeOf(T));
    EXPECT_EQ(num(sizes.get(), 2), fieldOffset(S, "x"));
    EXPECT_EQ(num(sizes.get(), 3), fieldOffset(S, "u"));
    EXPECT_EQ(num(sizes.get(), 4), fieldOffset(T, "s"));
    EXPECT_EQ(num(sizes.get(), 5), fieldOffset(T, "f"));
    EXPECT_EQ(num(sizes.get(), 6), fieldOffset(T, "p"));
    PyRef var = attr(m, "var");
    const char* names[] = {"STR", "A", "E"};
    for (Py_ssize_t i = 0; i < 3; ++i) {
        VarSizeLayout l = varSizeLayout(convert(m, names[i]));
        PyObject* t = PyList_GET_ITEM(var.get(), i);
        EXPECT_EQ((size_t)py::asLong(PyTuple_GET_ITEM(t, 0)), l.itemsOffset) << names[i];
        EXPECT_EQ((size_t)py::asLong(PyTuple_GET_ITEM(t, 1)), l.itemSize) << names[i];
        ASSERT_TRUE(l.lengthOffset.has_value()) << names[i];
        EXPECT_EQ((size_t)py::asLong(PyTuple_GET_ITEM(t, 2)), *l.lengthOffset) << names[i];
    }
}

} // namespace
} // namespace futamura::rtyper
