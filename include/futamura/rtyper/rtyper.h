//! The rtyper: from annotated graphs to low-level graphs (sections 3.2-3.3
//! of the paper; PyPy's rpython/rtyper).
//!
//! Every annotation gets a Repr: the low-level type its values have (a
//! Signed, a pointer to a string struct, a pointer to an instance struct
//! with its vtable, ...). The rtyper then rewrites each graph in place,
//! operation by operation, into low-level operations on those
//! representations — or into calls to system-code helpers written in
//! low-level Python (runtime/python/futamura/rtyper/ll_*.py), which the
//! low-level annotator specializes and lowers (figure 3 of the paper: the
//! rtyper inserts `ll_append`). Values passed along links are converted
//! between representations where the target block's variable has a more
//! general one (an int joining a float, an instance of a subclass, a None).
//!
//! Where things are:
//!   rtyper.cpp   reprs, constants, conversions, graphs and their signatures
//!   rclass.cpp   classes: instance structs, vtables, subclass ranges,
//!                exceptions (the ExceptionHost of system code)
//!   rops.cpp     the rtyping of each high-level operation
#pragma once

#include "futamura/annotator/annotator.h"
#include "futamura/rtyper/llannotator.h"

#include <map>
#include <memory>
#include <set>

namespace futamura::rtyper {

using annotator::ClassDef;
using annotator::SomeValue;

enum class ReprKind : uint8_t {
    Void,     // None, single prebuilt constants (functions, classes, frozen), builtins
    Frozen,   // one of several frozen prebuilt objects: Ptr to a static struct of their attributes
    Int,      // Signed, Unsigned, SignedLongLong
    Bool,
    Float,
    Char,     // a 1-character str: UniChar
    Str,      // Ptr(STR) or Ptr(BYTES), maybe null
    Instance, // Ptr(instance struct of a class), maybe null
    List,     // Ptr(list struct)
    Dict,     // Ptr(dict struct)
    Tuple,    // Ptr(tuple struct)
    FuncPtr,  // several functions: a function pointer
    ClassPtr, // classes and types as values: Ptr(vtable)
    Method,   // a method bound to an instance: the instance pointer
    BuiltinMethod, // a builtin method bound to its object: the object
    Iter,     // an iterator: Ptr(iterator struct)
};

enum class IterKind : uint8_t { Range, List, Str, DictKeys, DictValues, DictItems, Enumerate, ReversedList };

struct ClassInfo;

struct Repr {
    ReprKind kind = ReprKind::Void;
    const LowLevelType* ll = Void;
    const SomeValue* s = nullptr;     // a representative annotation
    ClassInfo* cls = nullptr;         // Instance, Method, ClassPtr
    const Repr* item = nullptr;       // List items, Iter results
    const Repr* key = nullptr;        // Dict
    const Repr* value = nullptr;      // Dict
    std::vector<const Repr*> items;   // Tuple
    const FuncType* functype = nullptr; // FuncPtr
    const Repr* self = nullptr;       // BuiltinMethod: the object's repr
    IterKind iter = IterKind::List;   // Iter
    const Repr* container = nullptr;  // Iter
    bool isBytes = false;             // Str
    bool nullable = false;            // pointer reprs: may be null (None)
    std::map<std::string, const Repr*> fields; // Frozen: attribute -> repr (field "a_<name>")
};

/// A construct the rtyper cannot lower: "file:line: message".
class RTyperError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RTyper : public ExceptionHost {
public:
    RTyper(annotator::RPythonAnnotator& ann, LLContext& ctx);
    ~RTyper() override;

    /// Rtypes every graph the annotator reached.
    void specialize();
    /// The function pointer of a graph (after specialize()).
    ir::Constant* functionPointer(ir::FunctionGraph* graph);
    /// Every graph of the program: the annotated ones, then system helpers.
    std::vector<ir::FunctionGraph*> allGraphs() const;

    const Repr* reprOf(const SomeValue* s);
    const Repr* reprOfValue(const ir::Value* v);
    /// A low-level constant of repr `r` for the Python object `obj`.
    ir::Constant* convertConst(PyObject* obj, const Repr* r);
    /// The STR/BYTES pointer types.
    const LowLevelType* strType() const { return strPtr_; }
    const LowLevelType* bytesType() const { return bytesPtr_; }

    // --- ExceptionHost ---------------------------------------------------------
    const LowLevelType* exceptionValueType() override;
    const LowLevelType* exceptionTypeType() override;
    ir::Constant* vtableOf(PyObject* cls) override;
    ir::Constant* allocatorOf(PyObject* cls) override;

