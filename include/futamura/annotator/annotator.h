//! The RPython annotator: the first client of the fixpoint engine.
//!
//! RPythonAnnotator is the type system of RPython (the lattice of model.h,
//! the bookkeeper's descriptions and defs) plugged into the Engine: its
//! transfer functions give the result annotation of every flow-graph
//! operation (unaryop.cpp, binaryop.cpp), of calls to the program's
//! functions, classes and methods (calls.cpp), and of builtins and the
//! methods of str, bytes, list and dict (builtins.cpp).
#pragma once

#include "futamura/annotator/bookkeeper.h"

namespace futamura::annotator {

class RPythonAnnotator : public TypeSystem {
public:
    RPythonAnnotator(flow::FlowSpace& space, ir::Arena& arena);
    ~RPythonAnnotator() override;

    /// Annotates from `func` called with `args`, to the fixpoint.
    ir::FunctionGraph* annotate(PyObject* func, const std::vector<const SomeValue*>& args);
    /// `argv`: a list of str.
    const SomeValue* argvAnnotation();

    Engine& engine() { return engine_; }
    Bookkeeper& bookkeeper() { return bk_; }
    const SomeValue* binding(const ir::Value* v) {
        return static_cast<const SomeValue*>(engine_.binding(v));
    }
    /// "f(a: int, b: str) -> list(int)"
    std::string signature(const ir::FunctionGraph* graph);

    // --- TypeSystem ----------------------------------------------------------
    const Annotation* bottom() override { return bk_.impossible(); }
    const Annotation* join(const Annotation* a, const Annotation* b) override;
    bool contains(const Annotation* big, const Annotation* small) override;
    const Annotation* constant(const ir::Constant* c) override;
    const Annotation* transfer(Engine& engine, const ir::Operation& op,
                               const std::vector<const Annotation*>& args) override;
    bool mayNeverReturn(const ir::Operation& op) override;
    bool exitPossible(const Annotation* switchValue, const ir::Link& link) override;
    void refine(Engine& engine, const ir::Block& block, const ir::Link& link,
                Refinements& out) override;
    const Annotation* narrow(const Annotation* value, const Annotation* constraint) override;
    std::pair<const Annotation*, const Annotation*>
    caughtException(Engine& engine, const ir::Operation& raisingOp, const ir::Link& link) override;
    const Annotation* renamed(const Annotation* a, const ir::Link& link,
                              size_t argIndex) override;
    void onUnionError(Engine& engine, const ir::Link& link, size_t argIndex) override;

    // --- transfer functions, by family (one file each) -------------------------
    using Args = std::vector<const SomeValue*>;
    /// The result of a (non-call) operation: operations.cpp.
    const SomeValue* operation(const ir::Operation& op, const Args& a);
    const SomeValue* arithmetic(ir::Opcode op, const SomeValue* x, const SomeValue* y);
    const SomeValue* compare(const ir::Operation& op, const SomeValue* x, const SomeValue* y);
    const SomeValue* getitem(const SomeValue* obj, const SomeValue* index);
    /// simple_call and call_args: calls.cpp.
    const SomeValue* callOp(const ir::Operation& op, const Args& a);
    const SomeValue* getattr(const SomeValue* obj, const std::string& name);
    /// Builtin functions and the methods of str, bytes, list, dict: builtins.cpp.
    const SomeValue* callBuiltin(const SomeValue* f, const Args& args,
                                 const std::vector<std::string>& kwnames);
    const SomeValue* builtinMethod(const SomeValue* self, const std::string& name,
                                   const Args& args);
    /// Reading an attribute of an instance (methods, class and instance
    /// attributes): calls.cpp.
    const SomeValue* readInstanceAttr(const SomeValue* inst, const std::string& name);
    /// Calls a callable annotation with positional and keyword arguments.
    const SomeValue* call(const SomeValue* f, const Args& args,
                          const std::vector<std::string>& kwnames, const SomeValue* star);
    /// An operation on an instance that RPython turns into a call of a
    /// special method, as PyPy's annotator does (len(x) -> x.__len__(),
    /// x[i] -> x.__getitem__(i), ...): the method is called with the
    /// operation's other arguments; `what` names the operation in errors.
    const SomeValue* callSpecialMethod(const ir::Operation& op, const Args& a, const char* name,
                                       const std::string& what);
    const SomeValue* iterate(const SomeValue* container); // iter()
    const SomeValue* nextOf(const SomeValue* iterator);    // next()
    [[noreturn]] void unsupported(const std::string& what, const Args& args);
    /// Refuses an operation on an instance whose class defines one of `names`.
    /// (`instead`: what RPython does, and what to write.)
    void refuseSpecialMethods(const SomeValue* s, const char* what,
                              std::initializer_list<const char*> names, const char* instead);
    /// Refuses an operator (`+`, unary `-`, abs(), ...) on an instance whose
    /// class defines its special method (__add__, __radd__, __iadd__, ...).
    void refuseOperatorMethods(const ir::Operation& op, const Args& a);
    /// Checks a constant format spec against the value formatted (f-strings).
    void checkFormatSpec(const SomeValue* value, const SomeValue* spec);
    /// Checks a %-format against its arguments.
    /// Whether str()/print()/%s can show `v` as CPython does: numbers,
    /// strings, None, and lists, tuples and dicts of those.
    static bool hasText(const SomeValue* v);
    void checkPercentFormat(const SomeValue* format, const SomeValue* args);


private:
    Engine engine_;
    Bookkeeper bk_;
    const SomeValue* argv_ = nullptr;
};

} // namespace futamura::annotator
