//! llinterp: an interpreter for low-level graphs.
//!
//! Runs the graphs the rtyper produces, with the prebuilt containers of the
//! translation, before any backend exists: the reference semantics of the
//! low-level operations, and the test oracle of every later stage (the paper
//! runs its ll graphs the same way, section 3.4). It checks what C would
//! not: null dereferences, array bounds, reads of uninitialized memory, bad
//! downcasts — each an LLFatalError naming the graph and operation.
//!
//! An RPython exception in flight is an LLException (its vtable and
//! instance); it propagates through calls and is caught by the exception
//! links of a raising block, as in the graphs.
#pragma once

#include "futamura/rtyper/llcontext.h"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace futamura::llinterp {

using ir::LLValue;

/// An RPython exception propagating out of a graph.
struct LLException {
    LLValue type;  // Ptr(vtable)
    LLValue value; // Ptr(instance)
};

/// A low-level error that C would not detect (a bug in the program or the
/// translator, never a Python-level exception).
class LLFatalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class LLInterpreter {
public:
    using External = std::function<LLValue(LLInterpreter&, const rtyper::FuncType*,
                                           std::vector<LLValue>&)>;

    explicit LLInterpreter(rtyper::LLContext& ctx);

    /// Calls `graph`; throws LLException for an RPython exception, and
    /// LLFatalError for a low-level error.
    LLValue call(const ir::FunctionGraph* graph, std::vector<LLValue> args);
    /// Calls a function pointer (a graph or an external function).
    LLValue callPointer(LLValue fnptr, std::vector<LLValue> args);
    /// callPointer from outside the program: after the exception transform,
    /// an exception left in exc_data is thrown as LLException too.
    LLValue callTopLevel(LLValue fnptr, std::vector<LLValue> args);

    /// External functions, by name (os_write, float formatting, ...); the
    /// standard ones are registered by the constructor.
    void registerExternal(const std::string& name, External impl);
    /// Where ll_os_write to fd 1 goes (default: the process's stdout).
    std::function<void(int fd, const std::string& data)> writer;

    /// Called when a graph is entered; a result is returned instead of
    /// running it (the JIT ran the call in residual code).
    std::function<std::optional<LLValue>(const ir::FunctionGraph* graph, const std::vector<LLValue>& args)> callHook;

    /// Raises the program's exception `cls` (a built-in exception class).
    [[noreturn]] void raise(PyObject* cls);

    /// Helpers for externals: the text of a string (STR or BYTES pointer,
    /// encoded as UTF-8) and a new string of the given pointer type.
    std::string stringOf(LLValue s);
    LLValue makeString(const rtyper::LowLevelType* ptrType, const std::string& utf8);

    /// Nested calls before RecursionError (fewer under AddressSanitizer,
    /// whose frames are several times larger).
#if defined(__SANITIZE_ADDRESS__)
    size_t maxDepth = 4000;
#else
    size_t maxDepth = 20000;
#endif
    uint64_t operationsExecuted = 0;
    /// With countByOpcode: the operations executed, per opcode (the measure
    /// of how much work an interpreter does per step of its program).
    bool countByOpcode = false;
    std::vector<uint64_t> opcodeCounts;

private:
    struct Frame;
    struct GraphInfo {
        std::unordered_map<const ir::Variable*, uint32_t> slots;
    };
    GraphInfo& info(const ir::FunctionGraph* graph);
    LLValue run(const ir::FunctionGraph* graph, std::vector<LLValue>& args);
    void execute(Frame& f, const ir::Operation& op);
    [[noreturn]] void fatal(const Frame& f, const ir::Operation* op, const std::string& message);
    bool matches(LLValue etype, const ir::Constant* classVtable);

    /// Raw memory (raw_malloc and addresses): blocks of bytes by start
    /// address, with what was written (reads of the rest are errors).
    struct RawBlock {
        std::vector<uint8_t> data, written;
        bool freed = false;
    };
    std::map<uint64_t, RawBlock> raw_;
    uint64_t rawNext_ = 0x10000;
    /// The block holding [address, address + n) and the offset of address
    /// in it (null, with `error` set, if none or freed).
    RawBlock* rawFind(uint64_t address, size_t n, size_t& offset, std::string& error);

    rtyper::LLContext& ctx_;
    std::unordered_map<const ir::FunctionGraph*, GraphInfo> infos_;
    std::map<std::string, External> externals_;
    size_t depth_ = 0;
    bool overflowing_ = false; // raising RecursionError
};

} // namespace futamura::llinterp
