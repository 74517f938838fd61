//! The exception transform; see include/futamura/transform/exceptiontransform.h.
//!
//! Per graph:
//!  1. every operation that can raise and is not the catching operation of a
//!     raising block is followed by a check: its block is split after it, and
//!     a set exc_data.exc_type leads to the graph's propagation block (which
//!     returns a zero value);
//!  2. a raising block whose last operation can raise tests exc_data after it
//!     and, when set, goes through a chain of test blocks, one per exception
//!     exit in order (subclass-id range of the caught class); the matching
//!     exit clears exc_data and passes the exception's type and value where
//!     the exit passed lastException and lastExcValue;
//!  3. links to the exceptblock store their type and value in exc_data and
//!     go to the propagation block.
//! Which graphs can raise is a least fixpoint over the call graph: a graph
//! can raise if it links to its exceptblock or contains an operation that can
//! raise (calls of graphs that can raise, externals that can raise, indirect
//! calls, operations with implicit exceptions).
#include "futamura/transform/exceptiontransform.h"

#include "handlers.h"

#include "futamura/ir/opcode.h"
#include "futamura/ir/transform.h"
#include "futamura/rtyper/llheap.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace futamura::transform {

using ir::Block;
using ir::Constant;
using ir::FunctionGraph;
using ir::Link;
using ir::LLValue;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::Variable;
using namespace rtyper;

bool externalCannotRaise(const std::string& name) {
    static const std::set<std::string> safe{
        "ll_os_write", "ll_time_time", "ll_time_monotonic", "ll_time_perf_counter",
        "ll_float_repr", "ll_float_format", "ll_math_floor", "ll_math_ceil", "ll_math_copysign",
        "ll_math_atan", "ll_math_atan2", "ll_math_tanh", "ll_math_sqrt_nonneg"};
    return safe.count(name) != 0;
}

namespace {

} // namespace

std::set<const FunctionGraph*> recursiveGraphs(const LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    std::unordered_map<const FunctionGraph*, std::vector<const FunctionGraph*>> calls;
    for (FunctionGraph* g : graphs)
        for (Block* b : g->blocks())
            for (Operation* op : b->operations)
                for (const FunctionGraph* c : calleesOf(ctx, op)) calls[g].push_back(c);
    // Tarjan's strongly connected components, iteratively.
    std::set<const FunctionGraph*> result;
    std::unordered_map<const FunctionGraph*, int> index, low;
    std::unordered_map<const FunctionGraph*, bool> onStack;
    std::vector<const FunctionGraph*> stack;
    int counter = 0;
    struct Frame {
        const FunctionGraph* g;
        size_t next;
    };
    for (FunctionGraph* root : graphs) {
        if (index.count(root)) continue;
        std::vector<Frame> frames{{root, 0}};
        index[root] = low[root] = counter++;
        stack.push_back(root);
        onStack[root] = true;
        while (!frames.empty()) {
            Frame& fr = frames.back();
            auto& out = calls[fr.g];
            if (fr.next < out.size()) {
                const FunctionGraph* w = out[fr.next++];
                if (!index.count(w)) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    onStack[w] = true;
                    frames.push_back({w, 0});
                } else if (onStack[w]) {
                    low[fr.g] = std::min(low[fr.g], index[w]);
                }
                continue;
            }
            const FunctionGraph* g = fr.g;
            frames.pop_back();
            if (!frames.empty()) low[frames.back().g] = std::min(low[frames.back().g], low[g]);
            if (low[g] != index[g]) continue;
            std::vector<const FunctionGraph*> scc;
            const FunctionGraph* w;
            do {
                w = stack.back();
                stack.pop_back();
                onStack[w] = false;
                scc.push_back(w);
            } while (w != g);
            bool selfLoop = std::find(calls[g].begin(), calls[g].end(), g) != calls[g].end();
            if (scc.size() > 1 || selfLoop) result.insert(scc.begin(), scc.end());
        }
    }
    return result;
}

