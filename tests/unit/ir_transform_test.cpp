//! Unit tests of the graph transformations (copy, join, dead operations,
//! empty and unreachable blocks), the Graphviz writer, the opcode table and
//! PyRef reference counting. Each transformation test asserts the printed
//! graph after it and that the verifier still accepts it.
#include "ir_test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace futamura;
using namespace futamura::ir;
using namespace futamura::ir::test;

namespace {

// ---------------------------------------------------------------------------
// Transformations

TEST(Transform, CopyGraphIsIdenticalWithDistinctNodes) {
    Arena arena;
    for (const char* text : {kStraight, kIfElse, kLoop, kRaising}) {
        FunctionGraph* g = parseOne(arena, text);
        FunctionGraph* c = copyGraph(arena, *g);
        EXPECT_EQ(graphToString(*c), text);
        EXPECT_TRUE(verifyGraph(*c).empty());
        EXPECT_EQ(c->name, g->name);
        std::vector<Block*> gb = g->blocks(), cb = c->blocks();
        ASSERT_EQ(gb.size(), cb.size());
        for (size_t i = 0; i < gb.size(); ++i) {
            EXPECT_NE(gb[i], cb[i]);
            for (size_t j = 0; j < gb[i]->inputargs.size(); ++j)
                EXPECT_NE(gb[i]->inputargs[j], cb[i]->inputargs[j]);
            for (size_t j = 0; j < gb[i]->operations.size(); ++j) {
                EXPECT_NE(gb[i]->operations[j], cb[i]->operations[j]);
                EXPECT_NE(gb[i]->operations[j]->result, cb[i]->operations[j]->result);
            }
            for (size_t j = 0; j < gb[i]->exits.size(); ++j) {
                EXPECT_NE(gb[i]->exits[j], cb[i]->exits[j]);
                EXPECT_EQ(gb[i]->exits[j]->exitcase, cb[i]->exits[j]->exitcase); // shared
            }
        }
    }
    FunctionGraph* renamed = copyGraph(arena, *parseOne(arena, kStraight), "f2");
    EXPECT_EQ(graphToString(*renamed).substr(0, 12), "graph f2(a, ");
}

TEST(Transform, JoinBlocks) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(a)\n"
                                       "block0(a_0):\n"
                                       "    v1 = add(a_0, 1)\n"
                                       "    -> block1(v1, a_0)\n"
                                       "block1(x_2, y_3):\n"
                                       "    v4 = mul(x_2, y_3)\n"
                                       "    v5 = bool(v4)\n"
                                       "    switch v5\n"
                                       "      False -> block2(v4)\n"
                                       "      True -> return(y_3)\n"
                                       "block2(z_6):\n"
                                       "    -> return(z_6)\n");
    EXPECT_EQ(joinBlocks(*g), 1u);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(a)\n"
                                 "block0(a_0):\n"
                                 "    v1 = add(a_0, 1)\n"
                                 "    v2 = mul(v1, a_0)\n"
                                 "    v3 = bool(v2)\n"
                                 "    switch v3\n"
                                 "      False -> block1(v2)\n"
                                 "      True -> return(a_0)\n"
                                 "block1(z_4):\n"
                                 "    -> return(z_4)\n");
    // A loop header has two predecessors; a switch block's successors are not joined.
    FunctionGraph* loop = parseOne(arena, kLoop);
    EXPECT_EQ(joinBlocks(*loop), 0u);
    EXPECT_EQ(graphToString(*loop), kLoop);
}

