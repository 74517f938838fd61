//! Shared helpers of the IR unit tests (ir_test.cpp, ir_transform_test.cpp):
//! the sample graphs in printed form and small constructors. The embedded
//! interpreter they need is started once by the environment in ir_test.cpp.
#pragma once

#include "futamura/ir/checkgraph.h"
#include "futamura/ir/dot.h"
#include "futamura/ir/parser.h"
#include "futamura/ir/printer.h"
#include "futamura/ir/transform.h"
#include "futamura/python/interpreter.h"

#include <gtest/gtest.h>

#include <string>

namespace futamura::ir::test {

inline Constant* intConstant(Arena& arena, long long v) {
    return arena.constant(py::fromLong(v));
}

inline FunctionGraph* parseOne(Arena& arena, const std::string& text) {
    std::vector<FunctionGraph*> graphs = parseGraphs(arena, text);
    EXPECT_EQ(graphs.size(), 1u);
    return graphs.at(0);
}

// The sample graphs, in printed form.
inline constexpr const char* kStraight = "graph f(a, b)  # mod.py:1\n"
                                         "block0(a_0, b_1):\n"
                                         "    v2 = add(a_0, b_1)  @2\n"
                                         "    v3 = mul(v2, 2)  @3\n"
                                         "    -> return(v3)\n";

inline constexpr const char* kIfElse = "graph sign(x)\n"
                                       "block0(x_0):\n"
                                       "    v1 = gt(x_0, 0)  @2\n"
                                       "    switch v1\n"
                                       "      False -> block1(x_0)\n"
                                       "      True -> return(1)\n"
                                       "block1(x_2):\n"
                                       "    v3 = neg(x_2)  @4\n"
                                       "    -> return(v3)\n";

inline constexpr const char* kLoop = "graph total(n)\n"
                                     "block0(n_0):\n"
                                     "    -> block1(n_0, 0)\n"
                                     "block1(n_1, s_2):\n"
                                     "    v3 = gt(n_1, 0)\n"
                                     "    switch v3\n"
                                     "      False -> return(s_2)\n"
                                     "      True -> block2(n_1, s_2)\n"
                                     "block2(n_4, s_5):\n"
                                     "    v6 = add(s_5, n_4)\n"
                                     "    v7 = sub(n_4, 1)\n"
                                     "    -> block1(v7, v6)\n";

inline constexpr const char* kRaising =
    "graph get(l, i)\n"
    "block0(l_0, i_1):\n"
    "    v2 = getitem(l_0, i_1)  @3\n"
    "    raising\n"
    "      -> return(v2)\n"
    "      <class IndexError> [etype_3, evalue_4] -> block1(evalue_4)\n"
    "      <class KeyError> [etype_5, evalue_6] -> except(etype_5, evalue_6)\n"
    "block1(e_7):\n"
    "    -> return(-1)\n";

} // namespace futamura::ir::test
