//! The framework GC transform; see include/futamura/transform/gctransform.h.
#include "futamura/transform/gctransform.h"

#include "futamura/ir/opcode.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/rtyper/rtyper.h"
#include "futamura/transform/exceptiontransform.h"

#include "handlers.h"

#include <stdexcept>
#include <unordered_map>

namespace futamura::transform {

using ir::Block;
using ir::FunctionGraph;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::LLValue;
using ir::Variable;
using namespace rtyper;

std::unique_ptr<FrameworkGC> prepareFrameworkGC(LLContext& ctx, RTyper& rtyper, const std::string& name) {
    auto gc = std::make_unique<FrameworkGC>();
    gc->name = name;
    py::PyRef mod = py::importModule(("futamura.memory." + name).c_str());
    gc->statePtr = ctx.types.makePtr(ctx.bridge.toLowLevel(py::getAttr(mod.get(), "GCSTATE").get()));
    gc->prebuiltFlags = py::asLong(py::getAttr(mod.get(), "PREBUILT").get());
    gc->layout = std::make_unique<GcTypeLayout>(ctx);
    LowLevelAnnotator& la = rtyper.helpers();
    size_t before = la.graphs().size();
    const LLAnnotation* state = la.value(gc->statePtr);
    const LLAnnotation* sig = la.value(Signed);
    auto fn = [&](const char* f) { return py::getAttr(mod.get(), f); };
    gc->setup = la.specialize(fn("setup").get(), {state});
    gc->collect = la.specialize(fn("collect").get(), {state});
    gc->mallocFixed = la.specialize(fn("malloc_fixed").get(), {state, sig, sig});
    gc->mallocVarsize = la.specialize(fn("malloc_varsize").get(), {state, sig, sig, sig, sig, sig});
    gc->mallocVarsizeNoCollect = la.specialize(fn("malloc_varsize_nocollect").get(), {state, sig, sig, sig, sig, sig});
    for (size_t i = before; i < la.graphs().size(); ++i) gc->gcGraphs.insert(la.graphs()[i]);
    // The state: prebuilt raw data, filled by setup() at run time.
    LLContainer* st = ctx.heap.allocate(asType<Ptr>(gc->statePtr)->to());
    st->name = "gcstate";
    LLHeap::markPrebuilt(st);
    gc->state = ctx.arena.llconstant(gc->statePtr, LLValue::pointer(st));
    return gc;
}

namespace {

class Framework {
public:
    Framework(LLContext& ctx, FrameworkGC& gc) : ctx_(ctx), gc_(gc) {}

    void noteConstants(const std::vector<FunctionGraph*>& graphs) {
        for (FunctionGraph* g : graphs)
            for (Block* b : g->blocks()) {
                for (Operation* op : b->operations)
                    for (Value* a : op->args) noteValue(a);
                for (ir::Link* l : b->exits)
                    for (Value* a : l->args) noteValue(a);
            }
    }

    /// Every prebuilt GC object gets its type's id (for its header).
    void noteContainer(LLContainer* c) {
        if (!c || (c->type && c->type->kind() == TypeKind::Func)) return;
        LLContainer* outer = c->outermost();
        if (!seen_.insert(outer).second) return;
        seenOrder_.push_back(outer);
        if (outer->type->isGc()) gc_.layout->typeId(outer->type);
        std::vector<LLContainer*> stack{outer};
        while (!stack.empty()) {
            LLContainer* x = stack.back();
            stack.pop_back();
            for (const LLValue& v : x->slots) {
                if (v.tag != LLValue::Tag::Ptr || !v.p) continue;
                if (v.p->outermost() == outer) stack.push_back(v.p);
                else noteContainer(v.p);
            }
        }
    }

    void rewrite(FunctionGraph* g) {
        for (Block* b : g->blocks()) {
            std::vector<Operation*> out;
            for (Operation* op : b->operations) {
                if (op->opcode != Opcode::Malloc && op->opcode != Opcode::MallocVarsize) {
                    out.push_back(op);
                    continue;
                }
                const LowLevelType* t = resolve(ir::asConstant(op->args[0])->llvalue.type);
                if (!t->isGc()) {
                    out.push_back(op);
                    continue;
                }
                int64_t tid = gc_.layout->typeId(t);
                Variable* adr = ctx_.arena.newVariable("adr");
                adr->concretetype = Address;
                std::vector<Value*> args;
                if (op->opcode == Opcode::Malloc) {
                    args = {gc_.mallocFixed, gc_.state, ctx_.signedConst(tid), ctx_.signedConst((int64_t)sizeOf(t))};
                } else {
                    VarSizeLayout l = varSizeLayout(t);
                    args = {gc_.mallocVarsize, gc_.state, ctx_.signedConst(tid), op->args[1],
                            ctx_.signedConst((int64_t)l.itemsOffset), ctx_.signedConst((int64_t)l.itemSize),
                            ctx_.signedConst(l.lengthOffset ? (int64_t)*l.lengthOffset : -1)};
                }
                out.push_back(ctx_.arena.newOperation(Opcode::DirectCall, args, adr, op->pos));
                out.push_back(ctx_.arena.newOperation(Opcode::CastAdrToPtr, {adr}, op->result, op->pos));
            }
            b->operations = out;
        }
    }