TEST(Transform, JoinBlocksChainsIntoRaisingBlock) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(l)\n"
                                       "block0(l_0):\n"
                                       "    -> block1(l_0, 0)\n"
                                       "block1(m_1, i_2):\n"
                                       "    -> block2(i_2, m_1)\n"
                                       "block2(j_3, n_4):\n"
                                       "    v5 = getitem(n_4, j_3)\n"
                                       "    raising\n"
                                       "      -> return(v5)\n"
                                       "      <class IndexError> [etype_6, evalue_7] -> "
                                       "return(n_4)\n");
    EXPECT_EQ(joinBlocks(*g), 2u);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(l)\n"
                                 "block0(l_0):\n"
                                 "    v1 = getitem(l_0, 0)\n"
                                 "    raising\n"
                                 "      -> return(v1)\n"
                                 "      <class IndexError> [etype_2, evalue_3] -> return(l_0)\n");
}

TEST(Transform, RemoveDeadOperations) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(a, b)\n"
                                       "block0(a_0, b_1):\n"
                                       "    v2 = add(a_0, b_1)\n"
                                       "    v3 = mul(v2, 2)\n"
                                       "    v4 = simple_call(a_0)\n"
                                       "    v5 = neg(a_0)\n"
                                       "    v6 = setattr(a_0, 'x', v5)\n"
                                       "    v7 = invert(a_0)\n"
                                       "    -> block1(a_0, v7, v4)\n"
                                       "block1(x_8, y_9, z_10):\n"
                                       "    v11 = sub(x_8, 1)\n"
                                       "    -> return(x_8)\n");
    EXPECT_EQ(removeDeadOperations(*g), 4u); // v2, v3, v7 (through y_9), v11
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(a, b)\n"
                                 "block0(a_0, b_1):\n"
                                 "    v2 = simple_call(a_0)\n"
                                 "    v3 = neg(a_0)\n"
                                 "    v4 = setattr(a_0, 'x', v3)\n"
                                 "    -> block1(a_0)\n"
                                 "block1(x_5):\n"
                                 "    -> return(x_5)\n");
}

TEST(Transform, RemoveDeadOperationsAroundLoops) {
    Arena arena;
    // k is only carried around the loop: dead, with the add computing it.
    FunctionGraph* g = parseOne(arena, "graph f(n)\n"
                                       "block0(n_0):\n"
                                       "    -> block1(n_0, 0)\n"
                                       "block1(n_1, k_2):\n"
                                       "    v3 = add(k_2, 1)\n"
                                       "    v4 = gt(n_1, 0)\n"
                                       "    switch v4\n"
                                       "      False -> return(n_1)\n"
                                       "      True -> block2(n_1, v3)\n"
                                       "block2(n_5, k_6):\n"
                                       "    v7 = sub(n_5, 1)\n"
                                       "    -> block1(v7, k_6)\n");
    EXPECT_EQ(removeDeadOperations(*g), 1u);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(n)\n"
                                 "block0(n_0):\n"
                                 "    -> block1(n_0)\n"
                                 "block1(n_1):\n"
                                 "    v2 = gt(n_1, 0)\n"
                                 "    switch v2\n"
                                 "      False -> return(n_1)\n"
                                 "      True -> block2(n_1)\n"
                                 "block2(n_3):\n"
                                 "    v4 = sub(n_3, 1)\n"
                                 "    -> block1(v4)\n");
    // The raising operation stays even when its result is unused.
    const char* raising = "graph g(l)\n"
                          "block0(l_0):\n"
                          "    v1 = len(l_0)\n"
                          "    v2 = getitem(l_0, 0)\n"
                          "    raising\n"
                          "      -> return(None)\n"
                          "      <class IndexError> [etype_3, evalue_4] -> return(-1)\n";
    FunctionGraph* r = parseOne(arena, raising);
    EXPECT_EQ(removeDeadOperations(*r), 1u);
    EXPECT_EQ(graphToString(*r), "graph g(l)\n"
                                 "block0(l_0):\n"
                                 "    v1 = getitem(l_0, 0)\n"
                                 "    raising\n"
                                 "      -> return(None)\n"
                                 "      <class IndexError> [etype_2, evalue_3] -> return(-1)\n");
}

