//! Low-level values: what a Constant of a low-level graph holds, what the
//! ll-graph interpreter computes with, and what prebuilt data is made of.
//!
//! An LLValue is untyped: its meaning comes from the lltype it is stored
//! with (a variable's or field's concretetype). Integral primitives (Signed,
//! Unsigned, Char, UniChar, Bool, the long longs) are held in `i` as 64 bits;
//! Float in `f`; pointers in `p` (null or a container); Void values, which
//! only exist as constants (types, field names, functions passed to
//! helpers), in `type` or as the Constant's Python object.
#pragma once

#include <cstdint>
#include <cstring>

namespace futamura::rtyper {
class LowLevelType;
struct LLContainer;
} // namespace futamura::rtyper

namespace futamura::ir {

struct LLValue {
    enum class Tag : uint8_t { Void, Int, Float, Ptr, Type, Uninit };
    Tag tag = Tag::Void;
    /// An Address into prebuilt data (tag Ptr): 0 for the container `p`
    /// itself, k+1 for its slot k (a field or an item).
    uint32_t aux = 0;
    union {
        int64_t i;
        double f;
        rtyper::LLContainer* p;
        const rtyper::LowLevelType* type;
    };

    LLValue() : i(0) {}
    static LLValue integer(int64_t v) { LLValue r; r.tag = Tag::Int; r.i = v; return r; }
    static LLValue floating(double v) { LLValue r; r.tag = Tag::Float; r.f = v; return r; }
    static LLValue pointer(rtyper::LLContainer* v) { LLValue r; r.tag = Tag::Ptr; r.p = v; return r; }
    static LLValue typeValue(const rtyper::LowLevelType* t) {
        LLValue r; r.tag = Tag::Type; r.type = t; return r;
    }
    static LLValue uninit() { LLValue r; r.tag = Tag::Uninit; return r; }
    uint64_t bits() const { uint64_t b; std::memcpy(&b, &i, 8); return b; }
    static LLValue slotAddress(rtyper::LLContainer* c, uint32_t slot) {
        LLValue r = pointer(c);
        r.aux = slot + 1;
        return r;
    }
    bool operator==(const LLValue& o) const { return tag == o.tag && bits() == o.bits() && aux == o.aux; }
};

} // namespace futamura::ir
