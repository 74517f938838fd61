//! Tests of the code-generation API (jitgen/codegen) and its llgraph
//! backend: residual functions built by hand are verified, printed and run on
//! llinterp with several inputs; switches gain cases after compilation;
//! misuse is a CodegenError, not a crash; the op histogram counts residual
//! operations.
#include "futamura/jitgen/codegen.h"

#include "futamura/ir/printer.h"
#include "futamura/llinterp/llinterp.h"
#include "futamura/rtyper/llcheck.h"

#include "futamura/python/interpreter.h"
#include "python_fixture.h"

#include <gtest/gtest.h>

#include <string>

FUTAMURA_PYTHON_ENVIRONMENT();

namespace futamura::jitgen::codegen {
namespace {

using namespace rtyper;
using llinterp::LLInterpreter;

class CodegenTest : public ::testing::Test {
protected:
    /// Runs a compiled unit on a fresh interpreter.
    int64_t run(const Unit& unit, std::vector<int64_t> args) {
        LLInterpreter interp(ctx);
        std::vector<LLValue> values;
        for (int64_t a : args) values.push_back(LLValue::integer(a));
        return interp.call(unit.graph(), values).i;
    }
    static bool contains(const std::string& text, const std::string& part) {
        return text.find(part) != std::string::npos;
    }

