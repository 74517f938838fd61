//! lltype: the C-level type system of the LLTyper (section 3.4 and figure 4 of
//! the paper; PyPy's rpython/rtyper/lltypesystem/lltype.py).
//!
//! The types tag the variables of the low-level graphs ("annotated
//! self-recursive formal terms", as the paper puts it):
//!
//!   Primitive            Signed, Unsigned, SignedLongLong, UnsignedLongLong,
//!                        Float, Char, UniChar, Bool, Void (global singletons)
//!   Struct / GcStruct    named, ordered fields; a first field that is a struct
//!                        of the same GC-ness is the parent (inheritance); an
//!                        inlined Array as the last field makes it var-sized
//!   Array / GcArray      a length and a variable number of items
//!   FixedSizeArray       n items, inlined like a struct
//!   Ptr                  a pointer to a container; a GC pointer when the
//!                        container is GC-managed
//!   FuncType             argument and result types
//!   Opaque / GcOpaque    a named type whose contents only the backend knows
//!   ForwardReference     a placeholder that later `become()`s a container, to
//!                        build recursive types
//!
//! All non-primitive types are owned and interned by a TypeFactory (one per
//! translation): building the same type twice gives the same object, so type
//! equality is pointer equality. Types reached through a forward reference are
//! interned by the identity of that reference. The layout helpers at the end
//! give the x86-64 C layout that the C backend and the GC transformer rely on;
//! the GC header is not part of it (the GC transformer adds it later).
#pragma once

#include "futamura/ir/graph.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace futamura::rtyper {

class TypeFactory;

enum class TypeKind : uint8_t {
    Primitive,
    Struct,
    Array,
    FixedSizeArray,
    Ptr,
    Func,
    Opaque,
    ForwardReference,
};

/// Free-form annotations on containers, as in PyPy (`immutable`,
/// `nolength`, ...). A hint without a value is stored with an empty string.
using Hints = std::map<std::string, std::string>;

class LowLevelType : public ir::TypeTag {
public:
    TypeKind kind() const { return kind_; }
    /// Unique within a translation: primitives first, then the factory's types
    /// in creation order.
    uint32_t id() const { return id_; }
    /// GC-managed: GcStruct, GcArray, GcOpaque, GcForwardReference.
    bool isGc() const { return gc_; }
    /// What a Ptr may point to: everything but primitives and pointers.
    bool isContainer() const { return kind_ != TypeKind::Primitive && kind_ != TypeKind::Ptr; }
    /// An Array, or a Struct whose last field is an inlined Array.
    bool isVarSize() const;

    /// The full type, with recursive references cut to their short name:
    /// `Ptr(GcStruct node { value: Signed, next: Ptr(GcStruct node) })`.
    std::string str() const override;
    /// Structs by name only: `Ptr(GcStruct node)`; for printing graphs.
    std::string shortName() const;
    /// A value of this type: 42, 'a', 1.5, null, <fn f>, <str "abc">.
    std::string formatValue(const ir::LLValue& value) const override;

protected:
    constexpr LowLevelType(TypeKind kind, bool gc, uint32_t id) : kind_(kind), gc_(gc), id_(id) {}

private:
    TypeKind kind_;
    bool gc_;
    uint32_t id_;
};

// --- Primitives --------------------------------------------------------------

/// The primitive types: name, C type in the generated code, size and
/// alignment in bytes on x86-64 (LP64). Void occupies no space.
// clang-format off
#define FUTAMURA_LLTYPE_PRIMITIVES(X)                                   \
    /* name             C type                size align */             \
    X(Signed,           "Signed",             8,   8)                   \
    X(Unsigned,         "Unsigned",           8,   8)                   \
    X(SignedLongLong,   "long long",          8,   8)                   \
    X(UnsignedLongLong, "unsigned long long", 8,   8)                   \
    X(Float,            "double",             8,   8)                   \
    X(Char,             "char",               1,   1)                   \
    X(UniChar,          "wchar_t",            4,   4)                   \
    X(Bool,             "bool_t",             1,   1)                   \
    X(Address,          "RPyAddress",         8,   8)                   \
    X(Void,             "void",               0,   1)
// clang-format on

