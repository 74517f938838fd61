//! lltype: construction rules, interning, printing and C layout of the
//! low-level types (section 3.4 and figure 4 of the paper; PyPy's lltype.py).
//!
//! Construction enforces PyPy's inlining rules, checked in one place
//! (checkInline): a GcStruct may only be inlined as the first field of another
//! GcStruct (that is inheritance); an Array only as the last field of a
//! struct, never a GcArray; a var-sized struct, a function, a GC opaque type or
//! an unresolved forward reference never. Interning keys are built from the
//! identity of the (already interned) component types, so structural equality
//! is checked one level deep. Layout follows the C compiler: fields in order,
//! each at a multiple of its alignment, the struct padded to its alignment;
//! arrays are `struct { Signed length; T items[]; }` as the C backend writes
//! them.
#include "futamura/rtyper/lltype.h"
#include "futamura/rtyper/llheap.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace futamura::rtyper {

// --- Primitives --------------------------------------------------------------

namespace {

enum PrimitiveIndex : uint32_t {
#define FUTAMURA_LLTYPE_INDEX(name, ctype, size, align) k##name,
    FUTAMURA_LLTYPE_PRIMITIVES(FUTAMURA_LLTYPE_INDEX)
#undef FUTAMURA_LLTYPE_INDEX
        kPrimitiveCount
};

// Constant-initialized, so usable from other translation units' static
// initializers.
#define FUTAMURA_LLTYPE_DEFINE(name, ctype, size, align)                                           \
    constinit const Primitive k##name##Type{k##name, #name, ctype, size, align};
FUTAMURA_LLTYPE_PRIMITIVES(FUTAMURA_LLTYPE_DEFINE)
#undef FUTAMURA_LLTYPE_DEFINE

} // namespace

#define FUTAMURA_LLTYPE_EXPORT(name, ctype, size, align)                                           \
    const Primitive* const name = &k##name##Type;
FUTAMURA_LLTYPE_PRIMITIVES(FUTAMURA_LLTYPE_EXPORT)
#undef FUTAMURA_LLTYPE_EXPORT

const std::vector<const Primitive*>& allPrimitives() {
    static const std::vector<const Primitive*> all = {
#define FUTAMURA_LLTYPE_LIST(name, ctype, size, align) &k##name##Type,
        FUTAMURA_LLTYPE_PRIMITIVES(FUTAMURA_LLTYPE_LIST)
#undef FUTAMURA_LLTYPE_LIST
    };
    return all;
}

// --- Accessors ---------------------------------------------------------------

const LowLevelType* resolve(const LowLevelType* type) {
    while (type && type->kind() == TypeKind::ForwardReference) {
        auto target = static_cast<const ForwardReference*>(type)->target();
        if (!target) break;
        type = target;
    }
    return type;
}

bool LowLevelType::isVarSize() const {
    const LowLevelType* self = resolve(this);
    if (self->kind() == TypeKind::Array) return true;
    auto s = asType<Struct>(self);
    return s && s->arrayField();
}

Struct::Struct(uint32_t id, bool gc, std::string name, std::vector<Field> fields, Hints hints)
    : LowLevelType(kKind, gc, id), name_(std::move(name)), fields_(std::move(fields)),
      hints_(std::move(hints)) {
    for (size_t i = 0; i < fields_.size(); ++i)
        index_.emplace(fields_[i].name, i);
    varSize_ = !fields_.empty() && fields_.back().type->isVarSize();
}

