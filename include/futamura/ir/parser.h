//! Reads the text form of printer.h back into graphs.
//!
//! Constants must be Python literals (ints, floats, strings, bytes, None,
//! True/False, tuples of those) — exactly what ast.literal_eval accepts; the
//! address-free forms of other objects (`<function m.f>`) cannot be read back.
//! Unknown opcodes, undefined names and malformed lines are reported as
//! ParseError with the line number.
#pragma once

#include "futamura/ir/graph.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace futamura::ir {

class ParseError : public std::runtime_error {
public:
    ParseError(int line, const std::string& message)
        : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}
    int line() const { return line_; }

private:
    int line_;
};

/// Parses every graph in `text` into `arena`, in order.
std::vector<FunctionGraph*> parseGraphs(Arena& arena, const std::string& text);

} // namespace futamura::ir
