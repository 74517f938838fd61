//! Unit tests of the flow space on functions defined inline.
//!
//! The golden tests (tests/golden/flow) cover the constructs one by one
//! through the CLI; these check the engine's properties directly: loops
//! close, constants fold, states merge, errors carry positions, output is
//! deterministic.
#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/checkgraph.h"
#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include "python_fixture.h"

#include <gtest/gtest.h>

#include <memory>

using namespace futamura;

namespace {

FUTAMURA_PYTHON_ENVIRONMENT();

py::PyRef defineModule(const std::string& source) {
    return test::defineModule(source, "fixture");
}

std::string flowText(const std::string& source, const char* func) {
    ir::Arena arena;
    flow::FlowSpace space(arena);
    py::PyRef module = defineModule(source);
    py::PyRef f = py::getAttr(module.get(), func);
    ir::FunctionGraph* g = space.buildFlowGraph(f.get());
    ir::PrintOptions options;
    options.positions = false;
    return ir::graphToString(*g, options);
}

TEST(FlowSpace, StraightLine) {
    EXPECT_EQ(flowText("def f(a, b):\n    return a + b * 2\n", "f"),
              "graph f(a, b)  # fixture.py:1\n"
              "block0(a_0, b_1):\n"
              "    v2 = mul(b_1, 2)\n"
              "    v3 = add(a_0, v2)\n"
              "    -> return(v3)\n");
}

TEST(FlowSpace, GlobalsAndBuiltinsFold) {
    std::string text = flowText("import math\nK = 3\ndef f():\n    return math.floor(K * 2.5) + len('abc')\n", "f");
    EXPECT_NE(text.find("simple_call(<builtin math.floor>, 7.5)"), std::string::npos) << text;
    EXPECT_EQ(text.find("len("), std::string::npos) << text; // folded to 3
    EXPECT_NE(text.find(", 3)"), std::string::npos) << text;
}

TEST(FlowSpace, LoopCloses) {
    std::string text = flowText(
        "def f(n):\n    i = 0\n    s = 0\n    while i < n:\n        s += i\n        i += 1\n"
        "    return s\n",
        "f");
    // One loop header with two exits and a back edge; the constant 0 of the
    // first iteration is generalized into a Variable.
    EXPECT_NE(text.find("switch"), std::string::npos) << text;
    // 3.11 tests the condition before the loop and again at its end.
    EXPECT_NE(text.find("lt(0, n_0)"), std::string::npos) << text;
    EXPECT_NE(text.find("True -> block1(n_2, v6, v5)"), std::string::npos) << text;
    EXPECT_NE(text.find("inplace_add(s_"), std::string::npos) << text;
}

TEST(FlowSpace, ConstantBranchFolds) {
    std::string text = flowText("DEBUG = False\ndef f(x):\n    if DEBUG:\n        return x + 1\n"
                                "    return x\n", "f");
    EXPECT_EQ(text, "graph f(x)  # fixture.py:2\nblock0(x_0):\n    -> return(x_0)\n");
}

TEST(FlowSpace, ImplicitExceptionOnlyInsideTry) {
    std::string outside = flowText("def f(l, i):\n    return l[i]\n", "f");
    EXPECT_EQ(outside.find("raising"), std::string::npos) << outside;
    std::string inside = flowText(
        "def f(l, i):\n    try:\n        return l[i]\n    except IndexError:\n        return -1\n",
        "f");
    EXPECT_NE(inside.find("raising"), std::string::npos) << inside;
    EXPECT_NE(inside.find("<class IndexError> ["), std::string::npos) << inside;
}

TEST(FlowSpace, Deterministic) {
    const char* src = "def f(d, k):\n    r = [x * 2 for x in d if x > k]\n"
                      "    try:\n        v = d[k]\n    except KeyError:\n        v = 0\n"
                      "    return f'{v}:{len(r)}'\n";
    EXPECT_EQ(flowText(src, "f"), flowText(src, "f"));
}

TEST(FlowSpace, GeneratorRefusedWithPosition) {
    try {
        flowText("def f(n):\n    x = n\n    yield x\n", "f");
        FAIL() << "expected a FlowingError";
    } catch (const flow::FlowingError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_NE(e.message().find("generators are not RPython"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("fixture.py:3: "), std::string::npos);
    }
}

TEST(FlowSpace, UndefinedLocalRefused) {
    try {
        flowText("def f(c):\n    if c:\n        x = 1\n    return x\n", "f");
        FAIL() << "expected a FlowingError";
    } catch (const flow::FlowingError& e) {
        EXPECT_EQ(e.line(), 4);
        EXPECT_NE(e.message().find("'x' may be used before it is assigned"), std::string::npos)
            << e.message();
    }
}

TEST(FlowSpace, ComprehensionIsInlined) {
    std::string text = flowText("def f(xs, k):\n    return [x + k for x in xs]\n", "f");
    EXPECT_EQ(text.find("<code"), std::string::npos) << text;
    EXPECT_NE(text.find("newlist()"), std::string::npos) << text;
    EXPECT_NE(text.find("next("), std::string::npos) << text;
    EXPECT_NE(text.find(" = add(v"), std::string::npos) << text;
}

} // namespace

namespace {

TEST(FlowSpace, RawGraphsAreVerifiedAndLarger) {
    py::PyRef module = defineModule("def f(xs, k):\n    return [x + k for x in xs if x]\n");
    py::PyRef f = py::getAttr(module.get(), "f");
    ir::Arena arena;
    flow::FlowSpace space(arena);
    ir::FunctionGraph* simplified = space.buildFlowGraph(f.get());
    space.setSimplify(false);
    ir::FunctionGraph* raw = space.buildFlowGraph(f.get()); // checkgraph runs inside
    EXPECT_GT(raw->blocks().size(), simplified->blocks().size());
    EXPECT_TRUE(ir::verifyGraph(*raw).empty());
}

} // namespace
