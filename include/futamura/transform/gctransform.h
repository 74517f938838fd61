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

#include <vector>

namespace futamura::transform {

struct RefcountStats {
    size_t increfs = 0;
    size_t decrefs = 0;
    size_t keptForInteriorPointers = 0;
};

/// Inserts gc_incref/gc_decref into `graphs` (after the exception
/// transform). Sets ctx.refcounted.
RefcountStats transformRefcount(rtyper::LLContext& ctx, const std::vector<ir::FunctionGraph*>& graphs);

} // namespace futamura::transform