    /// Static roots: the address of every GC-pointer slot of prebuilt data
    /// (prebuilt objects are never traced: their slots are roots).
    std::vector<LLValue> staticRoots() {
        std::vector<LLValue> roots;
        for (LLContainer* outer : seenOrder_) {
            std::vector<LLContainer*> stack{outer};
            while (!stack.empty()) {
                LLContainer* x = stack.back();
                stack.pop_back();
                const LowLevelType* t = resolve(x->type);
                for (size_t k = 0; k < x->slots.size(); ++k) {
                    const LowLevelType* st = nullptr;
                    if (auto* s = asType<Struct>(t)) st = resolve(s->fields()[k].type);
                    else if (auto* a = asType<Array>(t)) st = resolve(a->itemType());
                    else if (auto* f = asType<FixedSizeArray>(t)) st = resolve(f->itemType());
                    if (!st) continue;
                    if (st->isContainer()) {
                        if (x->slots[k].p) stack.push_back(x->slots[k].p);
                    } else if (auto* p = asType<Ptr>(st); p && p->isGcPointer()) {
                        roots.push_back(LLValue::slotAddress(x, (uint32_t)k));
                    }
                }
            }
        }
        return roots;
    }

    /// Graphs that can collect: they allocate, or call one that can.
    void findCollecting(const std::vector<FunctionGraph*>& graphs) {
        bool changed = true;
        while (changed) {
            changed = false;
            for (FunctionGraph* g : graphs) {
                if (gc_.gcGraphs.count(g) || collecting_.count(g)) continue;
                bool c = false;
                for (Block* b : g->blocks())
                    for (Operation* op : b->operations) c |= canCollect(op);
                if (c) {
                    collecting_.insert(g);
                    changed = true;
                }
            }
        }
    }

    /// Whether an operation can collect: it allocates, calls something
    /// that can, or can raise an exception the runtime allocates
    /// (ZeroDivisionError of a division, OSError of an external function,
    /// RecursionError of a function that checks the stack).
    bool canCollect(const Operation* op) const {
        if (ir::isLowLevel(op->opcode) && ir::implicitRaises(op->opcode) != 0) return true;
        if (op->opcode == Opcode::IndirectCall) {
            const auto* targets = ctx_.calleeGraphs(op);
            if (!targets) return true;
            for (const FunctionGraph* t : *targets)
                if (collecting_.count(t) || ctx_.stackChecked.count(t)) return true;
            return false;
        }
        if (op->opcode != Opcode::DirectCall) return false;
        const auto* c = ir::asConstant(op->args[0]);
        if (c == gc_.mallocFixed || c == gc_.mallocVarsize || c == gc_.collect) return true;
        LLContainer* fn = c && c->llvalue.tag == LLValue::Tag::Ptr ? c->llvalue.p : nullptr;
        if (!fn) return true;
        if (!fn->graph) return !externalCannotRaise(fn->external);
        return collecting_.count(fn->graph) || ctx_.stackChecked.count(fn->graph);
    }

