//! Unit tests of the graph model, the printer, its parser (round trips) and
//! the verifier (one test per kind of broken graph). The global environment
//! here starts the embedded interpreter once for every IR test: constants are
//! Python objects and the parser evaluates literals in Python.
#include "ir_test_support.h"
#include "python_fixture.h"

#include <memory>
#include <sstream>

using namespace futamura;
using namespace futamura::ir;
using namespace futamura::ir::test;

namespace {

FUTAMURA_PYTHON_ENVIRONMENT();

// Passes if some violation reported for `graph` contains `part`.
::testing::AssertionResult reports(const FunctionGraph& graph, const std::string& part) {
    std::vector<std::string> errors = verifyGraph(graph);
    std::string all;
    for (const std::string& e : errors) {
        if (e.find(part) != std::string::npos) return ::testing::AssertionSuccess();
        all += "\n  " + e;
    }
    return ::testing::AssertionFailure() << "no error containing '" << part << "' in:" << all;
}

// ---------------------------------------------------------------------------
// Building graphs by hand, and the printer

TEST(Build, StraightLine) {
    Arena arena;
    Variable* a = arena.newVariable("a");
    Variable* b = arena.newVariable("b");
    Block* start = arena.newBlock({a, b});
    Variable* sum = arena.newVariable();
    Variable* product = arena.newVariable();
    start->operations.push_back(arena.newOperation(Opcode::Add, {a, b}, sum, {nullptr, 2}));
    start->operations.push_back(
        arena.newOperation(Opcode::Mul, {sum, intConstant(arena, 2)}, product, {nullptr, 3}));
    FunctionGraph* g = arena.newGraph("f", start);
    g->argnames = {"a", "b"};
    g->filename = "/some/dir/mod.py";
    g->firstline = 1;
    start->closeBlock({arena.newLink({product}, g->returnblock)});
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), kStraight);
    EXPECT_EQ(graphToString(*g, {.positions = false, .annotations = true, .tagger = {}, .colorOf = {}}),
              "graph f(a, b)  # mod.py:1\nblock0(a_0, b_1):\n    v2 = add(a_0, b_1)\n"
              "    v3 = mul(v2, 2)\n    -> return(v3)\n");
}

TEST(Build, IfElseWithBoolSwitch) {
    Arena arena;
    Variable* x = arena.newVariable("x");
    Block* start = arena.newBlock({x});
    Variable* cond = arena.newVariable();
    start->operations.push_back(
        arena.newOperation(Opcode::Gt, {x, intConstant(arena, 0)}, cond, {nullptr, 2}));
    start->exitswitch = cond;
    Variable* x2 = arena.newVariable("x");
    Block* negate = arena.newBlock({x2});
    Variable* neg = arena.newVariable();
    negate->operations.push_back(arena.newOperation(Opcode::Neg, {x2}, neg, {nullptr, 4}));
    FunctionGraph* g = arena.newGraph("sign", start);
    g->argnames = {"x"};
    start->closeBlock(
        {arena.newLink({x}, negate, arena.boolConstant(false)),
         arena.newLink({intConstant(arena, 1)}, g->returnblock, arena.boolConstant(true))});
    negate->closeBlock({arena.newLink({neg}, g->returnblock)});
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), kIfElse);
}

TEST(Build, Loop) {
    Arena arena;
    Variable* n0 = arena.newVariable("n");
    Variable *n1 = arena.newVariable("n"), *s1 = arena.newVariable("s");
    Variable *n2 = arena.newVariable("n"), *s2 = arena.newVariable("s");
    Block* start = arena.newBlock({n0});
    Block* head = arena.newBlock({n1, s1});
    Block* body = arena.newBlock({n2, s2});
    Variable* cond = arena.newVariable();
    head->operations.push_back(arena.newOperation(Opcode::Gt, {n1, intConstant(arena, 0)}, cond));
    head->exitswitch = cond;
    Variable *sum = arena.newVariable(), *next = arena.newVariable();
    body->operations.push_back(arena.newOperation(Opcode::Add, {s2, n2}, sum));
    body->operations.push_back(arena.newOperation(Opcode::Sub, {n2, intConstant(arena, 1)}, next));
    FunctionGraph* g = arena.newGraph("total", start);
    g->argnames = {"n"};
    start->closeBlock({arena.newLink({n0, intConstant(arena, 0)}, head)});
    head->closeBlock({arena.newLink({s1}, g->returnblock, arena.boolConstant(false)),
                      arena.newLink({n1, s1}, body, arena.boolConstant(true))});
    body->closeBlock({arena.newLink({next, sum}, head)});
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), kLoop);
    EXPECT_EQ(g->blocks().size(), 5u);
    EXPECT_EQ(g->links().size(), 4u);
}

