//! The bookkeeper: what the annotator knows beyond single variables.
//!
//! Section 4.3 of the paper. Descriptions of the program's prebuilt
//! constants (functions with their graphs, classes, methods, frozen
//! objects); a classdef per class reached, with its attributes discovered
//! as the program reads and writes them; listdefs and dictdefs shared by
//! every list or dict that meets another; the annotations of prebuilt values.
//! Everything here only grows, and whoever reads a growing thing is reflowed
//! when it grows.
#pragma once

#include "futamura/annotator/model.h"
#include "futamura/flowspace/flowspace.h"

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <unordered_map>

namespace futamura::annotator {

class Bookkeeper;

/// Where an annotation came from, for error messages.
struct Origin {
    std::string file;
    int line = 0;
    std::string what; // e.g. "item appended", "attribute set"
};

/// A growing annotation that operations read (a list's items, an
/// attribute): reading registers the position; growing reflows the readers.
class GrowingValue {
public:
    const SomeValue* value = nullptr;
    std::set<Position> readers;
    std::optional<Origin> origin; // where it was first set
    /// Joins `s` in; returns true (and reflows readers) if it grew.
    bool generalize(Bookkeeper& bk, const SomeValue* s, const char* what);
    const SomeValue* read(Bookkeeper& bk);
};

class ListDef {
public:
    ListDef* find();
    GrowingValue item;
    bool resized = false;  // append, pop, insert, ... seen
    bool mutated = false;  // setitem, sort, reverse seen
    bool rangeList = false; // built by range(): items are known ints
    ListDef* parent = nullptr;
    uint32_t id = 0;
};

class DictDef {
public:
    DictDef* find();
    GrowingValue key, value;
    DictDef* parent = nullptr;
    uint32_t id = 0;
};

class ClassDef;

class Desc {
public:
    enum class Kind { Function, Class, Method, Frozen, MethodOfFrozen };
    Desc(Kind kind, uint32_t id, py::PyRef obj) : kind(kind), id(id), obj(std::move(obj)) {}
    virtual ~Desc() = default;
    Kind kind;
    uint32_t id;
    py::PyRef obj; // the Python object described
    std::string name;
};

/// A function, with one graph per specialization key.
class FunctionDesc : public Desc {
public:
    FunctionDesc(uint32_t id, py::PyRef func);
    std::vector<std::string> argnames; // positional, then keyword-only
    int nposargs = 0;                  // positional parameters
    bool hasVarargs = false;
    py::PyRef defaults;   // tuple or null
    py::PyRef kwdefaults; // dict or null
    std::string specialize; // "", "argtype(0,1)", "arg(1)", "memo", "call_location"
    std::map<std::string, ir::FunctionGraph*> graphs; // by specialization key
};

class ClassDesc : public Desc {
public:
    ClassDesc(uint32_t id, py::PyRef cls) : Desc(Kind::Class, id, std::move(cls)) {}
    ClassDef* classdef = nullptr;
};

/// A method read from an instance: the function, where it is defined, and
/// the class the instance is known to have.
class MethodDesc : public Desc {
public:
    MethodDesc(uint32_t id, FunctionDesc* func, ClassDef* origin, ClassDef* self,
               std::string name);
    FunctionDesc* func;
    ClassDef* origin;
    ClassDef* selfClass;
};

/// A prebuilt object frozen with `_freeze_()` (or a module): its attributes
/// are constants.
class FrozenDesc : public Desc {
public:
    FrozenDesc(uint32_t id, py::PyRef obj) : Desc(Kind::Frozen, id, std::move(obj)) {}
    /// Attributes the program reads on this object (the fields of the
    /// struct that represents a variable holding several frozen objects).
    std::set<std::string> attrsRead;
};

/// A method bound to a frozen object.
class MethodOfFrozenDesc : public Desc {
public:
    MethodOfFrozenDesc(uint32_t id, FunctionDesc* func, FrozenDesc* frozen)
        : Desc(Kind::MethodOfFrozen, id, func->obj), func(func), frozen(frozen) {}
    FunctionDesc* func;
    FrozenDesc* frozen;
};

class ClassDef {
public:
    py::PyRef cls;
    std::string name; // module-qualified
    ClassDef* base = nullptr;
    std::vector<ClassDef*> subdefs;
    ClassDesc* desc = nullptr;
    uint32_t id = 0;
    std::map<std::string, GrowingValue> attrs; // instance attributes living here

    bool isSubclassOf(const ClassDef* other) const;
    /// Every classdef below this one, depth first, in a fixed order.
    std::vector<ClassDef*> subclasses() const;
    /// The classdef holding attribute `name` for reads through this class:
    /// this class or a base; if only subclasses have it, it moves up here.
    GrowingValue& locateAttr(Bookkeeper& bk, const std::string& name);
    /// Where `name` is found in the class dicts of this class and its bases.
    PyObject* classAttr(const std::string& name, ClassDef** owner = nullptr);
};

/// The call chain and position of the operation being annotated, for errors.
class AnnotatorError : public std::runtime_error {
public:
    AnnotatorError(std::string file, int line, std::string message, std::string context);
    std::string file;
    int line;
    std::string message, context;
};

class Bookkeeper {
public:
    Bookkeeper(flow::FlowSpace& space, Engine& engine);
    ~Bookkeeper();

    flow::FlowSpace& space() { return space_; }
    Engine& engine() { return engine_; }

