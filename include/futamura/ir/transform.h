//! Graph utilities shared by the stages: copying, simplification.
//!
//! Each utility keeps the graph valid for checkgraph.
#pragma once

#include "futamura/ir/graph.h"

#include <string>

namespace futamura::ir {

/// A deep copy of `graph` (fresh blocks, links, variables and operations; the
/// same constants), named `name` (default: the original's name).
FunctionGraph* copyGraph(Arena& arena, const FunctionGraph& graph, const std::string& name = "");

/// Merges every block into its predecessor when the predecessor's only exit
/// leads to it and nothing else enters it; renames the merged block's input
/// variables to the link's arguments. Returns the number of blocks joined.
unsigned joinBlocks(FunctionGraph& graph);

/// Removes operations without side effects whose results are never used
/// (iterating until none is left), and link arguments whose target input
/// variables are never used. Returns the number of operations removed.
unsigned removeDeadOperations(FunctionGraph& graph);

/// Folds exit switches on constants (keeping only the exit taken) and drops
/// exception exits of raising blocks whose last operation was removed or
/// cannot raise an exception the exit catches (per the `raises` column of
/// opcodes.def), so that the blocks behind them become unreachable; a raising
/// block left with only its normal exit stops raising. Returns the number of
/// exits removed.
unsigned removeUnreachableBlocks(FunctionGraph& graph);

/// Bypasses blocks without operations whose single unconditional exit passes
/// their input variables straight on. Returns the number of blocks removed.
unsigned removeEmptyBlocks(FunctionGraph& graph);

/// Splits `block` after its operation `index`: the operations after it, the
/// exit switch and the exits move to a new block, which receives (renamed)
/// every variable of `block` it uses; `block` ends with one link to it.
/// Returns the new block. Variables keep their concretetype.
Block* splitBlockAfter(Arena& arena, Block* block, size_t index);

/// Merges the inputs of a block that every incoming link passes the same
/// value (e.g. a variable passed on twice after inlining), repeatedly.
/// Returns the number of inputs removed.
unsigned mergeIdenticalInputs(FunctionGraph& graph);

/// Replaces the inputs of blocks that always receive the same constant
/// (through loops too: optimistic propagation over the links) by that
/// constant. Returns the number of inputs replaced.
unsigned propagateConstantInputs(FunctionGraph& graph);

/// The simplification the flow space applies to every graph it builds:
/// removeUnreachableBlocks, removeEmptyBlocks, joinBlocks, removeDeadOperations.
void simplifyGraph(FunctionGraph& graph);

} // namespace futamura::ir
