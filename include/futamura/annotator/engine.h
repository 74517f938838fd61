//! The fixpoint engine: forward abstract interpretation of flow graphs.
//!
//! Section 4 of the paper. The engine is generic over a TypeSystem — a
//! lattice with its join, its containment, and the transfer function of each
//! operation — so that the same engine (one class, one loop) serves every
//! client: RPython annotation, low-level annotation of system code, and the
//! binding-time analysis of the JIT generator.
//!
//! The algorithm (after PyPy's annrpython.py):
//!   - every Variable has a binding (an Annotation), bottom until first seen;
//!   - pending blocks are processed in FIFO order; processing a block ("flowing
//!     in") computes each operation's result with the type system's transfer
//!     function, then follows each exit whose case the exit switch allows,
//!     joining the link's argument annotations into the target's input
//!     bindings — narrowed on the way by what the switch established about
//!     them (conditional types, section 4.5) — and scheduling the target if
//!     they grew;
//!   - an operation whose arguments or result is bottom blocks the rest of its
//!     block until something it depends on generalizes; calls are the
//!     exception (a callee that never returns just ends the block);
//!   - transfer functions that read state that may still grow (the return
//!     annotation of a callee, an attribute, a list's items) register the
//!     current position, and the type system asks for a reflow from it when
//!     that state generalizes;
//!   - at the fixpoint, blocks still blocked are errors: code that can never
//!     run because an operation can never succeed.
//! Termination: bindings only grow, and lattices have finite height.
#pragma once

