//! The framework GC transform; see include/futamura/transform/gctransform.h.
#include "futamura/transform/gctransform.h"

#include "futamura/ir/opcode.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/rtyper/rtyper.h"

#include <stdexcept>

namespace futamura::transform {

using ir::Block;
using ir::FunctionGraph;
using ir::Opcode;
using ir::Operation;
using ir::Value;
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

private:
    void noteValue(Value* v) {
        auto* c = ir::asConstant(v);
        if (c && c->llvalue.tag == LLValue::Tag::Ptr && c->llvalue.p) noteContainer(c->llvalue.p);
    }

    LLContext& ctx_;
    FrameworkGC& gc_;
    std::set<LLContainer*> seen_;
};

} // namespace

void transformFramework(LLContext& ctx, const std::vector<FunctionGraph*>& graphs, FrameworkGC& gc,
                        const std::vector<const LowLevelType*>& extraTypes) {
    Framework f(ctx, gc);
    for (FunctionGraph* g : graphs)
        if (!gc.gcGraphs.count(g)) f.rewrite(g);
    f.noteConstants(graphs);
    for (const LowLevelType* t : extraTypes) gc.layout->typeId(t);
    // The table, in the state (setup() keeps it).
    LLContainer* st = gc.state->llvalue.p;
    const auto* s = asType<Struct>(resolve(st->type));
    st->slots[*s->fieldIndex("typeinfo")] = gc.layout->buildTable()->llvalue;
}

} // namespace futamura::transform
