//! The low-level annotator: the second client of the fixpoint engine.
//!
//! System code (runtime/python/futamura/rtyper/ll_*.py, written in the
//! low-level Python of LLPYTHON.md) is flowed by the flow space like any
//! function, then annotated here with low-level types: every variable gets
//! an lltype (Signed, Char, Ptr(...), ...) or is a compile-time constant of
//! the template kind (an lltype type, a Python function). A helper is
//! specialized per tuple of argument types and template constants, like a
//! C++ template (footnote 5 of the paper), and each specialization is a graph
//! of its own. lower() then rewrites the annotated graphs into low-level
//! operations (getfield, int_add, direct_call, ...), every variable and
//! constant typed, ready to be inserted by the rtyper.
#pragma once

#include "futamura/annotator/engine.h"
#include "futamura/rtyper/llcontext.h"

#include <deque>
#include <map>
#include <memory>
#include <stdexcept>

namespace futamura::rtyper {

/// A low-level annotation.
///   Value     a run-time value of `type` (maybe a known constant `konst`);
///             `interior` for pointers into the inside of a GC object
///   Type      the lltype `type` itself, as a template constant
///   Object    a Python object as a template constant (functions, exception
///             classes, modules)
class LLAnnotation : public annotator::Annotation {
public:
    enum class Kind : uint8_t { Bottom, Value, Type, Object };
    Kind kind = Kind::Bottom;
    const LowLevelType* type = nullptr;
    bool interior = false;
    /// For an Address: `adr.signed` and friends, the typed view of the
    /// memory at it (indexing reads and writes items of this type).
    const LowLevelType* access = nullptr;
    bool hasConst = false;
    LLValue konst;
    PyObject* obj = nullptr; // kept alive by the annotator
    std::string str() const override;
    /// The lltype of a variable with this annotation (Void for templates).
    const LowLevelType* lowType() const;
};

/// System code that is not low-level Python: "file:line: message".
class LLAnnotatorError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class LowLevelAnnotator : public annotator::TypeSystem {
public:
    explicit LowLevelAnnotator(LLContext& ctx);
    ~LowLevelAnnotator() override;

    /// An argument of a helper call: a run-time value of `type`, or a
    /// template constant (a type or a Python object).
    const LLAnnotation* value(const LowLevelType* type);
    const LLAnnotation* typeConst(const LowLevelType* type);
    const LLAnnotation* objectConst(PyObject* obj);

    /// The graph of `func` specialized for `args`, annotated and lowered,
    /// with every helper it calls. Returns the function pointer constant to
    /// call it with (direct_call(fnptr, args...)).
    ir::Constant* specialize(PyObject* func, const std::vector<const LLAnnotation*>& args);
    /// The name of an lltype, rarithmetic or llmemory function the
    /// annotator knows (by identity), or null.
    const std::string* knownFunction(PyObject* fn) const;
    /// The lltype of a specialized helper's result.
    const LowLevelType* resultType(ir::Constant* fnptr);
    /// Every specialized graph so far, in creation order.
    const std::vector<ir::FunctionGraph*>& graphs() const { return graphs_; }

    // --- TypeSystem ----------------------------------------------------------
    const annotator::Annotation* bottom() override { return bottom_; }
    const annotator::Annotation* join(const annotator::Annotation* a,
                                      const annotator::Annotation* b) override;
    bool contains(const annotator::Annotation* big, const annotator::Annotation* small) override;
    const annotator::Annotation* constant(const ir::Constant* c) override;
    const annotator::Annotation* transfer(annotator::Engine& engine, const ir::Operation& op,
                                          const std::vector<const annotator::Annotation*>& args) override;
    bool mayNeverReturn(const ir::Operation& op) override;
    bool exitPossible(const annotator::Annotation* switchValue, const ir::Link& link) override;
    std::pair<const annotator::Annotation*, const annotator::Annotation*>
    caughtException(annotator::Engine& engine, const ir::Operation& raisingOp,
                    const ir::Link& link) override;

private:
    using Args = std::vector<const LLAnnotation*>;
    const LLAnnotation* intern(LLAnnotation a);
    const LLAnnotation* withConst(const LowLevelType* type, LLValue v);
    ir::FunctionGraph* graphFor(PyObject* func, const Args& args);
    const LLAnnotation* call(const ir::Operation& op, const LLAnnotation* f, const Args& args);
    const LLAnnotation* lltypeFunction(const std::string& name, const Args& args);
    const LLAnnotation* arithmetic(const ir::Operation& op, const Args& args);
    const LLAnnotation* compare(const ir::Operation& op, const Args& args);
    const LLAnnotation* getattr(const LLAnnotation* obj, const std::string& name);
    const LowLevelType* externalType(PyObject* ext);
    std::string where() const;
    [[noreturn]] void error(const std::string& message) const;

    void lowerPending();
    void lower(ir::FunctionGraph* graph);

    LLContext& ctx_;
    annotator::Engine engine_;
    const LLAnnotation* bottom_;
    std::deque<std::unique_ptr<LLAnnotation>> annotations_;
    std::map<std::tuple<int, const void*, bool, bool, uint64_t, int, const void*>, const LLAnnotation*> interned_;
    std::map<std::pair<PyObject*, std::string>, ir::FunctionGraph*> specializations_;
    std::unordered_map<const ir::FunctionGraph*, std::vector<const LLAnnotation*>> graphArgs_;
    std::vector<ir::FunctionGraph*> graphs_;
    size_t lowered_ = 0;
    std::vector<py::PyRef> keepAlive_;
    py::PyRef lltypeModule_, rarithModule_, llmemoryModule_, extfuncClass_, fakeaddressClass_;
    std::map<PyObject*, std::string> known_; // lltype/rarithmetic functions by identity
};

} // namespace futamura::rtyper