#include "futamura/ir/graph.h"

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace futamura::annotator {

/// A lattice element. Immutable once built; owned by its type system.
class Annotation : public ir::TypeTag {};

/// Where the engine is: an operation of a block of a graph (opIndex = -1 for
/// the block's exits).
struct Position {
    ir::FunctionGraph* graph = nullptr;
    ir::Block* block = nullptr;
    int opIndex = -1;
    bool operator<(const Position& o) const {
        if (graph != o.graph) return graph->id() < o.graph->id();
        if (block != o.block) return block->id() < o.block->id();
        return opIndex < o.opIndex;
    }
    bool operator==(const Position& o) const {
        return graph == o.graph && block == o.block && opIndex == o.opIndex;
    }
};

class Engine;

/// Refinements that an exit establishes: a narrower annotation per variable.
using Refinements = std::vector<std::pair<const ir::Variable*, const Annotation*>>;

/// What a client plugs into the engine.
class TypeSystem {
public:
    virtual ~TypeSystem() = default;
    virtual const Annotation* bottom() = 0;
    /// The least upper bound; throws the client's error if there is none.
    virtual const Annotation* join(const Annotation* a, const Annotation* b) = 0;
    /// True if `small` is below or equal to `big`.
    virtual bool contains(const Annotation* big, const Annotation* small) = 0;
    /// The annotation of a constant of the graph.
    virtual const Annotation* constant(const ir::Constant* c) = 0;
    /// The result of an operation, from its arguments' annotations (never
    /// bottom: the engine only asks when none is). Returning bottom means
    /// the operation cannot succeed.
    virtual const Annotation* transfer(Engine& engine, const ir::Operation& op,
                                       const std::vector<const Annotation*>& args) = 0;
    /// Operations that may legitimately never return (calls): their block
    /// just ends instead of being blocked.
    virtual bool mayNeverReturn(const ir::Operation& op) { (void)op; return false; }
    /// Whether the exit `link` of a block whose switch has annotation
    /// `switchValue` can be taken (e.g. not the False exit of a constant True).
    virtual bool exitPossible(const Annotation* switchValue, const ir::Link& link) {
        (void)switchValue;
        (void)link;
        return true;
    }
    /// Narrowings established on `link` by the block's switch.
    virtual void refine(Engine& engine, const ir::Block& block, const ir::Link& link,
                        Refinements& out) {
        (void)engine, (void)block, (void)link, (void)out;
    }
    /// Narrows `value` by `constraint`; bottom if the two cannot both hold.
    virtual const Annotation* narrow(const Annotation* value, const Annotation* constraint) {
        (void)constraint;
        return value;
    }
    /// Annotations of an exception link's last_exception and last_exc_value,
    /// given the raising operation.
    virtual std::pair<const Annotation*, const Annotation*>
    caughtException(Engine& engine, const ir::Operation& raisingOp, const ir::Link& link) = 0;
    /// The annotation of a link argument as seen by the target block: lets
    /// annotations that mention variables (e.g. "the type of v") follow the
    /// renaming of the link. Default: unchanged.
    virtual const Annotation* renamed(const Annotation* a, const ir::Link& link,
                                      size_t argIndex) {
        (void)link, (void)argIndex;
        return a;
    }
    /// Called when a join at a block's inputs fails: lets the client turn
    /// its error into one that names both origins. Default: rethrow.
    /// The join of a block input's annotation with what `link` brings to it
    /// (argument `argIndex`): `join` unless a type system decides by where
    /// the values meet.
    virtual const Annotation* joinOnLink(const Annotation* a, const Annotation* b, const ir::Link& link,
                                         size_t argIndex) {
        (void)link, (void)argIndex;
        return join(a, b);
    }
    virtual void onUnionError(Engine& engine, const ir::Link& link, size_t argIndex) {
        (void)engine, (void)link, (void)argIndex;
        throw;
    }
};

/// An operation that can never succeed, left when the fixpoint is reached.
class BlockedError : public std::runtime_error {
public:
    BlockedError(Position where, std::string message)
        : std::runtime_error(std::move(message)), where(where) {}
    Position where;
};

struct EngineStats {
    uint64_t blocksFlowed = 0;  // block processings, reflows included
    uint64_t graphs = 0;
    unsigned maxReflows = 0;    // the most times one block was flowed
};

class Engine {
public:
    Engine(TypeSystem& ts, ir::Arena& arena);

    /// Adds a graph to annotate with the given input annotations.
    void addEntryPoint(ir::FunctionGraph* graph, const std::vector<const Annotation*>& args);
    /// Runs to the fixpoint. Throws BlockedError if an operation can never
    /// succeed; client errors propagate as thrown.
    void complete();

    /// The current binding of a value (bottom for an unseen Variable).
    const Annotation* binding(const ir::Value* v);
    bool hasBinding(const ir::Variable* v) const;

    // --- for transfer functions ---------------------------------------------
    /// Where the engine is flowing now.
    const Position& position() const { return position_; }
    /// Asks for the block at `where` to be flowed again (its state grew).
    void reflowFrom(const Position& where);
    /// A call of `graph` from the current position: joins `args` into its
    /// inputs (scheduling it), remembers the caller to reflow when the result
    /// grows, and returns the result annotation known so far (maybe bottom).
    const Annotation* call(ir::FunctionGraph* graph, const std::vector<const Annotation*>& args);
    /// The graph containing `block` (every block the engine has seen).
    ir::FunctionGraph* graphOf(const ir::Block* block) const;
    /// The first position that called `graph` (null graph for entry points):
    /// the call chain of error messages.
    Position callerOf(const ir::FunctionGraph* graph) const;
    /// Graphs reached so far, in the order they were first reached.
    const std::vector<ir::FunctionGraph*>& graphs() const { return graphOrder_; }
    /// The first link that gave input variable `v` a binding (null if none:
    /// entry points and calls).
    const ir::Link* firstLinkTo(const ir::Variable* v) const;
    /// How many times each block was flowed.
    unsigned flowCount(const ir::Block* block) const;
    const EngineStats& stats() const { return stats_; }
    TypeSystem& typeSystem() { return ts_; }

private:
    void schedule(ir::FunctionGraph* graph, ir::Block* block);
    void mergeInputs(ir::FunctionGraph* graph, ir::Block* block,
                     const std::vector<const Annotation*>& inputs, const ir::Link* via);
    void flowIn(ir::FunctionGraph* graph, ir::Block* block);
    void followLink(ir::FunctionGraph* graph, ir::Link* link,
                    const Refinements& refinements, const ir::Operation* raisingOp);
    void setBinding(const ir::Variable* v, const Annotation* a);
    void noteGraph(ir::FunctionGraph* graph, const Position& caller);

    TypeSystem& ts_;
    ir::Arena& arena_;
    std::vector<const Annotation*> bindings_; // by Variable id
    std::deque<std::pair<ir::FunctionGraph*, ir::Block*>> pending_;
    std::unordered_map<const ir::Block*, ir::FunctionGraph*> blockGraph_;
    std::unordered_map<const ir::Block*, bool> isPending_;
    std::unordered_map<const ir::Block*, unsigned> flowCount_;
    std::set<Position> blocked_; // operations their block stopped at
    std::unordered_map<const ir::FunctionGraph*, std::set<Position>> returnListeners_;
    std::unordered_map<const ir::FunctionGraph*, Position> firstCaller_;
    std::unordered_map<const ir::Variable*, const ir::Link*> firstLink_;
    std::vector<ir::FunctionGraph*> graphOrder_;
    Position position_;
    EngineStats stats_;
};

} // namespace futamura::annotator