TEST(Transform, RemoveEmptyBlocks) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(a)\n"
                                       "block0(a_0):\n"
                                       "    v1 = bool(a_0)\n"
                                       "    switch v1\n"
                                       "      False -> block1(a_0, 1)\n"
                                       "      True -> block2(a_0)\n"
                                       "block1(x_2, y_3):\n"
                                       "    -> block3(y_3, x_2)\n"
                                       "block3(p_4, q_5):\n"
                                       "    v6 = add(p_4, q_5)\n"
                                       "    -> return(v6)\n"
                                       "block2(z_7):\n"
                                       "    -> block3(z_7, z_7)\n");
    EXPECT_EQ(removeEmptyBlocks(*g), 2u);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(a)\n"
                                 "block0(a_0):\n"
                                 "    v1 = bool(a_0)\n"
                                 "    switch v1\n"
                                 "      False -> block1(1, a_0)\n"
                                 "      True -> block1(a_0, a_0)\n"
                                 "block1(p_2, q_3):\n"
                                 "    v4 = add(p_2, q_3)\n"
                                 "    -> return(v4)\n");
    // The start block stays even when empty.
    FunctionGraph* loop = parseOne(arena, kLoop);
    EXPECT_EQ(removeEmptyBlocks(*loop), 0u);
    EXPECT_EQ(graphToString(*loop), kLoop);
}

TEST(Transform, RemoveUnreachableBlocks) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(a)\n"
                                       "block0(a_0):\n"
                                       "    switch True\n"
                                       "      False -> block1(a_0)\n"
                                       "      True -> return(a_0)\n"
                                       "block1(x_1):\n"
                                       "    v2 = neg(x_1)\n"
                                       "    -> return(v2)\n");
    EXPECT_EQ(removeUnreachableBlocks(*g), 1u);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(a)\nblock0(a_0):\n    -> return(a_0)\n");

    // add cannot raise; getitem raises IndexError and KeyError only.
    FunctionGraph* r =
        parseOne(arena, "graph g(a)\n"
                        "block0(a_0):\n"
                        "    v1 = add(a_0, 1)\n"
                        "    raising\n"
                        "      -> block1(v1)\n"
                        "      <class ValueError> [etype_2, evalue_3] -> "
                        "return(evalue_3)\n"
                        "block1(b_4):\n"
                        "    v5 = getitem(b_4, 0)\n"
                        "    raising\n"
                        "      -> return(v5)\n"
                        "      <class ValueError> [etype_6, evalue_7] -> return(0)\n"
                        "      <class LookupError> [etype_8, evalue_9] -> return(1)\n"
                        "      <class KeyError> [etype_10, evalue_11] -> return(2)\n");
    EXPECT_EQ(removeUnreachableBlocks(*r), 2u);
    EXPECT_TRUE(verifyGraph(*r).empty());
    EXPECT_EQ(graphToString(*r), "graph g(a)\n"
                                 "block0(a_0):\n"
                                 "    v1 = add(a_0, 1)\n"
                                 "    -> block1(v1)\n"
                                 "block1(b_2):\n"
                                 "    v3 = getitem(b_2, 0)\n"
                                 "    raising\n"
                                 "      -> return(v3)\n"
                                 "      <class LookupError> [etype_4, evalue_5] -> return(1)\n"
                                 "      <class KeyError> [etype_6, evalue_7] -> return(2)\n");
}

TEST(Transform, SimplifyGraph) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(a)\n"
                                       "block0(a_0):\n"
                                       "    v1 = mul(a_0, a_0)\n"
                                       "    switch False\n"
                                       "      False -> block1(a_0, v1)\n"
                                       "      True -> block3(a_0)\n"
                                       "block1(b_2, c_3):\n"
                                       "    -> block2(b_2)\n"
                                       "block2(d_4):\n"
                                       "    v5 = add(d_4, 1)\n"
                                       "    -> return(v5)\n"
                                       "block3(e_6):\n"
                                       "    -> return(e_6)\n");
    simplifyGraph(*g);
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), "graph f(a)\n"
                                 "block0(a_0):\n"
                                 "    v1 = add(a_0, 1)\n"
                                 "    -> return(v1)\n");
}