namespace {

/// Whether the exception exit `exit` of a raising block of `g` can catch
/// an exception whose class has subclass id `id`. The flow space catches
/// `except C:` as Exception and tests the class in the handler; the handler
/// is followed with the exception's class known, folding those tests
/// (getfield subclassrange_min, int comparisons, int_and, switches): if
/// every path re-raises, the exit does not catch it. Anything else counts
/// as catching.
bool exitCatches(const FunctionGraph* g, const Link* exit, int64_t id) {
    std::set<const Value*> etypes; // variables holding the exception's class
    std::unordered_map<const Value*, int64_t> ints;
    auto intOf = [&](const Value* v, int64_t& out) {
        if (auto* c = ir::asConstant(const_cast<Value*>(v)); c && c->llvalue.tag == LLValue::Tag::Int) {
            out = c->llvalue.i;
            return true;
        }
        auto it = ints.find(v);
        if (it == ints.end()) return false;
        out = it->second;
        return true;
    };
    const Link* link = exit;
    for (int steps = 0; steps < 32; ++steps) {
        const Block* t = link->target;
        if (t == g->exceptblock) return false;
        if (t == g->returnblock || !t || t->raising) return true;
        std::set<const Value*> nextEtypes;
        std::unordered_map<const Value*, int64_t> nextInts;
        for (size_t i = 0; i < link->args.size() && i < t->inputargs.size(); ++i) {
            const Value* a = link->args[i];
            int64_t k;
            if (a == link->lastException || etypes.count(a)) nextEtypes.insert(t->inputargs[i]);
            else if (intOf(a, k)) nextInts[t->inputargs[i]] = k;
        }
        etypes = std::move(nextEtypes);
        ints = std::move(nextInts);
        for (const Operation* op : t->operations) {
            int64_t x, y;
            switch (op->opcode) {
            case Opcode::Getfield: {
                auto* f = ir::asConstant(op->args[1]);
                if (etypes.count(op->args[0]) && f && f->value() && PyUnicode_Check(f->value()) &&
                    PyUnicode_CompareWithASCIIString(f->value(), "subclassrange_min") == 0)
                    ints[op->result] = id;
                break;
            }
            case Opcode::CastPointer: case Opcode::SameAs:
                if (etypes.count(op->args[0])) etypes.insert(op->result);
                else if (intOf(op->args[0], x)) ints[op->result] = x;
                break;
            case Opcode::IntLe: case Opcode::IntLt: case Opcode::IntGe: case Opcode::IntGt:
            case Opcode::IntEq: case Opcode::IntNe: case Opcode::IntAnd:
                if (intOf(op->args[0], x) && intOf(op->args[1], y)) {
                    int64_t r = op->opcode == Opcode::IntLe ? x <= y : op->opcode == Opcode::IntLt ? x < y
                              : op->opcode == Opcode::IntGe ? x >= y : op->opcode == Opcode::IntGt ? x > y
                              : op->opcode == Opcode::IntEq ? x == y : op->opcode == Opcode::IntNe ? x != y
                              : (x & y);
                    ints[op->result] = r;
                }
                break;
            case Opcode::Getsubstruct: case Opcode::Getarrayitem: case Opcode::Getarraysize:
                break; // reads: nothing observable
            default:
                return true; // the handler does something: it catches
            }
        }
        if (!t->exitswitch) {
            if (t->exits.size() != 1) return true;
            link = t->exits[0];
            continue;
        }
        int64_t sw;
        if (!intOf(t->exitswitch, sw)) return true;
        const Link* next = nullptr;
        for (const Link* l : t->exits) {
            if (!l->llexitcase) next = l;
            else if (l->llexitcase->llvalue.i == sw) {
                next = l;
                break;
            }
        }
        if (!next) return true;
        link = next;
    }
    return true;
}

} // namespace

