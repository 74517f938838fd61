//! Graphviz output of flow graphs, in the spirit of figure 6 of the paper:
//! one box per block listing its input variables and operations, edges for
//! links labelled with their exit case and arguments; the return and except
//! blocks are drawn apart. `.svg` output runs Graphviz's `dot` when installed.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/ir/printer.h"

#include <ostream>
#include <string>
#include <vector>

namespace futamura::ir {

/// Writes one dot digraph holding a cluster per graph.
void writeDot(std::ostream& out, const std::vector<const FunctionGraph*>& graphs,
              const PrintOptions& options = {});

/// Writes `path`: dot text if it ends in .dot, an SVG rendered by `dot -Tsvg`
/// if it ends in .svg. Throws std::runtime_error with a clear message if
/// Graphviz is missing or fails.
void writeGraphFile(const std::string& path, const std::vector<const FunctionGraph*>& graphs,
                    const PrintOptions& options = {});

} // namespace futamura::ir
