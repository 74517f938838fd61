//! Unit tests of the fixpoint engine and the RPython lattice.
//!
//! - the engine is generic: a second type system (constant propagation over
//!   integers) runs on the same Engine class as the RPython annotator;
//! - the lattice laws of the RPython join (commutative, associative,
//!   idempotent; containment consistent with the join), exhaustively on a
//!   small set of annotations;
//! - annotating a realistic interpreter terminates with few reflows.
#include "futamura/annotator/annotator.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include "python_fixture.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <memory>

using namespace futamura;
using namespace futamura::annotator;

namespace {

FUTAMURA_PYTHON_ENVIRONMENT();

using test::defineModule;

// ---------------------------------------------------------------------------
// A second client of the engine: constant propagation over integers.

class ConstValue : public Annotation {
public:
    enum Kind { Bottom, Const, Top } kind;
    long long value = 0;
    ConstValue(Kind k, long long v = 0) : kind(k), value(v) {}
    std::string str() const override {
        return kind == Bottom ? "bottom" : kind == Top ? "top" : std::to_string(value);
    }
};

class ConstantPropagation : public TypeSystem {
public:
    explicit ConstantPropagation(flow::FlowSpace& space) : space_(space) {}
    const ConstValue* make(ConstValue::Kind k, long long v = 0) {
        return &values_.emplace_back(k, v);
    }
    static const ConstValue* C(const Annotation* a) { return static_cast<const ConstValue*>(a); }

