//! The code-generation API of the JIT generator: what a generating extension
//! calls at run time to emit residual code (PyPy's 2007 `rgenop`, redesigned
//! so that a backend receives whole functions, not one instruction at a time).
//!
//! Recording is separate from compiling. Builders record a residual function
//! (a Unit) as a proper SSI low-level graph — every variable defined once and
//! local to its block, values passed along links, every variable and constant
//! typed — the same ir::FunctionGraph every stage of the translator uses, so
//! the printer prints it, the verifiers check it and llinterp runs it. A
//! Backend receives the finished graph (`compile`), and later each bridge
//! added to one of its flexible switches (`addCase`), whole.
//!
//!   Backend   one per code cache: makes units and constants, compiles
//!   Unit      one residual function: signature, graph, entry builder
//!   Builder   one open block of a unit ("a place where code is written");
//!             several may be open (paused) at once, one is written at a time
//!   Operand   a run-time value of the unit or a typed constant
//!   Label     a block that jumps may reach, with the types of its inputs
//!   Switch    a switch on an integer whose cases can be added later, even
//!             after the unit was compiled and ran (promotion)
//!
//! Values and blocks. An Operand that is a variable names a value of the unit
//! (a virtual register), not an ir::Variable: each block a builder opens gets
//! fresh ir::Variables for the operands that are live into it, and the same
//! Operand keeps naming the value there. Every operation that opens a block
//! (enterNextBlock, jumpIf*, flexswitch, addCase) takes the list of operands
//! live into it; an operand not passed is not available there (CodegenError).
//! Constants are available everywhere.
//!
//! Builder states. A builder is writing, paused or finished. Only the writing
//! builder of a unit may emit; `pause()` and `start()` switch between open
//! builders; `ret` and `jump` finish one. Misuse (emitting into a paused or
//! finished builder, starting a second writer, an operand of another unit or
//! not live in the block, ill-typed arguments the builder can see) throws
//! CodegenError and leaves the unit unchanged.
//!
//! Compiling. `Backend::compile(unit)` hands the whole graph over once every
//! builder is finished, so a backend can allocate registers with a global
//! view. Cases added to a switch of a compiled unit form a bridge: its blocks
//! are recorded into the same graph (they may jump back to the unit's labels)
//! but join the switch only when the bridge's last builder finishes and the
//! backend accepted it (`compileBridge`; a machine-code backend compiles
//! those blocks on their own and links them into the switch's case table).
//!
//! Example: `f(x, y) = x + y`
//!
//!   LLGraphBackend backend(ctx);
//!   Unit& u = backend.newUnit({Signed, Signed}, Signed, "add");
//!   Builder& b = u.entry();                       // writing
//!   b.ret(b.op(Opcode::IntAdd, {u.input(0), u.input(1)}, Signed));
//!   backend.compile(u);                           // verified: runnable
//!   interp.call(u.graph(), {LLValue::integer(2), LLValue::integer(3)});  // 5
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"
#include "futamura/rtyper/lltype.h"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace futamura::jitgen::codegen {

using ir::LLValue;
using ir::Opcode;
using rtyper::LowLevelType;

class Backend;
class Builder;
class Unit;

/// A misuse of the API, or a unit a backend cannot compile. Never a crash:
/// the generating extension can catch it and fall back to the interpreter.
class CodegenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A residual value: a variable of one unit, or a low-level constant.
class Operand {
public:
    Operand() = default;
    /// Wraps a low-level constant (its concretetype is its type).
    static Operand constant(ir::Constant* c);

    bool valid() const { return type_ != nullptr; }
    bool isConst() const { return const_ != nullptr; }
    bool isVar() const { return valid() && !const_; }
    const LowLevelType* type() const { return type_; }
    /// Constants: the ir constant and its value (rgenop's revealconst).
    ir::Constant* irConstant() const { return const_; }
    LLValue value() const;
    /// Variables: the number of the value in its unit, and the unit.
    uint32_t varId() const { return var_; }
    const Unit* unit() const { return unit_; }

    bool operator==(const Operand& o) const {
        return type_ == o.type_ && const_ == o.const_ && var_ == o.var_ && unit_ == o.unit_;
    }

private:
    friend class Unit;
    const LowLevelType* type_ = nullptr;
    ir::Constant* const_ = nullptr;
    const Unit* unit_ = nullptr;
    uint32_t var_ = 0;
};