    // --- annotations ----------------------------------------------------------
    const SomeValue* impossible() const { return impossible_; }
    const SomeValue* none() const { return none_; }
    const SomeValue* integer(bool nonneg = false, IntKind k = IntKind::Signed);
    const SomeValue* boolean();
    const SomeValue* floating();
    const SomeValue* string(StrKind k = StrKind::Str, bool nullable = false);
    const SomeValue* character();
    SomeValue* make(SomeKind kind); // a fresh annotation to fill in
    /// A list or dict made by the current operation (the same def on every
    /// reflow of it), or a prebuilt one (a def of its own).
    const SomeValue* newList(const SomeValue* item, bool rangeList = false, bool prebuilt = false);
    const SomeValue* newDict(const SomeValue* key, const SomeValue* value, bool prebuilt = false);
    const SomeValue* tuple(std::vector<const SomeValue*> items);
    const SomeValue* instance(ClassDef* classdef, bool nullable = false);
    const SomeValue* pbc(std::vector<Desc*> descs, bool nullable = false);
    const SomeValue* iterator(const SomeValue* container, IterVariant variant);
    const SomeValue* builtin(const std::string& name, const SomeValue* self, PyObject* obj);
    const SomeValue* withConstant(const SomeValue* s, PyObject* value);
    const SomeValue* noneify(const SomeValue* s);
    const SomeValue* nonnoneify(const SomeValue* s);

    /// The annotation of a prebuilt Python value.
    const SomeValue* immutableValue(PyObject* obj);

    // --- the lattice ---------------------------------------------------------
    const SomeValue* join(const SomeValue* a, const SomeValue* b);
    bool contains(const SomeValue* big, const SomeValue* small);
    /// The common base of two classdefs, or null.
    ClassDef* commonBase(ClassDef* a, ClassDef* b);
    ListDef* mergeLists(ListDef* a, ListDef* b);
    DictDef* mergeDicts(DictDef* a, DictDef* b);

    // --- descriptions -----------------------------------------------------------
    Desc* getDesc(PyObject* obj);
    FunctionDesc* functionDesc(PyObject* func);
    ClassDef* getClassDef(PyObject* cls);
    MethodDesc* methodDesc(FunctionDesc* f, ClassDef* origin, ClassDef* self,
                           const std::string& name);
    const std::deque<std::unique_ptr<ClassDef>>& classdefs() const { return classdefs_; }
    ir::FunctionGraph* graphFor(FunctionDesc* f, const std::string& key);

    /// The graph a call operation reaches for one of the callee's
    /// descriptions (the specialization the annotator chose), or null.
    ir::FunctionGraph* callGraph(const ir::Operation* op, const Desc* d) const {
        auto it = callGraphs_.find({op, d});
        return it == callGraphs_.end() ? nullptr : it->second;
    }
    void noteCallGraph(const ir::Operation* op, const Desc* d, ir::FunctionGraph* g) {
        callGraphs_[{op, d}] = g;
    }
    /// An operation on an instance that calls one of its special methods
    /// (len() -> __len__, x[i] -> __getitem__, ...): the bound methods it
    /// calls (a PBC of MethodDescs), or null for any other operation.
    const SomeValue* specialCall(const ir::Operation* op) const {
        auto it = specialCalls_.find(op);
        return it == specialCalls_.end() ? nullptr : it->second;
    }
    void noteSpecialCall(const ir::Operation* op, const SomeValue* methods) {
        specialCalls_[op] = methods;
    }

    /// Every graph's FunctionDesc (for printing signatures).
    FunctionDesc* descOfGraph(const ir::FunctionGraph* g) const;

    // --- errors ---------------------------------------------------------------
    [[noreturn]] void error(const std::string& message) const;
    std::string callChain() const;
    Origin here(const char* what) const;


private:
    const SomeValue* immutableValueNow(PyObject* obj);
    void deferMerge(std::function<void()> work);
    const SomeValue* immutableScalar(PyObject* obj);
    const SomeValue* immutableObject(PyObject* obj);

    flow::FlowSpace& space_;
    Engine& engine_;
    std::deque<std::unique_ptr<SomeValue>> values_;
    const SomeValue* impossible_;
    const SomeValue* none_;
    const SomeValue* ints_[2][3];
    const SomeValue* bool_;
    const SomeValue* float_;
    const SomeValue* strs_[2][2];
    const SomeValue* char_;
    std::deque<std::unique_ptr<ListDef>> listdefs_;
    std::deque<std::unique_ptr<DictDef>> dictdefs_;
    std::map<Position, ListDef*> listdefAt_;
    std::map<Position, DictDef*> dictdefAt_;
    std::deque<std::unique_ptr<ClassDef>> classdefs_;
    std::deque<std::unique_ptr<Desc>> descs_;
    std::unordered_map<PyObject*, Desc*> descByObject_;
    std::unordered_map<PyObject*, ClassDef*> classdefByClass_;
    std::map<std::tuple<FunctionDesc*, ClassDef*, ClassDef*, std::string>, MethodDesc*> methods_;
    std::unordered_map<PyObject*, const SomeValue*> prebuilt_; // lists, dicts, instances
    std::vector<py::PyRef> keepAlive_;
    std::unordered_map<const ir::FunctionGraph*, FunctionDesc*> graphDesc_;
    std::map<std::pair<const ir::Operation*, const Desc*>, ir::FunctionGraph*> callGraphs_;
    std::unordered_map<const ir::Operation*, const SomeValue*> specialCalls_;
    std::unordered_map<PyObject*, std::string> rlibBuiltins_;
    int prebuiltDepth_ = 0;
    bool merging_ = false;
    std::deque<std::function<void()>> mergeWork_; // items of merged defs
    std::deque<std::function<void()>> prebuiltWork_; // contents of prebuilt data
    friend class ClassDef;
    friend class GrowingValue;
};

} // namespace futamura::annotator
