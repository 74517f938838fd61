//! The framework GC transform; see include/futamura/transform/gctransform.h.
#include "futamura/transform/gctransform.h"

#include "futamura/ir/opcode.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/rtyper/rtyper.h"
#include "futamura/transform/backendopt.h"
#include "futamura/transform/exceptiontransform.h"

#include "handlers.h"

#include <algorithm>
#include <functional>
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
    const LLAnnotation* adr = la.value(Address);
    if (py::PyRef f = py::getAttrOrNull(mod.get(), "write_barrier")) gc->writeBarrier = la.specialize(f.get(), {state, adr});
    if (py::PyRef f = py::getAttrOrNull(mod.get(), "identityhash")) gc->identityHash = la.specialize(f.get(), {state, adr});
    gc->moving = PyObject_IsTrue(fn("MOVING").get()) == 1;
    if (py::PyRef names = py::getAttrOrNull(mod.get(), "FAST_PATHS")) {
        // (functions of the module, by identity)
        for (Py_ssize_t i = 0; i < PyTuple_Size(names.get()); ++i) {
            PyObject* f = PyTuple_GetItem(names.get(), i);
            for (ir::Constant* c : {gc->mallocFixed, gc->mallocVarsize, gc->writeBarrier, gc->identityHash})
                if (c && c->llvalue.p->graph && c->llvalue.p->graph->func.get() == f) gc->fastPaths.insert(c->llvalue.p->graph);
        }
    }
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
                if (op->opcode == Opcode::IdentityHash && gc_.identityHash) {
                    // (a moving GC: the hash of a young object is its shadow's address)
                    Variable* adr = var(Address, "adr");
                    out.push_back(newop(Opcode::CastPtrToAdr, {op->args[0]}, adr));
                    out.push_back(ctx_.arena.newOperation(Opcode::DirectCall, {gc_.identityHash, gc_.state, adr},
                                                          op->result, op->pos));
                    continue;
                }
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
    /// that the program may write (prebuilt objects are never traced: their
    /// slots are roots; a slot no graph writes keeps its prebuilt value,
    /// which is never freed nor moved).
    std::vector<LLValue> staticRoots(const std::vector<FunctionGraph*>& graphs) {
        WrittenFields fields = writtenFields(graphs);
        std::set<const LowLevelType*> arrays; // array types some graph writes items of
        for (FunctionGraph* g : graphs)
            for (Block* b : g->blocks())
                for (Operation* op : b->operations)
                    if (op->opcode == Opcode::Setarrayitem)
                        if (const auto* p = asType<Ptr>(lltypeOf(op->args[0]))) arrays.insert(resolve(p->to()));
        std::vector<LLValue> roots;
        for (LLContainer* outer : seenOrder_) {
            std::vector<LLContainer*> stack{outer};
            while (!stack.empty()) {
                LLContainer* x = stack.back();
                stack.pop_back();
                const LowLevelType* t = resolve(x->type);
                for (size_t k = 0; k < x->slots.size(); ++k) {
                    const LowLevelType* st = nullptr;
                    bool written = false;
                    if (auto* s = asType<Struct>(t)) {
                        st = resolve(s->fields()[k].type);
                        written = fields.count({s, s->fields()[k].name}) != 0;
                    } else if (auto* a = asType<Array>(t)) {
                        st = resolve(a->itemType());
                        written = arrays.count(t) != 0;
                    } else if (auto* f = asType<FixedSizeArray>(t)) {
                        st = resolve(f->itemType());
                        written = arrays.count(t) != 0;
                    }
                    if (!st) continue;
                    if (st->isContainer()) {
                        if (x->slots[k].p) stack.push_back(x->slots[k].p);
                    } else if (auto* p = asType<Ptr>(st); p && p->isGcPointer() && written) {
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
        if (op->opcode == Opcode::IndirectCall) {
            const auto* targets = ctx_.calleeGraphs(op);
            if (!targets) return true;
            for (const FunctionGraph* t : *targets)
                if (collecting_.count(t) || ctx_.stackChecked.count(t)) return true;
            return false;
        }
        if (op->opcode != Opcode::DirectCall) return ir::isLowLevel(op->opcode) && ir::implicitRaises(op->opcode) != 0;
        const auto* c = ir::asConstant(op->args[0]);
        if (c == gc_.mallocFixed || c == gc_.mallocVarsize || c == gc_.collect) return true;
        LLContainer* fn = c && c->llvalue.tag == LLValue::Tag::Ptr ? c->llvalue.p : nullptr;
        if (!fn) return true;
        if (!fn->graph) return !externalCannotRaise(fn->external);
        return collecting_.count(fn->graph) || ctx_.stackChecked.count(fn->graph);
    }

    /// Before every store of a GC pointer into a GC object that may be old:
    /// write_barrier(gc, object). Not for objects allocated or already
    /// barriered since the last operation that can collect (known per block
    /// entry by a forward analysis over the links), nor for prebuilt ones
    /// (their slots are static roots) or stores of constants.
    void insertWriteBarriers(FunctionGraph* g) {
        // fresh[b]: the inputs of b that are fresh on every incoming link
        std::unordered_map<const Block*, std::set<const Variable*>> freshIn;
        std::vector<Block*> blocks = g->blocks();
        for (Block* b : blocks)
            if (b != g->startblock) freshIn[b].insert(b->inputargs.begin(), b->inputargs.end());
        bool changed = true;
        while (changed) {
            changed = false;
            for (Block* b : blocks) {
                std::set<const Variable*> fresh = freshAtEnd(b, freshIn[b]);
                for (ir::Link* l : b->exits) {
                    if (!l->target || l->target->isFinal()) continue;
                    auto& in = freshIn[l->target];
                    for (size_t k = 0; k < l->args.size(); ++k) {
                        auto* v = ir::asVariable(l->args[k]);
                        if ((!v || !fresh.count(v)) && in.erase(l->target->inputargs[k])) changed = true;
                    }
                }
            }
        }
        for (Block* b : blocks) {
            std::set<const Variable*> fresh = freshIn[b];
            std::unordered_map<const Value*, Variable*> base = interiorBases(b);
            std::vector<Operation*> out;
            for (Operation* op : b->operations) {
                if (storesGcPointer(op)) {
                    Variable* obj = ir::asVariable(op->args[0]);
                    if (obj && !gcPtr(obj)) {
                        auto it = base.find(obj);
                        if (it == base.end() && std::find(b->inputargs.begin(), b->inputargs.end(), obj) != b->inputargs.end())
                            throw std::logic_error("the GC transform: a store through a pointer of unknown object in " +
                                                   g->name);
                        obj = it == base.end() ? nullptr : it->second; // (else: into prebuilt or raw data)
                    }
                    if (obj && !fresh.count(obj)) {
                        Variable* adr = var(Address, "adr");
                        out.push_back(newop(Opcode::CastPtrToAdr, {obj}, adr));
                        out.push_back(newop(Opcode::DirectCall, {gc_.writeBarrier, gc_.state, adr}, var(Void, "v")));
                        fresh.insert(obj);
                    }
                }
                step(op, fresh);
                out.push_back(op);
            }
            b->operations = out;
        }
    }

    /// Around each operation that can collect, the GC pointers the block
    /// still needs after it go on the shadow stack, and come off after
    /// (read back from it if the GC moves objects; the interior pointers
    /// used later are then derived again from their objects).
    void pushRoots(FunctionGraph* g) {
        for (Block* b : g->blocks()) {
            size_t n = b->operations.size();
            // (the analyses see the operations as they were)
            std::vector<std::vector<Value*>> original;
            for (Operation* op : b->operations) original.push_back(op->args);
            // interior pointer -> its GC object, and the index of its
            // operation (whose original arguments derive it again)
            std::unordered_map<const Value*, Variable*> objectOf = interiorBases(b);
            std::unordered_map<const Value*, size_t> derivation;
            // where each variable is defined: 0 for the inputs, i + 1 for operation i
            std::unordered_map<const Variable*, size_t> definedAt;
            for (Variable* v : b->inputargs) definedAt[v] = 0;
            for (size_t i = 0; i < n; ++i) {
                definedAt[b->operations[i]->result] = i + 1;
                if (objectOf.count(b->operations[i]->result)) derivation[b->operations[i]->result] = i;
            }
            // (no interior pointer crosses a link: it could not be derived
            // again, and nothing would keep its object alive)
            for (ir::Link* l : b->exits)
                for (Value* a : l->args)
                    if (l->target && derivation.count(a))
                        throw std::logic_error("the GC transform: an interior pointer is passed to another block in " +
                                               g->name);
            std::unordered_map<const Value*, Value*> renamed;
            auto current = [&](Value* v) -> Value* {
                auto it = renamed.find(v);
                return it == renamed.end() ? v : it->second;
            };
            // The operations that can collect with GC pointers live after
            // them; from the first to the last, the block's frame of slots
            // on the shadow stack stays open: a slot written for one such
            // operation holds for the next ones (the GC updates it; a value
            // no longer needed only stays alive a little longer).
            std::vector<size_t> collecting;
            std::vector<std::vector<Variable*>> liveSets(n), interiorSets(n);
            for (size_t i = 0; i < n; ++i) {
                if (!canCollect(b->operations[i])) continue;
                liveSets[i] = liveAfter(b, i, original, objectOf, definedAt, interiorSets[i]);
                if (!liveSets[i].empty()) collecting.push_back(i);
            }
            Variable* base = nullptr;             // root_stack_top when the frame opened
            std::vector<Variable*> slots;         // what the frame's slots hold (original names)
            size_t published = 0;                 // slots below root_stack_top
            std::vector<Operation*> out;
            for (size_t i = 0; i < n; ++i) {
                Operation* op = b->operations[i];
                for (Value*& a : op->args) a = current(a);
                if (liveSets[i].empty()) {
                    out.push_back(op);
                    continue;
                }
                const std::vector<Variable*>& live = liveSets[i];
                if (!base) {
                    base = var(Address, "top");
                    out.push_back(newop(Opcode::Getfield, {gc_.state, ctx_.nameConst("root_stack_top")}, base));
                    slots.clear();
                    published = 0;
                }
                std::unordered_map<const Variable*, size_t> slotOf;
                for (size_t k = 0; k < slots.size(); ++k) slotOf[slots[k]] = k;
                for (Variable* v : live) {
                    if (slotOf.count(v)) continue; // (already there: the same value)
                    slotOf[v] = slots.size();
                    Variable* a = var(Address, "root");
                    out.push_back(newop(Opcode::CastPtrToAdr, {current(v)}, a));
                    out.push_back(newop(Opcode::RawStore, {base, ctx_.signedConst((int64_t)(8 * slots.size())), a},
                                        var(Void, "v")));
                    slots.push_back(v);
                }
                if (published != slots.size()) {
                    Variable* above = var(Address, "top");
                    out.push_back(newop(Opcode::AdrAdd, {base, ctx_.signedConst((int64_t)(8 * slots.size()))}, above));
                    out.push_back(newop(Opcode::Setfield, {gc_.state, ctx_.nameConst("root_stack_top"), above}, var(Void, "v")));
                    published = slots.size();
                }
                out.push_back(op);
                Variable* frame = base;
                if (i == collecting.back()) {
                    // the last one: the frame closes
                    out.push_back(newop(Opcode::Setfield, {gc_.state, ctx_.nameConst("root_stack_top"), base}, var(Void, "v")));
                    base = nullptr;
                }
                if (!gc_.moving) continue;
                for (Variable* v : live) {
                    Variable* a = var(Address, "root");
                    out.push_back(newop(Opcode::RawLoad, {frame, ctx_.signedConst((int64_t)(8 * slotOf.at(v)))}, a));
                    Variable* p = ctx_.arena.copyVariable(v);
                    p->concretetype = v->concretetype;
                    out.push_back(newop(Opcode::CastAdrToPtr, {a}, p));
                    renamed[v] = p;
                }
                const std::vector<Variable*>& interior = interiorSets[i];
                std::set<const Value*> redone;
                std::function<void(Variable*)> derive = [&](Variable* v) {
                    size_t k = derivation.at(v);
                    if (!redone.insert(v).second) return;
                    const std::vector<Value*>& was = original[k];
                    if (auto* src = ir::asVariable(was[0]); src && derivation.count(src)) derive(src);
                    Operation* d = b->operations[k];
                    std::vector<Value*> args;
                    for (Value* a : was) args.push_back(current(a));
                    Variable* r = ctx_.arena.copyVariable(v);
                    r->concretetype = v->concretetype;
                    out.push_back(newop(d->opcode, args, r));
                    renamed[v] = r;
                };
                for (Variable* v : interior) derive(v);
            }
            b->operations = out;
            if (b->exitswitch) b->exitswitch = current(b->exitswitch);
            for (ir::Link* l : b->exits)
                for (Value*& a : l->args) a = current(a);
        }
    }

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
    /// An operation making a pointer into a GC object from a variable
    /// (a part of it, or a copy or cast of such a pointer).
    static bool interiorOp(const Operation* op) {
        if (op->args.empty() || !ir::asVariable(op->args[0]) || gcPtr(op->result)) return false;
        if (!asType<Ptr>(lltypeOf(op->result))) return false;
        return op->opcode == Opcode::Getsubstruct || op->opcode == Opcode::Getarraysubstruct ||
               op->opcode == Opcode::CastPointer || op->opcode == Opcode::SameAs;
    }
    /// The GC object of each interior pointer of b.
    static std::unordered_map<const Value*, Variable*> interiorBases(const Block* b) {
        std::unordered_map<const Value*, Variable*> base;
        for (const Operation* o : b->operations) {
            if (!interiorOp(o)) continue;
            auto* src = ir::asVariable(o->args[0]);
            if (gcPtr(src)) base[o->result] = src;
            else if (auto it = base.find(src); it != base.end()) base[o->result] = it->second;
        }
        return base;
    }
    bool storesGcPointer(const Operation* op) const {
        if (op->opcode != Opcode::Setfield && op->opcode != Opcode::Setarrayitem) return false;
        return gcPtr(op->args[2]) && ir::asVariable(op->args[2]);
    }
    /// The freshness analysis of one operation: what can collect makes
    /// every object possibly old; an allocation is fresh, and so are its
    /// casts and copies.
    void step(const Operation* op, std::set<const Variable*>& fresh) const {
        if (canCollect(op)) fresh.clear();
        if (op->opcode == Opcode::DirectCall && (op->args[0] == gc_.mallocFixed || op->args[0] == gc_.mallocVarsize)) {
            fresh.insert(op->result);
        } else if (op->opcode == Opcode::CastAdrToPtr ||
                   ((op->opcode == Opcode::CastPointer || op->opcode == Opcode::SameAs) && gcPtr(op->result))) {
            if (auto* src = ir::asVariable(op->args[0]); src && fresh.count(src)) fresh.insert(op->result);
        }
    }
    std::set<const Variable*> freshAtEnd(const Block* b, std::set<const Variable*> fresh) const {
        for (const Operation* op : b->operations) step(op, fresh);
        return fresh;
    }
    /// The GC pointers of block b defined before operation i (not by it)
    /// and used after it: by later operations, the exit switch, the links
    /// (`args`: the operations' arguments as they were). An interior
    /// pointer used after it keeps its object (`base`; the pointer is listed
    /// in `interior`).
    std::vector<Variable*> liveAfter(Block* b, size_t i, const std::vector<std::vector<Value*>>& args,
                                     const std::unordered_map<const Value*, Variable*>& base,
                                     const std::unordered_map<const Variable*, size_t>& definedAt,
                                     std::vector<Variable*>& interior) {
        auto definedBefore = [&](const Variable* x) {
            auto it = definedAt.find(x);
            return it != definedAt.end() && it->second <= i;
        };
        std::vector<Variable*> live;
        std::set<const Variable*> seen;
        auto use = [&](Value* v) {
            auto* x = ir::asVariable(v);
            if (!x || !definedBefore(x)) return;
            if (!gcPtr(x)) {
                auto it = base.find(x);
                if (it == base.end()) return;
                if (seen.insert(x).second) interior.push_back(x);
                x = it->second;
            }
            if (seen.insert(x).second) live.push_back(x);
        };
        for (size_t k = i + 1; k < b->operations.size(); ++k)
            for (Value* a : args[k]) use(a);
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
    std::vector<FunctionGraph*> program;
    for (FunctionGraph* g : graphs)
        if (!gc.gcGraphs.count(g)) program.push_back(g);
    if (gc.writeBarrier)
        for (FunctionGraph* g : program) f.insertWriteBarriers(g);
    for (FunctionGraph* g : program) f.pushRoots(g);
    if (!gc.fastPaths.empty()) inlineFastPaths(ctx, program, gc.fastPaths);
    // The table and the static roots, in the state (setup() keeps them).
    LLContainer* st = gc.state->llvalue.p;
    const auto* s = asType<Struct>(resolve(st->type));
    st->slots[*s->fieldIndex("typeinfo")] = gc.layout->buildTable()->llvalue;
    std::vector<LLValue> roots = f.staticRoots(graphs);
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