/// A block of a unit that `Builder::jump` can reach, with the types of its
/// inputs (the operands passed to `enterNextBlock`, in order).
class Label {
public:
    Label() = default;
    ir::Block* block() const { return block_; }
    const Unit* unit() const { return unit_; }
    const std::vector<const LowLevelType*>& types() const { return types_; }

private:
    friend class Builder;
    ir::Block* block_ = nullptr;
    const Unit* unit_ = nullptr;
    std::vector<const LowLevelType*> types_;
};

/// A switch on an integral value whose cases are added one by one
/// (`Backend::addCase`), before or after the unit is compiled; values
/// without a case take the default path, which the builder that made the
/// switch writes.
class Switch {
public:
    Unit& unit() const { return *unit_; }
    /// The switch's block (its exitswitch is the switched value).
    ir::Block* block() const { return block_; }
    const LowLevelType* type() const { return type_; }
    /// The operands live into every case, in order.
    const std::vector<Operand>& live() const { return live_; }
    bool hasCase(int64_t value) const { return cases_.count(value) != 0; }
    /// The case values added so far, in increasing order.
    std::vector<int64_t> cases() const;

private:
    friend class Builder;
    friend class Backend;
    Unit* unit_ = nullptr;
    ir::Block* block_ = nullptr;
    const LowLevelType* type_ = nullptr;
    std::vector<Operand> live_;
    std::vector<ir::Value*> liveValues_; // the live operands in the switch block
    std::map<int64_t, ir::Link*> cases_;
    size_t segment_ = 0; // of the builder that made the switch
};

/// Blocks added to a compiled unit by one `Backend::addCase`: what a backend
/// compiles separately and links into the switch.
struct Bridge {
    Switch* site = nullptr;
    int64_t caseValue = 0;
    ir::Link* link = nullptr;         // the case's link in the switch block
    std::vector<ir::Block*> blocks;   // the case's block first, in creation order
    bool compiled = false;
};

/// One open block of a unit, where operations are emitted. Owned by its unit.
class Builder {
public:
    enum class State : uint8_t { Writing, Paused, Finished };

    Unit& unit() const { return *unit_; }
    State state() const { return state_; }
    /// The block being written (for diagnostics and backends).
    ir::Block* block() const { return block_; }

    /// Makes this paused builder the unit's writing builder.
    void start();
    /// Stops writing, keeping the block open for a later start().
    void pause();

    // --- Operations ------------------------------------------------------

    /// One low-level operation (an LL opcode of opcodes.def, or same_as) with
    /// a result of type `result` (Void for stores). Returns the result.
    Operand op(Opcode opcode, std::span<const Operand> args, const LowLevelType* result);
    Operand op(Opcode opcode, std::initializer_list<Operand> args, const LowLevelType* result) {
        return op(opcode, std::span<const Operand>(args.begin(), args.size()), result);
    }
    /// A copy of `x` in a fresh variable (a constant made a run-time value).
    Operand sameAs(Operand x);

    /// Fields of a struct pointed to by `p` (the field must be in that very
    /// struct, not in a parent: cast_pointer first).
    Operand getfield(Operand p, std::string_view field);
    void setfield(Operand p, std::string_view field, Operand value);
    /// Items and length of an array pointed to by `a`.
    Operand getarrayitem(Operand a, Operand index);
    void setarrayitem(Operand a, Operand index, Operand value);
    Operand getarraysize(Operand a);
    /// A new (zeroed) container of type T: a pointer to it.
    Operand malloc(const LowLevelType* T);
    Operand mallocVarsize(const LowLevelType* T, Operand length);
    /// A call of a function pointer: direct_call when `fn` is a constant,
    /// indirect_call otherwise. Arguments are checked against its FuncType.
    Operand call(Operand fn, std::span<const Operand> args);
    Operand call(Operand fn, std::initializer_list<Operand> args) {
        return call(fn, std::span<const Operand>(args.begin(), args.size()));
    }
    /// A direct call of another unit (which may still be recording).
    Operand call(const Unit& callee, std::span<const Operand> args);
    Operand call(const Unit& callee, std::initializer_list<Operand> args) {
        return call(callee, std::span<const Operand>(args.begin(), args.size()));
    }

    // --- Control flow ----------------------------------------------------