std::set<const FunctionGraph*> stackCheckedGraphs(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    std::set<const FunctionGraph*> recursive = recursiveGraphs(ctx, graphs);
    if (recursive.empty()) return recursive;
    // (the vtable exists: the driver makes the runtime's exceptions first)
    int64_t recursionErrorId = classRange(ctx, ctx.exceptions->vtableOf(PyExc_RecursionError)).first;
    // The graphs that can run while a handler of RecursionError is active:
    // those called from a block that catches it, and their callees.
    std::unordered_map<const FunctionGraph*, std::vector<const FunctionGraph*>> calls;
    std::vector<const FunctionGraph*> work;
    for (FunctionGraph* g : graphs)
        for (Block* b : g->blocks()) {
            for (Operation* op : b->operations)
                for (const FunctionGraph* c : calleesOf(ctx, op)) calls[g].push_back(c);
            if (!b->raising || b->operations.empty()) continue;
            bool catches = false;
            for (size_t k = 1; k < b->exits.size(); ++k) catches |= exitCatches(g, b->exits[k], recursionErrorId);
            if (catches)
                for (const FunctionGraph* c : calleesOf(ctx, b->operations.back())) work.push_back(c);
        }
    std::set<const FunctionGraph*> reached;
    while (!work.empty()) {
        const FunctionGraph* g = work.back();
        work.pop_back();
        if (!reached.insert(g).second) continue;
        for (const FunctionGraph* c : calls[g]) work.push_back(c);
    }
    std::set<const FunctionGraph*> result;
    for (const FunctionGraph* g : recursive)
        if (reached.count(g)) result.insert(g);
    return result;
}

namespace {

class Transformer {
public:
    Transformer(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) : ctx_(ctx), graphs_(graphs) {
        ExceptionHost* host = ctx.exceptions;
        typeType_ = host->exceptionTypeType();
        valueType_ = host->exceptionValueType();
        const Struct* st = ctx.types.makeStruct("exc_data", {{"exc_type", typeType_}, {"exc_value", valueType_}});
        LLContainer* data = ctx.heap.allocate(st);
        data->prebuilt = true;
        data->name = "exc_data";
        excData_ = ctx.arena.llconstant(ctx.types.makePtr(st), LLValue::pointer(data));
        ctx.excData = excData_;
    }

    size_t run() {
        analyze();
        size_t n = 0;
        for (FunctionGraph* g : graphs_) {
            n += raises_[g];
            transform(g);
        }
        return n;
    }

private:
    // --- which operations and graphs can raise -------------------------------

    bool opCanRaise(const Operation* op) const { return operationCanRaise(ctx_, op, raises_); }

    void analyze() {
        ctx_.stackChecked = stackCheckedGraphs(ctx_, graphs_);
        raises_ = raisingGraphs(ctx_, graphs_, ctx_.stackChecked);
    }

    // --- building blocks -----------------------------------------------------

    Variable* var(const LowLevelType* t, const char* name = "v") {
        Variable* v = ctx_.arena.newVariable(name);
        v->concretetype = t;
        return v;
    }
    Operation* op(Opcode opc, std::vector<Value*> args, Variable* result) {
        return ctx_.arena.newOperation(opc, std::move(args), result, {});
    }
    Constant* zeroOf(const LowLevelType* t) {
        if (t == Void) return ctx_.voidConst(Py_None);
        if (asType<Ptr>(t)) return ctx_.nullConst(t);
        return ctx_.arena.llconstant(t, LLHeap::zero(t));
    }
    /// `exc_data.exc_type != NULL` appended to `b`; returns the Bool.
    Variable* testOccurred(Block* b, Variable** type) {
        Variable* t = var(typeType_, "etype");
        b->operations.push_back(op(Opcode::Getfield, {excData_, ctx_.nameConst("exc_type")}, t));
        Variable* nz = var(Bool, "occurred");
        b->operations.push_back(op(Opcode::PtrNonZero, {t}, nz));
        if (type) *type = t;
        return nz;
    }
    /// Makes `b` switch on `cond`: False to `no`, True to `yes`.
    void branch(Block* b, Variable* cond, Link* no, Link* yes) {
        no->exitcase = ctx_.arena.constant(Py_False);
        no->llexitcase = ctx_.boolConst(false);
        yes->exitcase = ctx_.arena.constant(Py_True);
        yes->llexitcase = ctx_.boolConst(true);
        b->exitswitch = cond;
        b->raising = false;
        b->recloseBlock({no, yes});
    }
    // --- one graph -----------------------------------------------------------