TEST(Build, RaisingBlockWithExceptionLinks) {
    Arena arena;
    Variable *l = arena.newVariable("l"), *i = arena.newVariable("i");
    Block* start = arena.newBlock({l, i});
    Variable* item = arena.newVariable();
    start->operations.push_back(arena.newOperation(Opcode::Getitem, {l, i}, item, {nullptr, 3}));
    start->raising = true;
    Variable* e = arena.newVariable("e");
    Block* handler = arena.newBlock({e});
    FunctionGraph* g = arena.newGraph("get", start);
    g->argnames = {"l", "i"};
    Link* index = arena.newLink({}, handler, arena.constant(PyExc_IndexError));
    index->lastException = arena.newVariable("etype");
    index->lastExcValue = arena.newVariable("evalue");
    index->args = {index->lastExcValue};
    Link* key = arena.newLink({}, g->exceptblock, arena.constant(PyExc_KeyError));
    key->lastException = arena.newVariable("etype");
    key->lastExcValue = arena.newVariable("evalue");
    key->args = {key->lastException, key->lastExcValue};
    start->closeBlock({arena.newLink({item}, g->returnblock), index, key});
    handler->closeBlock({arena.newLink({intConstant(arena, -1)}, g->returnblock)});
    EXPECT_TRUE(verifyGraph(*g).empty());
    EXPECT_EQ(graphToString(*g), kRaising);
}

struct Tag : TypeTag {
    std::string text;
    explicit Tag(std::string t) : text(std::move(t)) {}
    std::string str() const override { return text; }
};

TEST(Printer, AnnotationsAndConstants) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(x)\nblock0(x_0):\n"
                                       "    v1 = newtuple(None, 1.5, 'a\\'b', b'\\x00', (1,))\n"
                                       "    -> return(v1)\n");
    Tag integer("Int"), tuple("Tuple");
    g->startblock->inputargs[0]->annotation = &integer;
    g->startblock->operations[0]->result->concretetype = &tuple;
    EXPECT_EQ(graphToString(*g), "graph f(x)\nblock0(x_0: Int):\n"
                                 "    v1: Tuple = newtuple(None, 1.5, \"a'b\", b'\\x00', (1,))\n"
                                 "    -> return(v1)\n");
    EXPECT_EQ(graphToString(*g, {.positions = true, .annotations = false, .tagger = {}, .colorOf = {}}),
              "graph f(x)\nblock0(x_0):\n"
              "    v1 = newtuple(None, 1.5, \"a'b\", b'\\x00', (1,))\n    -> return(v1)\n");
    // Annotations cannot be read back.
    Arena other;
    EXPECT_THROW(parseGraphs(other, graphToString(*g)), ParseError);
}

TEST(Printer, Deterministic) {
    Arena a1, a2;
    for (const char* text : {kStraight, kIfElse, kLoop, kRaising}) {
        FunctionGraph* g1 = parseOne(a1, text);
        FunctionGraph* g2 = parseOne(a2, text);
        EXPECT_EQ(graphToString(*g1), graphToString(*g1));
        EXPECT_EQ(graphToString(*g1), graphToString(*g2));
        std::ostringstream d1, d2;
        writeDot(d1, {g1});
        writeDot(d2, {g2});
        EXPECT_EQ(d1.str(), d2.str());
    }
}

// ---------------------------------------------------------------------------
// The parser

