//! Tests of the low-level graph verifier: a well-typed graph passes, and
//! each kind of ill-typed operation or link is reported with the graph and
//! the operation concerned.
#include "futamura/rtyper/llcheck.h"
#include "futamura/rtyper/llheap.h"

#include "futamura/python/interpreter.h"
#include "python_fixture.h"

#include <gtest/gtest.h>

#include <string>

FUTAMURA_PYTHON_ENVIRONMENT();

namespace futamura::rtyper {
namespace {

using ir::LLValue;
using ir::Opcode;

class LLCheckTest : public ::testing::Test {
protected:
    ir::Constant* name(const char* n) {
        py::PyRef s = py::PyRef::steal(PyUnicode_FromString(n));
        keep.push_back(s);
        return arena.llconstant(Void, LLValue(), s.get());
    }
    ir::Constant* sconst(int64_t v) { return arena.llconstant(Signed, LLValue::integer(v)); }
    ir::Variable* var(const LowLevelType* t) {
        ir::Variable* v = arena.newVariable();
        v->concretetype = t;
        return v;
    }
    /// A graph `f(p: Ptr(point)) -> Signed` with `ops` then a return of `result`.
    ir::FunctionGraph* graph(ir::Variable* p, std::vector<ir::Operation*> ops, ir::Value* result) {
        ir::Block* start = arena.newBlock({p});
        start->operations = std::move(ops);
        ir::FunctionGraph* g = arena.newGraph("f", start);
        g->returnblock->inputargs[0]->concretetype = Signed;
        g->exceptblock->inputargs[0]->concretetype = Signed;
        g->exceptblock->inputargs[1]->concretetype = Signed;
        start->closeBlock({arena.newLink({result}, g->returnblock)});
        return g;
    }
    static std::string joined(const std::vector<std::string>& errors) {
        std::string all;
        for (const auto& e : errors) all += e + "\n";
        return all;
    }

