//! The timeshifter: turns the hint-annotated portal into its generating
//! extension (section 6.1 of the paper; PyPy's 2007 timeshifter), and the
//! run-time support the generating extension calls.
//!
//! The generating extension is an ll graph, `NAME_genext(js, greens..., reds...)`,
//! with the control flow of the analysed graph:
//!   - green values are plain values and green operations run as they are:
//!     the generating extension *executes* the interpreter's dispatch;
//!   - a red value is a box (a handle, Signed): a constant, a residual
//!     variable, or a virtual structure whose fields are boxes;
//!   - a red operation is a call into the runtime (`ts_op`, `ts_getfield`,
//!     ...), which folds it when its boxes are constants, keeps structures
//!     virtual until they escape, and otherwise emits the operation into the
//!     residual code through the code-generation API;
//!   - a red condition splits the residual code: the runtime emits a
//!     conditional jump, continues on one branch, and queues the other with
//!     a copy of the state; the generating extension resumes the queued
//!     branches one after the other from a dispatcher (resume points);
//!   - at the jit_merge_point the states are keyed by the green values: a
//!     state seen before closes a loop in the residual code (a jump to its
//!     label); one that differs in red constants is generalized once;
//!   - `promote` on a red value emits a switch whose default path calls back
//!     into the compiler with the run-time value (a new case, compiled lazily);
//!   - reads and writes of the exception state (`exc_data`) go to boxes of the
//!     state, so exceptions raised and caught inside the residual code fold
//!     away;
//!   - past a bound on residual operations, the residual code calls the plain
//!     interpreter (the analysed portal itself) at the next merge point.
//! Compile-time problems never abort the program: a compilation that fails
//! leaves its green key to the plain interpreter.
#pragma once

#include "futamura/jitgen/codegen.h"
#include "futamura/jitgen/hintannotator.h"
#include "futamura/llinterp/llinterp.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace futamura::jitgen {

class JitRuntime;

/// What the transformation needs the runtime to know: the types, fields and
/// functions its calls name by number.
struct GenextTables {
    std::vector<const rtyper::LowLevelType*> types;
    struct Field {
        const rtyper::LowLevelType* ptrType; // Ptr(STRUCT)
        std::string name;
        const rtyper::LowLevelType* type;    // the field's type
    };
    std::vector<Field> fields;
    std::vector<ir::Constant*> functions; // function pointer constants
    /// The residual graph to call when a compilation is too large: the
    /// analysed portal (greens..., reds...) -> result.
    ir::Constant* fallback = nullptr;
    std::vector<const rtyper::LowLevelType*> fallbackTypes; // greens then reds
    /// For each fallback argument: its slot among the merge block's inputs.
    std::vector<size_t> mergeOrder;
    std::vector<const rtyper::LowLevelType*> argTypes; // the entry's arguments
    std::vector<bool> greenArg;                         // which are green
    const rtyper::LowLevelType* resultType = nullptr;
    ir::Constant* excData = nullptr;
};

/// Builds the generating extension of the analysed portal.
class Timeshifter {
public:
    Timeshifter(rtyper::LLContext& ctx, HintAnnotator& hints);
    /// The generating extension: (js, greens..., red boxes...) -> Void.
    ir::FunctionGraph* transform();
    const GenextTables& tables() const { return tables_; }

private:
    friend struct GenextBuilder;
    rtyper::LLContext& ctx_;
    HintAnnotator& hints_;
    GenextTables tables_;
};

/// The JIT generator applied to a program's (exception-transformed) graphs:
/// the portal analysed as the timeshifter needs it (entered at its start,
/// followed calls inlined) and its generating extension, verified.
struct JitGenerator {
    JitGenerator(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);
    HintAnnotator hints;
    Timeshifter shifter;
    ir::FunctionGraph* genext = nullptr;
};

/// Counts of a compilation's residual code, per green key.
struct CompiledCode {
    std::vector<ir::LLValue> greens;
    codegen::Unit* unit = nullptr;
    bool failed = false;
    std::string error;
    size_t residualOps = 0;
    unsigned entries = 0;
};

/// The run-time side: one code cache per portal. Registers the runtime's
/// external functions in an LLInterpreter, and answers its merge-point hook
/// by compiling (running the generating extension) and running residual
/// code.
class JitRuntime {
public:
    JitRuntime(rtyper::LLContext& ctx, llinterp::LLInterpreter& interp, const ir::FunctionGraph* portal,
               ir::FunctionGraph* genext, GenextTables tables);
    ~JitRuntime();

    /// Installs the externals and the merge-point hook.
    void install();
    /// Compiles (once) the residual code for `greens`; null if it failed.
    CompiledCode* compile(const std::vector<ir::LLValue>& greens);

    /// Residual operations per compilation before the fallback call.
    size_t budget = 20000;
    /// Calls of the portal with a green key before compiling it (0: at once).
    unsigned threshold = 0;
    bool verbose = false;

    const std::vector<std::unique_ptr<CompiledCode>>& compiled() const { return order_; }
    /// The pointers promoted so far, by the integer the residual code
    /// switches on (their address): for printing cases by what they are.
    const std::map<int64_t, std::pair<const rtyper::LowLevelType*, ir::LLValue>>& promotedPointers() const {
        return promotedPointers_;
    }
    codegen::Backend& backend();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    std::vector<std::unique_ptr<CompiledCode>> order_;
    std::map<int64_t, std::pair<const rtyper::LowLevelType*, ir::LLValue>> promotedPointers_;
};

} // namespace futamura::jitgen
