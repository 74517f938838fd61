//! Inlining and the cleanups after it; see include/futamura/transform/backendopt.h.
//!
//! A call is inlined by copying the callee's graph into the caller: the
//! block holding the call is split after it, the call's block jumps to the
//! copy's start block with the call's arguments, and the copy's returns jump
//! to the rest of the caller with the returned value. The caller's variables
//! still needed after the call are passed through every copied block (extra
//! inputs on each block and arguments on each link, as PyPy's inliner does).
//! The copy's raises go to the caller's exceptblock — or, for a call inside
//! try, through a chain of tests of the caller's exception exits.
#include "futamura/transform/backendopt.h"

#include "futamura/ir/opcode.h"
#include "futamura/ir/transform.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/transform/exceptiontransform.h"

#include "handlers.h"

#include <algorithm>
#include <functional>
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

namespace {

/// The operations that cost something (copies and pointer casts are free).
size_t graphSize(const FunctionGraph* g) {
    size_t n = 0;
    for (Block* b : g->blocks())
        for (Operation* op : b->operations)
            n += op->opcode != Opcode::SameAs && op->opcode != Opcode::CastPointer;
    return n;
}

/// Marked by its author as a slow path (`_dont_inline_`, objectmodel.dont_inline),
/// or a call the JIT generator must see as a call: the portal (it holds
/// jit_merge_point), @dont_look_inside and @elidable functions.
bool dontInline(const FunctionGraph* g) {
    for (Block* b : g->blocks())
        for (Operation* op : b->operations)
            if (op->opcode == Opcode::JitMarker) return true;
    if (!g->func) return false;
    for (const char* name : {"_dont_inline_", "_elidable_function_"}) {
        py::PyRef flag = py::getAttrOrNull(g->func.get(), name);
        if (flag && PyObject_IsTrue(flag.get()) == 1) return true;
    }
    py::PyRef look = py::getAttrOrNull(g->func.get(), "_jit_look_inside_");
    return look && PyObject_IsTrue(look.get()) == 0;
}

class Inliner {
public:
    Inliner(LLContext& ctx, const std::vector<FunctionGraph*>& graphs, size_t threshold, bool analyse = true)
        : ctx_(ctx), graphs_(graphs), threshold_(threshold) {
        if (!analyse) return;
        recursive_ = recursiveGraphs(ctx, graphs);
        raises_ = raisingGraphs(ctx, graphs, stackCheckedGraphs(ctx, graphs));
    }

    /// Every call of `callees` (after the exception transform: they return
    /// normally, and no block is a raising one).
    size_t inlineAll(const std::set<const FunctionGraph*>& callees) {
        for (const FunctionGraph* c : callees)
            for (Block* x : c->blocks())
                for (Link* l : x->exits)
                    if (l->target == c->exceptblock) throw std::logic_error("inlineFastPaths: " + c->name + " raises");
        size_t n = 0;
        for (FunctionGraph* g : graphs_) {
            std::vector<Block*> work = g->blocks();
            while (!work.empty()) {
                Block* b = work.back();
                work.pop_back();
                for (size_t i = 0; i < b->operations.size(); ++i) {
                    const FunctionGraph* c = calledGraph(b->operations[i]);
                    if (!c || !callees.count(c)) continue;
                    if (b->raising) throw std::logic_error("inlineFastPaths: a raising block in " + g->name);
                    work.push_back(inlineCall(g, b, i, c)); // (the rest of b)
                    ++n;
                    break;
                }
            }
        }
        return n;
    }

    InlineStats run() {
        // Callees before callers: a postorder of the call graph.
        std::vector<FunctionGraph*> order;
        std::set<const FunctionGraph*> seen;
        std::unordered_map<const FunctionGraph*, FunctionGraph*> byPtr;
        for (FunctionGraph* g : graphs_) byPtr[g] = g;
        std::function<void(FunctionGraph*)> visit = [&](FunctionGraph* g) {
            if (!seen.insert(g).second) return;
            for (Block* b : g->blocks())
                for (Operation* op : b->operations)
                    if (const FunctionGraph* c = calledGraph(op); c && byPtr.count(c)) visit(byPtr[c]);
            order.push_back(g);
        };
        for (FunctionGraph* g : graphs_) visit(g);
        for (FunctionGraph* g : order) inlineInto(g);
        return stats_;
    }

private:
    bool inlinable(const FunctionGraph* caller, const FunctionGraph* callee, bool raisingPos) {
        if (!callee || callee == caller || recursive_.count(callee)) return false;
        auto [slow, fresh] = dontInline_.try_emplace(callee, false);
        if (fresh) slow->second = dontInline(callee); // (a Python attribute: once per graph)
        if (slow->second) return false;
        if (graphSize(callee) > threshold_) return false;
        if (raisingPos) {
            // Only explicit raises can be routed to the caller's handlers.
            for (Block* b : callee->blocks())
                for (Operation* op : b->operations)
                    if (operationCanRaise(ctx_, op, raises_)) return false;
        }
        return true;
    }

