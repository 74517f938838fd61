//! See handlers.h.
#include "handlers.h"

#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"

#include <stdexcept>

namespace futamura::transform {

using ir::LLValue;
using ir::Value;
using ir::Variable;
using namespace rtyper;

const ir::FunctionGraph* calledGraph(const ir::Operation* op) {
    if (op->opcode != ir::Opcode::DirectCall) return nullptr;
    auto* c = ir::asConstant(op->args[0]);
    return c && c->llvalue.p ? c->llvalue.p->graph : nullptr;
}

std::vector<const ir::FunctionGraph*> calleesOf(const LLContext& ctx, const ir::Operation* op) {
    if (const ir::FunctionGraph* g = calledGraph(op)) return {g};
    if (const auto* targets = ctx.calleeGraphs(op)) return *targets;
    return {};
}

std::pair<int64_t, int64_t> classRange(LLContext& ctx, const ir::Constant* vtable) {
    // The range is read off the class's prebuilt vtable (its root part).
    const auto* root = asType<Struct>(asType<Ptr>(ctx.exceptions->exceptionTypeType())->to());
    LLContainer* c = vtable->llvalue.p;
    while (c && c->type != root) c = c->slots.empty() ? nullptr : c->slots[0].p;
    if (!c) throw std::logic_error("an exception exit without a class vtable");
    return {c->slots[*root->fieldIndex("subclassrange_min")].i, c->slots[*root->fieldIndex("subclassrange_max")].i};
}

Variable* appendClassTest(LLContext& ctx, ir::Block* block, Value* etype, const ir::Constant* caught) {
    auto [lo, hi] = classRange(ctx, caught);
    if (auto* known = ir::asConstant(etype); known && known->llvalue.tag == LLValue::Tag::Ptr && known->llvalue.p) {
        // A raise of a known class (an inlined `raise StopIteration`): the
        // test is decided now, so the dead exit and its allocation fold away.
        int64_t id = classRange(ctx, known).first;
        Variable* r = ctx.arena.newVariable("match");
        r->concretetype = Bool;
        block->operations.push_back(ctx.arena.newOperation(ir::Opcode::SameAs, {ctx.boolConst(lo <= id && id < hi)}, r, {}));
        return r;
    }
    auto emit = [&](ir::Opcode opc, std::vector<Value*> args, const LowLevelType* t, const char* name) {
        Variable* r = ctx.arena.newVariable(name);
        r->concretetype = t;
        block->operations.push_back(ctx.arena.newOperation(opc, std::move(args), r, {}));
        return r;
    };
    Variable* id = emit(ir::Opcode::Getfield, {etype, ctx.nameConst("subclassrange_min")}, Signed, "id");
    Variable* ge = emit(ir::Opcode::IntLe, {ctx.signedConst(lo), id}, Bool, "v");
    Variable* lt = emit(ir::Opcode::IntLt, {id, ctx.signedConst(hi)}, Bool, "v");
    return emit(ir::Opcode::IntAnd, {ge, lt}, Bool, "match");
}

std::vector<Value*> handlerArgs(LLContext& ctx, ir::Block* block, const ir::Link* handler, Value* etype,
                                Value* evalue, const std::unordered_map<const Value*, Value*>& renamed) {
    std::vector<Value*> args;
    for (size_t k = 0; k < handler->args.size(); ++k) {
        Value* a = handler->args[k];
        Value* x = a;
        if (a == handler->lastException) x = etype;
        else if (a == handler->lastExcValue) x = evalue;
        else if (auto it = renamed.find(a); it != renamed.end()) x = it->second;
        // The handler may see the exception as its own class.
        const auto* want = static_cast<const LowLevelType*>(handler->target->inputargs[k]->concretetype);
        auto* xv = ir::asVariable(x);
        if (xv && want && xv->concretetype != want && asType<Ptr>(want)) {
            Variable* cast = ctx.arena.newVariable("e");
            cast->concretetype = want;
            block->operations.push_back(ctx.arena.newOperation(ir::Opcode::CastPointer, {x}, cast, {}));
            x = cast;
        }
        args.push_back(x);
    }
    return args;
}

const LowLevelType* lltypeOf(const Value* v) {
    if (auto* c = ir::asConstant(const_cast<Value*>(v))) return static_cast<const LowLevelType*>(c->concretetype);
    return static_cast<const LowLevelType*>(ir::asVariable(const_cast<Value*>(v))->concretetype);
}

std::string fieldName(const Value* v) {
    auto* c = ir::asConstant(const_cast<Value*>(v));
    return c && c->value() && PyUnicode_Check(c->value()) ? py::asString(c->value()) : std::string();
}

const Struct* pointee(const Value* v) {
    const auto* p = asType<Ptr>(lltypeOf(v));
    return p ? asType<Struct>(p->to()) : nullptr;
}

WrittenFields writtenFields(const std::vector<ir::FunctionGraph*>& graphs) {
    WrittenFields w;
    for (ir::FunctionGraph* g : graphs)
        for (ir::Block* b : g->blocks())
            for (ir::Operation* op : b->operations)
                if (op->opcode == ir::Opcode::Setfield)
                    if (const Struct* st = pointee(op->args[0])) w.insert({st, fieldName(op->args[1])});
    return w;
}

} // namespace futamura::transform