    void transform(FunctionGraph* g) {
        graph_ = g;
        propagate_ = nullptr;
        std::vector<Block*> work = g->blocks();
        for (size_t w = 0; w < work.size(); ++w) {
            Block* b = work[w];
            if (b->isFinal()) continue;
            size_t n = b->operations.size();
            bool raisingLast = b->raising && n > 0;
            // 1. a check after the first operation that can raise, outside try
            bool split = false;
            for (size_t i = 0; i < n; ++i) {
                if (raisingLast && i + 1 == n) break;
                if (!opCanRaise(b->operations[i])) continue;
                Block* rest = ir::splitBlockAfter(ctx_.arena, b, i);
                Link* cont = b->exits[0];
                Variable* nz = testOccurred(b, nullptr);
                branch(b, nz, cont, ctx_.arena.newLink({}, propagateBlock()));
                work.push_back(rest); // the rest is checked in turn
                split = true;
                break;
            }
            if (split || !raisingLast) continue;
            // 2. the catching operation of a raising block
            if (!opCanRaise(b->operations.back())) {
                b->raising = false;
                b->recloseBlock({b->exits[0]});
                continue;
            }
            transformRaising(b);
        }
        // 3. links to the exceptblock: store and propagate
        for (Block* b : g->blocks()) retargetRaises(b);
    }

    Block* propagateBlock() {
        if (propagate_) return propagate_;
        propagate_ = ctx_.arena.newBlock({});
        const auto* rt = static_cast<const LowLevelType*>(graph_->returnblock->inputargs[0]->concretetype);
        propagate_->closeBlock({ctx_.arena.newLink({zeroOf(rt)}, graph_->returnblock)});
        return propagate_;
    }

    void retargetRaises(Block* b) {
        for (Link* l : b->exits) {
            if (l->target != graph_->exceptblock) continue;
            Variable* t = var(typeType_, "etype");
            Variable* v = var(valueType_, "evalue");
            Block* store = ctx_.arena.newBlock({t, v});
            Variable* r1 = var(Void);
            Variable* r2 = var(Void);
            store->operations.push_back(op(Opcode::Setfield, {excData_, ctx_.nameConst("exc_type"), t}, r1));
            store->operations.push_back(op(Opcode::Setfield, {excData_, ctx_.nameConst("exc_value"), v}, r2));
            store->closeBlock({ctx_.arena.newLink({}, propagateBlock())});
            l->target = store;
        }
    }

