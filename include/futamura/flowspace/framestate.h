//! Frame states: what the flow space knows about a point of the program.
//!
//! A frame state is the abstract counterpart of CPython's frame: for each
//! frame (the function, and any comprehension inlined into it), the position,
//! the fast locals, the value stack and the exception being handled. Entries
//! are FlowValues: a graph Value (Variable or Constant), or one of the few
//! things the bytecode keeps on the stack that are not values of the program
//! (the NULL of PUSH_NULL, an exception as a (type, value) pair, cells and
//! functions made by MAKE_FUNCTION for inlined comprehensions).
//!
//! At join points the flow space compares states (section 4.1 of the paper):
//! `unionState` generalizes two states slot by slot (differing constants become
//! fresh Variables), `matches` says whether a state is no more general than
//! another, and `outputArgs` lists what a link passes for the Variables of a
//! target state.
#pragma once

#include "futamura/flowspace/bytecode.h"
#include "futamura/ir/graph.h"

#include <optional>
#include <vector>

namespace futamura::flow {

struct FlowValue {
    enum class Kind : uint8_t {
        Undefined, // unassigned local; `aux` = 1 if it was deleted
        Value,     // a Variable or Constant of the program
        Null,      // PUSH_NULL / the NULL half of LOAD_GLOBAL and LOAD_METHOD
        Exception, // an exception: `v` its type, `w` its value
        NoException, // the saved exception state when none was being handled
        Special,   // a cell reference, closure tuple or made function (`aux`)
    };
    Kind kind = Kind::Undefined;
    int32_t aux = 0;
    ir::Value* v = nullptr;
    ir::Value* w = nullptr;

    static FlowValue undefined(bool deleted = false) { return {Kind::Undefined, deleted, nullptr, nullptr}; }
    static FlowValue value(ir::Value* v) { return {Kind::Value, 0, v, nullptr}; }
    static FlowValue null() { return {Kind::Null, 0, nullptr, nullptr}; }
    static FlowValue exception(ir::Value* type, ir::Value* value) {
        return {Kind::Exception, 0, type, value};
    }
    static FlowValue noException() { return {Kind::NoException, 0, nullptr, nullptr}; }
    static FlowValue special(int32_t index) { return {Kind::Special, index, nullptr, nullptr}; }

    bool isValue() const { return kind == Kind::Value; }
};

struct Frame {
    const CodeInfo* code = nullptr;
    uint32_t pc = 0;       // index of the next instruction to execute
    uint32_t callPc = 0;   // for a frame with an inlined frame above it: the CALL
    /// Phase within the instruction at `pc`, for instructions that fork in
    /// the middle (UNPACK_SEQUENCE checks the length, then unpacks): the
    /// continuation after the fork re-enters the instruction at this phase.
    uint8_t phase = 0;
    std::vector<FlowValue> locals; // fast locals plus
    std::vector<FlowValue> stack;
    FlowValue excInfo = FlowValue::noException();
};

class FrameState {
public:
    std::vector<Frame> frames;

    Frame& top() { return frames.back(); }
    const Frame& top() const { return frames.back(); }

    /// Same code positions in every frame (the key of join points).
    bool samePosition(const FrameState& other) const;
    /// The Variables of this state in slot order: the input variables of a
    /// block that starts in this state.
    std::vector<ir::Variable*> variables() const;
    /// A copy in which every Variable is replaced by a fresh one named after
    /// the local it is stored in.
    FrameState copyFresh(ir::Arena& arena) const;
    /// The values this state passes for the Variables of `target` (a state at
    /// the same position that is at least as general).
    std::vector<ir::Value*> outputArgs(const FrameState& target) const;
    /// True if `this` is at least as general as `other`: every Variable of
    /// `other` is a Variable here and every constant of `this` equals
    /// the one in `other`.
    bool matches(const FrameState& other) const;
};

/// The generalization of two states at the same position, or nullopt if their
/// shapes differ (then they cannot share a block).
std::optional<FrameState> unionState(ir::Arena& arena, const FrameState& a, const FrameState& b);

} // namespace futamura::flow
