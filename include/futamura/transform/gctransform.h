//! GC transforms of exception-transformed low-level graphs (section 3.2 of
//! the paper: the GC is inserted by a transformation, not written into the
//! interpreter).
//!
//! The refcounting transform (transform/refcount.cpp) makes every variable
//! that holds a GC pointer own one reference:
//!
//! - a graph's GC arguments are borrowed from the caller and increfed on
//!   entry; the results of malloc and of calls are new references; every
//!   other operation producing a GC pointer (getfield, getarrayitem,
//!   cast_pointer, same_as, getsubstruct of a parent part) is increfed
//!   after it;
//! - a store of a GC pointer increfs the new value and decrefs the old one;
//! - a link passes the references of its arguments to the target block:
//!   a variable of the block passed k times is increfed k-1 more times, a
//!   variable not passed is decrefed on that link (PyPy's rules);
//! - a GC object whose only remaining use is through an interior pointer
//!   (a string's `chars`) passed to another block is not decrefed there:
//!   it leaks rather than being freed while that pointer lives.
//!
//! The C backend gives every GC object a header {refcount, deallocator}
//! in front of it, generates one deallocator per allocated type (decref
//! every GC pointer inside, then free), and makes prebuilt objects
//! immortal. Cycles leak, as in the paper.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"
#include "futamura/transform/gclayout.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace futamura::rtyper {
class RTyper;
}

namespace futamura::transform {

struct RefcountStats {
    size_t increfs = 0;
    size_t decrefs = 0;
    size_t keptForInteriorPointers = 0;
};

/// Inserts gc_incref/gc_decref into `graphs` (after the exception
/// transform). Sets ctx.refcounted.
RefcountStats transformRefcount(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);

/// A framework GC (runtime/python/futamura/memory/<name>.py): its functions,
/// specialized as system code with the rest of the program, its prebuilt
/// state, and the type ids and table of the program's GC types.
struct FrameworkGC {
    std::string name;
    const rtyper::LowLevelType* statePtr = nullptr; // Ptr(GCSTATE)
    ir::Constant* state = nullptr;                  // the prebuilt GCSTATE
    ir::Constant* setup = nullptr;
    ir::Constant* mallocFixed = nullptr;
    ir::Constant* mallocVarsize = nullptr;
    ir::Constant* mallocVarsizeNoCollect = nullptr; // for the runtime's C code
    ir::Constant* collect = nullptr;
    ir::Constant* writeBarrier = nullptr; // (a generational GC) before a store into an object that may be old
    ir::Constant* identityHash = nullptr; // (a moving GC) gc_identityhash
    bool moving = false;                  // objects move: roots are reloaded after a collection
    std::set<const ir::FunctionGraph*> fastPaths; // inlined into the program (FAST_PATHS)
    int64_t prebuiltFlags = 0; // header flags of prebuilt objects (PREBUILT)
    std::unique_ptr<GcTypeLayout> layout;
    std::set<const ir::FunctionGraph*> gcGraphs; // the GC's own graphs
};

/// Imports the GC `name` and specializes its functions (before the
/// backend optimizations, so that they are optimized and exception-
/// transformed like the rest of the system code).
std::unique_ptr<FrameworkGC> prepareFrameworkGC(rtyper::LLContext& ctx, rtyper::RTyper& rtyper,
                                                const std::string& name);

/// The framework GC transform (after the exception transform): every
/// malloc of the program becomes a call of the GC's allocator with the
/// type's id and size; type ids for the prebuilt GC objects and for
/// `extraTypes` (what the runtime allocates itself); the type table; the
/// static roots (every GC-pointer slot of prebuilt data); around every
/// operation that can collect, the GC pointers still needed after it are
/// stored on the shadow stack (the objects of live interior pointers too).
/// For a moving GC they are read back after it, and the interior pointers
/// used later derived again from their objects. For a GC with a write
/// barrier: a call of it before every store of a GC pointer into an object
/// that may be old (not one allocated, or already barriered, since the
/// last operation that can collect). Finally the GC's fast paths are
/// inlined.
void transformFramework(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs, FrameworkGC& gc,
                        const std::vector<const rtyper::LowLevelType*>& extraTypes);

} // namespace futamura::transform