    /// Closes the block and continues in a new one whose inputs are `live`,
    /// which jumps may reach later. `live` is rewritten in place: constants
    /// and repeated operands become fresh variables (a loop may change them).
    Label enterNextBlock(std::vector<Operand>& live);
    /// Conditional jump on a Bool: returns a new paused builder for the taken
    /// branch; this builder continues on the other one. Both start with
    /// `live` (variables; constants need not be passed).
    Builder& jumpIfTrue(Operand cond, std::span<const Operand> live);
    Builder& jumpIfFalse(Operand cond, std::span<const Operand> live);
    /// A switch on an integral `value` with no case yet: this builder
    /// continues on the default path, with `live`. Add cases with
    /// Backend::addCase.
    Switch& flexswitch(Operand value, std::span<const Operand> live);
    /// Finishes the builder with a jump to `label`, passing `args` to its
    /// inputs (as many, of the same types).
    void jump(const Label& label, std::span<const Operand> args);
    void jump(const Label& label, std::initializer_list<Operand> args) {
        jump(label, std::span<const Operand>(args.begin(), args.size()));
    }
    /// Finishes the builder with a return of `value` (the unit's result type).
    void ret(Operand value);

private:
    friend class Unit;
    friend class Backend;
    Builder(Unit* unit, uint32_t id, ir::Block* block, size_t segment)
        : unit_(unit), id_(id), block_(block), segment_(segment) {}

    void checkWriting(const char* what) const;
    std::string describe() const;
    ir::Value* use(const Operand& x, const char* what) const;
    /// The live variables, deduplicated, with their values in this block.
    void collectLive(std::span<const Operand> live, std::vector<Operand>& vars,
                     std::vector<ir::Value*>& values) const;
    /// A new block with fresh inputs for `vars`, and the environment there.
    ir::Block* newBlock(const std::vector<Operand>& vars,
                        std::unordered_map<uint32_t, ir::Variable*>& env) const;
    ir::Variable* emit(Opcode opcode, std::vector<ir::Value*> args, const LowLevelType* result);
    Operand resultOperand(ir::Variable* v, const LowLevelType* type);
    Builder& branch(Operand cond, std::span<const Operand> live, bool when);
    void finish();

    Unit* unit_;
    uint32_t id_;
    ir::Block* block_;
    size_t segment_; // 0: the unit's first recording; k: bridge k-1
    State state_ = State::Paused;
    /// Operand number -> its variable in block_.
    std::unordered_map<uint32_t, ir::Variable*> env_;
};

/// One residual function being recorded, then compiled, then possibly
/// extended by bridges. Owned by its Backend.
class Unit {
public:
    const std::string& name() const { return graph_->name; }
    const rtyper::FuncType* signature() const { return sig_; }
    /// The residual graph (complete once compiled; it grows with bridges).
    ir::FunctionGraph* graph() const { return graph_; }
    /// A constant function pointer to the unit (Ptr(signature())), for calls
    /// from other units and LLInterpreter::callPointer.
    ir::Constant* functionPointer() const;
    /// The builder of the start block (writing when the unit is made).
    Builder& entry() const { return *builders_.front(); }
    /// The unit's arguments, as operands live in the entry block.
    const std::vector<Operand>& inputs() const { return inputs_; }
    const Operand& input(size_t i) const { return inputs_.at(i); }

    bool compiled() const { return compiled_; }
    /// Builders not finished yet (writing or paused).
    size_t openBuilders() const;
    /// The builder now writing, or null.
    Builder* writing() const { return writing_; }
    const std::deque<Bridge>& bridges() const { return bridges_; }
    Backend& backend() const { return *backend_; }

private:
    friend class Backend;
    friend class Builder;
    Unit(Backend* backend, const rtyper::FuncType* sig, std::string name,
         std::vector<std::string> argnames);
    Operand newVar(const LowLevelType* type);
    Builder& newBuilder(ir::Block* block, size_t segment);
    void noteBlock(ir::Block* block, size_t segment);
    void builderFinished(Builder& b);

    Backend* backend_;
    const rtyper::FuncType* sig_;
    ir::FunctionGraph* graph_ = nullptr;
    std::vector<Operand> inputs_;
    std::deque<std::unique_ptr<Builder>> builders_;
    std::deque<Switch> switches_;
    std::deque<Bridge> bridges_;
    std::vector<size_t> openInSegment_; // open builders per segment
    Builder* writing_ = nullptr;
    uint32_t nextVar_ = 0;
    bool compiled_ = false;
};