class Primitive final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Primitive;
    constexpr Primitive(uint32_t id, const char* name, const char* cName, uint8_t size,
                        uint8_t align)
        : LowLevelType(kKind, false, id), name_(name), cName_(cName), size_(size), align_(align) {}
    std::string_view name() const { return name_; }
    std::string_view cName() const { return cName_; }
    size_t size() const { return size_; }
    size_t align() const { return align_; }

private:
    const char* name_;
    const char* cName_;
    uint8_t size_;
    uint8_t align_;
};

#define FUTAMURA_LLTYPE_DECLARE(name, ctype, size, align) extern const Primitive* const name;
FUTAMURA_LLTYPE_PRIMITIVES(FUTAMURA_LLTYPE_DECLARE)
#undef FUTAMURA_LLTYPE_DECLARE

/// All primitives, in table order (their ids are their indices).
const std::vector<const Primitive*>& allPrimitives();

// --- Containers and pointers -------------------------------------------------

struct Field {
    std::string name;
    const LowLevelType* type;
};

class Struct final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Struct;
    const std::string& name() const { return name_; }
    /// In declaration order (PyPy's `_names`), Void fields included.
    const std::vector<Field>& fields() const { return fields_; }
    std::optional<size_t> fieldIndex(std::string_view name) const;
    /// The type of the named field, or null if there is none.
    const LowLevelType* fieldType(std::string_view name) const;
    /// The first field when it is a struct of the same GC-ness: the part this
    /// struct inherits from (conventionally the field `super`).
    const Struct* parentStruct() const;
    /// This struct or one of its ancestors along parentStruct() is `other`.
    bool isSubStructOf(const Struct* other) const;
    /// The inlined var-sized last field, or null for fixed-size structs.
    const Field* arrayField() const { return varSize_ ? &fields_.back() : nullptr; }
    const Hints& hints() const { return hints_; }

private:
    friend class TypeFactory;
    Struct(uint32_t id, bool gc, std::string name, std::vector<Field> fields, Hints hints);

    std::string name_;
    std::vector<Field> fields_;
    std::unordered_map<std::string_view, size_t> index_;
    Hints hints_;
    bool varSize_ = false;
};

class Array final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Array;
    const LowLevelType* itemType() const { return item_; }
    /// Whether the array stores its length (not with the `nolength` hint).
    bool hasLength() const { return !hints_.count("nolength"); }
    const Hints& hints() const { return hints_; }

private:
    friend class TypeFactory;
    Array(uint32_t id, bool gc, const LowLevelType* item, Hints hints)
        : LowLevelType(kKind, gc, id), item_(item), hints_(std::move(hints)) {}

    const LowLevelType* item_;
    Hints hints_;
};

class FixedSizeArray final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::FixedSizeArray;
    const LowLevelType* itemType() const { return item_; }
    size_t length() const { return length_; }

private:
    friend class TypeFactory;
    FixedSizeArray(uint32_t id, const LowLevelType* item, size_t length)
        : LowLevelType(kKind, false, id), item_(item), length_(length) {}

    const LowLevelType* item_;
    size_t length_;
};

class Ptr final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Ptr;
    /// The container pointed to; a resolved forward reference is seen through.
    const LowLevelType* to() const;
    bool isGcPointer() const { return to()->isGc(); }

private:
    friend class TypeFactory;
    Ptr(uint32_t id, const LowLevelType* to) : LowLevelType(kKind, false, id), to_(to) {}

    const LowLevelType* to_;
};

class FuncType final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Func;
    const std::vector<const LowLevelType*>& args() const { return args_; }
    const LowLevelType* result() const { return result_; }

private:
    friend class TypeFactory;
    FuncType(uint32_t id, std::vector<const LowLevelType*> args, const LowLevelType* result)
        : LowLevelType(kKind, false, id), args_(std::move(args)), result_(result) {}

    std::vector<const LowLevelType*> args_;
    const LowLevelType* result_;
};

class OpaqueType final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::Opaque;
    const std::string& name() const { return name_; }

private:
    friend class TypeFactory;
    OpaqueType(uint32_t id, bool gc, std::string name)
        : LowLevelType(kKind, gc, id), name_(std::move(name)) {}

    std::string name_;
};

