//! One high-level operation being rtyped: its arguments' annotations and
//! reprs, and the low-level operations that replace it.
#pragma once

#include "futamura/rtyper/rtyper.h"

namespace futamura::rtyper {

struct HighLevelOp {
    HighLevelOp(RTyper& rt, ir::FunctionGraph* graph, ir::Operation* op)
        : rt(rt), ctx(rt.context()), graph(graph), op(op) {}

    RTyper& rt;
    LLContext& ctx;
    ir::FunctionGraph* graph;
    ir::Operation* op;          // null for conversions outside operations
    ir::Operation* at = nullptr; // then: an operation nearby, for positions in errors
    ir::Block* block = nullptr;
    bool isRaisingOp = false;   // the last operation of a raising block
    std::vector<ir::Operation*> out;

    const SomeValue* s(size_t i) const;
    const Repr* r(size_t i);
    const SomeValue* sres() const;
    const Repr* rres();
    size_t nargs() const { return op->args.size(); }

    /// Argument i converted to `want`.
    ir::Value* arg(size_t i, const Repr* want);
    /// Argument i in its own repr.
    ir::Value* arg(size_t i) { return arg(i, r(i)); }
    ir::Variable* genop(ir::Opcode opc, std::vector<ir::Value*> args, const LowLevelType* type);
    /// A call of the system helper futamura.rtyper.<module>.<name>.
    ir::Value* gencall(const char* module, const char* name, std::vector<ir::Value*> args);
    /// A call of the system helper `fn` (a Python function), `label` naming it in errors.
    ir::Value* gencall(PyObject* fn, const std::string& label, std::vector<ir::Value*> args);
    /// A direct call of a function pointer constant.
    ir::Variable* gendirect(ir::Constant* fnptr, std::vector<ir::Value*> args);
    ir::Value* convert(ir::Value* v, const Repr* from, const Repr* to, bool down = false);
    /// The value of a field, through upcasts to the struct that declares it.
    ir::Value* getfield(ir::Value* p, const std::string& name);
    void setfield(ir::Value* p, const std::string& name, ir::Value* v);
    ir::Constant* cnst(int64_t v) { return ctx.signedConst(v); }
    ir::Constant* typeArg(const LowLevelType* t) { return ctx.typeConst(t); }

    /// Makes `v` the operation's result.
    void finish(ir::Value* v);
    void rtype();
    [[noreturn]] void unsupported();

    // by family (rops.cpp)
    void rtypeArith();
    void rtypeCompare();
    void rtypeCall();
    /// A call of the bound methods `f` (a PBC of MethodDescs) on `self`,
    /// with the operation's arguments from `first`: a direct call if they
    /// have one graph, else through the vtable slot. The result is in the
    /// repr of the graphs' result.
    std::pair<ir::Value*, const Repr*> callMethod(const SomeValue* f, ir::Value* self,
                                                  const Repr* selfRepr, size_t first);
    /// len(x), x[i], x in c, iter(x), next(x), ... on an instance: the
    /// special method the annotator chose (Bookkeeper::specialCall).
    void rtypeSpecialCall(const SomeValue* methods);
    void rtypeBuiltin(const SomeValue* f, size_t first);
    void rtypeMethod(const std::string& name, size_t first);
    void rtypeGetattr();
    void rtypeSetattr();
    void rtypeGetitem();
    void rtypeSetitem();
    void rtypeIter();
    void rtypeNext();
    /// A new list (of repr lr) holding the items of the tuple t (of repr tr).
    ir::Value* tupleToList(ir::Value* t, const Repr* tr, const Repr* lr);
    /// [x] * n fused: one list allocated and filled (`newlist` is [x]'s
    /// operation, which is not rtyped on its own).
    void rtypeAllocAndSet(ir::Operation* newlist);
    /// iter(range(...)) fused: a counting iterator, no list.
    void rtypeRangeIter(ir::Operation* rangeCall);
    // formatting (rformat.cpp)
    void rtypeFormat();
    /// A system helper f(value) -> STR computing repr(value) for `r`.
    PyObject* reprFunc(const Repr* r);
    void rtypePercent();
    ir::Value* toStr(ir::Value* v, const Repr* r, bool repr);
    ir::Value* truth(ir::Value* v, const Repr* r);
    ir::Value* equal(ir::Value* a, ir::Value* b, const Repr* r);
    /// hash and equality functions of a repr, for dict keys and list search.
    PyObject* hashFunc(const Repr* r);
    PyObject* eqFunc(const Repr* r);
    PyObject* ltFunc(const Repr* r);
    ir::Value* callGraph(ir::FunctionGraph* g, std::vector<ir::Value*> args,
                         std::vector<const Repr*> argReprs);
    std::vector<ir::Value*> matchArgs(annotator::FunctionDesc* fd, size_t first,
                                      std::vector<const Repr*>& reprs, bool hasSelf);
    void instantiate(ClassInfo* c, size_t first, PyObject* cls);
    void instantiateVariable(size_t first);
    ir::Value* isinstance(ir::Value* vtable, ClassInfo* c);
    ir::Value* print(size_t first);
};

} // namespace futamura::rtyper
