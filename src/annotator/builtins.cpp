//! Builtin functions and the methods of str, bytes, list and dict, as the
//! RPython annotator sees them.
#include <functional>
#include "futamura/annotator/annotator.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <set>

namespace futamura::annotator {

const SomeValue* RPythonAnnotator::callBuiltin(const SomeValue* f, const Args& args,
                                               const std::vector<std::string>& kwnames) {
    auto& bk = bk_;
    if (f->self) {
        if (!kwnames.empty()) bk.error("keyword arguments to " + f->str() + " are not supported");
        return builtinMethod(f->self, f->name, args);
    }
    const std::string& n = f->name;
    size_t npos = args.size() - kwnames.size();
    auto need = [&](size_t lo, size_t hi) {
        if (npos < lo || npos > hi || (!kwnames.empty() && n != "print"))
            unsupported("the call " + n + "() with these arguments", args);
    };
    if (n == "r_uint" || n == "r_longlong" || n == "intmask" || n == "r_int") {
        need(0, 1);
        if (npos == 1 && !isNum(args[0])) unsupported(n + "()", args);
        return bk.integer(false, n == "r_uint"       ? IntKind::Unsigned
                                 : n == "r_longlong" ? IntKind::LongLong
                                                     : IntKind::Signed);
    }
    if (n.size() > 9 && n.compare(n.size() - 9, 9, ".__init__") == 0 && f->builtin &&
        Py_IS_TYPE(f->builtin.get(), &PyWrapperDescr_Type)) {
        // The base constructors: nothing RPython needs to know.
        if (npos < 1 || args[0]->kind != SomeKind::Instance) unsupported(n + "()", args);
        return bk.none();
    }
    if (n == "range") {
        need(1, 3);
        for (const SomeValue* a : args)
            if (!isInt(a)) unsupported("range()", args);
        bool nonneg = npos == 1 || (args[0]->nonneg && (npos == 2 || (args[2]->konst &&
                                                                   py::asLong(args[2]->konst.get()) > 0)));
        return bk.newList(bk.integer(nonneg), true);
    }
    if (n == "enumerate" || n == "reversed") {
        need(1, n == "enumerate" ? 2 : 1);
        if (npos == 2 && !isInt(args[1])) unsupported("enumerate() start", args);
        const SomeValue* it = iterate(args[0]);
        return bk.iterator(it->container, n == "enumerate" ? IterVariant::Enumerate
                                                            : IterVariant::Reversed);
    }
    if (n == "min" || n == "max") {
        if (npos == 1 && args[0]->kind == SomeKind::List) return args[0]->listdef->find()->item.read(bk);
        need(2, 8);
        const SomeValue* r = bk.impossible();
        for (const SomeValue* a : args) {
            if (!isNum(a) && !isStr(a)) unsupported(n + "()", args);
            r = bk.join(r, a->konst ? bk.withConstant(a, nullptr) : a);
        }
        return r;
    }
    if (n == "print") {
        for (size_t i = 0; i < args.size(); ++i) {
            const SomeValue* a = args[i];
            bool ok = hasText(a) && !isBytes(a);
            if (i >= npos && (kwnames[i - npos] == "sep" || kwnames[i - npos] == "end")) {
                ok = isStr(a);
            } else if (i >= npos) {
                bk.error("print() got an unsupported keyword argument '" + kwnames[i - npos] + "'");
            }
            if (!ok) bk.error("print() of " + a->str() + ": only numbers, strings, None, and lists, tuples and dicts of them can be printed");
        }
        return bk.none();
    }
    if (n == "hex" || n == "oct" || n == "bin") {
        need(1, 1);
        if (!isInt(args[0])) unsupported(n + "()", args);
        return bk.string(StrKind::Str);
    }
    if (n == "round") {
        need(1, 2);
        if (!isNum(args[0]) || (npos == 2 && !isInt(args[1]))) unsupported("round()", args);
        return npos == 1 || isInt(args[0]) ? bk.integer() : bk.floating();
    }
    if (n == "chr") { need(1, 1); if (!isInt(args[0])) unsupported("chr()", args); return bk.character(); }
    if (n == "ord") { need(1, 1); return bk.integer(true); }
    if (n == "str" || n == "repr") {
        need(0, 1);
        return bk.string(StrKind::Str);
    }
    if (n == "int") {
        need(0, 2);
        if (npos == 2 && (!isStr(args[0]) || !isInt(args[1]))) unsupported("int()", args);
        return bk.integer();
    }
    if (n == "float") { need(0, 1); return bk.floating(); }
    if (n == "bool") { need(0, 1); return bk.boolean(); }
    if (n == "bytes") {
        need(0, 1);
        return bk.string(StrKind::Bytes);
    }
    if (n == "list") {
        need(0, 1);
        if (npos == 0) return bk.newList(nullptr);
        const SomeValue* it = iterate(args[0]);
        const SomeValue* r = bk.newList(nullptr);
        r->listdef->find()->item.generalize(bk, nextOf(it), "list() item");
        return r;
    }
    if (n == "dict") { need(0, 0); return bk.newDict(nullptr, nullptr); }
    if (n == "tuple") bk.error("tuple() of a sequence is not RPython: the length is not known");
    if (n == "abs") { need(1, 1); return isInt(args[0]) ? bk.integer(true) : bk.floating(); }
    if (n == "isinstance") { need(2, 2); return bk.boolean(); }
    if (n == "hash" || n == "id") { need(1, 1); return bk.integer(); }
    if (n == "len") { need(1, 1); return bk.integer(true); }
    if (n == "posix.write") {
        need(2, 2);
        if (!isInt(args[0]) || !isBytes(args[1])) unsupported("os.write()", args);
        return bk.integer(true);
    }
    if (n == "posix.read") {
        need(2, 2);
        if (!isInt(args[0]) || !isInt(args[1])) unsupported("os.read()", args);
        return bk.string(StrKind::Bytes);
    }
    if (n == "posix.close") { need(1, 1); return bk.none(); }
    if (n == "posix.open") { need(2, 3); return bk.integer(true); }
    if (n == "time.time" || n == "time.perf_counter" || n == "time.monotonic") {
        need(0, 0);
        return bk.floating();
    }
    if (n.rfind("math.", 0) == 0) {
        static const std::set<std::string> toInt{"math.floor", "math.ceil", "math.trunc"};
        static const std::set<std::string> toBool{"math.isnan", "math.isinf", "math.isfinite"};
        for (const SomeValue* a : args)
            if (!isNum(a)) unsupported(n + "()", args);
        if (toInt.count(n)) return bk.integer();
        if (toBool.count(n)) return bk.boolean();
        return bk.floating();
    }
    bk.error("the builtin " + n + "() is not supported in RPython");
}

const SomeValue* RPythonAnnotator::builtinMethod(const SomeValue* self, const std::string& m,
                                                 const Args& a) {
    auto& bk = bk_;
    auto arity = [&](size_t lo, size_t hi) {
        if (a.size() < lo || a.size() > hi) unsupported(m + "() with " + std::to_string(a.size()) + " arguments", a);
    };
    if (isStr(self) || isBytes(self)) {
        StrKind k = isBytes(self) ? StrKind::Bytes : StrKind::Str;
        const SomeValue* same = bk.string(k);
        auto sameKind = [&](const SomeValue* s) { return k == StrKind::Str ? isStr(s) : isBytes(s); };
        if (m == "join") {
            arity(1, 1);
            if (a[0]->kind != SomeKind::List || !sameKind(a[0]->listdef->find()->item.read(bk)))
                if (!(a[0]->kind == SomeKind::List && a[0]->listdef->find()->item.value == nullptr))
                    unsupported("join()", a);
            return same;
        }
        if (m == "splitlines") {
            arity(0, 1);
            if (!a.empty() && !isInt(a[0])) unsupported("splitlines() (keepends must be a bool)", a);
            return bk.newList(same);
        }
        if (m == "split" || m == "rsplit") {
            arity(0, 2);
            if (!a.empty() && !sameKind(a[0]) && a[0]->kind != SomeKind::None) unsupported(m + "()", a);
            return bk.newList(same);
        }
        if (m == "strip" || m == "lstrip" || m == "rstrip") {
            arity(0, 1);
            return same;
        }
        if (m == "find" || m == "rfind" || m == "index" || m == "rindex" || m == "count") {
            arity(1, 3);
            if (!sameKind(a[0]) && !(k == StrKind::Bytes && isInt(a[0]))) unsupported(m + "()", a);
            return m == "count" ? bk.integer(true) : bk.integer();
        }
        if (m == "replace") {
            arity(2, 3);
            if (!sameKind(a[0]) || !sameKind(a[1])) unsupported("replace()", a);
            return same;
        }
        if (m == "startswith" || m == "endswith") {
            arity(1, 1);
            if (!sameKind(a[0])) unsupported(m + "()", a);
            return bk.boolean();
        }
        if (m == "lower" || m == "upper" || m == "capitalize" || m == "title" || m == "swapcase") {
            arity(0, 0);
            return same;
        }
        if (m == "isdigit" || m == "isalpha" || m == "isalnum" || m == "isspace" ||
            m == "isupper" || m == "islower") {
            arity(0, 0);
            return bk.boolean();
        }
        if (m == "ljust" || m == "rjust" || m == "center" || m == "zfill") {
            arity(1, m == "zfill" ? 1 : 2);
            if (!isInt(a[0])) unsupported(m + "() (the width must be an int)", a);
            if (a.size() == 2) {
                // The fill character: a str of one character (a constant for bytes).
                bool ok = k == StrKind::Str ? a[1]->kind == SomeKind::Char
                                            : isBytes(a[1]) && a[1]->konst &&
                                                  PyBytes_Check(a[1]->konst.get()) &&
                                                  PyBytes_GET_SIZE(a[1]->konst.get()) == 1;
                if (!ok)
                    bk.error("the fill character of " + m + "() must be " +
                             (k == StrKind::Str ? "a single character" : "a constant bytes of length 1") +
                             ", not " + a[1]->str());
            }
            return same;
        }
        if (k == StrKind::Str && m == "encode") {
            arity(0, 1);
            return bk.string(StrKind::Bytes);
        }
        if (k == StrKind::Bytes && m == "decode") {
            arity(0, 1);
            return bk.string(StrKind::Str);
        }
    } else if (self->kind == SomeKind::List) {
        ListDef* d = self->listdef->find();
        if (m == "append") {
            arity(1, 1);
            d->resized = true;
            d->item.generalize(bk, a[0], "item appended");
            return bk.none();
        }
        if (m == "insert") {
            arity(2, 2);
            if (!isInt(a[0])) unsupported("insert()", a);
            d->resized = true;
            d->item.generalize(bk, a[1], "item inserted");
            return bk.none();
        }
        if (m == "extend") {
            arity(1, 1);
            d->resized = true;
            d->item.generalize(bk, nextOf(iterate(a[0])), "list extended");
            return bk.none();
        }
        if (m == "pop") {
            arity(0, 1);
            d->resized = true;
            return d->item.read(bk);
        }
        if (m == "remove" || m == "index" || m == "count") {
            arity(1, 1);
            d->item.generalize(bk, a[0], "searched");
            if (m == "remove") d->resized = true;
            return m == "remove" ? bk.none() : bk.integer(true);
        }
        if (m == "reverse" || m == "sort") {
            arity(0, 0);
            d->mutated = true;
            const SomeValue* item = d->item.read(bk);
            std::function<bool(const SomeValue*)> sortable = [&](const SomeValue* x) {
                if (isNum(x) || isStr(x) || isBytes(x)) return true;
                if (x->kind != SomeKind::Tuple) return false;
                for (const SomeValue* i : x->items)
                    if (!sortable(i)) return false;
                return true;
            };
            if (m == "sort" && item->kind != SomeKind::Impossible && !sortable(item))
                bk.error("sort() of a list of " + item->str() +
                         ": only lists of numbers, strings and tuples of them can be sorted");
            return bk.none();
        }
        if (m == "clear") {
            arity(0, 0);
            d->resized = true;
            return bk.none();
        }
        if (m == "copy") {
            arity(0, 0);
            return bk.newList(d->item.read(bk));
        }
    } else if (self->kind == SomeKind::Dict) {
        DictDef* d = self->dictdef->find();
        if (m == "get") {
            arity(1, 2);
            d->key.generalize(bk, a[0], "dict key looked up");
            // The default may be returned as a value: it generalizes the
            // dict's values, as in PyPy's method_get.
            if (a.size() == 2) d->value.generalize(bk, a[1], "default of dict.get()");
            const SomeValue* v = d->value.read(bk);
            return a.size() == 2 ? v : bk.join(v, bk.none());
        }
        if (m == "popitem") {
            arity(0, 0);
            return bk.tuple({d->key.read(bk), d->value.read(bk)});
        }
        if (m == "setdefault") {
            arity(2, 2);
            d->key.generalize(bk, a[0], "dict key set");
            d->value.generalize(bk, a[1], "dict value set");
            return d->value.read(bk);
        }
        if (m == "pop") {
            arity(1, 2);
            d->key.generalize(bk, a[0], "dict key popped");
            if (a.size() == 2) d->value.generalize(bk, a[1], "default of dict.pop()");
            return d->value.read(bk);
        }
        if (m == "keys") { arity(0, 0); return bk.newList(d->key.read(bk)); }
        if (m == "values") { arity(0, 0); return bk.newList(d->value.read(bk)); }
        if (m == "items") {
            arity(0, 0);
            return bk.newList(bk.tuple({d->key.read(bk), d->value.read(bk)}));
        }
        if (m == "clear") { arity(0, 0); return bk.none(); }
        if (m == "copy") {
            arity(0, 0);
            SomeValue* c = bk.make(SomeKind::Dict);
            c->dictdef = d;
            return c;
        }
        if (m == "update") {
            arity(1, 1);
            if (a[0]->kind != SomeKind::Dict) unsupported("update()", a);
            bk.mergeDicts(d, a[0]->dictdef);
            return bk.none();
        }
    }
    bk.error("the method " + m + "() of " + self->str() + " is not supported in RPython");
}

} // namespace futamura::annotator