/// A container to be defined later. Build the recursive type with Ptr(ref)
/// where it refers to itself, then `ref->become(type)`: from then on Ptr(ref)
/// is Ptr(type), and every Ptr::to() and asType() sees the real type.
class ForwardReference final : public LowLevelType {
public:
    static constexpr TypeKind kKind = TypeKind::ForwardReference;
    /// The real type once become() was called, null before.
    const LowLevelType* target() const { return target_; }
    /// Throws std::invalid_argument when `real` is not a container, differs
    /// in GC-ness, or this reference was already resolved.
    void become(const LowLevelType* real);

private:
    friend class TypeFactory;
    ForwardReference(uint32_t id, bool gc, TypeFactory* factory)
        : LowLevelType(kKind, gc, id), factory_(factory) {}

    TypeFactory* factory_;
    const LowLevelType* target_ = nullptr;
};

/// The type itself, or the real type behind resolved forward references.
const LowLevelType* resolve(const LowLevelType* type);

/// Whether the field `name` of `s` never changes once its object is built:
/// an object's class (`typeptr`), any field of a class's vtable (classes are
/// prebuilt, never written), of a struct with the `immutable` hint, or
/// listed in its `immutable_fields` hint (the JIT generator reads these at
/// compile time).
bool isImmutableField(const Struct* s, std::string_view name);
/// Whether the items of `a` never change (the `immutable` hint).
bool isImmutableArray(const Array* a);

/// `type` (seen through forward references) as a T, or null if it is not one.
template <class T> const T* asType(const LowLevelType* type) {
    type = resolve(type);
    return type && type->kind() == T::kKind ? static_cast<const T*>(type) : nullptr;
}

// --- The factory -------------------------------------------------------------

/// Owns and interns the types of one translation. Every make* function
/// returns the existing type when a structurally equal one was built before,
/// and throws std::invalid_argument for a type lltype does not allow.
class TypeFactory {
public:
    TypeFactory();
    ~TypeFactory();
    TypeFactory(const TypeFactory&) = delete;
    TypeFactory& operator=(const TypeFactory&) = delete;

    const Struct* makeStruct(std::string name, std::vector<Field> fields, Hints hints = {});
    const Struct* makeGcStruct(std::string name, std::vector<Field> fields, Hints hints = {});
    const Array* makeArray(const LowLevelType* item, Hints hints = {});
    const Array* makeGcArray(const LowLevelType* item, Hints hints = {});
    const FixedSizeArray* makeFixedSizeArray(const LowLevelType* item, size_t length);
    const Ptr* makePtr(const LowLevelType* to);
    const FuncType* makeFunc(std::vector<const LowLevelType*> args, const LowLevelType* result);
    const OpaqueType* makeOpaque(std::string name);
    const OpaqueType* makeGcOpaque(std::string name);
    /// Never interned: each call gives a new reference.
    ForwardReference* makeForwardReference();
    ForwardReference* makeGcForwardReference();

    /// Every type built so far, in id order (for deterministic output).
    const std::vector<const LowLevelType*>& types() const { return order_; }

private:
    friend class ForwardReference;
    const Struct* makeStructImpl(bool gc, std::string name, std::vector<Field> fields, Hints hints);
    const Array* makeArrayImpl(bool gc, const LowLevelType* item, Hints hints);
    template <class T> T* adopt(std::string key, T* type);
    uint32_t nextId() const;
    void noteBecome(const ForwardReference* ref, const LowLevelType* real);

    std::vector<std::unique_ptr<LowLevelType>> owned_;
    std::vector<const LowLevelType*> order_;
    std::unordered_map<std::string, const LowLevelType*> interned_;
    std::unordered_map<const LowLevelType*, const Ptr*> ptrs_;
};

// --- Layout (x86-64 C rules) -------------------------------------------------

/// Size in bytes of a fixed-size type. Throws std::invalid_argument for
/// var-sized types, functions, opaque types and unresolved references.
size_t sizeOf(const LowLevelType* type);
/// Alignment in bytes; defined for var-sized types too.
size_t alignOf(const LowLevelType* type);
/// Offset of a field from the start of the struct.
size_t fieldOffset(const Struct* type, std::string_view field);

/// The shape of an Array, or of a struct ending in one: the fixed part up to
/// the first item, then `length` items of `itemSize` bytes each.
struct VarSizeLayout {
    size_t itemsOffset;
    size_t itemSize;
    std::optional<size_t> lengthOffset; // absent for `nolength` arrays
};
VarSizeLayout varSizeLayout(const LowLevelType* type);
/// Bytes for an instance with `length` items (allocators round up further).
size_t varSizeOf(const LowLevelType* type, size_t length);

} // namespace futamura::rtyper