/// Makes units and constants and compiles finished code. Subclasses are the
/// backends: they see each unit once, whole, when `compile` is called, then
/// each bridge once, whole, when its last builder finishes.
class Backend {
public:
    explicit Backend(rtyper::LLContext& ctx);
    virtual ~Backend();
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    virtual std::string_view name() const = 0;
    rtyper::LLContext& context() const { return ctx_; }

    /// Starts a residual function of signature `sig`; its entry builder is
    /// writing. `argnames` (optional) name the arguments in printed graphs.
    Unit& newUnit(const rtyper::FuncType* sig, std::string name,
                  std::vector<std::string> argnames = {});
    Unit& newUnit(std::vector<const LowLevelType*> args, const LowLevelType* result,
                  std::string name, std::vector<std::string> argnames = {});

    /// Hands the finished unit to the backend. Throws CodegenError when
    /// builders are still open, when it was compiled before, or when the
    /// backend rejects it (the unit then stays uncompiled).
    void compile(Unit& unit);
    /// Adds the case `value` to `sw`: a paused builder for it, starting with
    /// the switch's live operands. On a compiled unit the builders opened
    /// from it form a bridge, compiled as soon as the last of them finishes
    /// (a rejected bridge throws CodegenError from that finishing call, and
    /// the case stays out of the switch). A case added twice is an error.
    Builder& addCase(Switch& sw, int64_t value);

    // --- Constants -------------------------------------------------------
    Operand constant(const LowLevelType* type, LLValue value);
    Operand intConst(int64_t v) { return constant(rtyper::Signed, LLValue::integer(v)); }
    Operand boolConst(bool v) { return constant(rtyper::Bool, LLValue::integer(v)); }
    Operand floatConst(double v) { return constant(rtyper::Float, LLValue::floating(v)); }
    Operand nullConst(const LowLevelType* ptrType) {
        return constant(ptrType, LLValue::pointer(nullptr));
    }

protected:
    /// The backend's work on a finished unit (throw CodegenError to reject).
    virtual void compileUnit(Unit& unit) = 0;
    /// The backend's work on a finished bridge of a compiled unit.
    virtual void compileBridge(Unit& unit, Bridge& bridge) = 0;

private:
    friend class Unit;
    void finishBridge(Unit& unit, Bridge& bridge);

    rtyper::LLContext& ctx_;
    std::deque<std::unique_ptr<Unit>> units_;
};

/// The first backend: the residual graphs themselves. Compiling verifies a
/// unit (ir::verifyGraph and rtyper::verifyLowLevelGraph) so that llinterp
/// can run it: `LLInterpreter::call(unit.graph(), args)`. A bridge is the
/// case's blocks added to the same graph, verified again.
///
/// Limitation: an LLInterpreter maps a graph's variables to frame slots the
/// first time it runs the graph, and does not see blocks added later. A unit
/// that gained a bridge must be run by an interpreter that has not run it
/// before (a frame already inside the unit must not reach the new case),
/// until llinterp extends its slot map for graphs that grow.
class LLGraphBackend final : public Backend {
public:
    using Backend::Backend;
    std::string_view name() const override { return "llgraph"; }
    size_t unitsCompiled() const { return unitCount_; }
    size_t bridgesCompiled() const { return bridgeCount_; }

protected:
    void compileUnit(Unit& unit) override;
    void compileBridge(Unit& unit, Bridge& bridge) override;

private:
    size_t unitCount_ = 0;
    size_t bridgeCount_ = 0;
};

// --- Residual code shape ----------------------------------------------------

/// How many operations of each opcode a graph holds (its reachable blocks),
/// same_as excluded: the measure of residual code in the JIT's tests.
struct OpHistogram {
    std::map<std::string, size_t> counts; // by opcode name
    size_t total = 0;
    size_t count(std::string_view opname) const;
    /// "int_add: 2, int_lt: 1" in name order.
    std::string str() const;
};
OpHistogram countOperations(const ir::FunctionGraph& graph);
/// The same, counting only the blocks on a cycle (the residual loops; the
/// default paths of switches, which call the compiler back, are cold and
/// not counted).
OpHistogram countLoopOperations(const ir::FunctionGraph& graph);

} // namespace futamura::jitgen::codegen