// ---------------------------------------------------------------------------
// Graphviz output

TEST(Dot, WritesClustersRecordsAndEdges) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    FunctionGraph* s = parseOne(arena, "graph s(x)\nblock0(x_0):\n"
                                       "    v1 = contains(x_0, '{<|>}\"\\\\')\n"
                                       "    -> return(v1)\n");
    std::ostringstream out;
    writeDot(out, {g, s});
    std::string dot = out.str();
    auto has = [&](const std::string& part) {
        return dot.find(part) != std::string::npos ? ::testing::AssertionSuccess()
                                                   : ::testing::AssertionFailure() << dot;
    };
    EXPECT_EQ(dot.rfind("digraph futamura {\n", 0), 0u);
    EXPECT_TRUE(has("subgraph cluster_0 {\n        label=\"graph get(l, i)\";"));
    EXPECT_TRUE(has("g0_block0 [shape=record, penwidth=2, label=\"{block0(l_0, i_1)\\l|"
                    "v2 = getitem(l_0, i_1)  @3\\l|raising\\l}\"];"));
    EXPECT_TRUE(has("g0_return [shape=box, style=\"rounded,filled\", fillcolor=\"#d8f0d8\", "
                    "label=\"return(result)\"];"));
    EXPECT_TRUE(has("g0_except [shape=box, style=\"rounded,filled\", fillcolor=\"#f8d8d8\", "
                    "label=\"except(etype, evalue)\"];"));
    EXPECT_TRUE(has("g0_block0 -> g0_return [label=\"(v2)\\l\"];"));
    EXPECT_TRUE(has("g0_block0 -> g0_block1 [label=\"\\<class IndexError\\> [etype_3, evalue_4]"
                    "\\l(evalue_4)\\l\", style=dashed"));
    // Quotes, backslashes and the record specials are escaped.
    EXPECT_TRUE(has("v1 = contains(x_0, '\\{\\<\\|\\>\\}\\\"\\\\\\\\')"));
    EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

TEST(Dot, WritesFiles) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kLoop);
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "futamura-ir-test";
    std::filesystem::create_directories(dir);
    std::string dotPath = (dir / "loop.dot").string(), svgPath = (dir / "loop.svg").string();
    writeGraphFile(dotPath, {g});
    std::ifstream dotFile(dotPath);
    std::string first;
    std::getline(dotFile, first);
    EXPECT_EQ(first, "digraph futamura {");
    EXPECT_THROW(writeGraphFile((dir / "loop.png").string(), {g}), std::runtime_error);

    if (std::system("command -v dot >/dev/null 2>&1") == 0) {
        writeGraphFile(svgPath, {g});
        std::ifstream svg(svgPath);
        std::stringstream content;
        content << svg.rdbuf();
        EXPECT_NE(content.str().find("<svg"), std::string::npos);
    }
    // Without Graphviz on PATH the error says what to install.
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", dir.c_str(), 1);
    try {
        writeGraphFile(svgPath, {g});
        ADD_FAILURE() << "no error without dot";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write " + svgPath +
                                             ": Graphviz 'dot' is not installed (apt-get "
                                             "install graphviz)");
    }
    setenv("PATH", path.c_str(), 1);
    std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------
// The opcode table

TEST(Opcodes, NamesRoundTrip) {
    ASSERT_GT(opcodeCount(), 50u);
    for (unsigned i = 0; i < opcodeCount(); ++i) {
        Opcode op = static_cast<Opcode>(i);
        std::optional<Opcode> back = opcodeByName(opName(op));
        ASSERT_TRUE(back.has_value()) << opName(op);
        EXPECT_EQ(*back, op) << opName(op);
        EXPECT_FALSE(isPure(op) && hasSideEffects(op)) << opName(op);
    }
    EXPECT_FALSE(opcodeByName("frobnicate").has_value());
    EXPECT_FALSE(opcodeByName("").has_value());
}

