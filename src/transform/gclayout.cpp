//! See include/futamura/transform/gclayout.h.
#include "futamura/transform/gclayout.h"

#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"

#include <stdexcept>

namespace futamura::transform {

using namespace rtyper;

namespace {
// T_IS_VARSIZE of runtime/python/futamura/memory/gctypelayout.py
constexpr int64_t kIsVarsize = 1;
} // namespace

GcTypeLayout::GcTypeLayout(LLContext& ctx) : ctx_(ctx) {
    py::PyRef mod = py::importModule("futamura.memory.gctypelayout");
    py::PyRef table = py::PyRef::steal(PyObject_CallNoArgs(py::getAttr(mod.get(), "TYPE_INFO_TABLE_OF").get()));
    if (!table) throw std::runtime_error("futamura.memory.gctypelayout: TYPE_INFO_TABLE_OF() failed");
    tablePtr_ = ctx.types.makePtr(ctx.bridge.toLowLevel(table.get()));
}

uint32_t GcTypeLayout::typeId(const LowLevelType* type) {
    type = resolve(type);
    if (!type->isGc()) throw std::logic_error("a type id for the non-GC type " + type->shortName());
    auto [it, inserted] = ids_.try_emplace(type, (uint32_t)types_.size() + 1);
    if (inserted) types_.push_back(type);
    return it->second;
}

uint32_t GcTypeLayout::idOf(const LowLevelType* type) const {
    auto it = ids_.find(resolve(type));
    return it == ids_.end() ? 0 : it->second;
}

void GcTypeLayout::gcPointerOffsets(const LowLevelType* type, size_t base, std::vector<int64_t>& out) {
    type = resolve(type);
    if (auto* p = asType<Ptr>(type)) {
        if (p->isGcPointer()) out.push_back((int64_t)base);
    } else if (auto* s = asType<Struct>(type)) {
        for (const Field& f : s->fields())
            if (!resolve(f.type)->isVarSize() && resolve(f.type) != Void)
                gcPointerOffsets(f.type, base + fieldOffset(s, f.name), out);
    } else if (auto* a = asType<FixedSizeArray>(type)) {
        size_t item = sizeOf(a->itemType());
        for (size_t i = 0; i < a->length(); ++i) gcPointerOffsets(a->itemType(), base + i * item, out);
    }
}

ir::Constant* GcTypeLayout::buildTable() {
    const auto* arrayType = asType<Array>(resolve(asType<Ptr>(tablePtr_)->to()));
    const auto* info = asType<Struct>(resolve(arrayType->itemType()));
    const LowLevelType* offsetsPtr = info->fieldType("ofstoptrs");
    const LowLevelType* offsetsArray = resolve(asType<Ptr>(offsetsPtr)->to());
    auto offsets = [&](const std::vector<int64_t>& values) {
        LLContainer* a = ctx_.heap.allocate(offsetsArray, values.size());
        for (size_t i = 0; i < values.size(); ++i) a->slots[i] = LLValue::integer(values[i]);
        return LLValue::pointer(a);
    };
    LLContainer* table = ctx_.heap.allocate(arrayType, types_.size() + 1);
    table->name = "gc_typeinfo";
    auto set = [&](LLContainer* item, const char* field, LLValue v) { item->slots[*info->fieldIndex(field)] = v; };
    for (size_t i = 0; i <= types_.size(); ++i) {
        LLContainer* item = table->slots[i].p;
        for (const char* f : {"infobits", "fixedsize", "varitemsize", "ofstolength"}) set(item, f, LLValue::integer(0));
        std::vector<int64_t> fixed, var;
        if (i > 0) {
            const LowLevelType* t = types_[i - 1];
            gcPointerOffsets(t, 0, fixed);
            if (t->isVarSize()) {
                VarSizeLayout l = varSizeLayout(t);
                const LowLevelType* arr = asType<Array>(t) ? t : resolve(asType<Struct>(t)->arrayField()->type);
                gcPointerOffsets(asType<Array>(arr)->itemType(), 0, var);
                set(item, "infobits", LLValue::integer(kIsVarsize));
                set(item, "fixedsize", LLValue::integer((int64_t)l.itemsOffset));
                set(item, "varitemsize", LLValue::integer((int64_t)l.itemSize));
                set(item, "ofstolength", LLValue::integer(l.lengthOffset ? (int64_t)*l.lengthOffset : -1));
            } else {
                set(item, "fixedsize", LLValue::integer((int64_t)sizeOf(t)));
            }
        }
        set(item, "ofstoptrs", offsets(fixed));
        set(item, "varofstoptrs", offsets(var));
    }
    LLHeap::markPrebuilt(table);
    return ctx_.arena.llconstant(tablePtr_, LLValue::pointer(table));
}

} // namespace futamura::transform