TEST(Parser, RoundTrips) {
    const char* texts[] = {
        kStraight,
        kIfElse,
        kLoop,
        kRaising,
        // constants that look like syntax, several graphs, odd names (`.0` is
        // Python's name for a comprehension's iterator), a constant lastException
        "graph g(x, *args)  # <string>:7\n"
        "block0(x_0, args_1):\n"
        "    v2 = getitem(args_1, 'a, b) -> [c]')  @8\n"
        "    v3 = newtuple(-3, 1e+100, (1, ('x', None)), '<', True, Ellipsis)  @9\n"
        "    v4 = isinstance(x_0, <class int>)\n"
        "    v5 = contains(v3, \"it's\")\n"
        "    switch v4\n"
        "      False -> block1(v2, v5, inf)\n"
        "      True -> except(<class ValueError>, v3)\n"
        "block1(x_y_6, .0_7, z_8):\n"
        "    v9 = same_as(b'\\n\\\\')\n"
        "    v10 = contains(.0_7, v9)\n"
        "    -> return(v10)\n"
        "graph h()\n"
        "block0():\n"
        "    v0 = simple_call('f')\n"
        "    raising\n"
        "      -> block1()\n"
        "      <class StopIteration> [<class StopIteration>, evalue_1] -> return(None)\n"
        "      <class Exception> [etype_2, evalue_3] -> except(etype_2, evalue_3)\n"
        "block1():\n"
        "    v4 = ord('€')\n"
        "    switch v4\n"
        "      8364 -> return(v4)\n"
        "      'x' -> block1()\n",
    };
    for (const char* text : texts) {
        Arena arena;
        std::vector<FunctionGraph*> graphs = parseGraphs(arena, text);
        std::string printed;
        for (FunctionGraph* g : graphs) {
            EXPECT_TRUE(verifyGraph(*g).empty()) << graphToString(*g);
            printed += graphToString(*g);
        }
        EXPECT_EQ(printed, text);
    }
}

TEST(Parser, HeaderAndPositions) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    EXPECT_EQ(g->name, "f");
    EXPECT_EQ(g->argnames, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(g->filename, "mod.py");
    EXPECT_EQ(g->firstline, 1);
    EXPECT_EQ(g->startblock->operations[1]->pos.line, 3);
    EXPECT_EQ(g->startblock->inputargs[0]->name(), "a");
    EXPECT_EQ(g->startblock->operations[0]->result->name(), "v");
}

TEST(Parser, ExceptionClassByBareName) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, "graph f(l)\nblock0(l_0):\n    v1 = getitem(l_0, 0)\n"
                                       "    raising\n      -> return(v1)\n"
                                       "      IndexError [etype_2, evalue_3] -> return(None)\n");
    EXPECT_EQ(g->startblock->exits[1]->exitcase->value(), PyExc_IndexError);
    EXPECT_NE(graphToString(*g).find("<class IndexError> [etype_2, evalue_3]"), std::string::npos);
}

void expectParseError(const std::string& text, int line, const std::string& part) {
    Arena arena;
    try {
        parseGraphs(arena, text);
        ADD_FAILURE() << "no ParseError for:\n" << text;
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(Parser, Errors) {
    std::string head = "graph f(x)\nblock0(x_0):\n";
    expectParseError(head + "    v1 = frobnicate(x_0)\n", 3, "unknown operation 'frobnicate'");
    expectParseError(head + "    v1 = neg(y_9)\n", 3, "undefined variable y_9");
    expectParseError(head + "    v1 = simple_call(<function m.f>, x_0)\n", 3,
                     "cannot read back constant <function m.f>");
    expectParseError(head + "    v1 = same_as([1, 2])\n", 3, "cannot read back constant [1, 2]");
    expectParseError(head + "    -> block7(x_0)\n", 3, "block block7 is never defined");
    expectParseError(head + "    v1 = neg(x_0)\n    v1 = neg(x_0)\n", 4, "v1 is defined twice");
    expectParseError(head + "    -> return(x_0)\n    v1 = neg(x_0)\n", 4, "operation after");
    expectParseError(head + "    v1 = neg(x_0)  @abc\n", 3, "expected a line number");
    expectParseError(head + "    v1 = len('abc)\n", 3, "unterminated string");
    expectParseError("block0(x_0):\n", 1, "block outside a graph");
    expectParseError("graph f(x)\nblock0(x_0: Int):\n    -> return(x_0)\n", 2, "annotations");
    expectParseError(head + "    v1 = neg(x_0)\n    raising\n      -> return(v1)\n"
                            "      <class mod.E> [t_2, v_3] -> return(None)\n",
                     6, "not a builtin exception class");
    expectParseError("graph f()\n", 1, "has no blocks");
}

// ---------------------------------------------------------------------------
// The verifier: one test per kind of broken graph

TEST(Verifier, AcceptsSamples) {
    Arena arena;
    for (const char* text : {kStraight, kIfElse, kLoop, kRaising})
        EXPECT_NO_THROW(checkgraph(*parseOne(arena, text)));
}

TEST(Verifier, ReturnBlockArity) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    g->returnblock->inputargs.push_back(arena.newVariable());
    EXPECT_TRUE(reports(*g, "graph f, return block: must have 1 input variable, has 2"));
    EXPECT_THROW(checkgraph(*g), GraphError);
}

TEST(Verifier, ExceptBlockWithOperations) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    Block* ex = g->exceptblock;
    ex->operations.push_back(
        arena.newOperation(Opcode::Id, {ex->inputargs[0]}, arena.newVariable()));
    EXPECT_TRUE(reports(*g, "graph get, except block: has operations"));
}

