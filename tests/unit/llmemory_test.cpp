//! Addresses and raw memory through the translator: helpers written with
//! llmemory (runtime/python/futamura/rtyper/llmemory.py) are annotated by the
//! low-level annotator, lowered to adr_* / raw_* operations, checked by the
//! verifier and run on the ll-graph interpreter, which must compute what
//! they compute on CPython over the emulated memory.
#include "futamura/llinterp/llinterp.h"
#include "futamura/rtyper/llannotator.h"
#include "futamura/rtyper/llcheck.h"
#include "futamura/transform/gclayout.h"

#include "futamura/python/interpreter.h"
#include "python_fixture.h"

#include <gtest/gtest.h>

#include <string>

FUTAMURA_PYTHON_ENVIRONMENT();

namespace futamura::rtyper {
namespace {

using ir::LLValue;

const char* kHelpers = R"(
from futamura.rtyper.llmemory import *
from futamura.rtyper.lltype import *

S = Struct('S', ('c', Char), ('b', Signed))
STR = GcStruct('str', ('hash', Signed), ('chars', Array(UniChar)))


def fill_and_sum(n):
    a = raw_malloc(8 * n)
    i = 0
    while i < n:
        a.signed[i] = i * 3
        i += 1
    total = 0
    p = a
    end = a + 8 * n
    while p < end:
        total += p.signed[0]
        p = p + 8
    raw_free(a)
    return total


def zeroed(n):
    a = raw_malloc(n + 8, True)
    r = ord(a.char[n]) + a.signed[0]
    raw_free(a + 0)
    return r


def copy_float(k):
    a = raw_malloc(32)
    a.float[0] = float(k) * 0.5
    raw_memcopy(a, a + 16, 8)
    v = (a + 16).float[0]
    raw_memclear(a, 8)
    w = a.float[0]
    raw_free(a)
    return int(v * 10.0) + int(w)


def layout(n):
    return sizeof(STR, n) + offsetof(S, 'b') * 100 + arraylengthoffset(STR) * 10000 + itemoffsetof(STR) * 1000000


def addresses(n):
    a = raw_malloc(64)
    b = a + n
    d = b - a
    ok = b > a and a <= b and b != a
    a.address[0] = b
    c = a.address[0]
    same = c == b
    raw_free(a)
    if ok and same and not NULL:
        return d + cast_adr_to_int(cast_int_to_adr(5))
    return -1


def uninitialized(n):
    a = raw_malloc(16)
    return a.signed[n]
)";

class LLMemoryTest : public ::testing::Test {
protected:
    LLMemoryTest() { module = test::defineModule(kHelpers, "llmemory_helpers"); }

    /// f(n) translated and run on llinterp.
    int64_t translated(const char* name, int64_t n) {
        PyObject* f = py::getAttr(module.get(), name).get();
        ir::Constant* fnptr = la.specialize(f, {la.value(Signed)});
        for (ir::FunctionGraph* g : la.graphs()) checkLowLevelGraph(*g);
        llinterp::LLInterpreter interp(ctx);
        return interp.callPointer(fnptr->llvalue, {LLValue::integer(n)}).i;
    }
    /// f(n) on CPython.
    int64_t direct(const char* name, int64_t n) {
        py::PyRef r = py::PyRef::steal(PyObject_CallFunction(py::getAttr(module.get(), name).get(), "L", (long long)n));
        if (!r) {
            PyErr_Print();
            ADD_FAILURE() << name << " failed on CPython";
            return 0;
        }
        return py::asLong(r.get());
    }

