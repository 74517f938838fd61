//! Transfer functions of the RPython annotator: one case per operation of
//! the flow graphs (Python 3 semantics: `/` of ints is a float, `//` and `%`
//! floor; str and bytes are distinct, `bytes[i]` is an int).
#include "futamura/annotator/annotator.h"

#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <cctype>
#include <cstring>

namespace futamura::annotator {

using ir::Opcode;

namespace {

// How the user wrote the operation, for messages.
std::string operatorText(Opcode op) {
    switch (op) {
    case Opcode::Add: case Opcode::AddOvf: return "'+'";
    case Opcode::InplaceAdd: return "'+='";
    case Opcode::Sub: case Opcode::SubOvf: return "'-'";
    case Opcode::InplaceSub: return "'-='";
    case Opcode::Mul: case Opcode::MulOvf: return "'*'";
    case Opcode::InplaceMul: return "'*='";
    case Opcode::Truediv: case Opcode::InplaceTruediv: return "'/'";
    case Opcode::Floordiv: case Opcode::FloordivOvf: case Opcode::InplaceFloordiv: return "'//'";
    case Opcode::Mod: case Opcode::ModOvf: case Opcode::InplaceMod: return "'%'";
    case Opcode::Pow: case Opcode::InplacePow: return "'**'";
    case Opcode::Lshift: case Opcode::LshiftOvf: case Opcode::InplaceLshift: return "'<<'";
    case Opcode::Rshift: case Opcode::InplaceRshift: return "'>>'";
    case Opcode::And: case Opcode::InplaceAnd: return "'&'";
    case Opcode::Or: case Opcode::InplaceOr: return "'|'";
    case Opcode::Xor: case Opcode::InplaceXor: return "'^'";
    case Opcode::Lt: return "'<'";
    case Opcode::Le: return "'<='";
    case Opcode::Eq: return "'=='";
    case Opcode::Ne: return "'!='";
    case Opcode::Gt: return "'>'";
    case Opcode::Ge: return "'>='";
    case Opcode::Neg: case Opcode::NegOvf: return "unary '-'";
    case Opcode::Pos: return "unary '+'";
    case Opcode::Invert: return "'~'";
    default: return "'" + std::string(ir::opName(op)) + "'";
    }
}

IntKind intKindOf(const SomeValue* s) {
    return s->kind == SomeKind::Integer ? s->intKind : IntKind::Signed;
}

} // namespace

// The first of `names` that the class of an instance (or one of its
// subclasses) defines itself: special methods RPython does not call.
static const char* userSpecialMethod(const SomeValue* s, std::initializer_list<const char*> names) {
    if (s->kind != SomeKind::Instance) return nullptr;
    // classAttr looks through the bases, so the class and its subclasses suffice.
    std::vector<ClassDef*> classes = s->classdef->subclasses();
    classes.insert(classes.begin(), s->classdef);
    for (ClassDef* c : classes)
        for (const char* n : names)
            if (PyObject* v = c->classAttr(n); v && PyFunction_Check(v)) return n;
    return nullptr;
}

void RPythonAnnotator::refuseSpecialMethods(const SomeValue* s, const char* what,
                                            std::initializer_list<const char*> names,
                                            const char* instead) {
    if (const char* n = userSpecialMethod(s, names))
        bk_.error(std::string(what) + " on an instance of " + s->classdef->name + " would call " +
                  n + "() on CPython, but " + instead);
}

// The special methods of a binary operator: `x op y` may call x.__op__(y),
// y.__rop__(x) or, in place, x.__iop__(y).
static std::vector<std::string> operatorMethods(Opcode op) {
    const char* base = nullptr;
    switch (op) {
    case Opcode::Add: case Opcode::AddOvf: case Opcode::InplaceAdd: base = "add"; break;
    case Opcode::Sub: case Opcode::SubOvf: case Opcode::InplaceSub: base = "sub"; break;
    case Opcode::Mul: case Opcode::MulOvf: case Opcode::InplaceMul: base = "mul"; break;
    case Opcode::Truediv: case Opcode::InplaceTruediv: base = "truediv"; break;
    case Opcode::Floordiv: case Opcode::FloordivOvf: case Opcode::InplaceFloordiv: base = "floordiv"; break;
    case Opcode::Mod: case Opcode::ModOvf: case Opcode::InplaceMod: base = "mod"; break;
    case Opcode::Pow: case Opcode::InplacePow: base = "pow"; break;
    case Opcode::Lshift: case Opcode::LshiftOvf: case Opcode::InplaceLshift: base = "lshift"; break;
    case Opcode::Rshift: case Opcode::InplaceRshift: base = "rshift"; break;
    case Opcode::And: case Opcode::InplaceAnd: base = "and"; break;
    case Opcode::Or: case Opcode::InplaceOr: base = "or"; break;
    case Opcode::Xor: case Opcode::InplaceXor: base = "xor"; break;
    case Opcode::Neg: case Opcode::NegOvf: return {"__neg__"};
    case Opcode::Pos: return {"__pos__"};
    case Opcode::Invert: return {"__invert__"};
    case Opcode::Abs: case Opcode::AbsOvf: return {"__abs__"};
    default: return {};
    }
    std::string b = base;
    return {"__" + b + "__", "__r" + b + "__", "__i" + b + "__"};
}

void RPythonAnnotator::refuseOperatorMethods(const ir::Operation& op, const Args& a) {
    std::vector<std::string> names = operatorMethods(op.opcode);
    for (const SomeValue* s : a) {
        if (s->kind != SomeKind::Instance) continue;
        std::vector<ClassDef*> classes = s->classdef->subclasses();
        classes.insert(classes.begin(), s->classdef);
        for (ClassDef* c : classes)
            for (const std::string& n : names)
                if (PyObject* v = c->classAttr(n); v && PyFunction_Check(v))
                    bk_.error(operatorText(op.opcode) + " on an instance of " + s->classdef->name +
                              " would call " + n + "() on CPython, but RPython does not call "
                              "the special methods of operators; call a method explicitly");
    }
}

// Whether `value` suits the conversion character `conv` of a format.
static bool suitsConversion(char conv, const SomeValue* value) {
    switch (conv) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'b': case 'n':
        return isInt(value) || (conv != 'x' && conv != 'X' && conv != 'o' && conv != 'b' &&
                                value->kind == SomeKind::Float);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': return isNum(value);
    case 'c': return isInt(value) || value->kind == SomeKind::Char;
    case 's': case 'r': case 'a': return true; // checked as "formattable" by the caller
    default: return false;
    }
}