    const Annotation* bottom() override { return &bottom_; }
    const Annotation* join(const Annotation* a, const Annotation* b) override {
        const ConstValue *x = C(a), *y = C(b);
        if (x->kind == ConstValue::Bottom) return y;
        if (y->kind == ConstValue::Bottom) return x;
        if (x->kind == ConstValue::Const && y->kind == ConstValue::Const && x->value == y->value)
            return x;
        return &top_;
    }
    bool contains(const Annotation* big, const Annotation* small) override {
        const ConstValue *x = C(big), *y = C(small);
        return x->kind == ConstValue::Top || y->kind == ConstValue::Bottom ||
               (x->kind == y->kind && x->value == y->value);
    }
    const Annotation* constant(const ir::Constant* c) override {
        if (PyLong_CheckExact(c->value())) return make(ConstValue::Const, PyLong_AsLongLong(c->value()));
        return &top_; // functions and other objects: not tracked (calls look at the Constant)
    }
    const Annotation* transfer(Engine& engine, const ir::Operation& op,
                               const std::vector<const Annotation*>& args) override {
        using ir::Opcode;
        if (op.opcode == Opcode::SimpleCall) {
            ir::Constant* f = ir::asConstant(op.args[0]);
            if (!f || !PyFunction_Check(f->value())) return &top_;
            std::vector<const Annotation*> callArgs(args.begin() + 1, args.end());
            ir::FunctionGraph*& g = graphs_[f->value()];
            if (!g) g = space_.buildFlowGraph(f->value());
            return engine.call(g, callArgs);
        }
        bool allConst = true;
        for (const Annotation* a : args) allConst &= C(a)->kind == ConstValue::Const;
        if (!allConst) return &top_;
        long long x = C(args[0])->value, y = args.size() > 1 ? C(args[1])->value : 0;
        switch (op.opcode) {
        case Opcode::Add: case Opcode::InplaceAdd: return make(ConstValue::Const, x + y);
        case Opcode::Sub: case Opcode::InplaceSub: return make(ConstValue::Const, x - y);
        case Opcode::Mul: case Opcode::InplaceMul: return make(ConstValue::Const, x * y);
        case Opcode::Lt: return make(ConstValue::Const, x < y);
        case Opcode::Eq: return make(ConstValue::Const, x == y);
        default: return &top_;
        }
    }
    bool exitPossible(const Annotation* s, const ir::Link& link) override {
        if (C(s)->kind != ConstValue::Const || !link.exitcase) return true;
        return (C(s)->value != 0) == (link.exitcase->value() == Py_True);
    }
    std::pair<const Annotation*, const Annotation*>
    caughtException(Engine&, const ir::Operation&, const ir::Link&) override {
        return {&top_, &top_};
    }

private:
    flow::FlowSpace& space_;
    ConstValue bottom_{ConstValue::Bottom}, top_{ConstValue::Top};
    std::deque<ConstValue> values_;
    std::unordered_map<PyObject*, ir::FunctionGraph*> graphs_;
};

TEST(Engine, SecondTypeSystemConstantPropagation) {
    py::PyRef m = defineModule("def g(x):\n    return x * 2\n"
                               "def f(n):\n    a = 3\n    b = g(a)\n    i = 0\n"
                               "    while i < n:\n        i = i + 1\n    return b + 1\n"
                               "def h(n):\n    k = 5\n    while n < 10:\n        n = n + k\n"
                               "    return k\n",
                               "constprop");
    ir::Arena arena;
    flow::FlowSpace space(arena);
    ConstantPropagation cp(space);
    Engine engine(cp, arena);
    ir::FunctionGraph* f = space.buildFlowGraph(py::getAttr(m.get(), "f").get());
    ir::FunctionGraph* h = space.buildFlowGraph(py::getAttr(m.get(), "h").get());
    const ConstValue top(ConstValue::Top);
    engine.addEntryPoint(f, {&top});
    engine.addEntryPoint(h, {&top});
    engine.complete();
    // g(3) = 6 through the call; f returns 7 although its loop runs on a
    // variable bound.
    auto result = [&](ir::FunctionGraph* g) {
        return static_cast<const ConstValue*>(engine.binding(g->returnblock->inputargs[0]))->str();
    };
    EXPECT_EQ(result(f), "7");
    EXPECT_EQ(result(h), "5"); // k stays constant around the loop
    ASSERT_EQ(engine.graphs().size(), 3u);
    EXPECT_EQ(result(engine.graphs()[2]), "6");
    EXPECT_LE(engine.stats().maxReflows, 3u);
}

// ---------------------------------------------------------------------------
// The RPython lattice

class Lattice : public ::testing::Test {
protected:
    void SetUp() override {
        module_ = defineModule("class A(object): pass\nclass B(A): pass\nclass C(A): pass\n"
                               "class D(object): pass\n"
                               "def f(): return 1\ndef g(): return 2\n",
                               "lattice");
        arena_ = std::make_unique<ir::Arena>();
        space_ = std::make_unique<flow::FlowSpace>(*arena_);
        ann_ = std::make_unique<RPythonAnnotator>(*space_, *arena_);
        Bookkeeper& bk = ann_->bookkeeper();
        auto cls = [&](const char* n) { return bk.getClassDef(py::getAttr(module_.get(), n).get()); };
        auto fn = [&](const char* n) { return bk.getDesc(py::getAttr(module_.get(), n).get()); };
        py::PyRef one = py::fromLong(1), two = py::fromLong(2);
        values_ = {
            bk.impossible(),
            bk.none(),
            bk.boolean(),
            bk.integer(true),
            bk.integer(false),
            bk.withConstant(bk.integer(true), one.get()),
            bk.withConstant(bk.integer(true), two.get()),
            bk.integer(false, IntKind::Unsigned),
            bk.floating(),
            bk.character(),
            bk.string(StrKind::Str),
            bk.string(StrKind::Str, true),
            bk.string(StrKind::Bytes),
            bk.instance(cls("A")),
            bk.instance(cls("B")),
            bk.instance(cls("C")),
            bk.instance(cls("B"), true),
            bk.instance(cls("D")),
            bk.pbc({fn("f")}),
            bk.pbc({fn("g")}),
            bk.pbc({fn("f"), fn("g")}, true),
            bk.tuple({bk.integer(true), bk.string(StrKind::Str)}),
            bk.tuple({bk.integer(false), bk.character()}),
        };
    }
    // The join, or null if it is an error.
    const SomeValue* join(const SomeValue* a, const SomeValue* b) {
        try {
            return ann_->bookkeeper().join(a, b);
        } catch (const UnionError&) {
            return nullptr;
        }
    }
    static bool same(const SomeValue* a, const SomeValue* b) {
        return a == b || (a && b && a->equals(*b));
    }