TEST(Verifier, FinalBlockOfAnotherGraph) {
    Arena arena;
    FunctionGraph* f = parseOne(arena, kStraight);
    FunctionGraph* h = parseOne(arena, kIfElse);
    f->startblock->exits[0]->target = h->returnblock;
    EXPECT_TRUE(reports(*f, "block1: has no exits but is not the return or except block"));
}

TEST(Verifier, VariableDefinedTwice) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    auto& ops = g->startblock->operations;
    ops[1]->result = ops[0]->result;
    EXPECT_TRUE(reports(*g, "graph f, block0: variable v2 is defined twice"));
}

TEST(Verifier, VariableOfAnotherBlock) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kIfElse);
    Block* b1 = g->startblock->exits[0]->target;
    b1->operations[0]->args[0] = g->startblock->inputargs[0];
    EXPECT_TRUE(reports(*g, "graph sign, block1: operation 'v3 = neg(x_0)' uses x_0, which is "
                            "defined in block0 (variables are local to one block)"));
}

TEST(Verifier, UseBeforeDefinition) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    auto& ops = g->startblock->operations;
    std::swap(ops[0], ops[1]);
    EXPECT_TRUE(reports(*g, "uses v3, which is not defined earlier in this block"));
}

TEST(Verifier, UndefinedVariable) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    g->startblock->exits[0]->args[0] = arena.newVariable("ghost");
    EXPECT_TRUE(reports(*g, "exit '-> return(?ghost)' uses ?ghost, which is not defined in this "
                            "graph"));
}

TEST(Verifier, LinkArgumentCount) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kLoop);
    g->startblock->exits[0]->args.pop_back();
    EXPECT_TRUE(reports(*g, "graph total, block0: exit '-> block1(n_0)' passes 1 arguments to "
                            "block1, which has 2 input variables"));
}

TEST(Verifier, WrongPrevblock) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kLoop);
    g->startblock->exits[0]->prevblock = g->returnblock;
    EXPECT_TRUE(reports(*g, "has prevblock return instead of its block"));
}

TEST(Verifier, OperationArity) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    g->startblock->operations[0]->args.push_back(intConstant(arena, 1));
    EXPECT_TRUE(reports(*g, "operation 'v2 = add(a_0, b_1, 1)' has 3 arguments, expected 2"));
}

TEST(Verifier, OperationWithoutResultOrArgument) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kIfElse);
    Block* b1 = g->startblock->exits[0]->target;
    b1->exits[0]->args[0] = intConstant(arena, 0);
    b1->operations[0]->result = nullptr;
    g->startblock->operations[0]->args[1] = nullptr;
    EXPECT_TRUE(reports(*g, "block1: operation '<null> = neg(x_2)' has no result"));
    EXPECT_TRUE(reports(*g, "block0: operation 'v1 = gt(x_0, <null>)' has a null argument"));
}