void RPythonAnnotator::checkFormatSpec(const SomeValue* value, const SomeValue* spec) {
    if (!spec->konst || !PyUnicode_Check(spec->konst.get()))
        bk_.error("the format spec of an f-string must be a constant, found " + spec->str());
    std::string text = py::asString(spec->konst.get());
    if (text.empty()) return;
    char conv = text.back();
    if (!std::isalpha((unsigned char)conv) && conv != '%')
        return; // no type: fill, alignment, sign, width or precision only
    if (text.size() >= 2 && (text[text.size() - 2] == '<' || text[text.size() - 2] == '>' ||
                             text[text.size() - 2] == '^' || text[text.size() - 2] == '='))
        return; // a letter used as the fill character
    bool ok = conv == 's' ? isStr(value) : suitsConversion(conv, value);
    if (!ok)
        bk_.error("the format spec '" + text + "' cannot format " + value->str());
}

bool RPythonAnnotator::hasText(const SomeValue* v) {
    if (!v || v->kind == SomeKind::Impossible) return true;
    if (isNum(v) || isStr(v) || isBytes(v) || v->kind == SomeKind::None ||
        (v->kind == SomeKind::String && v->nullable))
        return true;
    switch (v->kind) {
    case SomeKind::List: return hasText(v->listdef->find()->item.value);
    case SomeKind::Dict: {
        DictDef* d = v->dictdef->find();
        return hasText(d->key.value) && hasText(d->value.value);
    }
    case SomeKind::Tuple:
        for (const SomeValue* i : v->items)
            if (!hasText(i)) return false;
        return true;
    default: return false;
    }
}

void RPythonAnnotator::checkPercentFormat(const SomeValue* format, const SomeValue* args) {
    if (!format->konst)
        bk_.error("the format string of '%' must be a constant, found " + format->str());
    PyObject* f = format->konst.get();
    std::string text = PyUnicode_Check(f) ? py::asString(f)
                                          : std::string(PyBytes_AS_STRING(f), PyBytes_GET_SIZE(f));
    std::vector<char> convs;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') continue;
        size_t j = i + 1;
        if (j < text.size() && text[j] == '(')
            bk_.error("'%(name)' formats with a dict are not RPython: '" + text + "'");
        while (j < text.size() && std::strchr("-+ #0", text[j])) ++j;
        while (j < text.size() && (std::isdigit((unsigned char)text[j]) || text[j] == '.')) ++j;
        if (j < text.size() && text[j] == '*')
            bk_.error("'*' widths in '%' formats are not RPython: '" + text + "'");
        if (j >= text.size()) bk_.error("incomplete format '" + text + "'");
        if (text[j] != '%') {
            if (!std::strchr("diuxXobeEfFgGcsra", text[j]))
                bk_.error(std::string("unsupported format character '") + text[j] + "' in '" +
                          text + "'");
            convs.push_back(text[j]);
        }
        i = j;
    }
    std::vector<const SomeValue*> values;
    if (args->kind == SomeKind::Tuple) values = args->items;
    else values.push_back(args);
    if (values.size() != convs.size())
        bk_.error("the format '" + text + "' takes " + std::to_string(convs.size()) +
                  " argument(s), " + std::to_string(values.size()) + " given");
    for (size_t i = 0; i < convs.size(); ++i)
        if (!suitsConversion(convs[i], values[i]))
            bk_.error(std::string("'%") + convs[i] + "' in the format '" + text +
                      "' cannot format " + values[i]->str());
}