    ir::Arena arena;
    flow::FlowSpace space{arena};
    TypeFactory types;
    LLContext ctx{arena, space, types};
    LLGraphBackend backend{ctx};
};

TEST_F(CodegenTest, AddTwoArguments) {
    Unit& u = backend.newUnit({Signed, Signed}, Signed, "add", {"x", "y"});
    Builder& b = u.entry();
    EXPECT_EQ(b.state(), Builder::State::Writing);
    b.ret(b.op(Opcode::IntAdd, {u.input(0), u.input(1)}, Signed));
    EXPECT_EQ(b.state(), Builder::State::Finished);
    EXPECT_FALSE(u.compiled());
    backend.compile(u);
    EXPECT_TRUE(u.compiled());
    EXPECT_EQ(backend.unitsCompiled(), 1u);
    EXPECT_EQ(verifyLowLevelGraph(*u.graph()).size(), 0u);
    EXPECT_EQ(ir::graphToString(*u.graph()),
              "graph add(x, y)\n"
              "block0(x_0: Signed, y_1: Signed):\n"
              "    v2: Signed = int_add(x_0, y_1)\n"
              "    -> return(v2)\n");
    for (auto [x, y] : std::vector<std::pair<int64_t, int64_t>>{{2, 3}, {0, 0}, {-7, 4}, {1000000, 1}})
        EXPECT_EQ(run(u, {x, y}), x + y);
}

/// fact(n): acc = 1; while n > 1: acc *= n; n -= 1; return acc
Unit& buildFactorial(LLGraphBackend& backend) {
    Unit& u = backend.newUnit({Signed}, Signed, "fact", {"n"});
    Builder& b = u.entry();
    std::vector<Operand> live{u.input(0), backend.intConst(1)};
    Label loop = b.enterNextBlock(live);
    Operand n = live[0], acc = live[1];
    EXPECT_EQ(n, u.input(0)); // a variable keeps its operand across blocks
    EXPECT_TRUE(acc.isVar());  // the constant became a loop variable
    Operand more = b.op(Opcode::IntGt, {n, backend.intConst(1)}, Bool);
    // both paths start with the live operands
    Builder& done = b.jumpIfFalse(more, std::vector<Operand>{n, acc});
    EXPECT_EQ(done.state(), Builder::State::Paused);
    b.jump(loop, {b.op(Opcode::IntSub, {n, backend.intConst(1)}, Signed),
                  b.op(Opcode::IntMul, {acc, n}, Signed)});
    done.start();
    done.ret(acc);
    return u;
}

TEST_F(CodegenTest, FactorialLoop) {
    Unit& u = buildFactorial(backend);
    EXPECT_EQ(u.openBuilders(), 0u);
    backend.compile(u);
    int64_t expected = 1;
    for (int64_t n = 1; n <= 15; ++n) {
        expected *= n;
        EXPECT_EQ(run(u, {n}), expected) << "fact(" << n << ")";
    }
    EXPECT_EQ(run(u, {0}), 1);
    EXPECT_EQ(run(u, {-3}), 1);
    OpHistogram h = countOperations(*u.graph());
    EXPECT_EQ(h.str(), "int_gt: 1, int_mul: 1, int_sub: 1");
    EXPECT_EQ(h.total, 3u);
    // the loop header is a block of two inputs that the back edge reaches
    std::string text = ir::graphToString(*u.graph());
    EXPECT_TRUE(contains(text, "switch ")) << text;
    EXPECT_TRUE(contains(text, "False -> ")) << text;
}

TEST_F(CodegenTest, StructAndArrayAccess) {
    const Struct* point = types.makeGcStruct("point", {{"x", Signed}, {"y", Signed}});
    const Array* arr = types.makeGcArray(Signed);
    // f(a, b): p = point(a, b); q = [0] * (a & 7 + 1); q[len - 1] = p.x * p.y; return q[len-1] + len
    Unit& u = backend.newUnit({Signed, Signed}, Signed, "f", {"a", "b"});
    Builder& b = u.entry();
    Operand p = b.malloc(point);
    EXPECT_EQ(p.type(), types.makePtr(point));
    b.setfield(p, "x", u.input(0));
    b.setfield(p, "y", u.input(1));
    Operand prod = b.op(Opcode::IntMul, {b.getfield(p, "x"), b.getfield(p, "y")}, Signed);
    Operand n = b.op(Opcode::IntAdd, {b.op(Opcode::IntAnd, {u.input(0), backend.intConst(7)}, Signed),
                                      backend.intConst(1)},
                     Signed);
    Operand q = b.mallocVarsize(arr, n);
    Operand len = b.getarraysize(q);
    Operand last = b.op(Opcode::IntSub, {len, backend.intConst(1)}, Signed);
    b.setarrayitem(q, last, prod);
    b.ret(b.op(Opcode::IntAdd, {b.getarrayitem(q, last), len}, Signed));
    backend.compile(u);
    for (auto [x, y] : std::vector<std::pair<int64_t, int64_t>>{{2, 3}, {9, -4}, {0, 5}, {15, 15}})
        EXPECT_EQ(run(u, {x, y}), x * y + (x & 7) + 1) << x << ", " << y;
    OpHistogram h = countOperations(*u.graph());
    EXPECT_EQ(h.count("malloc"), 1u);
    EXPECT_EQ(h.count("malloc_varsize"), 1u);
    EXPECT_EQ(h.count("setfield"), 2u);
    EXPECT_EQ(h.count("getfield"), 2u);
    EXPECT_EQ(h.count("setarrayitem"), 1u);
    EXPECT_EQ(h.count("getarrayitem"), 1u);
    EXPECT_EQ(h.count("getarraysize"), 1u);

    // the builder checks what it can see: fields, stored types, pointers
    Unit& bad = backend.newUnit({Signed}, Signed, "bad");
    Builder& c = bad.entry();
    Operand r = c.malloc(point);
    EXPECT_THROW(c.getfield(r, "z"), CodegenError);
    EXPECT_THROW(c.setfield(r, "x", backend.floatConst(1.5)), CodegenError);
    EXPECT_THROW(c.getfield(bad.input(0), "x"), CodegenError);
    EXPECT_THROW(c.getarrayitem(r, backend.intConst(0)), CodegenError);
    EXPECT_THROW(c.malloc(arr), CodegenError);
}

TEST_F(CodegenTest, DirectCallsBetweenUnits) {
    // sq(x) = x * x; g(x) = sq(x) + sq(x + 1), g built before sq is finished
    Unit& sq = backend.newUnit({Signed}, Signed, "sq", {"x"});
    Unit& g = backend.newUnit({Signed}, Signed, "g", {"x"});
    Builder& gb = g.entry();
    Operand x = g.input(0);
    Operand s1 = gb.call(sq, {x});
    Operand s2 = gb.call(sq, {gb.op(Opcode::IntAdd, {x, backend.intConst(1)}, Signed)});
    gb.ret(gb.op(Opcode::IntAdd, {s1, s2}, Signed));
    sq.entry().ret(sq.entry().op(Opcode::IntMul, {sq.input(0), sq.input(0)}, Signed));
    backend.compile(sq);
    backend.compile(g);
    for (int64_t v : {0, 1, 5, -3, 100}) EXPECT_EQ(run(g, {v}), v * v + (v + 1) * (v + 1));
    EXPECT_EQ(countOperations(*g.graph()).count("direct_call"), 2u);
    // a function pointer through callPointer too
    LLInterpreter interp(ctx);
    EXPECT_EQ(interp.callPointer(g.functionPointer()->llvalue, {LLValue::integer(2)}).i, 13);

    // a recursive unit: rfact(n) = 1 if n <= 1 else n * rfact(n - 1)
    Unit& rf = backend.newUnit({Signed}, Signed, "rfact", {"n"});
    Builder& b = rf.entry();
    Operand n = rf.input(0);
    Builder& base = b.jumpIfTrue(b.op(Opcode::IntLe, {n, backend.intConst(1)}, Bool), std::vector<Operand>{n});
    b.ret(b.op(Opcode::IntMul, {n, b.call(rf, {b.op(Opcode::IntSub, {n, backend.intConst(1)}, Signed)})},
               Signed));
    base.start();
    base.ret(backend.intConst(1));
    backend.compile(rf);
    EXPECT_EQ(run(rf, {10}), 3628800);
    EXPECT_EQ(run(rf, {1}), 1);

    // an indirect call through a function pointer passed as an argument
    const FuncType* fnType = types.makeFunc({Signed}, Signed);
    Unit& apply = backend.newUnit({types.makePtr(fnType), Signed}, Signed, "apply", {"f", "x"});
    Builder& ab = apply.entry();
    ab.ret(ab.call(apply.input(0), {apply.input(1)}));
    backend.compile(apply);
    EXPECT_EQ(countOperations(*apply.graph()).count("indirect_call"), 1u);
    LLInterpreter ai(ctx);
    EXPECT_EQ(ai.call(apply.graph(), {sq.functionPointer()->llvalue, LLValue::integer(7)}).i, 49);
    EXPECT_EQ(ai.call(apply.graph(), {rf.functionPointer()->llvalue, LLValue::integer(5)}).i, 120);

    // arguments are checked against the callee's signature
    Unit& h = backend.newUnit({Float}, Signed, "h");
    EXPECT_THROW(h.entry().call(sq, {h.input(0)}), CodegenError);
    EXPECT_THROW(h.entry().call(sq, {}), CodegenError);
}

/// sw(x): switch x, live (x, k); default returns -1 (or calls `callback`
/// first); a case value v returns x * k + v.
struct SwitchUnit {
    Unit* unit;
    Switch* sw;
    Operand x, k;
};

SwitchUnit buildSwitch(LLGraphBackend& backend, Operand callback = {}) {
    Unit& u = backend.newUnit({Signed, Signed}, Signed, "sw", {"x", "k"});
    Builder& b = u.entry();
    Operand x = u.input(0), k = u.input(1);
    Switch& sw = b.flexswitch(x, std::vector<Operand>{x, k});
    if (callback.valid()) b.call(callback, {x});
    b.ret(backend.intConst(-1));
    return {&u, &sw, x, k};
}

void fillCase(LLGraphBackend& backend, const SwitchUnit& s, int64_t value) {
    Builder& c = backend.addCase(*s.sw, value);
    EXPECT_EQ(c.state(), Builder::State::Paused);
    c.start();
    c.ret(c.op(Opcode::IntAdd, {c.op(Opcode::IntMul, {s.x, s.k}, Signed), backend.intConst(value)}, Signed));
}

TEST_F(CodegenTest, SwitchCasesAddedAfterCompilation) {
    SwitchUnit s = buildSwitch(backend);
    backend.compile(*s.unit);
    EXPECT_TRUE(s.sw->cases().empty());
    EXPECT_EQ(run(*s.unit, {5, 10}), -1); // the default path
    fillCase(backend, s, 5);
    EXPECT_EQ(backend.bridgesCompiled(), 1u);
    ASSERT_EQ(s.unit->bridges().size(), 1u);
    EXPECT_TRUE(s.unit->bridges()[0].compiled);
    EXPECT_EQ(s.unit->bridges()[0].caseValue, 5);
    EXPECT_EQ(run(*s.unit, {5, 10}), 55);
    EXPECT_EQ(run(*s.unit, {6, 10}), -1);
    fillCase(backend, s, 6);
    EXPECT_EQ(s.sw->cases(), (std::vector<int64_t>{5, 6}));
    for (int64_t k : {0, 3, -2}) {
        EXPECT_EQ(run(*s.unit, {5, k}), 5 * k + 5);
        EXPECT_EQ(run(*s.unit, {6, k}), 6 * k + 6);
        EXPECT_EQ(run(*s.unit, {7, k}), -1);
    }
    EXPECT_THROW(backend.addCase(*s.sw, 5), CodegenError);
    EXPECT_EQ(verifyLowLevelGraph(*s.unit->graph()).size(), 0u);
}

TEST_F(CodegenTest, BridgesJumpBackIntoTheUnit) {
    // loop(n): acc = 0; for i in range(n): switch i & 3 (promoted) ... acc += 10 * case;
    // an unknown case stops with -1 - i; each bridge closes the loop again
    Unit& u = backend.newUnit({Signed}, Signed, "loop", {"n"});
    Builder& b = u.entry();
    std::vector<Operand> live{u.input(0), backend.intConst(0), backend.intConst(0)};
    Label head = b.enterNextBlock(live);
    Operand n = live[0], i = live[1], acc = live[2];
    Builder& exit = b.jumpIfFalse(b.op(Opcode::IntLt, {i, n}, Bool), live);
    Switch& sw = b.flexswitch(b.op(Opcode::IntAnd, {i, backend.intConst(3)}, Signed), live);
    b.ret(b.op(Opcode::IntSub, {backend.intConst(-1), i}, Signed));
    exit.start();
    exit.ret(acc);
    backend.compile(u);

    std::vector<int64_t> stops;
    for (;;) {
        int64_t r = run(u, {8});
        if (r >= 0) {
            EXPECT_EQ(r, (0 + 1 + 2 + 3) * 2 * 10);
            break;
        }
        int64_t at = -1 - r;
        stops.push_back(at);
        ASSERT_LT(stops.size(), 5u);
        int64_t value = at & 3;
        Builder& c = backend.addCase(sw, value);
        c.start();
        Operand acc2 = c.op(Opcode::IntAdd, {acc, backend.intConst(10 * value)}, Signed);
        c.jump(head, {n, c.op(Opcode::IntAdd, {i, backend.intConst(1)}, Signed), acc2});
    }
    EXPECT_EQ(stops, (std::vector<int64_t>{0, 1, 2, 3}));
    EXPECT_EQ(backend.bridgesCompiled(), 4u);
    EXPECT_EQ(run(u, {3}), 0 + 10 + 20);
    EXPECT_EQ(run(u, {0}), 0);
    OpHistogram h = countOperations(*u.graph());
    EXPECT_EQ(h.count("int_add"), 8u); // two per bridge
    EXPECT_EQ(h.count("int_lt"), 1u);
    EXPECT_EQ(h.count("int_and"), 1u);
}

TEST_F(CodegenTest, SwitchCaseAddedWhileRecordingIsPartOfTheUnit) {
    SwitchUnit s = buildSwitch(backend);
    fillCase(backend, s, 3);
    backend.compile(*s.unit);
    EXPECT_EQ(backend.bridgesCompiled(), 0u);
    EXPECT_EQ(run(*s.unit, {3, 2}), 9);
    EXPECT_EQ(run(*s.unit, {4, 2}), -1);
}

TEST_F(CodegenTest, DefaultPathCallsBackIntoTheCompiler) {
    // promotion: the default path reports the value it saw; the compiler
    // adds its case while the residual code runs
    const FuncType* cbType = types.makeFunc({Signed}, Void);
    Operand cb = Operand::constant(ctx.externalFunction("jit_test_continue", cbType));
    SwitchUnit s = buildSwitch(backend, cb);
    backend.compile(*s.unit);
    std::vector<int64_t> seen;
    LLInterpreter interp(ctx);
    interp.registerExternal("jit_test_continue",
                            [&](LLInterpreter&, const FuncType*, std::vector<LLValue>& args) {
                                seen.push_back(args[0].i);
                                fillCase(backend, s, args[0].i);
                                return LLValue();
                            });
    EXPECT_EQ(interp.call(s.unit->graph(), {LLValue::integer(8), LLValue::integer(2)}).i, -1);
    EXPECT_EQ(seen, std::vector<int64_t>{8});
    EXPECT_EQ(backend.bridgesCompiled(), 1u);
    // the next run takes the new case, without calling back
    LLInterpreter next(ctx);
    next.registerExternal("jit_test_continue", [&](LLInterpreter&, const FuncType*, std::vector<LLValue>&) {
        ADD_FAILURE() << "the default path ran again";
        return LLValue();
    });
    EXPECT_EQ(next.call(s.unit->graph(), {LLValue::integer(8), LLValue::integer(2)}).i, 24);
}

TEST_F(CodegenTest, BuilderMisuseIsAnError) {
    Unit& u = backend.newUnit({Signed}, Signed, "m", {"n"});
    Builder& b = u.entry();
    Operand n = u.input(0);
    Operand pos = b.op(Opcode::IntGt, {n, backend.intConst(0)}, Bool);
    Builder& t = b.jumpIfTrue(pos, std::vector<Operand>{n});
    // two builders written at once
    EXPECT_THROW(t.start(), CodegenError);
    try {
        t.start();
    } catch (const CodegenError& e) {
        EXPECT_TRUE(contains(e.what(), "is writing: pause it first")) << e.what();
    }
    // emitting into a paused builder
    EXPECT_THROW(t.op(Opcode::IntNeg, {n}, Signed), CodegenError);
    EXPECT_EQ(u.writing(), &b);
    // an operand not live in the block: `pos` was not passed on
    EXPECT_THROW(b.op(Opcode::BoolNot, {pos}, Bool), CodegenError);
    // operands of another unit
    Unit& other = backend.newUnit({Signed}, Signed, "other");
    EXPECT_THROW(b.op(Opcode::IntNeg, {other.input(0)}, Signed), CodegenError);
    // not a low-level operation, a wrong arity, a non-Bool condition
    EXPECT_THROW(b.op(Opcode::Add, {n, n}, Signed), CodegenError);
    EXPECT_THROW(b.op(Opcode::IntAdd, {n}, Signed), CodegenError);
    EXPECT_THROW(b.jumpIfTrue(n, {}), CodegenError);
    // compiling with open builders
    EXPECT_THROW(backend.compile(u), CodegenError);
    // a return of the wrong type
    EXPECT_THROW(b.ret(backend.boolConst(true)), CodegenError);

    // after the errors the unit is intact: finish it and run it
    b.ret(b.op(Opcode::IntNeg, {n}, Signed));
    EXPECT_THROW(b.ret(n), CodegenError); // finished
    EXPECT_EQ(u.writing(), nullptr);
    t.start();
    b.pause(); // no-op on a finished builder
    EXPECT_EQ(u.writing(), &t);
    t.ret(t.op(Opcode::IntMul, {n, backend.intConst(2)}, Signed));
    backend.compile(u);
    EXPECT_THROW(backend.compile(u), CodegenError);
    EXPECT_EQ(run(u, {4}), 8);
    EXPECT_EQ(run(u, {-4}), 4);
    EXPECT_EQ(run(u, {0}), 0);
}

TEST_F(CodegenTest, PausedBuildersAreWrittenInAnyOrder) {
    // sign(x): three paths open at once, each written after pausing another
    Unit& u = backend.newUnit({Signed}, Signed, "sign", {"x"});
    Builder& b = u.entry();
    Operand x = u.input(0);
    Builder& neg = b.jumpIfTrue(b.op(Opcode::IntLt, {x, backend.intConst(0)}, Bool), std::vector<Operand>{x});
    Builder& zero = b.jumpIfTrue(b.op(Opcode::IntEq, {x, backend.intConst(0)}, Bool), {});
    b.pause();
    zero.start();
    zero.ret(backend.intConst(0));
    neg.start();
    Operand twice = neg.op(Opcode::IntAdd, {x, x}, Signed);
    neg.pause();
    b.start();
    b.ret(backend.intConst(1));
    EXPECT_EQ(u.openBuilders(), 1u);
    neg.start();
    neg.ret(neg.op(Opcode::IntSub, {twice, x}, Signed)); // x, but through two ops
    backend.compile(u);
    EXPECT_EQ(run(u, {-5}), -5);
    EXPECT_EQ(run(u, {0}), 0);
    EXPECT_EQ(run(u, {9}), 1);
}

TEST_F(CodegenTest, RejectedUnitsAndBridgesAreErrors) {
    // op() does not type its arguments: the backend's verification does
    Unit& u = backend.newUnit({Signed}, Signed, "ill");
    Builder& b = u.entry();
    b.ret(b.op(Opcode::IntAdd, {u.input(0), backend.floatConst(1.0)}, Signed));
    try {
        backend.compile(u);
        ADD_FAILURE() << "an ill-typed unit was compiled";
    } catch (const CodegenError& e) {
        EXPECT_TRUE(contains(e.what(), "expected a signed integer")) << e.what();
    }
    EXPECT_FALSE(u.compiled());

    // a rejected bridge leaves the switch as it was
    SwitchUnit s = buildSwitch(backend);
    backend.compile(*s.unit);
    Builder& c = backend.addCase(*s.sw, 1);
    c.start();
    EXPECT_THROW(c.ret(c.op(Opcode::IntAdd, {s.x, backend.floatConst(2.0)}, Signed)), CodegenError);
    EXPECT_FALSE(s.sw->hasCase(1));
    EXPECT_EQ(verifyLowLevelGraph(*s.unit->graph()).size(), 0u);
    EXPECT_EQ(run(*s.unit, {1, 1}), -1);
    fillCase(backend, s, 1);
    EXPECT_EQ(run(*s.unit, {1, 4}), 5);
}

TEST_F(CodegenTest, HistogramIgnoresSameAs) {
    Unit& u = backend.newUnit({Signed}, Signed, "h", {"x"});
    Builder& b = u.entry();
    Operand x = u.input(0);
    Operand c = b.sameAs(backend.intConst(3)); // a constant made a variable
    EXPECT_TRUE(c.isVar());
    Operand y = b.op(Opcode::IntAdd, {x, c}, Signed);
    Operand z = b.op(Opcode::IntAdd, {y, b.sameAs(y)}, Signed);
    b.ret(b.op(Opcode::IntMul, {z, z}, Signed));
    backend.compile(u);
    OpHistogram h = countOperations(*u.graph());
    EXPECT_EQ(h.total, 3u);
    EXPECT_EQ(h.count("int_add"), 2u);
    EXPECT_EQ(h.count("int_mul"), 1u);
    EXPECT_EQ(h.count("same_as"), 0u);
    EXPECT_EQ(h.count("int_sub"), 0u);
    EXPECT_EQ(h.str(), "int_add: 2, int_mul: 1");
    EXPECT_EQ(run(u, {2}), 100);
}

} // namespace
} // namespace futamura::jitgen::codegen