    /// Around each operation that can collect: the GC pointers the block
    /// still needs after it go on the shadow stack, and come off after.
    void pushRoots(FunctionGraph* g) {
        for (Block* b : g->blocks()) {
            std::vector<Operation*> out;
            size_t n = b->operations.size();
            for (size_t i = 0; i < n; ++i) {
                Operation* op = b->operations[i];
                if (!canCollect(op)) {
                    out.push_back(op);
                    continue;
                }
                std::vector<Variable*> live = liveAfter(b, i);
                if (live.empty()) {
                    out.push_back(op);
                    continue;
                }
                Variable* top = var(Address, "top");
                out.push_back(newop(Opcode::Getfield, {gc_.state, ctx_.nameConst("root_stack_top")}, top));
                for (size_t k = 0; k < live.size(); ++k) {
                    Variable* a = var(Address, "root");
                    out.push_back(newop(Opcode::CastPtrToAdr, {live[k]}, a));
                    out.push_back(newop(Opcode::RawStore, {top, ctx_.signedConst((int64_t)(8 * k)), a}, var(Void, "v")));
                }
                Variable* above = var(Address, "top");
                out.push_back(newop(Opcode::AdrAdd, {top, ctx_.signedConst((int64_t)(8 * live.size()))}, above));
                out.push_back(newop(Opcode::Setfield, {gc_.state, ctx_.nameConst("root_stack_top"), above}, var(Void, "v")));
                out.push_back(op);
                Variable* now = var(Address, "top");
                out.push_back(newop(Opcode::Getfield, {gc_.state, ctx_.nameConst("root_stack_top")}, now));
                Variable* below = var(Address, "top");
                out.push_back(newop(Opcode::AdrSub, {now, ctx_.signedConst((int64_t)(8 * live.size()))}, below));
                out.push_back(newop(Opcode::Setfield, {gc_.state, ctx_.nameConst("root_stack_top"), below}, var(Void, "v")));
                ++pushes_;
            }
            b->operations = out;
        }
    }
    size_t pushes() const { return pushes_; }

private:
    Variable* var(const LowLevelType* t, const char* name) {
        Variable* v = ctx_.arena.newVariable(name);
        v->concretetype = t;
        return v;
    }
    Operation* newop(Opcode opc, std::vector<Value*> args, Variable* r) {
        return ctx_.arena.newOperation(opc, std::move(args), r, {});
    }
    static bool gcPtr(const Value* v) {
        const auto* p = asType<Ptr>(lltypeOf(v));
        return p && p->isGcPointer();
    }
    /// The GC pointers of block b defined before operation i (or by it:
    /// no) and used after it: by later operations, the exit switch, the
    /// links. An interior pointer used after it keeps its object.
    std::vector<Variable*> liveAfter(Block* b, size_t i) {
        std::set<const Variable*> defined(b->inputargs.begin(), b->inputargs.end());
        std::unordered_map<const Value*, Variable*> base; // interior pointer -> its GC object
        for (size_t k = 0; k < i; ++k) {
            Operation* o = b->operations[k];
            defined.insert(o->result);
            if ((o->opcode == Opcode::Getsubstruct || o->opcode == Opcode::Getarraysubstruct ||
                 o->opcode == Opcode::CastPointer || o->opcode == Opcode::SameAs) && !gcPtr(o->result)) {
                if (auto* src = ir::asVariable(o->args[0])) {
                    if (gcPtr(src)) base[o->result] = src;
                    else if (base.count(src)) base[o->result] = base[src];
                }
            }
        }
        std::vector<Variable*> live;
        std::set<const Variable*> seen;
        auto use = [&](Value* v) {
            auto* x = ir::asVariable(v);
            if (!x || !defined.count(x)) return;
            if (!gcPtr(x)) {
                auto it = base.find(x);
                if (it == base.end()) return;
                x = it->second;
            }
            if (seen.insert(x).second) live.push_back(x);
        };
        for (size_t k = i + 1; k < b->operations.size(); ++k)
            for (Value* a : b->operations[k]->args) use(a);
        if (b->exitswitch) use(b->exitswitch);
        for (ir::Link* l : b->exits)
            for (Value* a : l->args) use(a);
        return live;
    }

    void noteValue(Value* v) {
        auto* c = ir::asConstant(v);
        if (c && c->llvalue.tag == LLValue::Tag::Ptr && c->llvalue.p) noteContainer(c->llvalue.p);
    }

    LLContext& ctx_;
    FrameworkGC& gc_;
    std::set<LLContainer*> seen_;
    std::vector<LLContainer*> seenOrder_;
    std::set<const FunctionGraph*> collecting_;
    size_t pushes_ = 0;
};

} // namespace

void transformFramework(LLContext& ctx, const std::vector<FunctionGraph*>& graphs, FrameworkGC& gc,
                        const std::vector<const LowLevelType*>& extraTypes) {
    Framework f(ctx, gc);
    for (FunctionGraph* g : graphs)
        if (!gc.gcGraphs.count(g)) f.rewrite(g);
    f.noteConstants(graphs);
    for (const LowLevelType* t : extraTypes) gc.layout->typeId(t);
    f.findCollecting(graphs);
    for (FunctionGraph* g : graphs)
        if (!gc.gcGraphs.count(g)) f.pushRoots(g);
    // The table and the static roots, in the state (setup() keeps them).
    LLContainer* st = gc.state->llvalue.p;
    const auto* s = asType<Struct>(resolve(st->type));
    st->slots[*s->fieldIndex("typeinfo")] = gc.layout->buildTable()->llvalue;
    std::vector<LLValue> roots = f.staticRoots();
    const auto* rootsArray = ctx.types.makeArray(Address);
    LLContainer* table = ctx.heap.allocate(rootsArray, roots.size() + 1);
    table->name = "gc_static_roots";
    for (size_t i = 0; i < roots.size(); ++i) table->slots[i] = roots[i];
    table->slots[roots.size()] = LLValue::integer(0);
    LLHeap::markPrebuilt(table);
    st->slots[*s->fieldIndex("static_roots")] = LLValue::slotAddress(table, 0);
    st->slots[*s->fieldIndex("nstatic")] = LLValue::integer((int64_t)roots.size());
}

} // namespace futamura::transform