    void inlineInto(FunctionGraph* g) {
        size_t budget = graphSize(g) * 2 + 150; // a caller at most doubles (plus a little)
        bool again = true;
        while (again) {
            again = false;
            for (Block* b : g->blocks()) {
                for (size_t i = 0; i < b->operations.size(); ++i) {
                    const FunctionGraph* c = calledGraph(b->operations[i]);
                    bool raisingPos = b->raising && i + 1 == b->operations.size();
                    if (!c || !inlinable(g, c, raisingPos)) continue;
                    // (tiny callees, smaller than a call's setup, always)
                    if (graphSize(c) > 8 && graphSize(g) + graphSize(c) > budget) continue;
                    inlineCall(g, b, i, c);
                    ++stats_.callsInlined;
                    again = true;
                    break;
                }
                if (again) break;
            }
        }
    }

    Variable* fresh(const Variable* like) {
        Variable* v = ctx_.arena.copyVariable(like);
        v->concretetype = like->concretetype;
        return v;
    }
    Variable* var(const LowLevelType* t, const char* name = "v") {
        Variable* v = ctx_.arena.newVariable(name);
        v->concretetype = t;
        return v;
    }

    /// Returns the block the call returns to.
    Block* inlineCall(FunctionGraph* g, Block* b, size_t i, const FunctionGraph* callee) {
        Operation* call = b->operations[i];
        bool raisingPos = b->raising && i + 1 == b->operations.size();
        if (!raisingPos && i + 1 <= b->operations.size()) ir::splitBlockAfter(ctx_.arena, b, i);
        Link* normal = b->exits[0];
        Block* rest = normal->target;
        std::vector<Link*> handlers(b->exits.begin() + 1, b->exits.end());
        // The caller's variables needed after the call.
        std::vector<Variable*> live;
        std::set<Variable*> seen;
        auto addLive = [&](Value* a, const Link* l) {
            auto* v = ir::asVariable(a);
            if (!v || v == call->result || (l && (a == l->lastException || v == l->lastExcValue))) return;
            if (seen.insert(v).second) live.push_back(v);
        };
        for (Value* a : normal->args) addLive(a, nullptr);
        for (Link* h : handlers)
            for (Value* a : h->args) addLive(a, h);

        FunctionGraph* copy = ir::copyGraph(ctx_.arena, *callee);
        std::vector<Block*> blocks = copy->blocks();
        std::unordered_map<Block*, std::vector<Variable*>> pass;
        for (Block* x : blocks) {
            if (x->isFinal()) continue;
            std::vector<Variable*>& p = pass[x];
            for (Variable* v : live) p.push_back(fresh(v));
            x->inputargs.insert(x->inputargs.end(), p.begin(), p.end());
        }
        std::unordered_map<const Variable*, size_t> liveIndex;
        for (size_t k = 0; k < live.size(); ++k) liveIndex[live[k]] = k;
        auto mapped = [&](Value* a, Block* x) -> Value* {
            auto* v = ir::asVariable(a);
            if (!v) return a;
            return pass[x][liveIndex.at(v)];
        };
        Block* dispatch = nullptr;
        for (Block* x : blocks) {
            if (x->isFinal()) continue;
            for (Link* l : x->exits) {
                if (l->target == copy->returnblock) {
                    std::vector<Value*> args;
                    for (Value* a : normal->args) args.push_back(a == call->result ? l->args[0] : mapped(a, x));
                    l->target = normal->target;
                    l->args = args;
                } else if (l->target == copy->exceptblock) {
                    if (!raisingPos) {
                        l->target = g->exceptblock;
                    } else {
                        if (!dispatch) dispatch = buildDispatch(g, handlers, live);
                        std::vector<Value*> args = l->args;
                        for (Variable* p : pass[x]) args.push_back(p);
                        l->target = dispatch;
                        l->args = args;
                    }
                } else {
                    for (Variable* p : pass[x]) l->args.push_back(p);
                }
            }
        }
        // The call's block now enters the copy.
        b->operations.pop_back();
        std::vector<Value*> args(call->args.begin() + 1, call->args.end());
        args.insert(args.end(), live.begin(), live.end());
        b->raising = false;
        b->exitswitch = nullptr;
        b->recloseBlock({ctx_.arena.newLink(args, copy->startblock)});
        return rest;
    }

