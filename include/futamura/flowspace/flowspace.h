//! The flow space: from imported Python functions to flow graphs.
//!
//! Section 4.1 of the paper. The flow space is an abstract interpreter of
//! CPython 3.11 bytecode: it runs a function's code on Variables and
//! Constants instead of real objects, records every operation it cannot
//! compute into the current block, splits the flow at conditional jumps on
//! Variables and at operations that may raise inside a try block, and merges
//! frame states at join points until they stop changing. Constants are folded
//! when the operation is pure, so that globals, module and class attributes
//! and builtins become Constants of the graph. The result is one graph per
//! function in SSI form (every Variable is local to its block).
//!
//! What RPython does not allow is refused with a FlowingError naming the file
//! and line of the construct and the function it was found in.
#pragma once

#include "futamura/flowspace/bytecode.h"
#include "futamura/ir/graph.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace futamura::flow {

/// `path` relative to the current directory when it lies below it, so that
/// messages read as the user typed the file name.
std::string displayPath(const std::string& path);

/// Foldable constants: immutable values, classes, modules, functions and
/// objects frozen with `_freeze_()` — whatever the program cannot change
/// after import, so that operations on them may be computed at flow time.
bool isFoldable(PyObject* obj);

/// A program that is not RPython, found while flowing. what() is
/// "file:line: message" followed by indented context lines.
class FlowingError : public std::runtime_error {
public:
    FlowingError(std::string file, int line, std::string message, std::string context);
    const std::string& file() const { return file_; }
    int line() const { return line_; }
    const std::string& message() const { return message_; }
    const std::string& context() const { return context_; }

private:
    std::string file_;
    int line_;
    std::string message_, context_;
};

struct FlowStats {
    uint64_t instructions = 0; // bytecode instructions interpreted (abstractly)
    uint64_t graphs = 0;
    uint64_t blocks = 0;
};

class FlowSpace {
public:
    explicit FlowSpace(ir::Arena& arena);
    ~FlowSpace();

    /// Builds, simplifies and verifies the graph of the function object `func`.
    ir::FunctionGraph* buildFlowGraph(PyObject* func);
    /// Whether graphs are simplified after flowing (default: yes). Without,
    /// they show every block the flow space built, for study and debugging.
    void setSimplify(bool simplify) { simplify_ = simplify; }

    /// Refuses module-level constructs that make a module's globals unknown to
    /// the flow space (`from m import *`).
    void checkModule(PyObject* module);

    /// Decoded code objects, cached per code object.
    const CodeInfo& codeInfo(PyObject* code);

    const FlowStats& stats() const { return stats_; }
    FlowStats& stats() { return stats_; }
    ir::Arena& arena() { return arena_; }

    // Well-known objects the flow space treats specially (null if absent).
    struct Known;
    const Known& known() const { return *known_; }

private:
    ir::Arena& arena_;
    FlowStats stats_;
    std::unordered_map<PyObject*, std::unique_ptr<CodeInfo>> codes_;
    std::unique_ptr<Known> known_;
    bool simplify_ = true;
};

} // namespace futamura::flow