    py::PyRef module;
    ir::Arena arena;
    flow::FlowSpace space{arena};
    TypeFactory types;
    LLContext ctx{arena, space, types};
    LowLevelAnnotator la{ctx};
};

TEST_F(LLMemoryTest, SameResultsAsOnCPython) {
    for (const char* f : {"fill_and_sum", "zeroed", "copy_float", "layout", "addresses"})
        for (int64_t n : {1, 3, 8})
            EXPECT_EQ(translated(f, n), direct(f, n)) << f << "(" << n << ")";
}

TEST_F(LLMemoryTest, LoweredToAddressOperations) {
    translated("addresses", 2);
    std::set<std::string> seen;
    for (ir::FunctionGraph* g : la.graphs())
        for (ir::Block* b : g->blocks())
            for (ir::Operation* op : b->operations) seen.insert(std::string(ir::opName(op->opcode)));
    for (const char* want : {"raw_malloc", "adr_add", "adr_delta", "adr_gt", "adr_le", "adr_ne", "adr_eq",
                             "raw_store", "raw_load", "raw_free", "cast_adr_to_int", "cast_int_to_adr"})
        EXPECT_TRUE(seen.count(want)) << want;
}

TEST_F(LLMemoryTest, UninitializedReadIsAnError) {
    EXPECT_THROW(translated("uninitialized", 1), llinterp::LLFatalError);
    py::PyRef r = py::PyRef::steal(PyObject_CallFunction(py::getAttr(module.get(), "uninitialized").get(), "L", 1LL));
    EXPECT_FALSE(r);
    PyErr_Clear();
}

// The mark-and-sweep GC and its address stacks are low-level Python: they
// annotate, lower and verify as system code (they run translated).
TEST_F(LLMemoryTest, MarkSweepIsSystemCode) {
    py::PyRef ms = py::importModule("futamura.memory.marksweep");
    const LowLevelType* state = ctx.types.makePtr(ctx.bridge.toLowLevel(py::getAttr(ms.get(), "GCSTATE").get()));
    for (const char* f : {"setup", "collect", "check_heap"})
        la.specialize(py::getAttr(ms.get(), f).get(), {la.value(state)});
    la.specialize(py::getAttr(ms.get(), "malloc_fixed").get(), {la.value(state), la.value(Signed), la.value(Signed)});
    la.specialize(py::getAttr(ms.get(), "malloc_varsize").get(),
                  {la.value(state), la.value(Signed), la.value(Signed), la.value(Signed), la.value(Signed), la.value(Signed)});
    size_t ops = 0;
    for (ir::FunctionGraph* g : la.graphs()) {
        checkLowLevelGraph(*g);
        for (ir::Block* b : g->blocks()) ops += b->operations.size();
    }
    EXPECT_GT(la.graphs().size(), 8u);
    EXPECT_GT(ops, 100u);
}

TEST_F(LLMemoryTest, GenerationalGCIsSystemCode) {
    py::PyRef gen = py::importModule("futamura.memory.generational");
    const LowLevelType* state = ctx.types.makePtr(ctx.bridge.toLowLevel(py::getAttr(gen.get(), "GCSTATE").get()));
    for (const char* f : {"setup", "minor_collect", "major_collect", "check_heap"})
        la.specialize(py::getAttr(gen.get(), f).get(), {la.value(state)});
    for (const char* f : {"write_barrier", "identityhash"})
        la.specialize(py::getAttr(gen.get(), f).get(), {la.value(state), la.value(Address)});
    la.specialize(py::getAttr(gen.get(), "malloc_fixed").get(), {la.value(state), la.value(Signed), la.value(Signed)});
    for (const char* f : {"malloc_varsize", "malloc_varsize_nocollect"})
        la.specialize(py::getAttr(gen.get(), f).get(),
                      {la.value(state), la.value(Signed), la.value(Signed), la.value(Signed), la.value(Signed), la.value(Signed)});
    for (ir::FunctionGraph* g : la.graphs()) checkLowLevelGraph(*g);
    EXPECT_GT(la.graphs().size(), 10u);
}

// The translator's TYPE_INFO table is the one the GC's Python builder makes.
TEST_F(LLMemoryTest, TypeTableIsThePythonBuilders) {
    py::PyRef m = test::defineModule(
        "from futamura.rtyper.lltype import *\n"
        "from futamura.memory.gctypelayout import build_type_info_OF\n"
        "NODE = GcForwardReference()\n"
        "NODE.become(GcStruct('node', ('value', Signed), ('next', Ptr(NODE)), ('pair', FixedSizeArray(Ptr(NODE), 2)),\n"
        "                     ('inner', Struct('inner', ('c', Char), ('p', Ptr(NODE))))))\n"
        "ARR = GcArray(Ptr(NODE))\n"
        "STR = GcStruct('str', ('hash', Signed), ('chars', Array(UniChar)))\n"
        "ENTRIES = GcArray(Struct('entry', ('key', Ptr(STR)), ('value', Signed), ('obj', Ptr(NODE))))\n"
        "TYPES = [NODE, ARR, STR, ENTRIES]\n"
        "table = build_type_info_OF(TYPES)\n",
        "gctable_case");
    transform::GcTypeLayout layout(ctx);
    py::PyRef types = py::getAttr(m.get(), "TYPES");
    for (Py_ssize_t i = 0; i < PyList_Size(types.get()); ++i)
        EXPECT_EQ(layout.typeId(ctx.bridge.toLowLevel(PyList_GetItem(types.get(), i))), (uint32_t)i + 1);
    ir::Constant* table = layout.buildTable();
    LLContainer* c = table->llvalue.p;
    ASSERT_EQ(c->slots.size(), 5u);
    py::PyRef pytable = py::getAttr(m.get(), "table");
    const auto* info = asType<Struct>(resolve(c->slots[0].p->type));
    auto pyInt = [](PyObject* o, const char* f) { return py::asLong(py::getAttr(o, f).get()); };
    for (size_t i = 0; i < 5; ++i) {
        py::PyRef item = py::PyRef::steal(PySequence_GetItem(pytable.get(), (Py_ssize_t)i));
        LLContainer* e = c->slots[i].p;
        for (const char* f : {"infobits", "fixedsize", "varitemsize", "ofstolength"})
            EXPECT_EQ(e->slots[*info->fieldIndex(f)].i, pyInt(item.get(), f)) << "type " << i << " " << f;
        for (const char* f : {"ofstoptrs", "varofstoptrs"}) {
            LLContainer* arr = e->slots[*info->fieldIndex(f)].p;
            py::PyRef pyarr = py::getAttr(item.get(), f);
            ASSERT_EQ((Py_ssize_t)arr->slots.size(), PyObject_Length(pyarr.get())) << "type " << i << " " << f;
            for (size_t k = 0; k < arr->slots.size(); ++k) {
                py::PyRef x = py::PyRef::steal(PySequence_GetItem(pyarr.get(), (Py_ssize_t)k));
                EXPECT_EQ(arr->slots[k].i, py::asLong(x.get())) << "type " << i << " " << f << "[" << k << "]";
            }
        }
    }
    // node: value, next, pair[0], pair[1], inner.p -> 4 GC pointers
    EXPECT_EQ(c->slots[1].p->slots[*info->fieldIndex("ofstoptrs")].p->slots.size(), 4u);
}

} // namespace
} // namespace futamura::rtyper
