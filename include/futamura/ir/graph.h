//! The flow graph model shared by every level of the translator.
//!
//! One graph model for all levels (figure 4 of the paper): the flow space
//! builds these graphs with Python objects as constants, the annotator attaches
//! annotations to their variables, the rtyper low-level types, and later stages
//! rewrite them in place. Names follow the paper and PyPy:
//!
//!   FunctionGraph  startblock, returnblock (one input: the result) and
//!                  exceptblock (two inputs: exception type and value)
//!   Block          input variables, operations, an exit switch and exits
//!   Link           arguments passed to the target's input variables; an
//!                  exit case; exception links define last_exception and
//!                  last_exc_value
//!   Variable       defined exactly once; lives in one block (SSI form)
//!   Constant       a Python object (and, below the rtyper, a low-level value)
//!   Operation      opcode, arguments, result, source position
//!
//! All nodes of a translation live in one Arena, which gives each node a small
//! id in creation order. Everything that iterates does so in graph order or id
//! order, never pointer order, so that output is deterministic.
#pragma once

#include "futamura/ir/llvalue.h"
#include "futamura/ir/opcode.h"
#include "futamura/python/ref.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace futamura::ir {

class Block;
class FunctionGraph;

/// What a later stage attaches to a variable: an annotation (annotator, hint
/// annotator) or a low-level type (rtyper). The IR only needs to print them.
class TypeTag {
public:
    virtual ~TypeTag() = default;
    virtual std::string str() const = 0;
    /// A constant of this type, for printing (low-level types only).
    virtual std::string formatValue(const struct LLValue& value) const {
        (void)value;
        return "?";
    }
};

class Value {
public:
    enum class Kind : uint8_t { Variable, Constant };
    Kind kind() const { return kind_; }
    bool isVariable() const { return kind_ == Kind::Variable; }
    bool isConstant() const { return kind_ == Kind::Constant; }
    /// Small id, unique among the arena's values of the same kind.
    uint32_t id() const { return id_; }

protected:
    Value(Kind kind, uint32_t id) : kind_(kind), id_(id) {}

private:
    Kind kind_;
    uint32_t id_;
};

class Variable : public Value {
public:
    Variable(uint32_t id, std::string name) : Value(Kind::Variable, id), name_(std::move(name)) {}
    /// Name hint: the Python local it holds, or "v" for temporaries.
    const std::string& name() const { return name_; }
    void rename(std::string name) { name_ = std::move(name); }

    const TypeTag* annotation = nullptr;   // filled by the annotator
    const TypeTag* concretetype = nullptr; // filled by the rtyper

private:
    std::string name_;
};

class Constant : public Value {
public:
    Constant(uint32_t id, py::PyRef value) : Value(Kind::Constant, id), value_(std::move(value)) {}
    PyObject* value() const { return value_.get(); }
    const py::PyRef& ref() const { return value_; }

    /// Below the rtyper: the low-level type, and the value unless the type
    /// is Void (then the Python object, or llvalue.type, is the value).
    const TypeTag* concretetype = nullptr;
    LLValue llvalue;
    bool isLowLevel() const { return concretetype != nullptr; }

private:
    py::PyRef value_;
};

inline Variable* asVariable(Value* v) {
    return v && v->isVariable() ? static_cast<Variable*>(v) : nullptr;
}
inline Constant* asConstant(Value* v) {
    return v && v->isConstant() ? static_cast<Constant*>(v) : nullptr;
}

struct SourcePos {
    const std::string* file = nullptr; // interned by the arena
    int line = 0;
};

class Operation {
public:
    Operation(uint32_t id, Opcode opcode, std::vector<Value*> args, Variable* result, SourcePos pos)
        : opcode(opcode), args(std::move(args)), result(result), pos(pos), id_(id) {}
    uint32_t id() const { return id_; }

    Opcode opcode;
    std::vector<Value*> args;
    Variable* result;
    SourcePos pos;

private:
    uint32_t id_;
};

class Link {
public:
    Link(uint32_t id, std::vector<Value*> args, Block* target, Constant* exitcase)
        : args(std::move(args)), target(target), exitcase(exitcase), id_(id) {}
    uint32_t id() const { return id_; }
    bool isExceptionLink() const { return lastException != nullptr; }

    std::vector<Value*> args;
    Block* target;
    Block* prevblock = nullptr;
    /// The value of the exit switch that selects this link (a bool, an int, a
    /// character, or on exception links the exception class); null for the
    /// only link of a block without switch and for the normal exit of a
    /// raising block.
    Constant* exitcase;
    /// Below the rtyper: the exit case as a low-level constant (a Bool, an
    /// integer or char of the switch's type, or the vtable of the caught
    /// class on exception links).
    Constant* llexitcase = nullptr;
    /// On exception links: the type and value of the caught exception. They
    /// are defined by the link itself and may appear in `args`.
    Value* lastException = nullptr;
    Variable* lastExcValue = nullptr;
    /// The source line where control leaves along this link (a return, a
    /// jump, a raise), for messages about what flows along it.
    SourcePos pos;

private:
    uint32_t id_;
};