    void transformRaising(Block* b) {
        Link* normal = b->exits[0];
        std::vector<Link*> handlers(b->exits.begin() + 1, b->exits.end());
        // The variables the handlers pass on (defined in b).
        std::vector<Variable*> live;
        std::set<Variable*> seen;
        for (Link* l : handlers)
            for (Value* a : l->args)
                if (auto* v = ir::asVariable(a); v && a != l->lastException && v != l->lastExcValue && seen.insert(v).second)
                    live.push_back(v);
        Variable* t = nullptr;
        Variable* nz = testOccurred(b, &t);
        // The chain of tests: block j receives the live variables and etype.
        auto makeTestBlock = [&](std::vector<Variable*>& ins, Variable*& tIn) {
            for (Variable* v : live) {
                Variable* c = var(static_cast<const LowLevelType*>(v->concretetype), "v");
                ins.push_back(c);
            }
            tIn = var(typeType_, "etype");
            ins.push_back(tIn);
            return ctx_.arena.newBlock(ins);
        };
        std::vector<Value*> firstArgs(live.begin(), live.end());
        firstArgs.push_back(t);
        Link* toChain = ctx_.arena.newLink(firstArgs, nullptr);
        branch(b, nz, normal, toChain);
        Link* pending = toChain;
        for (Link* h : handlers) {
            std::vector<Variable*> ins;
            Variable* tIn = nullptr;
            Block* test = makeTestBlock(ins, tIn);
            pending->target = test;
            Variable* match = appendClassTest(ctx_, test, tIn, h->llexitcase);
            // The matching handler: clear exc_data, then the handler's link.
            std::vector<Variable*> mins;
            Variable* mt = nullptr;
            Block* caught = makeTestBlock(mins, mt);
            Variable* ev = var(valueType_, "evalue");
            caught->operations.push_back(op(Opcode::Getfield, {excData_, ctx_.nameConst("exc_value")}, ev));
            caught->operations.push_back(op(Opcode::Setfield, {excData_, ctx_.nameConst("exc_type"), ctx_.nullConst(typeType_)}, var(Void)));
            caught->operations.push_back(op(Opcode::Setfield, {excData_, ctx_.nameConst("exc_value"), ctx_.nullConst(valueType_)}, var(Void)));
            std::unordered_map<const Value*, Value*> map;
            for (size_t k = 0; k < live.size(); ++k) map[live[k]] = mins[k];
            std::vector<Value*> args = handlerArgs(ctx_, caught, h, mt, ev, map);
            caught->closeBlock({ctx_.arena.newLink(args, h->target)});
            std::vector<Value*> pass(ins.begin(), ins.end());
            Link* yes = ctx_.arena.newLink(pass, caught);
            Link* no = ctx_.arena.newLink(pass, nullptr);
            branch(test, match, no, yes);
            pending = no;
        }
        // No handler matched: the exception propagates.
        std::vector<Variable*> ins;
        Variable* tIn = nullptr;
        Block* rethrow = makeTestBlock(ins, tIn);
        pending->target = rethrow;
        rethrow->closeBlock({ctx_.arena.newLink({}, propagateBlock())});
    }

    LLContext& ctx_;
    const std::vector<FunctionGraph*>& graphs_;
    const LowLevelType* typeType_;
    const LowLevelType* valueType_;
    Constant* excData_;
    std::unordered_map<const FunctionGraph*, bool> raises_;
    FunctionGraph* graph_ = nullptr;
    Block* propagate_ = nullptr;
};

} // namespace

std::unordered_map<const FunctionGraph*, bool> raisingGraphs(const LLContext& ctx, const std::vector<FunctionGraph*>& graphs,
                                                             const std::set<const FunctionGraph*>& stackChecked) {
    std::unordered_map<const FunctionGraph*, bool> raises;
    for (FunctionGraph* g : graphs) raises[g] = false;
    for (const FunctionGraph* g : stackChecked) raises[g] = true;
    bool changed = true;
    while (changed) {
        changed = false;
        for (FunctionGraph* g : graphs) {
            if (raises[g]) continue;
            bool r = false;
            for (Block* b : g->blocks()) {
                for (Link* l : b->exits) r |= l->target == g->exceptblock;
                for (Operation* op : b->operations) r |= operationCanRaise(ctx, op, raises);
                if (r) break;
            }
            if (r) raises[g] = changed = true;
        }
    }
    return raises;
}

bool operationCanRaise(const LLContext& ctx, const Operation* op,
                       const std::unordered_map<const FunctionGraph*, bool>& raises) {
    switch (op->opcode) {
    case Opcode::DirectCall: {
        auto* c = ir::asConstant(op->args[0]);
        if (!c || !c->llvalue.p) return true;
        LLContainer* fn = c->llvalue.p;
        if (fn->graph) {
            auto it = raises.find(fn->graph);
            return it == raises.end() || it->second;
        }
        return !externalCannotRaise(fn->external);
    }
    case Opcode::IndirectCall: {
        const auto* targets = ctx.calleeGraphs(op);
        if (!targets) return true;
        for (const FunctionGraph* g : *targets) {
            auto it = raises.find(g);
            if (it == raises.end() || it->second) return true;
        }
        return false;
    }
    default: return ir::implicitRaises(op->opcode) != 0 && ir::isLowLevel(op->opcode);
    }
}

size_t transformExceptions(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    if (!ctx.exceptions) throw std::logic_error("the exception transform needs the rtyper's exception data");
    return Transformer(ctx, graphs).run();
}

} // namespace futamura::transform
