//! Backend optimizations of low-level graphs (before the exception
//! transform), each a pass of its own; the driver runs the verifier after
//! each. -O0 runs none, -O1 the cleanups, -O2 inlining too, -O3 inlines
//! larger graphs.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"

#include <set>
#include <vector>

namespace futamura::transform {

struct InlineStats {
    size_t callsInlined = 0;
};

/// Inlines direct calls of graphs of at most `threshold` operations (not
/// recursive ones) into their callers, repeatedly, bottom-up. A call in a
/// raising position (inside try) is inlined when the callee raises only
/// explicitly: its raises then go to the caller's exception exits, tested in
/// order by subclass-id range.
InlineStats inlineCalls(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs,
                        size_t threshold);

/// Inlines every direct call of `callees` (exception-transformed graphs
/// that do not raise) into `graphs` (after the exception transform: the
/// GC transform's fast paths).
size_t inlineFastPaths(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs,
                       const std::set<const ir::FunctionGraph*>& callees);

/// Malloc removal: structs that never escape become one variable per field
/// (with constant folding and the cleanups in between). Returns the number
/// of mallocs removed.
size_t removeMallocs(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);

/// Folds operations on constants and switches on constants.
size_t foldConstants(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);

/// Removal of redundant checks: a switch on a condition that a dominating
/// block already tested (the same operation on the same values, numbered
/// across blocks) jumps to the exit it must take. Returns the number of
/// switches removed.
size_t removeRedundantChecks(const std::vector<ir::FunctionGraph*>& graphs);

/// The cleanups after inlining: join blocks, remove empty blocks and dead
/// operations. Returns the number of operations removed.
size_t cleanupGraphs(const std::vector<ir::FunctionGraph*>& graphs);

} // namespace futamura::transform