std::optional<size_t> Struct::fieldIndex(std::string_view name) const {
    auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

const LowLevelType* Struct::fieldType(std::string_view name) const {
    auto index = fieldIndex(name);
    return index ? fields_[*index].type : nullptr;
}

const Struct* Struct::parentStruct() const {
    if (fields_.empty()) return nullptr;
    auto first = asType<Struct>(fields_.front().type);
    return first && first->isGc() == isGc() ? first : nullptr;
}

bool Struct::isSubStructOf(const Struct* other) const {
    for (const Struct* s = this; s; s = s->parentStruct())
        if (s == other) return true;
    return false;
}

const LowLevelType* Ptr::to() const {
    return resolve(to_);
}

// --- Printing ----------------------------------------------------------------

namespace {

std::string formatHints(const Hints& hints) {
    if (hints.empty()) return "";
    std::string out = " [";
    for (auto it = hints.begin(); it != hints.end(); ++it) {
        if (it != hints.begin()) out += ", ";
        out += it->first;
        if (!it->second.empty()) out += "=" + it->second;
    }
    return out + "]";
}

/// Prints `type` into `out`. `open` holds the containers being printed: one
/// met again is a recursive reference and prints by name only. In brief mode
/// structs always print by name only.
void printType(std::string& out, const LowLevelType* type, bool brief,
               std::vector<const LowLevelType*>& open) {
    type = resolve(type);
    bool recursive = std::find(open.begin(), open.end(), type) != open.end();
    open.push_back(type);
    switch (type->kind()) {
    case TypeKind::Primitive:
        out += static_cast<const Primitive*>(type)->name();
        break;
    case TypeKind::Struct: {
        auto s = static_cast<const Struct*>(type);
        out += (s->isGc() ? "GcStruct " : "Struct ") + s->name();
        if (brief || recursive) break;
        out += " {";
        for (size_t i = 0; i < s->fields().size(); ++i) {
            out += i ? ", " : " ";
            out += s->fields()[i].name + ": ";
            printType(out, s->fields()[i].type, brief, open);
        }
        out += s->fields().empty() ? "}" : " }";
        out += formatHints(s->hints());
        break;
    }
    case TypeKind::Array: {
        auto a = static_cast<const Array*>(type);
        out += a->isGc() ? "GcArray(" : "Array(";
        if (recursive)
            out += "...";
        else
            printType(out, a->itemType(), brief, open);
        out += ")" + formatHints(a->hints());
        break;
    }
    case TypeKind::FixedSizeArray: {
        auto a = static_cast<const FixedSizeArray*>(type);
        out += "FixedSizeArray(";
        if (recursive)
            out += "...";
        else
            printType(out, a->itemType(), brief, open);
        out += ", " + std::to_string(a->length()) + ")";
        break;
    }
    case TypeKind::Ptr:
        out += "Ptr(";
        printType(out, static_cast<const Ptr*>(type)->to(), brief, open);
        out += ")";
        break;
    case TypeKind::Func: {
        auto f = static_cast<const FuncType*>(type);
        if (recursive) {
            out += "Func(...)";
            break;
        }
        out += "Func(";
        for (size_t i = 0; i < f->args().size(); ++i) {
            if (i) out += ", ";
            printType(out, f->args()[i], brief, open);
        }
        out += ") -> ";
        printType(out, f->result(), brief, open);
        break;
    }
    case TypeKind::Opaque: {
        auto o = static_cast<const OpaqueType*>(type);
        out += (o->isGc() ? "GcOpaque " : "Opaque ") + o->name();
        break;
    }
    case TypeKind::ForwardReference: // unresolved
        out += type->isGc() ? "GcForwardReference #" : "ForwardReference #";
        out += std::to_string(type->id());
        break;
    }
    open.pop_back();
}

} // namespace

std::string LowLevelType::str() const {
    std::string out;
    std::vector<const LowLevelType*> open;
    printType(out, this, false, open);
    return out;
}

std::string LowLevelType::shortName() const {
    std::string out;
    std::vector<const LowLevelType*> open;
    printType(out, this, true, open);
    return out;
}

// --- Construction rules --------------------------------------------------------

namespace {

[[noreturn]] void refuse(const std::string& message) {
    throw std::invalid_argument(message);
}

/// Checks that `child` may be stored inline in the container described by
/// `where` (for messages); `parentGcStruct`, `first` and `last` say where.
/// Primitives and pointers may go anywhere.
void checkInline(const LowLevelType* child, const std::string& where, bool parentGcStruct,
                 bool first, bool last) {
    std::string what = child->shortName();
    switch (child->kind()) {
    case TypeKind::Primitive:
    case TypeKind::Ptr:
    case TypeKind::FixedSizeArray: // its items were checked when it was built
        return;
    case TypeKind::Struct:
        if (child->isVarSize())
            refuse(where + ": cannot inline the var-sized " + what +
                   " (only an array may be var-sized, as the last field)");
        if (child->isGc() && !(first && parentGcStruct))
            refuse(where + ": cannot inline " + what +
                   ": a GcStruct can only be inlined as the first field of another GcStruct");
        return;
    case TypeKind::Array:
        if (child->isGc())
            refuse(where + ": cannot inline " + what + ": a GcArray is only reached by a Ptr");
        if (!last)
            refuse(where + ": cannot inline " + what +
                   ": an array can only be inlined as the last field of a struct");
        if (parentGcStruct && !static_cast<const Array*>(child)->hasLength())
            refuse(where + ": cannot inline the no-length " + what + " in a GcStruct");
        return;
    case TypeKind::Opaque:
        if (child->isGc())
            refuse(where + ": cannot inline " + what + ": it is only reached by a Ptr");
        return;
    case TypeKind::Func:
        refuse(where + ": cannot inline " + what + ": use a Ptr to the function");
    case TypeKind::ForwardReference:
        refuse(where + ": cannot inline the unresolved " + what + ": use a Ptr to it");
    }
}

/// Interning keys: component names length-prefixed, component types by
/// address (they are interned already, so address is structural identity).
struct KeyBuilder {
    std::string key;
    KeyBuilder& name(std::string_view s) {
        key += std::to_string(s.size()) + ":";
        key += s;
        return *this;
    }
    KeyBuilder& type(const LowLevelType* t) {
        return name(std::to_string(reinterpret_cast<uintptr_t>(t)));
    }
    KeyBuilder& hints(const Hints& hints) {
        name(std::to_string(hints.size()));
        for (auto& [k, v] : hints)
            name(k).name(v);
        return *this;
    }
};

} // namespace

void ForwardReference::become(const LowLevelType* real) {
    std::string self = shortName();
    if (target_) refuse(self + ": already became " + target_->shortName());
    real = resolve(real);
    if (real == this || real->kind() == TypeKind::ForwardReference)
        refuse(self + ": cannot become another unresolved forward reference");
    if (!real->isContainer())
        refuse(self + ": can only become a container type, not " + real->shortName());
    if (real->isGc() != isGc())
        refuse(self + ": cannot become " + real->shortName() + " (use a " +
               (real->isGc() ? "GcForwardReference" : "ForwardReference") + " for it)");
    factory_->noteBecome(this, real);
    target_ = real;
}

// --- The factory -------------------------------------------------------------

TypeFactory::TypeFactory() = default;
TypeFactory::~TypeFactory() = default;

uint32_t TypeFactory::nextId() const {
    return kPrimitiveCount + uint32_t(owned_.size());
}

/// Takes ownership of a freshly built type and records it under `key` (no key:
/// not interned).
template <class T> T* TypeFactory::adopt(std::string key, T* type) {
    owned_.emplace_back(type);
    order_.push_back(type);
    if (!key.empty()) interned_.emplace(std::move(key), type);
    return type;
}

const Struct* TypeFactory::makeStructImpl(bool gc, std::string name, std::vector<Field> fields,
                                          Hints hints) {
    std::string where = std::string(gc ? "GcStruct " : "Struct ") + name;
    KeyBuilder key;
    key.name(gc ? "GcStruct" : "Struct").name(name).hints(hints);
    for (size_t i = 0; i < fields.size(); ++i) {
        Field& field = fields[i];
        if (!field.type) refuse(where + ": field '" + field.name + "' has no type");
        field.type = resolve(field.type); // a resolved reference inlines its real type
        if (field.name.empty() || field.name[0] == '_')
            refuse(where + ": field name '" + field.name +
                   "' must be non-empty and not start with '_'");
        for (size_t j = 0; j < i; ++j)
            if (fields[j].name == field.name)
                refuse(where + ": repeated field name '" + field.name + "'");
        checkInline(field.type, where + ", field '" + field.name + "'", gc, i == 0,
                    i + 1 == fields.size());
        key.name(field.name).type(field.type);
    }
    if (auto it = interned_.find(key.key); it != interned_.end())
        return static_cast<const Struct*>(it->second);
    return adopt(std::move(key.key),
                 new Struct(nextId(), gc, std::move(name), std::move(fields), std::move(hints)));
}

const Struct* TypeFactory::makeStruct(std::string name, std::vector<Field> fields, Hints hints) {
    return makeStructImpl(false, std::move(name), std::move(fields), std::move(hints));
}

const Struct* TypeFactory::makeGcStruct(std::string name, std::vector<Field> fields, Hints hints) {
    return makeStructImpl(true, std::move(name), std::move(fields), std::move(hints));
}

const Array* TypeFactory::makeArrayImpl(bool gc, const LowLevelType* item, Hints hints) {
    assert(item && "array of no type");
    item = resolve(item);
    checkInline(item, gc ? "GcArray" : "Array", false, false, false);
    KeyBuilder key;
    key.name(gc ? "GcArray" : "Array").type(item).hints(hints);
    if (auto it = interned_.find(key.key); it != interned_.end())
        return static_cast<const Array*>(it->second);
    return adopt(std::move(key.key), new Array(nextId(), gc, item, std::move(hints)));
}

const Array* TypeFactory::makeArray(const LowLevelType* item, Hints hints) {
    return makeArrayImpl(false, item, std::move(hints));
}

const Array* TypeFactory::makeGcArray(const LowLevelType* item, Hints hints) {
    return makeArrayImpl(true, item, std::move(hints));
}

const FixedSizeArray* TypeFactory::makeFixedSizeArray(const LowLevelType* item, size_t length) {
    assert(item && "array of no type");
    item = resolve(item);
    checkInline(item, "FixedSizeArray", false, false, false);
    KeyBuilder key;
    key.name("FixedSizeArray").type(item).name(std::to_string(length));
    if (auto it = interned_.find(key.key); it != interned_.end())
        return static_cast<const FixedSizeArray*>(it->second);
    return adopt(std::move(key.key), new FixedSizeArray(nextId(), item, length));
}

const Ptr* TypeFactory::makePtr(const LowLevelType* to) {
    assert(to && "pointer to no type");
    to = resolve(to);
    if (!to->isContainer())
        refuse("Ptr: can only point to a container type (Struct, Array, FixedSizeArray, "
               "Func, Opaque), not to " +
               to->shortName());
    if (auto it = ptrs_.find(to); it != ptrs_.end()) return it->second;
    const Ptr* ptr = adopt(std::string(), new Ptr(nextId(), to));
    ptrs_.emplace(to, ptr);
    return ptr;
}

const FuncType* TypeFactory::makeFunc(std::vector<const LowLevelType*> args,
                                      const LowLevelType* result) {
    assert(result && "function without result type");
    KeyBuilder key;
    key.name("Func");
    for (auto& arg : args) {
        assert(arg && "function argument of no type");
        arg = resolve(arg);
        key.type(arg);
    }
    result = resolve(result);
    if (result->isContainer())
        refuse("Func: the result must be a primitive or a pointer, not " + result->shortName());
    key.type(result);
    if (auto it = interned_.find(key.key); it != interned_.end())
        return static_cast<const FuncType*>(it->second);
    return adopt(std::move(key.key), new FuncType(nextId(), std::move(args), result));
}

const OpaqueType* TypeFactory::makeOpaque(std::string name) {
    std::string key = KeyBuilder().name("Opaque").name(name).key;
    if (auto it = interned_.find(key); it != interned_.end())
        return static_cast<const OpaqueType*>(it->second);
    return adopt(std::move(key), new OpaqueType(nextId(), false, std::move(name)));
}

const OpaqueType* TypeFactory::makeGcOpaque(std::string name) {
    std::string key = KeyBuilder().name("GcOpaque").name(name).key;
    if (auto it = interned_.find(key); it != interned_.end())
        return static_cast<const OpaqueType*>(it->second);
    return adopt(std::move(key), new OpaqueType(nextId(), true, std::move(name)));
}

ForwardReference* TypeFactory::makeForwardReference() {
    return adopt(std::string(), new ForwardReference(nextId(), false, this));
}

ForwardReference* TypeFactory::makeGcForwardReference() {
    return adopt(std::string(), new ForwardReference(nextId(), true, this));
}

/// After `ref` becomes `real`, Ptr(ref) and Ptr(real) must be one type: the
/// pointer built for the reference is also the pointer to the real type.
void TypeFactory::noteBecome(const ForwardReference* ref, const LowLevelType* real) {
    auto fromRef = ptrs_.find(ref);
    if (fromRef == ptrs_.end()) return;
    auto [it, inserted] = ptrs_.emplace(real, fromRef->second);
    if (!inserted && it->second != fromRef->second)
        refuse(ref->shortName() + ": cannot become " + real->shortName() +
               ", a Ptr to which was built separately before");
}

// --- Layout ------------------------------------------------------------------

namespace {

size_t roundUp(size_t n, size_t align) {
    return (n + align - 1) / align * align;
}

[[noreturn]] void noLayout(const LowLevelType* type, const std::string& why) {
    refuse(type->shortName() + " " + why);
}

/// Where the fields of a struct go: their offsets, the end of the last one,
/// and the struct's alignment.
struct StructLayout {
    std::vector<size_t> offsets;
    size_t end = 0;
    size_t align = 1;
};

StructLayout layoutStruct(const Struct* s) {
    StructLayout layout;
    bool empty = true;
    for (const Field& field : s->fields()) {
        if (field.type == Void) { // not emitted in C: no space, no alignment
            layout.offsets.push_back(layout.end);
            continue;
        }
        size_t align = alignOf(field.type);
        size_t offset = roundUp(layout.end, align);
        layout.offsets.push_back(offset);
        layout.end = offset + (field.type->isVarSize() ? 0 : sizeOf(field.type));
        layout.align = std::max(layout.align, align);
        empty = false;
    }
    if (empty) // the C backend emits `char _dummy;` in an empty struct
        layout.end = 1;
    return layout;
}

} // namespace

size_t alignOf(const LowLevelType* type) {
    type = resolve(type);
    switch (type->kind()) {
    case TypeKind::Primitive:
        return static_cast<const Primitive*>(type)->align();
    case TypeKind::Ptr:
        return 8;
    case TypeKind::Struct:
        return layoutStruct(static_cast<const Struct*>(type)).align;
    case TypeKind::Array: {
        auto a = static_cast<const Array*>(type);
        return std::max(a->hasLength() ? Signed->align() : size_t{1}, alignOf(a->itemType()));
    }
    case TypeKind::FixedSizeArray:
        return alignOf(static_cast<const FixedSizeArray*>(type)->itemType());
    case TypeKind::Func:
    case TypeKind::Opaque:
    case TypeKind::ForwardReference:
        break;
    }
    noLayout(type, "has no layout known to lltype");
}

size_t sizeOf(const LowLevelType* type) {
    type = resolve(type);
    if (type->isVarSize()) noLayout(type, "is variable-sized: use varSizeLayout()");
    switch (type->kind()) {
    case TypeKind::Primitive:
        return static_cast<const Primitive*>(type)->size();
    case TypeKind::Ptr:
        return 8;
    case TypeKind::Struct: {
        StructLayout layout = layoutStruct(static_cast<const Struct*>(type));
        return roundUp(layout.end, layout.align);
    }
    case TypeKind::FixedSizeArray: {
        auto a = static_cast<const FixedSizeArray*>(type);
        return sizeOf(a->itemType()) * a->length();
    }
    case TypeKind::Array:
    case TypeKind::Func:
    case TypeKind::Opaque:
    case TypeKind::ForwardReference:
        break;
    }
    noLayout(type, "has no layout known to lltype");
}

size_t fieldOffset(const Struct* type, std::string_view field) {
    auto index = type->fieldIndex(field);
    if (!index) refuse(type->shortName() + " has no field '" + std::string(field) + "'");
    return layoutStruct(type).offsets[*index];
}

VarSizeLayout varSizeLayout(const LowLevelType* type) {
    type = resolve(type);
    if (auto a = asType<Array>(type)) {
        size_t itemSize = sizeOf(a->itemType());
        if (!a->hasLength()) return {0, itemSize, std::nullopt};
        return {roundUp(Signed->size(), alignOf(a->itemType())), itemSize, 0};
    }
    if (auto s = asType<Struct>(type); s && s->arrayField()) {
        // The inlined array starts at its field offset; nested var-sized
        // structs are not allowed, so one level suffices.
        size_t base = layoutStruct(s).offsets.back();
        VarSizeLayout inner = varSizeLayout(s->arrayField()->type);
        inner.itemsOffset += base;
        if (inner.lengthOffset) *inner.lengthOffset += base;
        return inner;
    }
    noLayout(type, "is not variable-sized");
}

size_t varSizeOf(const LowLevelType* type, size_t length) {
    VarSizeLayout layout = varSizeLayout(type);
    return layout.itemsOffset + layout.itemSize * length;
}

} // namespace futamura::rtyper

