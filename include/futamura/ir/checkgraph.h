//! The graph verifier. The invariants it checks are listed at the top of
//! src/ir/checkgraph.cpp; every stage runs it on its output in tests and debug
//! builds.
#pragma once

#include "futamura/ir/graph.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace futamura::ir {

class GraphError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// All violated invariants of `graph`, each naming the graph, block, operation
/// or link concerned (empty if the graph is well formed).
std::vector<std::string> verifyGraph(const FunctionGraph& graph);

/// Throws GraphError listing the violations if the graph is not well formed.
void checkgraph(const FunctionGraph& graph);

} // namespace futamura::ir
