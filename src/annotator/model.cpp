//! The RPython lattice: printing and structural equality of annotations.
#include "futamura/annotator/model.h"

#include "futamura/annotator/bookkeeper.h"
#include "futamura/ir/printer.h"

#include <algorithm>

namespace futamura::annotator {

const char* kindName(SomeKind kind) {
    switch (kind) {
    case SomeKind::Impossible: return "impossible";
    case SomeKind::Integer: return "int";
    case SomeKind::Bool: return "bool";
    case SomeKind::Float: return "float";
    case SomeKind::String: return "str";
    case SomeKind::Char: return "char";
    case SomeKind::None: return "None";
    case SomeKind::List: return "list";
    case SomeKind::Dict: return "dict";
    case SomeKind::Tuple: return "tuple";
    case SomeKind::Instance: return "instance";
    case SomeKind::PBC: return "prebuilt constant";
    case SomeKind::Iterator: return "iterator";
    case SomeKind::Builtin: return "builtin";
    case SomeKind::Type: return "type";
    }
    return "?";
}

UnionError::UnionError(const SomeValue* a, const SomeValue* b, std::string why)
    : std::runtime_error(why.empty() ? "cannot join " + a->str() + " and " + b->str() : why),
      a(a), b(b) {}

bool SomeValue::canBeNone() const {
    switch (kind) {
    case SomeKind::None: return true;
    case SomeKind::String:
    case SomeKind::Instance:
    case SomeKind::PBC:
    case SomeKind::List:
    case SomeKind::Dict: return nullable;
    default: return false;
    }
}

static std::string descName(const Desc* d) {
    switch (d->kind) {
    case Desc::Kind::Method: {
        auto* m = static_cast<const MethodDesc*>(d);
        return m->origin->name + "." + m->name;
    }
    default: return d->name;
    }
}

std::string SomeValue::str() const {
    std::string s;
    auto orNone = [&](std::string t) { return nullable ? t + " or None" : t; };
    switch (kind) {
    case SomeKind::Impossible: s = "impossible"; break;
    case SomeKind::Integer:
        s = intKind == IntKind::Unsigned   ? "r_uint"
            : intKind == IntKind::LongLong ? "r_longlong"
            : nonneg                       ? "int>=0"
                                           : "int";
        break;
    case SomeKind::Bool: s = "bool"; break;
    case SomeKind::Float: s = "float"; break;
    case SomeKind::String: s = orNone(strKind == StrKind::Str ? "str" : "bytes"); break;
    case SomeKind::Char: s = "char"; break;
    case SomeKind::None: s = "None"; break;
    case SomeKind::List: {
        // A list may contain itself (x = [x]): print the recursion once.
        static thread_local std::vector<const ListDef*> printing;
        ListDef* def = listdef->find();
        if (std::find(printing.begin(), printing.end(), def) != printing.end()) return "list(...)";
        printing.push_back(def);
        s = orNone("list(" + (def->item.value ? def->item.value->str() : "?") + ")");
        printing.pop_back();
        break;
    }
    case SomeKind::Dict: {
        DictDef* def = dictdef->find();
        s = orNone("dict(" + (def->key.value ? def->key.value->str() : "?") + ": " +
                   (def->value.value ? def->value.value->str() : "?") + ")");
        break;
    }
    case SomeKind::Tuple:
        s = "(";
        for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i]->str();
        s += items.size() == 1 ? ",)" : ")";
        break;
    case SomeKind::Instance: s = orNone(classdef->name); break;
    case SomeKind::PBC:
        if (descs.size() == 1) s = orNone(descName(descs[0]));
        else {
            s = "{";
            for (size_t i = 0; i < descs.size(); ++i) s += (i ? ", " : "") + descName(descs[i]);
            s = orNone(s + "}");
        }
        break;
    case SomeKind::Iterator: s = "iter(" + container->str() + ")"; break;
    case SomeKind::Builtin: s = self ? "method " + name + " of " + self->str() : "builtin " + name; break;
    case SomeKind::Type: s = classdef ? "type(" + classdef->name + ")" : "type"; break;
    }
    if (konst && kind != SomeKind::None && kind != SomeKind::PBC)
        s += " (const " + ir::formatConstant(konst.get()) + ")";
    return s;
}

bool SomeValue::equals(const SomeValue& o) const {
    if (this == &o) return true;
    if (kind != o.kind || nullable != o.nullable) return false;
    if ((bool)konst != (bool)o.konst) return false;
    if (konst) {
        if (Py_TYPE(konst.get()) != Py_TYPE(o.konst.get())) return false;
        int eq = PyObject_RichCompareBool(konst.get(), o.konst.get(), Py_EQ);
        if (eq < 0) PyErr_Clear();
        if (eq != 1 && konst.get() != o.konst.get()) return false;
    }
    switch (kind) {
    case SomeKind::Integer: return nonneg == o.nonneg && intKind == o.intKind;
    case SomeKind::Bool: {
        auto same = [](const Refinements& x, const Refinements& y) {
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                if (x[i].first != y[i].first ||
                    !static_cast<const SomeValue*>(x[i].second)
                         ->equals(*static_cast<const SomeValue*>(y[i].second)))
                    return false;
            return true;
        };
        return same(ifTrue, o.ifTrue) && same(ifFalse, o.ifFalse);
    }
    case SomeKind::String: return strKind == o.strKind;
    case SomeKind::List: return listdef->find() == o.listdef->find();
    case SomeKind::Dict: return dictdef->find() == o.dictdef->find();
    case SomeKind::Tuple:
        if (items.size() != o.items.size()) return false;
        for (size_t i = 0; i < items.size(); ++i)
            if (!items[i]->equals(*o.items[i])) return false;
        return true;
    case SomeKind::Instance: return classdef == o.classdef;
    case SomeKind::PBC: return descs == o.descs;
    case SomeKind::Iterator: return variant == o.variant && container->equals(*o.container);
    case SomeKind::Builtin:
        return name == o.name && builtin == o.builtin &&
               (self == o.self || (self && o.self && self->equals(*o.self)));
    case SomeKind::Type: return classdef == o.classdef && typeOf == o.typeOf;
    default: return true;
    }
}

} // namespace futamura::annotator
