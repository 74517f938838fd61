//! The C backend (section 5.2 of the paper): a database follows every graph
//! and every prebuilt value reachable from the entry point, names them
//! (stable, readable names derived from the Python names), orders the struct
//! declarations, and writes C: one function per graph (blocks as labels,
//! links as assignments to the target's inputs, switches for multi-way
//! exits), prebuilt data as static initialized data, split over several
//! files, plus a Makefile. Runs after the exception transform.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace futamura::backend::c {

struct Options {
    std::string gc = "generational";  // boehm | refcount | marksweep | generational | none
    int optLevel = 2;          // the C compiler's -O level
    size_t linesPerFile = 4000; // function files are split around this size
};

/// What the C program needs from the translation besides its graphs.
struct Program {
    rtyper::LLContext* ctx = nullptr;
    ir::Constant* entry = nullptr;                // fnptr of entry_point(argv)
    const rtyper::LowLevelType* argvType = nullptr; // Ptr(list of STR)
    const rtyper::LowLevelType* strType = nullptr;  // Ptr(STR)
    /// Exception classes the runtime raises (ZeroDivisionError, ...): name,
    /// vtable constant, allocator function pointer.
    struct RuntimeException {
        std::string name;
        ir::Constant* vtable;
        ir::Constant* allocator;
    };
    std::vector<RuntimeException> runtimeExceptions;
    /// A framework GC: its prebuilt state, its setup function, and the
    /// header of a GC object of a type that is never collected (prebuilt
    /// objects, and what the runtime allocates itself: argv, strings).
    ir::Constant* gcState = nullptr;
    ir::Constant* gcSetup = nullptr;
    std::function<int64_t(const rtyper::LowLevelType*)> gcImmortalHeader;
    /// The GC's malloc_varsize_nocollect(state, tid, n, fixedsize, itemsize,
    /// lenofs) and the type id of a type, for strings made by C code.
    ir::Constant* gcMallocVarsizeNoCollect = nullptr;
    std::function<int64_t(const rtyper::LowLevelType*)> gcTypeId;
    /// More functions to translate beside what the entry point reaches (a
    /// generating extension of the JIT generator). The external functions
    /// they call that are named `ts_*` (the JIT runtime's) are declared,
    /// not defined: the JIT runtime library defines them.
    std::vector<ir::Constant*> extraFunctions;
    /// A generating extension's tables (runtime/c/futamura_jit.h), emitted
    /// as C data in jit.c: what the numbers its runtime calls pass mean in
    /// the program's C types. `genext` is also one of extraFunctions.
    struct JitModule {
        ir::Constant* genext = nullptr;
        ir::Constant* portal = nullptr; // the fallback: the plain portal at its merge point
        std::vector<const rtyper::LowLevelType*> types; // by type number
        struct Field {
            const rtyper::LowLevelType* ptrType; // Ptr(STRUCT)
            std::string name;
        };
        std::vector<Field> fields;
        std::vector<ir::Constant*> functions;
        std::vector<const rtyper::LowLevelType*> argTypes; // the genext's, after js
        std::vector<bool> greenArg;
        const rtyper::LowLevelType* resultType = nullptr;
        std::vector<size_t> mergeOrder;
        std::vector<const rtyper::LowLevelType*> fallbackTypes;
    };
    std::optional<JitModule> jit;
};

struct Source {
    std::string name;     // file name inside the output folder
    std::string contents;
};

/// The C sources and Makefile of `program` (its graphs must be exception-
/// transformed). `runtimeDir` is runtime/c, whose files are copied in.
std::vector<Source> generateC(const Program& program, const Options& options,
                              const std::string& runtimeDir);

} // namespace futamura::backend::c