namespace futamura::rtyper {

std::string LowLevelType::formatValue(const ir::LLValue& v) const {
    const LowLevelType* t = resolve(this);
    switch (v.tag) {
    case ir::LLValue::Tag::Void: return "None";
    case ir::LLValue::Tag::Uninit: return "<uninitialized>";
    case ir::LLValue::Tag::Type: return v.type->shortName();
    case ir::LLValue::Tag::Float: {
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", v.f);
        std::string s = buf;
        if (s.find_first_of(".eni") == std::string::npos) s += ".0";
        return s;
    }
    case ir::LLValue::Tag::Int:
        if (t == Bool) return v.i ? "True" : "False";
        if (t == Char || t == UniChar) {
            if (v.i >= 32 && v.i < 127 && v.i != '\'' && v.i != '\\')
                return std::string("'") + (char)v.i + "'";
            char buf[24];
            snprintf(buf, sizeof buf, "'\\x%02llx'", (unsigned long long)v.i);
            return buf;
        }
        if (t == Unsigned || t == UnsignedLongLong) return std::to_string((uint64_t)v.i) + "u";
        return std::to_string(v.i);
    case ir::LLValue::Tag::Ptr:
        if (!v.p) return "null";
        if (!v.p->name.empty()) return "<" + v.p->name + ">";
        return "<" + resolve(v.p->type)->shortName() + ">";
    }
    return "?";
}

bool isImmutableField(const Struct* s, std::string_view name) {
    if (name == "typeptr") return true;
    if (s->hints().count("immutable")) return true;
    for (const Struct* p = s; p; p = p->parentStruct())
        if (!p->isGc() && p->name() == "object_vtable") return true; // (rclass.cpp: a class's vtable)
    auto it = s->hints().find("immutable_fields");
    if (it == s->hints().end()) return false;
    std::string list = "," + it->second + ",";
    return list.find("," + std::string(name) + ",") != std::string::npos;
}

bool isImmutableArray(const Array* a) { return a->hints().count("immutable") != 0; }

} // namespace futamura::rtyper
