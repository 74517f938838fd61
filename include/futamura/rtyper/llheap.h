//! Low-level containers: the structs, arrays and functions that pointers
//! (LLValue::p) point to, for prebuilt data and for the ll-graph
//! interpreter.
//!
//! As in PyPy's lltype, a container inlined in another (the parent part of a
//! struct, the var-sized array at the end of a struct, a struct item of an
//! array) is a container of its own that knows its parent: an interior
//! pointer or an upcast pointer points to it, and a downcast walks back up.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/lltype.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace futamura::rtyper {

using ir::LLValue;

struct LLContainer {
    const LowLevelType* type = nullptr; // Struct, Array, FixedSizeArray, FuncType, Opaque
    LLContainer* parent = nullptr;      // the container this one is inlined in
    uint32_t parentIndex = 0;           // its field or item index there
    bool prebuilt = false;              // static data of the program
    bool freed = false;                 // raw memory given back
    int64_t identityHash = 0;           // assigned on first request (0: none yet)
    /// Struct fields in declaration order, or array items. A field or item
    /// whose type is a container holds a pointer to the inlined container.
    std::vector<LLValue> slots;

    // Functions
    std::string name;                         // the C name
    const ir::FunctionGraph* graph = nullptr; // null for external functions
    std::string external;                     // name of an external function

    /// The outermost container this one is inlined in.
    LLContainer* outermost() {
        LLContainer* c = this;
        while (c->parent) c = c->parent;
        return c;
    }
};

/// Owns containers. Memory is given back when the heap is destroyed (the
/// ll-graph interpreter does not collect garbage).
class LLHeap {
public:
    /// A new container of type T (`length` items for var-sized types),
    /// zero-initialized unless `uninitialized` (raw malloc: reads of
    /// primitive and pointer slots are errors until written).
    LLContainer* allocate(const LowLevelType* type, size_t length = 0, bool uninitialized = false);
    LLContainer* function(const FuncType* type, std::string name, const ir::FunctionGraph* graph,
                          std::string external = {});
    size_t size() const { return containers_.size(); }
    /// The identity hash of a container, stable for its lifetime and the
    /// same for every interpreter of this heap.
    int64_t identityHash(LLContainer* c);
    /// Marks `c` and everything reachable from it as prebuilt data.
    static void markPrebuilt(LLContainer* c);

    /// The zero value of a primitive or pointer type.
    static LLValue zero(const LowLevelType* type);
    /// `c` seen as a `to` (cast_pointer): the struct it inlines as its first
    /// field (upcast) or the struct inlining it there (downcast); null if `c`
    /// is neither.
    static LLContainer* castContainer(LLContainer* c, const LowLevelType* to);

private:
    LLContainer* fill(LLContainer* c, const LowLevelType* type, size_t length, bool uninit);
    std::deque<LLContainer> containers_;
    int64_t hashes_ = 0;
};

} // namespace futamura::rtyper
