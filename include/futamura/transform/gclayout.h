//! The framework GCs' view of the program's types (PyPy's
//! rpython/memory/gctypelayout.py): a type id per GC type and the TYPE_INFO
//! table of runtime/python/futamura/memory/gctypelayout.py, built as
//! prebuilt data for the translated program.
#pragma once

#include "futamura/rtyper/llcontext.h"

#include <cstdint>
#include <map>
#include <vector>

namespace futamura::transform {

class GcTypeLayout {
public:
    explicit GcTypeLayout(rtyper::LLContext& ctx);

    /// The id of a GC type (a GcStruct or GcArray), assigned in order of
    /// request from 1 (0 is reserved: never a valid object).
    uint32_t typeId(const rtyper::LowLevelType* type);
    /// The id already given to `type` (0 if none).
    uint32_t idOf(const rtyper::LowLevelType* type) const;
    const std::vector<const rtyper::LowLevelType*>& types() const { return types_; }

    /// The offsets of the GC pointers in the fixed part of `type` (a
    /// pointer, struct or fixed-size array), from `base`.
    static void gcPointerOffsets(const rtyper::LowLevelType* type, size_t base, std::vector<int64_t>& out);

    /// The prebuilt raw table: one TYPE_INFO per type id so far (its type is
    /// the Python module's TYPE_INFO_TABLE_OF()). Returns a pointer constant.
    ir::Constant* buildTable();
    /// Ptr(Array(TYPE_INFO)), as the GC modules declare it.
    const rtyper::LowLevelType* tablePtrType() const { return tablePtr_; }

private:
    rtyper::LLContext& ctx_;
    std::map<const rtyper::LowLevelType*, uint32_t> ids_;
    std::vector<const rtyper::LowLevelType*> types_;
    const rtyper::LowLevelType* tablePtr_ = nullptr;
};

} // namespace futamura::transform
