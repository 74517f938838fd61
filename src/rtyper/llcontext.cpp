#include "futamura/rtyper/llcontext.h"

#include "futamura/python/interpreter.h"

namespace futamura::rtyper {

std::string LLContext::uniqueName(const std::string& base) {
    int& n = names_[base];
    std::string name = n == 0 ? base : base + "_" + std::to_string(n);
    ++n;
    return name;
}

ir::Constant* LLContext::functionPointer(const ir::FunctionGraph* graph, const FuncType* type) {
    auto it = fnptrs_.find(graph);
    if (it != fnptrs_.end()) return it->second;
    LLContainer* fn = heap.function(type, uniqueName(graph->name), graph);
    ir::Constant* c = arena.llconstant(types.makePtr(type), LLValue::pointer(fn));
    fnptrs_.emplace(graph, c);
    return c;
}

ir::Constant* LLContext::externalFunction(const std::string& name, const FuncType* type) {
    auto it = externals_.find(name);
    if (it != externals_.end()) return it->second;
    LLContainer* fn = heap.function(type, name, nullptr, name);
    ir::Constant* c = arena.llconstant(types.makePtr(type), LLValue::pointer(fn));
    externals_.emplace(name, c);
    return c;
}

const ir::FunctionGraph* LLContext::graphOf(const ir::Constant* fnptr) {
    if (fnptr->llvalue.tag != LLValue::Tag::Ptr || !fnptr->llvalue.p) return nullptr;
    return fnptr->llvalue.p->graph;
}

ir::Constant* LLContext::nameConst(const std::string& name) {
    auto it = fieldNames_.find(name);
    if (it == fieldNames_.end()) it = fieldNames_.emplace(name, py::fromString(name)).first;
    return voidConst(it->second.get());
}

ir::Constant* LLContext::calleeGraphsConst(std::vector<const ir::FunctionGraph*> graphs) {
    // The set is numbered in llvalue (Void constants are interned by value).
    calleeSets_.push_back(std::move(graphs));
    return arena.llconstant(Void, LLValue::integer((int64_t)calleeSets_.size()), Py_None);
}

const std::vector<const ir::FunctionGraph*>* LLContext::calleeGraphs(const ir::Operation* op) const {
    if (op->opcode != ir::Opcode::IndirectCall || op->args.empty()) return nullptr;
    const ir::Constant* c = ir::asConstant(op->args.back());
    if (!c || c->llvalue.tag != LLValue::Tag::Int) return nullptr;
    int64_t k = c->llvalue.i;
    if (k < 1 || (size_t)k > calleeSets_.size()) return nullptr;
    return &calleeSets_[(size_t)k - 1];
}

} // namespace futamura::rtyper