    ir::Arena arena;
    TypeFactory types;
    std::vector<py::PyRef> keep;
    const Struct* point = types.makeGcStruct("point", {{"x", Signed}, {"y", Float}});
    const LowLevelType* pointPtr = types.makePtr(point);
};

TEST_F(LLCheckTest, WellTypedGraphPasses) {
    ir::Variable* p = var(pointPtr);
    ir::Variable* x = var(Signed);
    ir::Variable* y = var(Signed);
    ir::FunctionGraph* g = graph(p,
                                 {arena.newOperation(Opcode::Getfield, {p, name("x")}, x, {}),
                                  arena.newOperation(Opcode::IntAdd, {x, sconst(1)}, y, {})},
                                 y);
    EXPECT_EQ(joined(verifyLowLevelGraph(*g)), "");
}

TEST_F(LLCheckTest, UnknownFieldAndWrongResultType) {
    ir::Variable* p = var(pointPtr);
    ir::Variable* a = var(Signed);
    ir::Variable* b = var(Signed);
    ir::FunctionGraph* g = graph(p,
                                 {arena.newOperation(Opcode::Getfield, {p, name("z")}, a, {}),
                                  arena.newOperation(Opcode::Getfield, {p, name("y")}, b, {})},
                                 a);
    std::string errors = joined(verifyLowLevelGraph(*g));
    EXPECT_NE(errors.find("has no field 'z'"), std::string::npos) << errors;
    EXPECT_NE(errors.find("the result is Signed, field 'y' is Float"), std::string::npos) << errors;
}

TEST_F(LLCheckTest, ArithmeticOnWrongTypesAndUntypedValues) {
    ir::Variable* p = var(pointPtr);
    ir::Variable* f = var(Float);
    ir::Variable* r = var(Signed);
    ir::Variable* untyped = arena.newVariable();
    ir::Variable* c = var(Signed);
    ir::FunctionGraph* g = graph(p,
                                 {arena.newOperation(Opcode::Getfield, {p, name("y")}, f, {}),
                                  arena.newOperation(Opcode::IntAdd, {f, sconst(1)}, r, {}),
                                  arena.newOperation(Opcode::IntLt, {r, sconst(1)}, c, {}),
                                  arena.newOperation(Opcode::SameAs, {r}, untyped, {})},
                                 r);
    std::string errors = joined(verifyLowLevelGraph(*g));
    EXPECT_NE(errors.find("operation 'int_add'"), std::string::npos) << errors;
    EXPECT_NE(errors.find("argument 1 is Float, expected a signed integer"), std::string::npos) << errors;
    EXPECT_NE(errors.find("operation 'int_lt': the result is Signed, expected Bool"), std::string::npos) << errors;
    EXPECT_NE(errors.find("has no concretetype"), std::string::npos) << errors;
}

TEST_F(LLCheckTest, AddressOperations) {
    ir::Variable* p = var(pointPtr);
    ir::Variable* a = var(Address);
    ir::Variable* b = var(Address);
    ir::Variable* n = var(Signed);
    ir::Variable* bad = var(Address);
    ir::Variable* ptrLoad = var(pointPtr);
    ir::Variable* back = var(pointPtr);
    ir::Variable* v = var(Void);
    ir::FunctionGraph* g = graph(p,
                                 {arena.newOperation(Opcode::CastPtrToAdr, {p}, a, {}),
                                  arena.newOperation(Opcode::AdrAdd, {a, sconst(8)}, b, {}),
                                  arena.newOperation(Opcode::RawLoad, {b, sconst(0)}, n, {}),
                                  arena.newOperation(Opcode::RawStore, {a, sconst(8), n}, v, {}),
                                  arena.newOperation(Opcode::CastAdrToPtr, {b}, back, {}),
                                  arena.newOperation(Opcode::AdrAdd, {n, sconst(8)}, bad, {}),
                                  arena.newOperation(Opcode::RawLoad, {a, sconst(0)}, ptrLoad, {})},
                                 n);
    std::string errors = joined(verifyLowLevelGraph(*g));
    // the first five are well typed
    EXPECT_EQ(errors.find("'cast_ptr_to_adr'"), std::string::npos) << errors;
    EXPECT_EQ(errors.find("'raw_store'"), std::string::npos) << errors;
    EXPECT_EQ(errors.find("'cast_adr_to_ptr'"), std::string::npos) << errors;
    EXPECT_NE(errors.find("operation 'adr_add': expected (Address, Signed) -> Address, found (Signed, Signed)"),
              std::string::npos) << errors;
    EXPECT_NE(errors.find("raw memory holds primitives and addresses"), std::string::npos) << errors;
}

TEST_F(LLCheckTest, CallsCheckArityAndArgumentTypes) {
    LLHeap heap;
    const FuncType* ft = types.makeFunc({Signed, Signed}, Signed);
    LLContainer* fn = heap.function(ft, "g", nullptr, "g");
    ir::Constant* fp = arena.llconstant(types.makePtr(ft), LLValue::pointer(fn));
    ir::Variable* p = var(pointPtr);
    ir::Variable* r1 = var(Signed);
    ir::Variable* r2 = var(Signed);
    ir::FunctionGraph* g = graph(p,
                                 {arena.newOperation(Opcode::DirectCall, {fp, sconst(1)}, r1, {}),
                                  arena.newOperation(Opcode::DirectCall, {fp, sconst(1), p}, r2, {})},
                                 r2);
    std::string errors = joined(verifyLowLevelGraph(*g));
    EXPECT_NE(errors.find("passes 1 arguments"), std::string::npos) << errors;
    EXPECT_NE(errors.find("argument 2 is Ptr(GcStruct point"), std::string::npos) << errors;
}

TEST_F(LLCheckTest, LinksPassTheTargetsTypes) {
    ir::Variable* p = var(pointPtr);
    ir::Variable* f = var(Float);
    ir::FunctionGraph* g = graph(p, {arena.newOperation(Opcode::Getfield, {p, name("y")}, f, {})}, f);
    std::string errors = joined(verifyLowLevelGraph(*g));
    EXPECT_NE(errors.find("a link passes Float to an input of type Signed"), std::string::npos) << errors;
}

} // namespace
} // namespace futamura::rtyper
