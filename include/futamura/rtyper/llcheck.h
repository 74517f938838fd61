//! The low-level graph verifier (the invariants are listed at the top of
//! src/rtyper/llcheck.cpp): checkgraph's structure plus low-level typing.
//! `futamura rtype` runs it on every graph; later passes run it after
//! themselves.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/lltype.h"

#include <string>
#include <vector>

namespace futamura::rtyper {

/// All violated invariants of the ll graph (empty if it is well formed).
std::vector<std::string> verifyLowLevelGraph(const ir::FunctionGraph& graph);

/// Throws ir::GraphError listing the violations.
void checkLowLevelGraph(const ir::FunctionGraph& graph);

} // namespace futamura::rtyper