TEST(Verifier, SeveralExitsWithoutSwitch) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kIfElse);
    g->startblock->exitswitch = nullptr;
    EXPECT_TRUE(reports(*g, "block0: has 2 exits but neither an exit switch nor raising"));
}

TEST(Verifier, ExitCaseWithoutSwitch) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    g->startblock->exits[0]->exitcase = arena.boolConstant(true);
    EXPECT_TRUE(reports(*g, "exit 'True -> return(v3)' has an exit case but the block has no "
                            "exit switch"));
}

TEST(Verifier, SwitchCases) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kIfElse);
    g->startblock->exits[1]->exitcase = arena.boolConstant(false);
    EXPECT_TRUE(reports(*g, "exit 'False -> return(1)' repeats the exit case False"));
    g->startblock->exits[1]->exitcase = nullptr;
    EXPECT_TRUE(reports(*g, "exit '-> return(1)' of a switch has no exit case"));
}

TEST(Verifier, SwitchOnForeignVariable) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kIfElse);
    Block* b1 = g->startblock->exits[0]->target;
    b1->exitswitch = g->startblock->operations[0]->result;
    EXPECT_TRUE(reports(*g, "block1: the exit switch uses v1, which is defined in block0"));
}

TEST(Verifier, RaisingBlockWithoutOperations) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    g->startblock->operations.clear();
    g->startblock->exits[0]->args[0] = intConstant(arena, 0);
    EXPECT_TRUE(reports(*g, "graph get, block0: a raising block has no operations"));
}

TEST(Verifier, RaisingBlockWithoutExceptionExit) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    g->startblock->recloseBlock({g->startblock->exits[0]});
    EXPECT_TRUE(reports(*g, "a raising block has no exception exit"));
}

TEST(Verifier, ExceptionExitCases) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    Link* index = g->startblock->exits[1];
    index->exitcase = intConstant(arena, 3);
    EXPECT_TRUE(reports(*g, "the exception exit '3 [etype_3, evalue_4] -> block1(evalue_4)' has an "
                            "exit case that is not an exception class"));
    index->exitcase = g->startblock->exits[2]->exitcase;
    EXPECT_TRUE(reports(*g, "repeats the exit case <class KeyError>"));
    g->startblock->exits[0]->exitcase = arena.constant(PyExc_ValueError);
    EXPECT_TRUE(reports(*g, "the normal exit '<class ValueError> -> return(v2)' of a raising "
                            "block has an exit case"));
}

TEST(Verifier, ExceptionExitUsesRaisingResult) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    g->startblock->exits[1]->args[0] = g->startblock->operations[0]->result;
    EXPECT_TRUE(reports(*g, "uses the result of the raising operation"));
}

TEST(Verifier, ExceptionVariablesMisplaced) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kRaising);
    g->startblock->exits[2]->lastExcValue = nullptr;
    EXPECT_TRUE(reports(*g, "lacks lastException or lastExcValue"));
    FunctionGraph* s = parseOne(arena, kStraight);
    s->startblock->exits[0]->lastException = arena.newVariable("etype");
    EXPECT_TRUE(reports(*s, "sets lastException/lastExcValue but is not an exception exit"));
}

TEST(Verifier, NullTarget) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kLoop);
    g->startblock->exits[0]->target = nullptr;
    EXPECT_TRUE(reports(*g, "graph total: block #"));
    EXPECT_TRUE(reports(*g, "link has a null target"));
}

TEST(Verifier, CheckgraphMessageListsEveryError) {
    Arena arena;
    FunctionGraph* g = parseOne(arena, kStraight);
    g->startblock->operations[0]->args.pop_back();
    g->startblock->operations[1]->result = nullptr;
    try {
        checkgraph(*g);
        FAIL() << "no GraphError";
    } catch (const GraphError& e) {
        std::string m = e.what();
        EXPECT_EQ(m.rfind("graph f is not well formed:\n  ", 0), 0u) << m;
        EXPECT_NE(m.find("has 1 arguments, expected 2"), std::string::npos) << m;
        EXPECT_NE(m.find("has no result"), std::string::npos) << m;
    }
}

} // namespace