    py::PyRef module_;
    std::unique_ptr<ir::Arena> arena_;
    std::unique_ptr<flow::FlowSpace> space_;
    std::unique_ptr<RPythonAnnotator> ann_;
    std::vector<const SomeValue*> values_;
};

TEST_F(Lattice, JoinIsIdempotentCommutativeAndImpossibleIsBottom) {
    for (const SomeValue* a : values_) {
        EXPECT_TRUE(same(join(a, a), a)) << a->str();
        EXPECT_TRUE(same(join(a, ann_->bookkeeper().impossible()), a)) << a->str();
        for (const SomeValue* b : values_)
            EXPECT_TRUE(same(join(a, b), join(b, a))) << a->str() << " | " << b->str();
    }
}

TEST_F(Lattice, JoinIsAssociative) {
    for (const SomeValue* a : values_)
        for (const SomeValue* b : values_)
            for (const SomeValue* c : values_) {
                const SomeValue* ab = join(a, b);
                const SomeValue* bc = join(b, c);
                const SomeValue* left = ab ? join(ab, c) : nullptr;
                const SomeValue* right = bc ? join(a, bc) : nullptr;
                // An error on one side is an error on the other.
                EXPECT_TRUE(same(left, right))
                    << a->str() << " | " << b->str() << " | " << c->str() << ": "
                    << (left ? left->str() : "error") << " vs " << (right ? right->str() : "error");
            }
}

TEST_F(Lattice, ContainmentAgreesWithJoin) {
    Bookkeeper& bk = ann_->bookkeeper();
    for (const SomeValue* a : values_)
        for (const SomeValue* b : values_) {
            const SomeValue* ab = join(a, b);
            EXPECT_EQ(bk.contains(a, b), ab != nullptr && same(ab, a))
                << a->str() << " contains " << b->str();
            if (ab) {
                EXPECT_TRUE(bk.contains(ab, a)) << ab->str() << " ⊇ " << a->str();
                EXPECT_TRUE(bk.contains(ab, b)) << ab->str() << " ⊇ " << b->str();
            }
        }
}

TEST_F(Lattice, ExpectedJoins) {
    Bookkeeper& bk = ann_->bookkeeper();
    EXPECT_EQ(join(bk.integer(true), bk.floating())->str(), "float");
    EXPECT_EQ(join(bk.boolean(), bk.integer(true))->str(), "int>=0");
    EXPECT_EQ(join(bk.character(), bk.none())->str(), "str or None");
    EXPECT_EQ(join(values_[14], values_[15])->str(), "lattice.A"); // B | C
    EXPECT_EQ(join(values_[14], bk.none())->str(), "lattice.B or None");
    EXPECT_EQ(join(bk.integer(), bk.string()), nullptr);
    EXPECT_EQ(join(bk.string(StrKind::Str), bk.string(StrKind::Bytes)), nullptr);
    EXPECT_EQ(join(values_[13], values_[17]), nullptr); // A | D: no common base
    EXPECT_EQ(join(bk.integer(), bk.none()), nullptr);
}

TEST_F(Lattice, ListsMeetingShareOneListdef) {
    Bookkeeper& bk = ann_->bookkeeper();
    const SomeValue* l1 = bk.newList(bk.integer(true), false, true);
    const SomeValue* l2 = bk.newList(bk.boolean(), false, true);
    EXPECT_NE(l1->listdef->find(), l2->listdef->find());
    const SomeValue* j = bk.join(l1, l2);
    EXPECT_EQ(l1->listdef->find(), l2->listdef->find());
    EXPECT_EQ(j->str(), "list(int>=0)");
    // Growing one grows the other.
    l2->listdef->find()->item.generalize(bk, bk.integer(false), "test");
    EXPECT_EQ(l1->str(), "list(int)");
}

// ---------------------------------------------------------------------------
// Whole programs

TEST(Annotator, InterpreterTerminatesWithFewReflows) {
    // tests/programs/rpn.py: a compiler and bytecode interpreter.
    std::string path = std::string(FUTAMURA_TEST_DIR) + "/programs/rpn.py";
    ir::Arena arena;
    flow::FlowSpace space(arena);
    py::PyRef module = test::interpreter().importFile(path);
    RPythonAnnotator ann(space, arena);
    ann.annotate(py::getAttr(module.get(), "entry_point").get(), {ann.argvAnnotation()});
    const EngineStats& st = ann.engine().stats();
    EXPECT_GE(st.graphs, 8u);
    EXPECT_LE(st.maxReflows, 6u) << "a block was flowed too many times";
    size_t blocks = 0;
    for (ir::FunctionGraph* g : ann.engine().graphs()) blocks += g->blocks().size() - 2;
    EXPECT_LE((double)st.blocksFlowed / blocks, 2.5);
    // Determinism: the same signatures every time.
    std::string sigs;
    for (ir::FunctionGraph* g : ann.engine().graphs()) sigs += ann.signature(g) + "\n";
    EXPECT_NE(sigs.find("Machine.run(self: rpn.Machine, program: rpn.Program) -> None"),
              std::string::npos)
        << sigs;
}

} // namespace