    // --- used by the per-operation code ---------------------------------------
    annotator::RPythonAnnotator& annotator() { return ann_; }
    LLContext& context() { return ctx_; }
    LowLevelAnnotator& helpers() { return llann_; }
    ClassInfo* classInfo(ClassDef* cdef);
    ClassInfo* rootClass() { return root_; }
    const Repr* simpleRepr(ReprKind kind, const LowLevelType* ll);
    /// The Python object of a system-code helper: `module.name` of
    /// futamura.rtyper.
    PyObject* helper(const char* module, const char* name);
    /// The Python lltype of a list of STR (as system code spells it).
    PyObject* strListType();
    /// A list repr of `item`s (tuples iterated or indexed by a variable).
    const Repr* listOfItems(const Repr* item);
    /// Ptr to the struct of a resizable list of `item`s ({length, items}).
    const LowLevelType* listType(const LowLevelType* item);
    /// A prebuilt tuple as a prebuilt list of `listRepr`.
    ir::Constant* tupleAsList(PyObject* tuple, const Repr* listRepr);
    /// A system helper generated for one type (the hash of a tuple type
    /// calling its items' hashes, ...): `source` defines `name`, reading the
    /// given globals; memoized by `key`.
    PyObject* synthesize(const std::string& key, const std::string& source, const char* name,
                         const std::vector<std::pair<std::string, PyObject*>>& globals);
    /// The low-level signature a graph is called with.
    struct Signature {
        std::vector<const Repr*> args;
        const Repr* result;
    };
    const Signature& signatureOf(ir::FunctionGraph* graph);
    /// Make every graph of `graphs` callable through one function type:
    /// arguments and results are joined (methods: `self` is the instance of
    /// `selfClass`).
    const FuncType* unifySignatures(const std::vector<ir::FunctionGraph*>& graphs,
                                    ClassInfo* selfClass);
    [[noreturn]] void error(const ir::Operation* op, const std::string& message);
    std::string positionOf(const ir::Operation* op) const;

    // Classes (rclass.cpp)
    void buildClasses();
    ir::Constant* vtableConst(ClassInfo* c);
    ir::Constant* instantiate(ClassInfo* c); // fnptr: () -> Ptr(instance of c)
    /// Where an instance attribute is stored: the class owning the field.
    ClassInfo* fieldOwner(ClassInfo* c, const std::string& name);
    /// The vtable slot holding method `name` for calls through class `c`.
    ClassInfo* methodSlotOwner(ClassInfo* c, const std::string& name);

    ir::Constant* stringConst(const std::string& utf8, bool bytes);
    ir::Constant* prebuiltInstance(PyObject* obj, ClassInfo* c);
    /// Prebuilt lists, dicts and tuples (rops.cpp).
    ir::Constant* prebuiltData(PyObject* obj, const Repr* r);

private:
    friend struct HighLevelOp;
    friend struct ClassBuilder;
    void specializeGraph(ir::FunctionGraph* graph);
    void specializeBlock(ir::FunctionGraph* graph, ir::Block* block);
    void convertLinks(ir::FunctionGraph* graph, ir::Block* block);
    void applySignature(ir::FunctionGraph* graph);
    std::string reprKey(const SomeValue* s);
    const Repr* makeRepr(const SomeValue* s);
    void collectMethodSlots();

    annotator::RPythonAnnotator& ann_;
    LLContext& ctx_;
    LowLevelAnnotator llann_;
    const LowLevelType* strPtr_ = nullptr;
    const LowLevelType* bytesPtr_ = nullptr;
    std::map<std::string, std::unique_ptr<Repr>> reprs_;
    std::map<const SomeValue*, const Repr*> reprBySome_;
    std::deque<std::unique_ptr<ClassInfo>> classes_;
    std::map<ClassDef*, ClassInfo*> classByDef_;
    ClassInfo* root_ = nullptr;
    std::map<ir::FunctionGraph*, Signature> signatures_;
    std::set<ir::FunctionGraph*> specialized_;
    std::vector<ir::FunctionGraph*> order_;
    /// Operations lowered after the raising call of a raising block (the
    /// conversion of its result, ...): they belong on the normal exit.
    std::map<ir::Block*, std::vector<ir::Operation*>> trailing_;
    std::map<std::string, py::PyRef> helperObjs_;
    py::PyRef strListType_;
    std::map<std::pair<PyObject*, const Repr*>, ir::Constant*> tupleLists_;
    std::map<std::pair<PyObject*, const Repr*>, ir::Constant*> frozenStructs_;
    std::set<ClassDef*> instantiable_; // classes called through a variable
    std::map<std::pair<std::string, bool>, ir::Constant*> strings_;
    std::map<PyObject*, ir::Constant*> prebuilt_;
    std::vector<py::PyRef> keepAlive_;
    std::map<std::pair<ClassInfo*, std::string>, ClassInfo*> methodSlots_;
    std::map<ClassInfo*, ir::FunctionGraph*> excAllocs_;

public:
    // Method slots found in the program: (class where reads happen, name).
    std::map<std::string, std::vector<ClassInfo*>> methodReads;
};

/// What rclass.cpp builds for each class.
struct ClassInfo {
    ClassDef* def = nullptr; // null for the root `object`
    ClassInfo* base = nullptr;
    std::vector<ClassInfo*> subs;
    std::string name;
    const Struct* instStruct = nullptr;  // GcStruct
    const Struct* vtableStruct = nullptr; // Struct
    const LowLevelType* instPtr = nullptr;
    const LowLevelType* vtablePtr = nullptr;
    LLContainer* vtable = nullptr;
    int64_t rangeMin = 0, rangeMax = 0;
    std::map<std::string, const Repr*> fields;      // instance fields declared here
    std::map<std::string, const Repr*> classFields; // vtable fields declared here (cls_x)
    std::map<std::string, const FuncType*> methodSlots; // vtable slots declared here (m_x)
    ir::FunctionGraph* allocGraph = nullptr;
    bool isException = false;
};

} // namespace futamura::rtyper
