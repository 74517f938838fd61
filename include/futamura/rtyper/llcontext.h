//! What every low-level stage of one translation shares: the arena of
//! graphs, the lltype factory, the bridge from Python lltype objects, the
//! heap of prebuilt containers, and the function pointers of graphs.
#pragma once

#include "futamura/flowspace/flowspace.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/rtyper/pylltype.h"

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace futamura::rtyper {

/// How system code raises the program's exceptions: set by the rtyper, which
/// owns the class hierarchy (IndexError in a helper is the program's
/// IndexError).
class ExceptionHost {
public:
    virtual ~ExceptionHost() = default;
    /// Ptr to the root instance struct (the exception value of ll graphs).
    virtual const LowLevelType* exceptionValueType() = 0;
    /// Ptr to the root vtable (the exception type of ll graphs).
    virtual const LowLevelType* exceptionTypeType() = 0;
    /// The vtable of a built-in exception class, as a constant.
    virtual ir::Constant* vtableOf(PyObject* cls) = 0;
    /// A function pointer constant allocating an instance of `cls` (no
    /// arguments); its result is exceptionValueType().
    virtual ir::Constant* allocatorOf(PyObject* cls) = 0;
};

class LLContext {
public:
    LLContext(ir::Arena& arena, flow::FlowSpace& space, TypeFactory& types)
        : arena(arena), space(space), types(types), bridge(types) {}

    /// The constant function pointer of `graph` with type Ptr(`type`), made
    /// once per graph. Its container's name is unique (`name`, then
    /// `name_1`, ...).
    ir::Constant* functionPointer(const ir::FunctionGraph* graph, const FuncType* type);
    /// A function implemented by the runtime (llinterp, runtime/c), by name.
    ir::Constant* externalFunction(const std::string& name, const FuncType* type);
    /// The graph of a function pointer constant (null for externals).
    static const ir::FunctionGraph* graphOf(const ir::Constant* fnptr);

    /// Typed constants.
    ir::Constant* signedConst(int64_t v) { return arena.llconstant(Signed, LLValue::integer(v)); }
    ir::Constant* boolConst(bool v) { return arena.llconstant(Bool, LLValue::integer(v)); }
    ir::Constant* voidConst(PyObject* obj) { return arena.llconstant(Void, LLValue(), obj); }
    ir::Constant* typeConst(const LowLevelType* t) {
        return arena.llconstant(Void, LLValue::typeValue(t));
    }
    ir::Constant* nullConst(const LowLevelType* ptrType) {
        return arena.llconstant(ptrType, LLValue::pointer(nullptr));
    }
    /// A constant for a Python field name (a Void str constant).
    ir::Constant* nameConst(const std::string& name);

    /// The Void constant that closes an indirect_call: the graphs the call
    /// may reach (PyPy's `graphs` argument). Prints as None; calleeGraphs()
    /// reads it back. Unknown targets are plain voidConst(Py_None).
    ir::Constant* calleeGraphsConst(std::vector<const ir::FunctionGraph*> graphs);
    /// The graphs an indirect_call may reach, or null when unknown.
    const std::vector<const ir::FunctionGraph*>* calleeGraphs(const ir::Operation* indirectCall) const;

    ir::Arena& arena;
    flow::FlowSpace& space;
    TypeFactory& types;
    PyTypeBridge bridge;
    LLHeap heap;
    ExceptionHost* exceptions = nullptr;
    /// Set by the exception transform: the prebuilt exc_data struct
    /// {exc_type, exc_value} of transformed graphs (null before).
    ir::Constant* excData = nullptr;
    /// Set by the exception transform: the graphs that check the stack on
    /// entry and raise RecursionError (recursive graphs that can run while
    /// a handler catching it is active; elsewhere an overflow is fatal).
    std::set<const ir::FunctionGraph*> stackChecked;
    /// Set by the refcounting GC transform: graphs contain gc_incref and
    /// gc_decref, and mallocs return a first reference.
    bool refcounted = false;
    /// Runs a low-level function at translation time (installed by the
    /// driver: the ll-graph interpreter). Prebuilt dicts are built by
    /// their own system helpers through it, so that they hash as the
    /// program will.
    std::function<LLValue(const ir::Constant* fnptr, std::vector<LLValue> args)> evaluate;

private:
    std::string uniqueName(const std::string& base);
    std::unordered_map<const ir::FunctionGraph*, ir::Constant*> fnptrs_;
    std::map<std::string, ir::Constant*> externals_;
    std::map<std::string, int> names_;
    std::deque<std::vector<const ir::FunctionGraph*>> calleeSets_;
    std::map<std::string, py::PyRef> fieldNames_;
};

} // namespace futamura::rtyper