const SomeValue* RPythonAnnotator::arithmetic(Opcode op, const SomeValue* x, const SomeValue* y) {
    auto& bk = bk_;
    auto nonnegBoth = isInt(x) && isInt(y) && x->nonneg && y->nonneg;
    switch (op) {
    case Opcode::Add:
    case Opcode::InplaceAdd:
    case Opcode::AddOvf:
        if (isStr(x) && isStr(y)) return bk.string(StrKind::Str);
        if (isBytes(x) && isBytes(y)) return bk.string(StrKind::Bytes);
        if (x->kind == SomeKind::List && y->kind == SomeKind::List) {
            if (op == Opcode::InplaceAdd) {
                ListDef* d = x->listdef->find();
                d->resized = true;
                d->item.generalize(bk, y->listdef->find()->item.read(bk), "list extended");
                return x;
            }
            const SomeValue* r = bk.newList(x->listdef->find()->item.read(bk));
            r->listdef->find()->item.generalize(bk, y->listdef->find()->item.read(bk), "list +");
            // As PyPy's offspring lists: the operands' items grow to the
            // result's, so that no list needs converting.
            const SomeValue* item = r->listdef->find()->item.read(bk);
            x->listdef->find()->item.generalize(bk, item, "list +");
            y->listdef->find()->item.generalize(bk, item, "list +");
            return r;
        }
        if (x->kind == SomeKind::Tuple && y->kind == SomeKind::Tuple) {
            std::vector<const SomeValue*> items = x->items;
            items.insert(items.end(), y->items.begin(), y->items.end());
            return bk.tuple(std::move(items));
        }
        break;
    case Opcode::Mul:
    case Opcode::InplaceMul:
    case Opcode::MulOvf:
        if ((isStr(x) && isInt(y)) || (isInt(x) && isStr(y))) return bk.string(StrKind::Str);
        if ((isBytes(x) && isInt(y)) || (isInt(x) && isBytes(y))) return bk.string(StrKind::Bytes);
        if ((x->kind == SomeKind::List && isInt(y)) || (op == Opcode::Mul && isInt(x) && y->kind == SomeKind::List)) {
            const SomeValue* lx = x->kind == SomeKind::List ? x : y;
            const SomeValue* r = bk.newList(nullptr);
            bk.mergeLists(r->listdef, lx->listdef); // [x] * n, n * [x]: same item type
            SomeValue* l = bk.make(SomeKind::List);
            l->listdef = r->listdef->find();
            return l;
        }
        break;
    case Opcode::Mod:
    case Opcode::InplaceMod:
        if (isStr(x) || isBytes(x)) { // %-formatting of numbers and strings
            bool ok = hasText(y);
            if (y->kind == SomeKind::Tuple) {
                ok = true;
                for (const SomeValue* item : y->items) ok = ok && hasText(item);
            }
            if (!ok) bk.error("cannot %-format " + y->str() + ": only numbers, strings, and lists, tuples and dicts of them");
            checkPercentFormat(x, y);
            return bk.string(isBytes(x) ? StrKind::Bytes : StrKind::Str);
        }
        break;
    default: break;
    }
    if (!isNum(x) || !isNum(y)) return nullptr;
    bool isFloat = x->kind == SomeKind::Float || y->kind == SomeKind::Float;
    if (op == Opcode::Truediv || op == Opcode::InplaceTruediv) return bk.floating();
    if (isFloat) {
        switch (op) {
        case Opcode::Lshift: case Opcode::Rshift: case Opcode::And: case Opcode::Or:
        case Opcode::Xor: case Opcode::InplaceLshift: case Opcode::InplaceRshift:
        case Opcode::InplaceAnd: case Opcode::InplaceOr: case Opcode::InplaceXor:
            return nullptr;
        default: return bk.floating();
        }
    }
    IntKind k = intKindOf(x) == intKindOf(y) ? intKindOf(x)
                : (intKindOf(x) == IntKind::Unsigned || intKindOf(y) == IntKind::Unsigned)
                    ? IntKind::Unsigned
                    : IntKind::LongLong;
    bool nonneg = false;
    switch (op) {
    case Opcode::Add: case Opcode::InplaceAdd: case Opcode::AddOvf:
    case Opcode::Mul: case Opcode::InplaceMul: case Opcode::MulOvf:
    case Opcode::Floordiv: case Opcode::InplaceFloordiv: case Opcode::FloordivOvf:
    case Opcode::Or: case Opcode::InplaceOr: case Opcode::Xor: case Opcode::InplaceXor:
    case Opcode::LshiftOvf:
        nonneg = nonnegBoth; // raises instead of wrapping
        break;
    case Opcode::Rshift: case Opcode::InplaceRshift: nonneg = x->nonneg; break;
    case Opcode::Mod: case Opcode::InplaceMod: case Opcode::ModOvf: nonneg = y->nonneg; break;
    case Opcode::And: case Opcode::InplaceAnd:
        nonneg = (isInt(x) && x->nonneg) || (isInt(y) && y->nonneg);
        break;
    default: break;
    }
    // bool & bool stays a bool
    if ((op == Opcode::And || op == Opcode::Or || op == Opcode::Xor) &&
        x->kind == SomeKind::Bool && y->kind == SomeKind::Bool)
        return bk.boolean();
    return bk.integer(nonneg, k);
}

