#include "futamura/rtyper/llheap.h"

#include <stdexcept>

namespace futamura::rtyper {

LLValue LLHeap::zero(const LowLevelType* type) {
    type = resolve(type);
    if (type == Float) return LLValue::floating(0.0);
    if (type == Void) return LLValue();
    if (type->kind() == TypeKind::Ptr) return LLValue::pointer(nullptr);
    return LLValue::integer(0);
}

LLContainer* LLHeap::allocate(const LowLevelType* type, size_t length, bool uninitialized) {
    LLContainer* c = &containers_.emplace_back();
    return fill(c, resolve(type), length, uninitialized);
}

LLContainer* LLHeap::fill(LLContainer* c, const LowLevelType* type, size_t length, bool uninit) {
    c->type = type;
    auto slotFor = [&](const LowLevelType* t, size_t index, size_t len) {
        t = resolve(t);
        if (t->isContainer()) {
            LLContainer* child = &containers_.emplace_back();
            child->parent = c;
            child->parentIndex = (uint32_t)index;
            fill(child, t, len, uninit);
            return LLValue::pointer(child);
        }
        if (uninit && t != Void) return LLValue::uninit();
        return zero(t);
    };
    if (auto* s = asType<Struct>(type)) {
        const auto& fields = s->fields();
        c->slots.reserve(fields.size());
        for (size_t i = 0; i < fields.size(); ++i) {
            bool last = i + 1 == fields.size();
            c->slots.push_back(slotFor(fields[i].type, i, last ? length : 0));
        }
    } else if (auto* a = asType<Array>(type)) {
        c->slots.reserve(length);
        for (size_t i = 0; i < length; ++i) c->slots.push_back(slotFor(a->itemType(), i, 0));
    } else if (auto* f = asType<FixedSizeArray>(type)) {
        c->slots.reserve(f->length());
        for (size_t i = 0; i < f->length(); ++i) c->slots.push_back(slotFor(f->itemType(), i, 0));
    } else if (type->kind() != TypeKind::Opaque) {
        throw std::invalid_argument("cannot allocate " + type->shortName());
    }
    return c;
}

LLContainer* LLHeap::function(const FuncType* type, std::string name,
                              const ir::FunctionGraph* graph, std::string external) {
    LLContainer* c = &containers_.emplace_back();
    c->type = type;
    c->name = std::move(name);
    c->graph = graph;
    c->external = std::move(external);
    c->prebuilt = true;
    return c;
}

int64_t LLHeap::identityHash(LLContainer* c) {
    c = c->outermost();
    if (!c->identityHash) c->identityHash = (++hashes_ * 0x9E3779B1) & 0x3FFFFFFFFFFFFFFF;
    return c->identityHash;
}

void LLHeap::markPrebuilt(LLContainer* c) {
    std::vector<LLContainer*> todo{c};
    while (!todo.empty()) {
        LLContainer* x = todo.back();
        todo.pop_back();
        if (!x || x->prebuilt || x->type->kind() == TypeKind::Func) continue;
        x->prebuilt = true;
        for (const LLValue& v : x->slots)
            if (v.tag == LLValue::Tag::Ptr && v.p) todo.push_back(v.p);
        if (x->parent) todo.push_back(x->parent);
    }
}

LLContainer* LLHeap::castContainer(LLContainer* c, const LowLevelType* to) {
    // Upcast: into the first field; downcast: out to the parent.
    for (LLContainer* up = c; up;) {
        if (up->type == to) return up;
        const auto* s = asType<Struct>(up->type);
        if (!s || !s->parentStruct() || up->slots.empty()) break;
        up = up->slots[0].p;
    }
    for (LLContainer* down = c; down; down = down->parentIndex == 0 ? down->parent : nullptr)
        if (down->type == to) return down;
    return nullptr;
}

} // namespace futamura::rtyper
