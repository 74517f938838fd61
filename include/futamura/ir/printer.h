//! The stable text form of flow graphs.
//!
//! The syntax, which parser.h reads back for graphs whose constants are plain
//! Python literals:
//!
//!   graph NAME(ARG, ...)  # FILE:LINE
//!   block0(a_0, b_1):
//!       v2 = add(a_0, b_1)  @4
//!       switch v2
//!         False -> block1(v2)
//!         True -> return(a_0)
//!   block1(x_3):
//!       v4 = getitem(x_3, 0)  @7
//!       raising
//!         -> block2(v4)
//!         IndexError [etype_5, evalue_6] -> except(etype_5, evalue_6)
//!
//! Variables print as their name hint followed by a number local to the graph,
//! in order of definition (temporaries as `vN`), blocks as `blockN` in the
//! canonical order of FunctionGraph::blocks(); the return and except blocks
//! appear only as link targets `return(...)` and `except(...)`. Constants that
//! are not literals print in a stable form without addresses, e.g.
//! `<function mod.f>`, `<class ValueError>`, `<module os>`.
#pragma once

#include "futamura/ir/graph.h"

#include <functional>
#include <ostream>
#include <string>
#include <unordered_map>

namespace futamura::ir {

/// Stable, address-free text for a constant's Python object.
std::string formatConstant(PyObject* obj);

/// Names for the values and blocks of one graph, assigned in canonical order.
class GraphNamer {
public:
    explicit GraphNamer(const FunctionGraph& graph);
    std::string value(const Value* v) const;
    std::string block(const Block* b) const;

private:
    const FunctionGraph& graph_;
    std::unordered_map<const Variable*, std::string> vars_;
    std::unordered_map<const Block*, std::string> blocks_;
};

struct PrintOptions {
    bool positions = true;   // print "@LINE" after operations
    bool annotations = true; // print variables' annotations/low-level types when present
    /// When set, replaces a variable's printed type (e.g. the hint
    /// annotator's "Signed G=": short type and colour).
    std::function<std::string(const Variable*)> tagger;
    /// When set (drawings only): the colour of a variable ("#1a7f1a"), or
    /// "" for none; each operation is drawn in its result's colour, each
    /// block input in its own (the hint annotator's green and red).
    std::function<std::string(const Variable*)> colorOf;
};

void printGraph(std::ostream& out, const FunctionGraph& graph, const PrintOptions& options = {});
std::string graphToString(const FunctionGraph& graph, const PrintOptions& options = {});

} // namespace futamura::ir