class Block {
public:
    Block(uint32_t id, std::vector<Variable*> inputargs) : inputargs(std::move(inputargs)), id_(id) {}
    uint32_t id() const { return id_; }

    /// How control leaves the block.
    ///   exitswitch == null, !raising: one unconditional exit (or none for the
    ///     return and except blocks of a graph);
    ///   exitswitch != null: one exit per value of the switch (False/True for
    ///     a bool);
    ///   raising: the last operation may raise; exits[0] is the normal exit
    ///     and every other exit catches the exception class in its exitcase.
    bool isFinal() const { return exits.empty(); }
    void closeBlock(std::vector<Link*> links);
    /// Replaces the exits (used when a block is rewritten after closing).
    void recloseBlock(std::vector<Link*> links);

    std::vector<Variable*> inputargs;
    std::vector<Operation*> operations;
    Value* exitswitch = nullptr;
    bool raising = false;
    std::vector<Link*> exits;

private:
    uint32_t id_;
};

class FunctionGraph {
public:
    FunctionGraph(uint32_t id, std::string name, Block* startblock, Block* returnblock,
                  Block* exceptblock)
        : name(std::move(name)), startblock(startblock), returnblock(returnblock),
          exceptblock(exceptblock), id_(id) {}
    uint32_t id() const { return id_; }

    /// Blocks reachable from the start block, in depth-first order of exits,
    /// with the return and except blocks last: the canonical, deterministic
    /// order in which every stage visits a graph.
    std::vector<Block*> blocks() const;
    /// Links between those blocks, in the same order.
    std::vector<Link*> links() const;

    std::string name;
    Block* startblock;
    Block* returnblock;
    Block* exceptblock;
    py::PyRef func;          // the Python function this graph was built from, if any
    std::string filename;    // where it was defined
    int firstline = 0;
    std::vector<std::string> argnames;

private:
    uint32_t id_;
};

/// Owns every node of one translation.
class Arena {
public:
    Arena();
    ~Arena();
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    Variable* newVariable(std::string name = "v");
    /// A fresh variable with the same name hint (for copies across blocks).
    Variable* copyVariable(const Variable* v) { return newVariable(v->name()); }
    /// The constant for a Python object; one Constant per object identity.
    Constant* constant(PyObject* obj);
    Constant* constant(const py::PyRef& obj) { return constant(obj.get()); }
    Constant* noneConstant() { return constant(Py_None); }
    Constant* boolConstant(bool b) { return constant(b ? Py_True : Py_False); }
    /// A low-level constant: `value` of low-level type `type`. Interned by
    /// type and value (and by `obj`, the Python object of Void constants).
    Constant* llconstant(const TypeTag* type, LLValue value, PyObject* obj = nullptr);
    Block* newBlock(std::vector<Variable*> inputargs = {});
    Link* newLink(std::vector<Value*> args, Block* target, Constant* exitcase = nullptr);
    Operation* newOperation(Opcode opcode, std::vector<Value*> args, Variable* result,
                            SourcePos pos = {});
    /// A graph with fresh return and except blocks around `startblock`.
    FunctionGraph* newGraph(std::string name, Block* startblock);
    const std::string* internFile(const std::string& file);

    size_t variableCount() const { return variables_.size(); }
    size_t blockCount() const { return blocks_.size(); }
    const std::deque<FunctionGraph>& graphs() const { return graphs_; }

private:
    std::deque<Variable> variables_;
    std::deque<Constant> constants_;
    std::deque<Block> blocks_;
    std::deque<Link> links_;
    std::deque<Operation> operations_;
    std::deque<FunctionGraph> graphs_;
    std::unordered_map<PyObject*, Constant*> constantByObject_;
    struct LLKey {
        const TypeTag* type;
        uint8_t tag;
        uint64_t bits;
        PyObject* obj;
        uint32_t aux = 0;
        bool operator==(const LLKey&) const = default;
    };
    struct LLKeyHash {
        size_t operator()(const LLKey& k) const {
            return std::hash<const void*>()(k.type) ^ (std::hash<uint64_t>()(k.bits) * 31) ^
                   std::hash<const void*>()(k.obj) ^ k.tag;
        }
    };
    std::unordered_map<LLKey, Constant*, LLKeyHash> llconstants_;
    std::unordered_map<std::string, std::unique_ptr<std::string>> files_;
};

} // namespace futamura::ir