TEST(Opcodes, Flags) {
    EXPECT_EQ(opName(Opcode::Add), "add");
    EXPECT_EQ(opInfo(Opcode::Add).arity, 2);
    EXPECT_TRUE(isPure(Opcode::Add) && canFold(Opcode::Add));
    EXPECT_FALSE(hasSideEffects(Opcode::Add) || returnsBool(Opcode::Add));
    EXPECT_TRUE(hasSideEffects(Opcode::Setattr));
    EXPECT_FALSE(isPure(Opcode::Setattr));
    EXPECT_EQ(opInfo(Opcode::Setattr).arity, 3);
    EXPECT_TRUE(returnsBool(Opcode::Lt) && returnsBool(Opcode::Is));
    EXPECT_EQ(opInfo(Opcode::SimpleCall).arity, -1);
    EXPECT_EQ(implicitRaises(Opcode::SimpleCall), (unsigned)opexc::ANY);
    EXPECT_EQ(implicitRaises(Opcode::Getitem), (unsigned)(opexc::INDEX | opexc::KEY));
    EXPECT_EQ(implicitRaises(Opcode::Next), (unsigned)opexc::STOPITER);
    EXPECT_TRUE(isPure(Opcode::AddOvf) && !canFold(Opcode::AddOvf));
    EXPECT_EQ(opcodeByName("is_"), Opcode::Is);
}

// ---------------------------------------------------------------------------
// PyRef reference counting

TEST(PyRef, StealBorrowCopyMoveRelease) {
    PyObject* obj = PyList_New(0);
    ASSERT_NE(obj, nullptr);
    const Py_ssize_t base = Py_REFCNT(obj);
    {
        py::PyRef a = py::PyRef::borrow(obj);
        EXPECT_EQ(Py_REFCNT(obj), base + 1);
        py::PyRef b = a; // copy
        EXPECT_EQ(Py_REFCNT(obj), base + 2);
        py::PyRef c = std::move(b); // move: no change
        EXPECT_EQ(Py_REFCNT(obj), base + 2);
        EXPECT_FALSE(b);
        EXPECT_TRUE(c == a);
        c = c; // self-assignment keeps the count
        EXPECT_EQ(Py_REFCNT(obj), base + 2);
        c = py::PyRef(); // assignment releases
        EXPECT_EQ(Py_REFCNT(obj), base + 1);
        PyObject* raw = a.release(); // ownership leaves: no change
        EXPECT_FALSE(a);
        EXPECT_EQ(Py_REFCNT(obj), base + 1);
        py::PyRef d = py::PyRef::steal(raw); // taken back: no change
        EXPECT_EQ(Py_REFCNT(obj), base + 1);
        py::PyRef e = py::PyRef::borrow(Py_None);
        e = d; // copy-assign over another object
        EXPECT_EQ(Py_REFCNT(obj), base + 2);
    }
    EXPECT_EQ(Py_REFCNT(obj), base); // no leak
    py::PyRef none = py::PyRef::steal(nullptr);
    EXPECT_FALSE(none);
    EXPECT_EQ(none.get(), nullptr);
    Py_DECREF(obj);
}

TEST(PyRef, ArenaConstantsHoldOneReference) {
    PyObject* obj = PyList_New(0);
    const Py_ssize_t base = Py_REFCNT(obj);
    {
        Arena arena;
        Constant* c = arena.constant(obj);
        EXPECT_EQ(arena.constant(obj), c); // one Constant per object
        EXPECT_EQ(c->value(), obj);
        EXPECT_EQ(Py_REFCNT(obj), base + 1);
    }
    EXPECT_EQ(Py_REFCNT(obj), base);
    Py_DECREF(obj);
}

} // namespace