const SomeValue* RPythonAnnotator::compare(const ir::Operation& op, const SomeValue* x,
                                           const SomeValue* y) {
    bool ordered = op.opcode != Opcode::Eq && op.opcode != Opcode::Ne;
    bool ok = (isNum(x) && isNum(y)) || (isStr(x) && isStr(y)) || (isBytes(x) && isBytes(y));
    if (!ok && ordered) {
        if (x->kind == SomeKind::Tuple && y->kind == SomeKind::Tuple) ok = true;
        if (x->kind == SomeKind::List && y->kind == SomeKind::List) ok = true;
    }
    if (!ok && !ordered) {
        // == between other values of the same kind (or with None) is fine
        if (x->kind == y->kind || x->kind == SomeKind::None || y->kind == SomeKind::None) ok = true;
    }
    if (!ok)
        bk_.error("cannot compare " + x->str() + " and " + y->str() + " with " +
                  operatorText(op.opcode));
    if (x->konst && y->konst && isNum(x) == isNum(y)) {
        static const int ops[] = {Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
        int which = (int)op.opcode - (int)Opcode::Lt;
        int r = PyObject_RichCompareBool(x->konst.get(), y->konst.get(), ops[which]);
        if (r >= 0) return bk_.withConstant(bk_.boolean(), r ? Py_True : Py_False);
        PyErr_Clear();
    }
    return bk_.boolean();
}

const SomeValue* RPythonAnnotator::getitem(const SomeValue* obj, const SomeValue* index) {
    auto& bk = bk_;
    switch (obj->kind) {
    case SomeKind::List:
        if (!isInt(index)) unsupported("list index", {obj, index});
        return obj->listdef->find()->item.read(bk);
    case SomeKind::Dict: {
        DictDef* d = obj->dictdef->find();
        d->key.generalize(bk, index, "dict key looked up");
        return d->value.read(bk);
    }
    case SomeKind::String:
    case SomeKind::Char:
        if (!isInt(index)) unsupported("string index", {obj, index});
        return isBytes(obj) ? bk.integer(true) : bk.character();
    case SomeKind::Tuple: {
        if (index->konst && PyLong_Check(index->konst.get())) {
            long long i = py::asLong(index->konst.get());
            long long n = (long long)obj->items.size();
            if (i < 0) i += n;
            if (i < 0 || i >= n) bk.error("tuple index " + py::repr(index->konst.get()) +
                                          " out of range for " + obj->str());
            return obj->items[i];
        }
        if (!isInt(index)) unsupported("tuple index", {obj, index});
        const SomeValue* all = bk.impossible();
        for (const SomeValue* it : obj->items) {
            try {
                all = bk.join(all, it);
            } catch (const UnionError&) {
                bk.error("indexing " + obj->str() +
                         " with a variable index: its items have different types");
            }
        }
        return all;
    }
    default: unsupported("getitem", {obj, index});
    }
}

const SomeValue* RPythonAnnotator::operation(const ir::Operation& op, const Args& a) {
    auto& bk = bk_;
    auto constStr = [&](size_t i) -> std::string {
        if (!a[i]->konst || !PyUnicode_Check(a[i]->konst.get()))
            bk.error(std::string(ir::opName(op.opcode)) + " needs a constant name, found " +
                     a[i]->str());
        return py::asString(a[i]->konst.get());
    };
    switch (op.opcode) {
    case Opcode::SimpleCall:
    case Opcode::CallArgs: return callOp(op, a);
    case Opcode::SameAs: return a[0];
    // the JIT generator's hints: no effect on types
    case Opcode::Hint: return a[0];
    case Opcode::JitMarker: return bk.none();
    case Opcode::JitWeAreJitted: return bk.boolean();

    case Opcode::Is: {
        const SomeValue *x = a[0], *y = a[1];
        if (x->konst && y->konst && (x->kind == SomeKind::None || y->kind == SomeKind::None ||
                                     x->kind == SomeKind::PBC))
            return bk.withConstant(bk.boolean(), x->konst.get() == y->konst.get() ? Py_True : Py_False);
        if ((x->kind == SomeKind::None && !y->canBeNone()) ||
            (y->kind == SomeKind::None && !x->canBeNone()))
            return bk.withConstant(bk.boolean(), Py_False);
        SomeValue* r = bk.make(SomeKind::Bool);
        *r = *bk.boolean();
        // `type(v) is C`: v is a C on True
        for (int side = 0; side < 2; ++side) {
            const SomeValue *t = a[side], *c = a[1 - side];
            if (t->kind != SomeKind::Type || !c->konst || !PyType_Check(c->konst.get()) ||
                !(((PyTypeObject*)c->konst.get())->tp_flags & Py_TPFLAGS_HEAPTYPE))
                continue;
            ClassDef* cdef = bk.getClassDef(c->konst.get());
            if (t->classdef && !cdef->isSubclassOf(t->classdef))
                return bk.withConstant(bk.boolean(), Py_False);
            for (const ir::Variable* v : t->typeOf) r->ifTrue.emplace_back(v, bk.instance(cdef));
        }
        // `v is None`: v is None on True, not None on False
        for (int side = 0; side < 2; ++side) {
            const SomeValue* other = a[1 - side];
            const ir::Variable* v = ir::asVariable(op.args[side]);
            if (!v || other->kind != SomeKind::None) continue;
            r->ifTrue.emplace_back(v, bk.none());
            r->ifFalse.emplace_back(v, bk.nonnoneify(a[side]));
        }
        return r;
    }
    case Opcode::Not: {
        const SomeValue* x = a[0];
        if (x->konst) {
            int t = PyObject_IsTrue(x->konst.get());
            if (t >= 0) return bk.withConstant(bk.boolean(), t ? Py_False : Py_True);
            PyErr_Clear();
        }
        SomeValue* r = bk.make(SomeKind::Bool);
        *r = *bk.boolean();
        if (x->kind == SomeKind::Bool) {
            r->ifTrue = x->ifFalse;
            r->ifFalse = x->ifTrue;
        } else if (const ir::Variable* v = ir::asVariable(op.args[0]); v && x->canBeNone()) {
            r->ifFalse.emplace_back(v, bk.nonnoneify(x));
        }
        return r;
    }
    case Opcode::Bool: {
        const SomeValue* x = a[0];
        if (x->kind == SomeKind::Bool) return x;
        if (x->konst) {
            int t = PyObject_IsTrue(x->konst.get());
            if (t >= 0) return bk.withConstant(bk.boolean(), t ? Py_True : Py_False);
            PyErr_Clear();
        }
        refuseSpecialMethods(x, "truth testing", {"__bool__", "__len__"},
                             "RPython's truth of an instance is 'is not None'; test len(x) or "
                             "call a method explicitly");
        if ((x->kind == SomeKind::Instance || x->kind == SomeKind::PBC) && !x->nullable)
            return bk.withConstant(bk.boolean(), Py_True);
        SomeValue* r = bk.make(SomeKind::Bool);
        *r = *bk.boolean();
        if (const ir::Variable* v = ir::asVariable(op.args[0]); v && x->canBeNone())
            r->ifTrue.emplace_back(v, bk.nonnoneify(x));
        return r;
    }
    case Opcode::Id: return bk.integer();
    case Opcode::Hash:
        refuseSpecialMethods(a[0], "hash()", {"__hash__"},
                             "RPython hashes instances by identity; call a method explicitly");
        if (isNum(a[0]) || isStr(a[0]) || isBytes(a[0]) || a[0]->kind == SomeKind::Tuple ||
            a[0]->kind == SomeKind::Instance)
            return bk.integer();
        unsupported("hash()", a);
    case Opcode::Type: {
        SomeValue* t = bk.make(SomeKind::Type);
        if (a[0]->kind == SomeKind::Instance) {
            t->classdef = a[0]->classdef;
            if (const ir::Variable* v = ir::asVariable(op.args[0])) t->typeOf.push_back(v);
        }
        return t;
    }
    case Opcode::Issubtype:
    case Opcode::Isinstance: {
        const SomeValue *x = a[0], *c = a[1];
        if (!c->konst) bk.error(std::string(ir::opName(op.opcode)) + "() needs a class known at translation time");
        PyObject* cls = c->konst.get();
        std::vector<PyObject*> classes;
        if (PyTuple_Check(cls))
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls); ++i) classes.push_back(PyTuple_GET_ITEM(cls, i));
        else
            classes.push_back(cls);
        ClassDef* subject = x->classdef; // Instance or Type
        bool isType = op.opcode == Opcode::Issubtype;
        if (isType && x->konst && PyType_Check(x->konst.get())) {
            int r = PyObject_IsSubclass(x->konst.get(), cls);
            if (r < 0) py::throwPythonError();
            return bk.withConstant(bk.boolean(), r ? Py_True : Py_False);
        }
        if (!isType && x->kind != SomeKind::Instance) {
            // isinstance of builtin types: decided by the annotation
            if (x->konst) {
                int r = PyObject_IsInstance(x->konst.get(), cls);
                if (r >= 0) return bk.withConstant(bk.boolean(), r ? Py_True : Py_False);
                PyErr_Clear();
            }
            return bk.boolean();
        }
        SomeValue* r = bk.make(SomeKind::Bool);
        *r = *bk.boolean();
        if (subject && classes.size() == 1 && PyType_Check(classes[0])) {
            ClassDef* target = bk.getClassDef(classes[0]);
            if (subject->isSubclassOf(target) && (isType || !x->nullable))
                return bk.withConstant(bk.boolean(), Py_True);
            if (!target->isSubclassOf(subject) && !subject->isSubclassOf(target))
                return bk.withConstant(bk.boolean(), Py_False);
            const SomeValue* narrowed = bk.instance(target);
            if (isType) {
                for (const ir::Variable* v : x->typeOf) r->ifTrue.emplace_back(v, narrowed);
            } else if (const ir::Variable* v = ir::asVariable(op.args[0])) {
                r->ifTrue.emplace_back(v, narrowed);
            }
        }
        return r;
    }
    case Opcode::Repr:
    case Opcode::Str:
    case Opcode::Format: {
        const SomeValue* x = a[0];
        const char* fn = op.opcode == Opcode::Repr ? "repr()" : op.opcode == Opcode::Str ? "str()" : "format()";
        if (x->kind == SomeKind::Instance)
            bk.error(std::string(fn) + " of an instance of " + x->classdef->name +
                     " is not RPython: on CPython its text comes from special methods or the "
                     "object's address; format its fields instead");
        if (!hasText(x)) unsupported(fn, a);
        if (op.opcode == Opcode::Format && !(isNum(x) || isStr(x) || isBytes(x)) && a[1]->konst &&
            PyUnicode_Check(a[1]->konst.get()) && PyUnicode_GetLength(a[1]->konst.get()) != 0)
            unsupported(fn, a);
        if (op.opcode == Opcode::Format) checkFormatSpec(x, a[1]);
        if (x->konst && isStr(x) && op.opcode == Opcode::Str) return x;
        return bk.string(StrKind::Str);
    }
    case Opcode::Buildstr:
        for (const SomeValue* s : a)
            if (!isStr(s)) unsupported("string building", a);
        return bk.string(StrKind::Str);
    case Opcode::Len:
        if (a[0]->kind == SomeKind::Instance) {
            const SomeValue* n = callSpecialMethod(op, a, "__len__", "len()");
            if (n->kind == SomeKind::Impossible) return n;
            if (!isInt(n) || (n->kind == SomeKind::Integer && n->intKind != IntKind::Signed))
                bk.error("len() of an instance of " + a[0]->classdef->name + ": its __len__() returns " +
                         n->str() + ", not an int");
            return bk.integer(n->nonneg);
        }
        switch (a[0]->kind) {
        case SomeKind::Tuple: {
            py::PyRef n = py::fromLong((long long)a[0]->items.size());
            return bk.withConstant(bk.integer(true), n.get());
        }
        case SomeKind::List: case SomeKind::Dict: case SomeKind::String: case SomeKind::Char:
            if (a[0]->konst) {
                py::PyRef n = py::fromLong(PyObject_Length(a[0]->konst.get()));
                return bk.withConstant(bk.integer(true), n.get());
            }
            return bk.integer(true);
        default: unsupported("len()", a);
        }
    case Opcode::Int:
        if (isNum(a[0]) || isStr(a[0])) return bk.integer();
        unsupported("int()", a);
    case Opcode::Float:
        if (isNum(a[0]) || isStr(a[0])) return bk.floating();
        unsupported("float()", a);
    case Opcode::Ord:
        if (a[0]->kind == SomeKind::Char || isStr(a[0]) || isBytes(a[0])) return bk.integer(true);
        unsupported("ord()", a);
    case Opcode::Abs:
    case Opcode::AbsOvf:
        refuseOperatorMethods(op, a);
        if (isInt(a[0])) return bk.integer(true, intKindOf(a[0]));
        if (a[0]->kind == SomeKind::Float) return bk.floating();
        unsupported("abs()", a);
    case Opcode::Pos:
    case Opcode::Neg:
    case Opcode::NegOvf:
    case Opcode::Invert:
        refuseOperatorMethods(op, a);
        if (isInt(a[0])) return bk.integer(op.opcode == Opcode::Pos && a[0]->nonneg, intKindOf(a[0]));
        if (a[0]->kind == SomeKind::Float && op.opcode != Opcode::Invert) return bk.floating();
        bk.error("cannot apply " + operatorText(op.opcode) + " to " + a[0]->str());

    case Opcode::Getattr: return getattr(a[0], constStr(1));
    case Opcode::Setattr: {
        std::string name = constStr(1);
        if (a[0]->kind != SomeKind::Instance) unsupported("setattr of '" + name + "'", a);
        ClassDef* owner = nullptr;
        PyObject* classValue = a[0]->classdef->classAttr(name, &owner);
        if (classValue && (PyFunction_Check(classValue)))
            bk.error("cannot assign to '" + name + "': it is a method of " + owner->name);
        a[0]->classdef->locateAttr(bk, name).generalize(bk, a[2], "attribute set");
        return bk.none();
    }
    case Opcode::Delattr: return bk.none();
    case Opcode::Getitem:
        if (a[0]->kind == SomeKind::Instance)
            return callSpecialMethod(op, a, "__getitem__", "indexing ('x[i]')");
        return getitem(a[0], a[1]);
    case Opcode::Setitem:
        if (a[0]->kind == SomeKind::Instance) {
            const SomeValue* r = callSpecialMethod(op, a, "__setitem__", "item assignment ('x[i] = v')");
            return r->kind == SomeKind::Impossible ? r : bk.none();
        }
        if (a[0]->kind == SomeKind::List) {
            if (!isInt(a[1])) unsupported("list index", a);
            ListDef* d = a[0]->listdef->find();
            d->mutated = true;
            d->item.generalize(bk, a[2], "list item set");
            return bk.none();
        }
        if (a[0]->kind == SomeKind::Dict) {
            DictDef* d = a[0]->dictdef->find();
            d->key.generalize(bk, a[1], "dict key set");
            d->value.generalize(bk, a[2], "dict value set");
            return bk.none();
        }
        unsupported("setitem", a);
    case Opcode::Delitem:
        if (a[0]->kind == SomeKind::Instance) {
            const SomeValue* r = callSpecialMethod(op, a, "__delitem__", "item deletion ('del x[i]')");
            return r->kind == SomeKind::Impossible ? r : bk.none();
        }
        if (a[0]->kind == SomeKind::List && isInt(a[1])) {
            a[0]->listdef->find()->resized = true;
            return bk.none();
        }
        if (a[0]->kind == SomeKind::Dict) {
            a[0]->dictdef->find()->key.generalize(bk, a[1], "dict key deleted");
            return bk.none();
        }
        unsupported("delitem", a);
    case Opcode::Getslice:
        for (int i = 1; i < 3; ++i)
            if (!isInt(a[i]) && a[i]->kind != SomeKind::None) unsupported("slice bound", a);
        if (a[0]->kind == SomeKind::List) {
            SomeValue* l = bk.make(SomeKind::List);
            l->listdef = a[0]->listdef->find();
            return l;
        }
        if (isStr(a[0])) return bk.string(StrKind::Str);
        if (isBytes(a[0])) return bk.string(StrKind::Bytes);
        if (a[0]->kind == SomeKind::Tuple && a[1]->konst && a[2]->konst) {
            py::PyRef slice = py::PyRef::steal(py::check(PySlice_New(a[1]->konst.get(), a[2]->konst.get(), nullptr)));
            Py_ssize_t start, stop, step, n;
            if (PySlice_GetIndicesEx(slice.get(), (Py_ssize_t)a[0]->items.size(), &start, &stop, &step, &n) < 0)
                py::throwPythonError();
            std::vector<const SomeValue*> items;
            for (Py_ssize_t i = 0; i < n; ++i) items.push_back(a[0]->items[start + i]);
            return bk.tuple(std::move(items));
        }
        unsupported("slicing", a);
    case Opcode::Setslice:
        if (a[0]->kind == SomeKind::List && a[3]->kind == SomeKind::List) {
            ListDef* d = a[0]->listdef->find();
            d->resized = true;
            d->item.generalize(bk, a[3]->listdef->find()->item.read(bk), "slice assigned");
            return bk.none();
        }
        unsupported("slice assignment", a);
    case Opcode::Delslice:
        if (a[0]->kind == SomeKind::List) {
            a[0]->listdef->find()->resized = true;
            return bk.none();
        }
        unsupported("slice deletion", a);
    case Opcode::Contains: {
        const SomeValue *c = a[0], *x = a[1];
        if (c->kind == SomeKind::Instance) {
            // `x in c`: c.__contains__(x), its result tested for truth
            const SomeValue* r = callSpecialMethod(op, a, "__contains__", "'in'");
            return r->kind == SomeKind::Impossible ? r : bk.boolean();
        }
        switch (c->kind) {
        case SomeKind::List: c->listdef->find()->item.generalize(bk, x, "searched with 'in'"); break;
        case SomeKind::Dict: c->dictdef->find()->key.generalize(bk, x, "searched with 'in'"); break;
        case SomeKind::String:
        case SomeKind::Char:
            if (!(isStr(c) && isStr(x)) && !(isBytes(c) && isInt(x)) && !(isBytes(c) && isBytes(x)))
                unsupported("'in'", a);
            break;
        case SomeKind::Tuple:
            for (const SomeValue* it : c->items) bk.join(it, x); // must be comparable
            break;
        default: unsupported("'in'", a);
        }
        if (c->konst && x->konst) {
            int r = PySequence_Contains(c->konst.get(), x->konst.get());
            if (r >= 0) return bk.withConstant(bk.boolean(), r ? Py_True : Py_False);
            PyErr_Clear();
        }
        return bk.boolean();
    }
    case Opcode::Lt: case Opcode::Le: case Opcode::Eq:
    case Opcode::Ne: case Opcode::Gt: case Opcode::Ge:
        for (int i = 0; i < 2; ++i)
            refuseSpecialMethods(a[i], "comparison", {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"},
                                 "RPython compares instances by identity and does not call "
                                 "comparison methods; call a method explicitly");
        return compare(op, a[0], a[1]);
    case Opcode::Iter:
        if (a[0]->kind == SomeKind::Instance) {
            const SomeValue* it = callSpecialMethod(op, a, "__iter__", "iteration");
            if (it->kind != SomeKind::Impossible && it->kind != SomeKind::Instance &&
                it->kind != SomeKind::Iterator)
                bk.error("iteration over an instance of " + a[0]->classdef->name +
                         ": its __iter__() returns " + it->str() +
                         ", not an iterator (return iter(...) of it, or an instance with __next__)");
            return it;
        }
        return iterate(a[0]);
    case Opcode::Next:
        if (a[0]->kind == SomeKind::Instance) return callSpecialMethod(op, a, "__next__", "next()");
        return nextOf(a[0]);
    case Opcode::Newtuple: return bk.tuple(a);
    case Opcode::Newlist: {
        const SomeValue* item = bk.impossible();
        for (const SomeValue* s : a) item = bk.join(item, s);
        return bk.newList(item);
    }
    case Opcode::Newdict: {
        const SomeValue *k = bk.impossible(), *v = bk.impossible();
        for (size_t i = 0; i + 1 < a.size(); i += 2) {
            k = bk.join(k, a[i]);
            v = bk.join(v, a[i + 1]);
        }
        return bk.newDict(k, v);
    }
    case Opcode::Newset: bk.error("sets are not RPython; use a dict with the values as keys");
    case Opcode::Newslice: bk.error("slices with a step are not RPython");
    case Opcode::Divmod:
        if (isInt(a[0]) && isInt(a[1])) return bk.tuple({bk.integer(), bk.integer()});
        unsupported("divmod()", a);
    default: {
        const SomeValue* r = arithmetic(op.opcode, a[0], a[1]);
        if (!r) {
            refuseOperatorMethods(op, a);
            bk.error("cannot apply " + operatorText(op.opcode) + " to " + a[0]->str() + " and " +
                     a[1]->str());
        }
        return r;
    }
    }
}

} // namespace futamura::annotator