    /// The tests of a raise inside an inlined call against the caller's
    /// exception exits: blocks (etype, evalue, live...).
    Block* buildDispatch(FunctionGraph* g, const std::vector<Link*>& handlers, const std::vector<Variable*>& live) {
        const LowLevelType* typeType = ctx_.exceptions->exceptionTypeType();
        const LowLevelType* valueType = ctx_.exceptions->exceptionValueType();
        auto makeBlock = [&](Variable*& t, Variable*& v, std::vector<Variable*>& copies) {
            t = var(typeType, "etype");
            v = var(valueType, "evalue");
            std::vector<Variable*> ins{t, v};
            for (Variable* x : live) {
                copies.push_back(fresh(x));
                ins.push_back(copies.back());
            }
            return ctx_.arena.newBlock(ins);
        };
        Block* first = nullptr;
        Link* pending = nullptr;
        for (Link* h : handlers) {
            Variable *t, *v;
            std::vector<Variable*> copies;
            Block* test = makeBlock(t, v, copies);
            if (!first) first = test;
            if (pending) pending->target = test;
            Variable* match = appendClassTest(ctx_, test, t, h->llexitcase);
            // matching: the handler's link, with type and value (cast to what
            // the handler's block expects)
            Variable *mt, *mv;
            std::vector<Variable*> mcopies;
            Block* caught = makeBlock(mt, mv, mcopies);
            std::unordered_map<const Value*, Value*> map;
            for (size_t k = 0; k < live.size(); ++k) map[live[k]] = mcopies[k];
            std::vector<Value*> args = handlerArgs(ctx_, caught, h, mt, mv, map);
            caught->closeBlock({ctx_.arena.newLink(args, h->target)});
            std::vector<Value*> passOn{t, v};
            passOn.insert(passOn.end(), copies.begin(), copies.end());
            Link* yes = ctx_.arena.newLink(passOn, caught, ctx_.arena.constant(Py_True));
            yes->llexitcase = ctx_.boolConst(true);
            Link* no = ctx_.arena.newLink(passOn, nullptr, ctx_.arena.constant(Py_False));
            no->llexitcase = ctx_.boolConst(false);
            test->exitswitch = match;
            test->closeBlock({no, yes});
            pending = no;
        }
        // No handler matched: the exception leaves the caller.
        Variable *t, *v;
        std::vector<Variable*> copies;
        Block* out = makeBlock(t, v, copies);
        out->closeBlock({ctx_.arena.newLink({t, v}, g->exceptblock)});
        if (pending) pending->target = out;
        return first ? first : out;
    }

    LLContext& ctx_;
    const std::vector<FunctionGraph*>& graphs_;
    size_t threshold_;
    std::set<const FunctionGraph*> recursive_;
    std::unordered_map<const FunctionGraph*, bool> raises_;
    std::unordered_map<const FunctionGraph*, bool> dontInline_; // @dont_inline, by callee
    InlineStats stats_;
};

} // namespace

InlineStats inlineCalls(LLContext& ctx, const std::vector<FunctionGraph*>& graphs, size_t threshold) {
    return Inliner(ctx, graphs, threshold).run();
}

size_t inlineFastPaths(LLContext& ctx, const std::vector<FunctionGraph*>& graphs,
                       const std::set<const FunctionGraph*>& callees) {
    return Inliner(ctx, graphs, 0, false).inlineAll(callees);
}

size_t cleanupGraphs(const std::vector<FunctionGraph*>& graphs) {
    size_t removed = 0;
    for (FunctionGraph* g : graphs) {
        ir::mergeIdenticalInputs(*g);
        ir::removeEmptyBlocks(*g);
        ir::joinBlocks(*g);
        removed += ir::removeDeadOperations(*g);
    }
    return removed;
}

} // namespace futamura::transform
