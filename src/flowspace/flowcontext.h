//! The abstract interpreter behind the flow space (internal to src/flowspace).
//!
//! FlowContext builds the graph of one function: it keeps the pending blocks
//! (each with the frame state it starts in), records a block by interpreting
//! instructions from that state, and closes the block at a fork (a
//! conditional jump on a Variable, an operation that may raise inside a try
//! block, FOR_ITER), at a return or raise, or when it reaches a join point
//! (a jump target), where `mergeAt` compares the state with the blocks
//! already recorded there (section 4.1 of the paper).
#pragma once

#include "futamura/flowspace/flowspace.h"
#include "futamura/flowspace/framestate.h"

#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

namespace futamura::flow {

struct FlowSpace::Known {
    py::PyRef builtins;      // the builtins module's dict
    // builtin function -> (operation, number of arguments it takes as an op)
    std::unordered_map<PyObject*, std::pair<ir::Opcode, int>> func2op;
    // builtins whose call is refused, with the reason
    std::unordered_map<PyObject*, std::string> refused;
    py::PyRef ovfcheck, weAreTranslated; // from futamura.rlib (null if absent)
    // futamura.rlib.jit: the JitDriver class, hint(), promote(), we_are_jitted()
    py::PyRef jitDriver, jitHint, jitPromote, weAreJitted;
};


/// Computes a pure operation on constants in Python. Returns null (and leaves
/// no Python error) if it cannot or should not be folded.
py::PyRef foldOperation(ir::Opcode op, const std::vector<PyObject*>& args);

/// A class deriving from BaseException.
bool isExceptionClass(PyObject* obj);

class FlowContext {
public:
    FlowContext(FlowSpace& space, PyObject* func);
    ir::FunctionGraph* build();

private:
    struct SpamBlock {
        ir::Block* block;
        FrameState state;
        bool dead = false;
    };
    // Things on the value stack or in cells that are not program values.
    struct Special {
        enum class Kind { CellRef, Closure, MadeFunction } kind = Kind::CellRef;
        int depth = 0, slot = 0;     // CellRef: frame depth and slot
        std::vector<int> cells;      // Closure, MadeFunction: CellRef specials
        const CodeInfo* code = nullptr; // MadeFunction
    };
    enum class Next { Continue, Stop };
    using Position = std::vector<std::pair<const CodeInfo*, uint32_t>>;

    // Blocks and join points
    SpamBlock* newSpamBlock(const FrameState& state);
    ir::Link* makeLink(const FrameState& state, ir::Constant* exitcase);
    ir::Block* mergeAt(const FrameState& state, std::vector<ir::Value*>& args);
    bool isJoinPoint(const FrameState& state) const;
    void recordBlock(SpamBlock* spam);
    void closeCurrent(std::vector<ir::Link*> links, ir::Value* exitswitch = nullptr,
                      bool raising = false);

    // Interpretation
    Next step(const Instr& instr);
    ir::Value* record(ir::Opcode op, std::vector<ir::Value*> args, bool mayRaise = true);
    ir::Operation* producer(ir::Value* v) const; // op of the current block defining v
    ir::SourcePos here() const; // the position of the instruction being interpreted
    bool insideTry() const;
    std::optional<FrameState> unwind(const FrameState& state, FlowValue exc) const;
    Next raise(FlowValue exc);
    Next raiseValue(ir::Value* v);
    Next branch(ir::Value* cond, FrameState ifFalse, FrameState ifTrue);
    Next doReturn(FlowValue v);
    void doFork();
    Next call(FlowValue callable, std::vector<ir::Value*> args, PyObject* kwnames,
              ir::Value* starArgs);
    bool jitHintCall(PyObject* obj, const std::vector<ir::Value*>& args, PyObject* kwnames, ir::Value* starArgs,
                     Next& next);
    Next forIter(const Instr& instr);

    // Stack and values
    Frame& frame() { return state_.top(); }
    void push(FlowValue v) { frame().stack.push_back(v); }
    void pushValue(ir::Value* v) { push(FlowValue::value(v)); }
    FlowValue pop();
    ir::Value* popValue();
    ir::Value* valueOf(const FlowValue& fv);
    FlowValue& peek(size_t n); // n = 1 is the top
    ir::Constant* constant(PyObject* obj) { return arena_.constant(obj); }
    int specialIndex(Special s);
    FlowValue& cellTarget(int specialIdx);

    [[noreturn]] void error(const std::string& message) const;
    std::string context() const;
    std::string describe(ir::Value* v) const;

    FlowSpace& space_;
    ir::Arena& arena_;
    py::PyRef func_, globals_;
    const CodeInfo& code_;
    ir::FunctionGraph* graph_ = nullptr;

    std::deque<SpamBlock> spamBlocks_;
    std::deque<SpamBlock*> pending_;
    std::map<Position, std::vector<SpamBlock*>> joinPoints_;
    std::vector<Special> specials_;

    // The block being recorded
    SpamBlock* spam_ = nullptr;
    FrameState state_;
    const Instr* instr_ = nullptr; // instruction being interpreted, in the top frame
    uint32_t instrIndex_ = 0;
    uint8_t phase_ = 0; // phase of the instruction being interpreted
    ir::Operation* pendingFork_ = nullptr;
    py::PyRef kwnames_;
};

} // namespace futamura::flow
