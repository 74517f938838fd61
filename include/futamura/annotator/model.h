//! The RPython lattice (section 4.3 of the paper; PyPy's annotator/model.py).
//!
//!   Impossible                      bottom: no value ever reaches here
//!   Integer(nonneg, kind)           int, r_uint, r_longlong; Bool below Integer
//!   Float                           Integer joins into Float
//!   String(str|bytes, canBeNone)    Char (a 1-character str) below String(str)
//!   None                            joins with anything nullable
//!   List(listdef)  Dict(dictdef)    the def is shared by every list/dict that
//!                                   ever meets this one (union-find)
//!   Tuple(items)                    fixed length
//!   Instance(classdef, canBeNone)   joins to the common base class
//!   PBC(descs, canBeNone)           prebuilt constants: functions, classes,
//!                                   methods, frozen objects
//!   Iterator(container, variant)    Builtin(name, self)    Type(classes)
//!
//! There is no top: a join without RPython meaning (int with str, an
//! instance with an int) is a UnionError naming both sides. Every annotation
//! may carry the constant it is known to be.
#pragma once

#include "futamura/annotator/engine.h"
#include "futamura/python/ref.h"

#include <set>
#include <string>
#include <vector>

namespace futamura::annotator {

class ClassDef;
class ListDef;
class DictDef;
class Desc;

enum class SomeKind : uint8_t {
    Impossible,
    Integer,
    Bool,
    Float,
    String,
    Char,
    None,
    List,
    Dict,
    Tuple,
    Instance,
    PBC,
    Iterator,
    Builtin,
    Type,
};

enum class IntKind : uint8_t { Signed, Unsigned, LongLong };
enum class StrKind : uint8_t { Str, Bytes };
enum class IterVariant : uint8_t { Items, Keys, Values, DictItems, Enumerate, Reversed };

class SomeValue : public Annotation {
public:
    SomeKind kind;
    py::PyRef konst; // the constant this is known to be, if any

    bool isConstant() const { return (bool)konst; }
    bool canBeNone() const;
    std::string str() const override;
    /// Structural equality (defs compared by identity after union-find).
    bool equals(const SomeValue& other) const;

    // Integer / Bool
    bool nonneg = false;
    IntKind intKind = IntKind::Signed;
    // String / Char
    StrKind strKind = StrKind::Str;
    bool nullable = false; // String, Instance, PBC, List, Dict: may be None
    // List / Dict
    ListDef* listdef = nullptr;
    DictDef* dictdef = nullptr;
    // Tuple
    std::vector<const SomeValue*> items;
    // Instance, Type
    ClassDef* classdef = nullptr;
    // Type: the variables whose type this is (so that a test on the type
    // narrows them, as `except E as e` does)
    std::vector<const ir::Variable*> typeOf;
    // PBC: sorted by id
    std::vector<Desc*> descs;
    // Iterator
    const SomeValue* container = nullptr;
    IterVariant variant = IterVariant::Items;
    // Builtin: a builtin function, or a method of `self`
    std::string name;
    const SomeValue* self = nullptr;
    py::PyRef builtin;
    // Bool: what a True/False outcome tells about variables
    Refinements ifTrue, ifFalse;

    explicit SomeValue(SomeKind k) : kind(k) {}
};

/// A join without RPython meaning.
class UnionError : public std::runtime_error {
public:
    UnionError(const SomeValue* a, const SomeValue* b, std::string why);
    const SomeValue* a;
    const SomeValue* b;
};

const char* kindName(SomeKind kind);

// Families of annotations that operations accept.
inline bool isInt(const SomeValue* s) {
    return s->kind == SomeKind::Integer || s->kind == SomeKind::Bool;
}
inline bool isNum(const SomeValue* s) { return isInt(s) || s->kind == SomeKind::Float; }
inline bool isStr(const SomeValue* s) { // str or a character
    return s->kind == SomeKind::Char || (s->kind == SomeKind::String && s->strKind == StrKind::Str);
}
inline bool isBytes(const SomeValue* s) {
    return s->kind == SomeKind::String && s->strKind == StrKind::Bytes;
}

} // namespace futamura::annotator
