//! The exception transform (section 3.2 of the paper: exceptions as a global
//! state checked after calls). Before it, an ll graph raises by linking to
//! its exceptblock and catches on the exception exits of a raising block;
//! after it, every graph is plain control flow:
//!
//! - a raise stores the exception's type and value in the prebuilt struct
//!   `exc_data` and returns (any value: the caller looks at exc_data first);
//! - after every operation that can raise — a call of a graph or external
//!   that can raise, an operation with an implicit exception (division by
//!   zero, overflow checks) — exc_data.exc_type is tested: set, the
//!   exception exits of the block are tried in order by subclass-id range
//!   (the matching one clears exc_data and receives type and value), or the
//!   exception propagates (the graph returns);
//! - a call of a graph that cannot raise pays nothing.
//!
//! The ll-graph interpreter runs transformed graphs too (implicit exceptions
//! then set exc_data), so the transform is tested by running every program
//! after it.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"

#include <set>
#include <unordered_map>
#include <string>
#include <vector>

namespace futamura::transform {

/// Transforms `graphs` (every graph of the program) in place. Sets
/// ctx.excData to the pointer constant of the prebuilt exc_data struct and
/// ctx.stackChecked to stackCheckedGraphs().
/// Returns the number of graphs that can raise.
size_t transformExceptions(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);

/// The graphs on a cycle of the call graph (direct calls, and indirect
/// calls whose targets are known): where the stack can overflow.
std::set<const ir::FunctionGraph*> recursiveGraphs(const rtyper::LLContext& ctx,
                                                   const std::vector<ir::FunctionGraph*>& graphs);

/// The recursive graphs that can run while a handler catching
/// RecursionError (or a class it derives from, or `finally`) is active:
/// only these check the stack on entry and raise RecursionError. Elsewhere
/// nothing could catch it, and the runtime reports an overflow (caught as
/// a fault on the guard page) as the uncaught RecursionError — so fib-like
/// code pays neither the check nor the exception tests after its calls.
/// Computed on graphs that still have exception exits.
std::set<const ir::FunctionGraph*> stackCheckedGraphs(rtyper::LLContext& ctx,
                                                      const std::vector<ir::FunctionGraph*>& graphs);

/// Which graphs can raise: a least fixpoint over the call graph (a graph can
/// raise if it links to its exceptblock, checks the stack, or contains an
/// operation that can raise).
std::unordered_map<const ir::FunctionGraph*, bool>
raisingGraphs(const rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs,
              const std::set<const ir::FunctionGraph*>& stackChecked);

/// Whether an operation can raise, given which graphs can.
bool operationCanRaise(const rtyper::LLContext& ctx, const ir::Operation* op,
                       const std::unordered_map<const ir::FunctionGraph*, bool>& raises);

/// External functions (by name) that never raise.
bool externalCannotRaise(const std::string& name);

} // namespace futamura::transform
