//! Calls and attributes in the RPython annotator: calling functions (with
//! defaults, keywords, *args and specialization), instantiating classes,
//! methods and their dispatch over a class hierarchy, attributes of
//! instances, classes and frozen objects, and iteration.
#include "futamura/annotator/annotator.h"

#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <algorithm>
#include <cctype>

namespace futamura::annotator {

using ir::Opcode;

const SomeValue* RPythonAnnotator::callOp(const ir::Operation& op, const Args& a) {
    if (op.opcode == Opcode::SimpleCall) {
        Args args(a.begin() + 1, a.end());
        return call(a[0], args, {}, nullptr);
    }
    // call_args(f, (npos, kwnames, star), args...): the keyword arguments
    // follow the positional ones, and *args comes last.
    PyObject* shape = ir::asConstant(op.args[1])->value();
    PyObject* names = PyTuple_GET_ITEM(shape, 1);
    bool star = PyTuple_GET_ITEM(shape, 2) == Py_True;
    std::vector<std::string> kwnames;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); ++i)
        kwnames.push_back(py::asString(PyTuple_GET_ITEM(names, i)));
    Args args(a.begin() + 2, a.end() - (star ? 1 : 0));
    return call(a[0], args, kwnames, star ? a.back() : nullptr);
}

namespace {

std::string keyOfAnnotation(const SomeValue* s) {
    switch (s->kind) {
    case SomeKind::Instance: return s->classdef->name;
    case SomeKind::List: return "list";
    case SomeKind::Dict: return "dict";
    case SomeKind::Tuple: return "tuple" + std::to_string(s->items.size());
    case SomeKind::Integer: return s->intKind == IntKind::Unsigned ? "r_uint" : "int";
    case SomeKind::Char: return "str";
    default: return kindName(s->kind);
    }
}

// A readable graph-name suffix for a constant argument of specialize.arg.
std::string constantKey(PyObject* obj) {
    std::string text = PyUnicode_Check(obj) ? py::asString(obj) : ir::formatConstant(obj);
    std::string out;
    for (char c : text) out += std::isalnum((unsigned char)c) ? c : '_';
    return out;
}

// "argtype(0,1)" -> {0, 1}
std::vector<int> specializeArgs(const std::string& tag) {
    std::vector<int> out;
    size_t open = tag.find('(');
    if (open == std::string::npos) return out;
    std::string inner = tag.substr(open + 1, tag.size() - open - 2);
    size_t start = 0;
    while (start < inner.size()) {
        size_t comma = inner.find(',', start);
        std::string part = inner.substr(start, comma == std::string::npos ? comma : comma - start);
        if (!part.empty()) out.push_back(std::stoi(part));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

} // namespace

const SomeValue* RPythonAnnotator::call(const SomeValue* f, const Args& args,
                                        const std::vector<std::string>& kwnames,
                                        const SomeValue* star) {
    auto& bk = bk_;
    if (f->kind == SomeKind::Builtin) {
        if (star) bk.error("*args in a call of " + f->str() + " is not supported");
        return callBuiltin(f, args, kwnames);
    }
    if (f->kind != SomeKind::PBC) bk.error("cannot call " + f->str());
    if (f->nullable) bk.error("calling " + f->str() + ", which may be None");
    const SomeValue* result = bk.impossible();
    for (Desc* d : f->descs) {
        const SomeValue* r = nullptr;
        Args callArgs = args;
        FunctionDesc* fd = nullptr;
        std::string mixinKey;
        switch (d->kind) {
        case Desc::Kind::Function: fd = static_cast<FunctionDesc*>(d); break;
        case Desc::Kind::Method: {
            auto* m = static_cast<MethodDesc*>(d);
            fd = m->func;
            callArgs.insert(callArgs.begin(), bk.instance(m->selfClass));
            // A method lent by a mixin is a copy of its own in every class
            // that mixes it in (as in PyPy): one graph per such class.
            PyObject* own = PyDict_GetItemString(((PyTypeObject*)m->origin->cls.get())->tp_dict,
                                                 m->name.c_str());
            if (own != fd->obj.get()) {
                mixinKey = m->origin->name;
                for (char& c : mixinKey)
                    if (!std::isalnum((unsigned char)c)) c = '_';
            }
            break;
        }
        case Desc::Kind::MethodOfFrozen: {
            auto* m = static_cast<MethodOfFrozenDesc*>(d);
            fd = m->func;
            callArgs.insert(callArgs.begin(), bk.pbc({m->frozen}));
            break;
        }
        case Desc::Kind::Class: {
            auto* cd = static_cast<ClassDesc*>(d);
            ClassDef* cdef = bk.getClassDef(cd->obj.get());
            const SomeValue* inst = bk.instance(cdef);
            ClassDef* owner = nullptr;
            PyObject* init = cdef->classAttr("__init__", &owner);
            r = inst; // the result of __init__ is ignored
            if (init && PyFunction_Check(init)) {
                fd = bk.functionDesc(init); // called like a method of the new instance
                callArgs.insert(callArgs.begin(), inst);
            } else if (!args.empty() && !PyType_IsSubtype((PyTypeObject*)cd->obj.get(),
                                                          (PyTypeObject*)PyExc_BaseException)) {
                bk.error("class " + cdef->name + " takes no arguments (it has no __init__)");
            }
            break;
        }
        default: bk.error("cannot call " + f->str());
        }
        if (fd) {
            // Match arguments to parameters.
            size_t nparams = fd->argnames.size() - (fd->hasVarargs ? 1 : 0);
            std::vector<const SomeValue*> params(nparams, nullptr);
            size_t npos = callArgs.size() - kwnames.size();
            Args extra;
            for (size_t i = 0; i < npos; ++i) {
                if (i < (size_t)fd->nposargs) params[i] = callArgs[i];
                else if (fd->hasVarargs) extra.push_back(callArgs[i]);
                else
                    bk.error(fd->name + "() takes " + std::to_string(fd->nposargs) +
                             " positional argument(s) but " + std::to_string(npos) +
                             " were given");
            }
            if (star) {
                if (star->kind != SomeKind::Tuple)
                    bk.error("*args must be a tuple of known length, found " + star->str());
                size_t i = npos;
                for (const SomeValue* s : star->items) {
                    if (i < (size_t)fd->nposargs) params[i] = s;
                    else if (fd->hasVarargs) extra.push_back(s);
                    else bk.error(fd->name + "() takes " + std::to_string(fd->nposargs) +
                                  " positional argument(s), too many given through *args");
                    ++i;
                }
            }
            if (fd->name == "JitDriver.jit_merge_point" || fd->name == "JitDriver.can_enter_jit")
                bk.error(fd->name + "() of a JitDriver that is not a prebuilt constant: create the JitDriver "
                                    "once, at module level (its hints are read when the program is translated)");
            for (size_t k = 0; k < kwnames.size(); ++k) {
                auto it = std::find(fd->argnames.begin(), fd->argnames.begin() + nparams, kwnames[k]);
                if (it == fd->argnames.begin() + nparams)
                    bk.error(fd->name + "() got an unexpected keyword argument '" + kwnames[k] + "'");
                size_t idx = it - fd->argnames.begin();
                if (params[idx]) bk.error(fd->name + "() got multiple values for argument '" + kwnames[k] + "'");
                params[idx] = callArgs[npos + k];
            }
            // Defaults
            Py_ssize_t ndef = fd->defaults ? PyTuple_GET_SIZE(fd->defaults.get()) : 0;
            for (size_t i = 0; i < nparams; ++i) {
                if (params[i]) continue;
                PyObject* dv = nullptr;
                if (i < (size_t)fd->nposargs && (Py_ssize_t)i >= fd->nposargs - ndef)
                    dv = PyTuple_GET_ITEM(fd->defaults.get(), i - (fd->nposargs - ndef));
                else if (fd->kwdefaults)
                    dv = PyDict_GetItemString(fd->kwdefaults.get(), fd->argnames[i].c_str());
                if (!dv) bk.error(fd->name + "() missing required argument '" + fd->argnames[i] + "'");
                params[i] = bk.immutableValue(dv);
            }
            if (fd->hasVarargs) params.push_back(bk.tuple(extra));

            // Specialization; a function with *args gets a graph per number
            // of star arguments (as PyPy's default specialization does).
            std::string key = mixinKey;
            if (fd->hasVarargs) key += (key.empty() ? "star" : "_star") + std::to_string(extra.size());
            const std::string& spec = fd->specialize;
            if (spec == "memo") {
                std::vector<PyObject*> consts;
                py::PyRef t = py::PyRef::steal(py::check(PyTuple_New((Py_ssize_t)params.size())));
                for (size_t i = 0; i < params.size(); ++i) {
                    if (!params[i]->konst) bk.error(fd->name + "() is specialize.memo(): its arguments must be constants, found " + params[i]->str());
                    PyTuple_SET_ITEM(t.get(), i, Py_NewRef(params[i]->konst.get()));
                }
                py::PyRef res = py::PyRef::steal(PyObject_Call(fd->obj.get(), t.get(), nullptr));
                if (!res) {
                    try {
                        py::throwPythonError();
                    } catch (const py::PythonError& e) {
                        bk.error("calling the memo function " + fd->name + " at translation time failed: " + e.what());
                    }
                }
                const SomeValue* s = bk.immutableValue(res.get());
                result = bk.join(result, s);
                continue;
            } else if (spec.rfind("argtype", 0) == 0) {
                for (int i : specializeArgs(spec))
                    if (i < (int)params.size())
                        key += (key.empty() ? "" : "_") + keyOfAnnotation(params[i]);
            } else if (spec.rfind("arg(", 0) == 0) {
                for (int i : specializeArgs(spec)) {
                    if (i >= (int)params.size()) continue;
                    if (!params[i]->konst) bk.error(fd->name + "() is specialize.arg(" + std::to_string(i) + "): that argument must be a constant, found " + params[i]->str());
                    key += (key.empty() ? "" : "_") + constantKey(params[i]->konst.get());
                }
            } else if (spec == "call_location") {
                const Position& p = engine_.position();
                const ir::Operation* callOp = p.block->operations[p.opIndex];
                key += "at_" + p.graph->name + "_line" + std::to_string(callOp->pos.line) + "_" +
                      std::to_string(p.opIndex);
            }
            ir::FunctionGraph* g = bk.graphFor(fd, key);
            {
                const Position& p = engine_.position();
                if (p.block && p.opIndex >= 0)
                    bk.noteCallGraph(p.block->operations[p.opIndex], d, g);
            }
            // Arguments join what earlier calls passed: name the one that cannot.
            for (size_t i = 0; i < params.size() && i < g->startblock->inputargs.size(); ++i) {
                const ir::Variable* in = g->startblock->inputargs[i];
                if (!engine_.hasBinding(in)) continue;
                const SomeValue* before = binding(in);
                try {
                    bk.join(before, params[i]);
                } catch (const UnionError& e) {
                    bk.error(std::string(e.what()) + ": argument '" +
                             (i < g->argnames.size() ? g->argnames[i] : in->name()) + "' of " +
                             g->name + "() is " + before->str() + " from earlier calls, " +
                             params[i]->str() + " here");
                }
            }
            std::vector<const Annotation*> inputs(params.begin(), params.end());
            const SomeValue* ret = static_cast<const SomeValue*>(engine_.call(g, inputs));
            if (!r) r = ret;
        }
        result = bk.join(result, r);
    }
    return result;
}

// ---------------------------------------------------------------------------
// Attributes

// The class attribute `name` as `sub` defines it itself (in its own class
// dict or through one of its mixins), or null if it inherits it.
static PyObject* ownClassAttr(ClassDef* sub, const std::string& name) {
    ClassDef* owner = nullptr;
    PyObject* v = sub->classAttr(name, &owner);
    return v && owner == sub ? v : nullptr;
}

const SomeValue* RPythonAnnotator::readInstanceAttr(const SomeValue* inst, const std::string& name) {
    auto& bk = bk_;
    ClassDef* cdef = inst->classdef;
    ClassDef* owner = nullptr;
    PyObject* classValue = cdef->classAttr(name, &owner);
    // Methods: the definition seen from this class, and every override in
    // its subclasses (dispatch) — also when only subclasses define it (an
    // abstract base).
    std::vector<ClassDef*> overriding;
    for (ClassDef* sub : cdef->subclasses())
        if (PyObject* own = ownClassAttr(sub, name); own && PyFunction_Check(own))
            overriding.push_back(sub);
    if ((classValue && PyFunction_Check(classValue)) || (!classValue && !overriding.empty())) {
        std::vector<Desc*> descs;
        if (classValue) descs.push_back(bk.methodDesc(bk.functionDesc(classValue), owner, cdef, name));
        for (ClassDef* sub : overriding)
            descs.push_back(
                bk.methodDesc(bk.functionDesc(ownClassAttr(sub, name)), sub, sub, name));
        // Reflow when subclasses appear or the attribute gets instance values.
        cdef->locateAttr(bk, name).read(bk);
        return bk.pbc(descs);
    }
    if (classValue && (Py_IS_TYPE(classValue, &PyStaticMethod_Type))) {
        py::PyRef func = py::getAttr(classValue, "__func__");
        return bk.pbc({bk.getDesc(func.get())});
    }
    GrowingValue& attr = cdef->locateAttr(bk, name);
    const SomeValue* s = attr.read(bk);
    if (classValue) {
        // A class attribute (a constant), maybe overridden in subclasses.
        s = bk.join(s, bk.immutableValue(classValue));
        for (ClassDef* sub : cdef->subclasses())
            if (PyObject* own = ownClassAttr(sub, name)) s = bk.join(s, bk.immutableValue(own));
    }
    return s;
}

const SomeValue* RPythonAnnotator::getattr(const SomeValue* obj, const std::string& name) {
    auto& bk = bk_;
    switch (obj->kind) {
    case SomeKind::Instance: {
        const SomeValue* s = readInstanceAttr(obj, name);
        if (s == bk.impossible() && !obj->classdef->classAttr(name)) {
            // Never assigned anywhere (yet): blocked until it is, or an
            // error at the fixpoint.
        }
        return s;
    }
    case SomeKind::PBC: {
        const SomeValue* result = bk.impossible();
        for (Desc* d : obj->descs) {
            py::PyRef v = py::getAttrOrNull(d->obj.get(), name.c_str());
            if (!v) bk.error(obj->str() + " has no attribute '" + name + "'");
            if (d->kind == Desc::Kind::Frozen) static_cast<FrozenDesc*>(d)->attrsRead.insert(name);
            const SomeValue* s;
            if (d->kind == Desc::Kind::Frozen && PyMethod_Check(v.get()))
                s = bk.immutableValue(v.get());
            else if (d->kind == Desc::Kind::Class && PyFunction_Check(v.get()))
                s = bk.pbc({bk.getDesc(v.get())}); // an unbound method: a plain function
            else
                s = bk.immutableValue(v.get());
            result = bk.join(result, s);
        }
        return result;
    }
    case SomeKind::String:
    case SomeKind::Char:
    case SomeKind::List:
    case SomeKind::Dict:
        return bk.builtin(name, obj, nullptr);
    case SomeKind::None:
        // Blocked: the variable may still generalize (a loop's first pass);
        // if it never does, the fixpoint reports it.
        return bk.impossible();
    default: bk.error("cannot read attribute '" + name + "' of " + obj->str());
    }
}

const SomeValue* RPythonAnnotator::callSpecialMethod(const ir::Operation& op, const Args& a,
                                                     const char* name, const std::string& what) {
    auto& bk = bk_;
    const SomeValue* self = a[0];
    ClassDef* cdef = self->classdef;
    // The class, or one of its subclasses (an abstract base), must define it.
    bool defined = false;
    std::vector<ClassDef*> tree = cdef->subclasses();
    tree.insert(tree.begin(), cdef);
    for (ClassDef* c : tree)
        if (PyObject* v = c->classAttr(name); v && PyFunction_Check(v)) defined = true;
    if (!defined)
        bk.error(what + " on an instance of " + cdef->name + ", whose class defines no method " +
                 name + "()");
    const SomeValue* methods = readInstanceAttr(self, name);
    if (methods->kind != SomeKind::PBC || methods->descs.empty() ||
        methods->descs[0]->kind != Desc::Kind::Method)
        bk.error(what + " on an instance of " + cdef->name + ": its " + name + " is " +
                 methods->str() + ", not a method");
    bk.noteSpecialCall(&op, methods);
    Args args(a.begin() + 1, a.end());
    return call(methods, args, {}, nullptr);
}

// ---------------------------------------------------------------------------
// Iteration

const SomeValue* RPythonAnnotator::iterate(const SomeValue* c) {
    auto& bk = bk_;
    switch (c->kind) {
    case SomeKind::List:
    case SomeKind::String:
    case SomeKind::Char: return bk.iterator(c, IterVariant::Items);
    case SomeKind::Dict: return bk.iterator(c, IterVariant::Keys);
    case SomeKind::Iterator: return c;
    case SomeKind::Tuple: {
        const SomeValue* all = bk.impossible();
        for (const SomeValue* it : c->items) all = bk.join(all, it);
        return bk.iterator(bk.newList(all), IterVariant::Items);
    }
    default: bk.error("cannot iterate over " + c->str());
    }
}

const SomeValue* RPythonAnnotator::nextOf(const SomeValue* it) {
    auto& bk = bk_;
    if (it->kind != SomeKind::Iterator) bk.error("next() of " + it->str());
    const SomeValue* c = it->container;
    auto item = [&]() -> const SomeValue* {
        switch (c->kind) {
        case SomeKind::List: return c->listdef->find()->item.read(bk);
        case SomeKind::String:
        case SomeKind::Char: return c->strKind == StrKind::Bytes && c->kind == SomeKind::String ? bk.integer(true) : bk.character();
        case SomeKind::Dict: return c->dictdef->find()->key.read(bk);
        default: bk.error("next() of " + it->str());
        }
    };
    switch (it->variant) {
    case IterVariant::Items:
    case IterVariant::Keys:
    case IterVariant::Reversed: return item();
    case IterVariant::Values: return c->dictdef->find()->value.read(bk);
    case IterVariant::DictItems:
        return bk.tuple({c->dictdef->find()->key.read(bk), c->dictdef->find()->value.read(bk)});
    case IterVariant::Enumerate: return bk.tuple({bk.integer(true), item()});
    }
    return bk.impossible();
}

} // namespace futamura::annotator
