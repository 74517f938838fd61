//! The bookkeeper: annotations of prebuilt values, the join of the lattice,
//! listdefs and dictdefs, descriptions and classdefs (see bookkeeper.h).
#include "futamura/annotator/bookkeeper.h"

#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <algorithm>

namespace futamura::annotator {

AnnotatorError::AnnotatorError(std::string file, int line, std::string message,
                               std::string context)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message +
                         (context.empty() ? "" : "\n" + context)),
      file(std::move(file)), line(line), message(std::move(message)),
      context(std::move(context)) {}

// ---------------------------------------------------------------------------
// Growing values, listdefs, dictdefs

bool GrowingValue::generalize(Bookkeeper& bk, const SomeValue* s, const char* what) {
    if (!value) {
        value = s;
        if (!origin) origin = bk.here(what);
        for (const Position& p : readers) bk.engine().reflowFrom(p);
        return true;
    }
    const SomeValue* joined;
    try {
        joined = bk.join(value, s);
    } catch (const UnionError& e) {
        Origin now = bk.here(what);
        std::string msg = std::string(e.what()) + ": the " + (origin ? origin->what : "value") +
                          " is " + value->str();
        if (origin && origin->line) msg += " (from line " + std::to_string(origin->line) + ")";
        msg += ", the " + std::string(what) + " here is " + s->str();
        bk.error(msg);
    }
    if (joined->equals(*value)) return false;
    value = joined;
    for (const Position& p : readers) bk.engine().reflowFrom(p);
    return true;
}

const SomeValue* GrowingValue::read(Bookkeeper& bk) {
    const Position& p = bk.engine().position();
    if (p.block) readers.insert(p);
    return value ? value : bk.impossible();
}

ListDef* ListDef::find() {
    ListDef* d = this;
    while (d->parent) d = d->parent;
    for (ListDef* x = this; x != d;) { // path compression
        ListDef* next = x->parent;
        x->parent = d;
        x = next;
    }
    return d;
}

DictDef* DictDef::find() {
    DictDef* d = this;
    while (d->parent) d = d->parent;
    for (DictDef* x = this; x != d;) {
        DictDef* next = x->parent;
        x->parent = d;
        x = next;
    }
    return d;
}

static void mergeGrowing(Bookkeeper& bk, GrowingValue& into, GrowingValue& from) {
    into.readers.insert(from.readers.begin(), from.readers.end());
    if (!into.origin) into.origin = from.origin;
    if (from.value) into.generalize(bk, from.value, "merged");
    for (const Position& p : into.readers) bk.engine().reflowFrom(p);
}

void Bookkeeper::deferMerge(std::function<void()> work) {
    // Merging defs joins their items, which may merge more defs (lists of
    // lists of ...): the outermost merge does the work from a list, so that
    // deep structures do not recurse.
    mergeWork_.push_back(std::move(work));
    if (merging_) return;
    merging_ = true;
    try {
        while (!mergeWork_.empty()) {
            std::function<void()> next = std::move(mergeWork_.front());
            mergeWork_.pop_front();
            next();
        }
    } catch (...) {
        merging_ = false;
        mergeWork_.clear();
        throw;
    }
    merging_ = false;
}

ListDef* Bookkeeper::mergeLists(ListDef* a, ListDef* b) {
    a = a->find();
    b = b->find();
    if (a == b) return a;
    if (b->id < a->id) std::swap(a, b); // the older def survives: deterministic
    b->parent = a;
    a->resized |= b->resized;
    a->mutated |= b->mutated;
    a->rangeList &= b->rangeList;
    deferMerge([this, a, b] { mergeGrowing(*this, a->item, b->item); });
    return a;
}

DictDef* Bookkeeper::mergeDicts(DictDef* a, DictDef* b) {
    a = a->find();
    b = b->find();
    if (a == b) return a;
    if (b->id < a->id) std::swap(a, b);
    b->parent = a;
    deferMerge([this, a, b] {
        mergeGrowing(*this, a->key, b->key);
        mergeGrowing(*this, a->value, b->value);
    });
    return a;
}

// ---------------------------------------------------------------------------
// Descriptions

FunctionDesc::FunctionDesc(uint32_t id, py::PyRef func) : Desc(Kind::Function, id, func) {
    PyObject* f = func.get();
    py::PyRef qual = py::getAttr(f, "__qualname__");
    py::PyRef mod = py::getAttr(f, "__module__");
    name = py::asString(qual.get());
    PyCodeObject* code = (PyCodeObject*)PyFunction_GET_CODE(f);
    py::PyRef varnames = py::getAttr((PyObject*)code, "co_varnames");
    nposargs = code->co_argcount;
    int n = code->co_argcount + code->co_kwonlyargcount;
    hasVarargs = code->co_flags & 0x04;
    if (hasVarargs) ++n;
    for (int i = 0; i < n; ++i) argnames.push_back(py::asString(PyTuple_GET_ITEM(varnames.get(), i)));
    PyObject* d = PyFunction_GET_DEFAULTS(f);
    if (d) defaults = py::PyRef::borrow(d);
    PyObject* kd = PyFunction_GET_KW_DEFAULTS(f);
    if (kd) kwdefaults = py::PyRef::borrow(kd);
    py::PyRef tag = py::getAttrOrNull(f, "_annspecialcase_");
    if (tag && PyUnicode_Check(tag.get())) {
        std::string t = py::asString(tag.get());
        if (t.rfind("specialize:", 0) == 0) specialize = t.substr(11);
    }
}

MethodDesc::MethodDesc(uint32_t id, FunctionDesc* func, ClassDef* origin, ClassDef* self,
                       std::string methodName)
    : Desc(Kind::Method, id, func->obj), func(func), origin(origin), selfClass(self) {
    name = std::move(methodName);
}

bool ClassDef::isSubclassOf(const ClassDef* other) const {
    for (const ClassDef* c = this; c; c = c->base)
        if (c == other) return true;
    return false;
}

std::vector<ClassDef*> ClassDef::subclasses() const {
    std::vector<ClassDef*> out;
    std::vector<ClassDef*> stack(subdefs.begin(), subdefs.end());
    while (!stack.empty()) {
        ClassDef* c = stack.back();
        stack.pop_back();
        out.push_back(c);
        stack.insert(stack.end(), c->subdefs.begin(), c->subdefs.end());
    }
    return out;
}

PyObject* ClassDef::classAttr(const std::string& attr, ClassDef** owner) {
    py::PyRef mro = py::getAttr(cls.get(), "__mro__");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro.get()); ++i) {
        PyObject* klass = PyTuple_GET_ITEM(mro.get(), i);
        if (klass == (PyObject*)&PyBaseObject_Type) break;
        PyObject* dict = ((PyTypeObject*)klass)->tp_dict;
        PyObject* v = PyDict_GetItemString(dict, attr.c_str());
        // The descriptors of __slots__ stand for instance attributes.
        if (!v || Py_IS_TYPE(v, &PyMemberDescr_Type)) continue;
        if (owner) {
            // The highest classdef of the chain that still is a subclass of
            // `klass` (mixins belong to the class that mixes them in).
            ClassDef* o = this;
            for (ClassDef* c = this; c; c = c->base)
                if (PyObject_IsSubclass(c->cls.get(), klass) == 1) o = c;
            *owner = o;
        }
        return v;
    }
    return nullptr;
}

GrowingValue& ClassDef::locateAttr(Bookkeeper& bk, const std::string& attr) {
    for (ClassDef* c = this; c; c = c->base) {
        auto it = c->attrs.find(attr);
        if (it != c->attrs.end()) return it->second;
    }
    // Only subclasses may have it: it moves up here.
    GrowingValue& here = attrs[attr];
    for (ClassDef* c : subclasses()) {
        auto it = c->attrs.find(attr);
        if (it != c->attrs.end()) {
            mergeGrowing(bk, here, it->second);
            c->attrs.erase(it);
        }
    }
    return here;
}

// ---------------------------------------------------------------------------
// The bookkeeper

Bookkeeper::Bookkeeper(flow::FlowSpace& space, Engine& engine) : space_(space), engine_(engine) {
    impossible_ = make(SomeKind::Impossible);
    none_ = [&] {
        SomeValue* s = make(SomeKind::None);
        s->konst = py::PyRef::borrow(Py_None);
        return s;
    }();
    for (int nn = 0; nn < 2; ++nn)
        for (int k = 0; k < 3; ++k) {
            SomeValue* s = make(SomeKind::Integer);
            s->nonneg = nn;
            s->intKind = (IntKind)k;
            ints_[nn][k] = s;
        }
    SomeValue* b = make(SomeKind::Bool);
    b->nonneg = true;
    bool_ = b;
    float_ = make(SomeKind::Float);
    for (int k = 0; k < 2; ++k)
        for (int n = 0; n < 2; ++n) {
            SomeValue* s = make(SomeKind::String);
            s->strKind = (StrKind)k;
            s->nullable = n;
            strs_[k][n] = s;
        }
    char_ = make(SomeKind::Char);
    // The RPython library's arithmetic types and helpers are builtins here.
    if (py::PyRef m = py::PyRef::steal(PyImport_ImportModule("futamura.rlib.rarithmetic"))) {
        for (const char* name : {"r_uint", "r_longlong", "intmask", "r_int"})
            if (py::PyRef f = py::getAttrOrNull(m.get(), name)) {
                rlibBuiltins_.emplace(f.get(), name);
                keepAlive_.push_back(f);
            }
    } else {
        PyErr_Clear();
    }
}

Bookkeeper::~Bookkeeper() = default;

SomeValue* Bookkeeper::make(SomeKind kind) {
    return values_.emplace_back(std::make_unique<SomeValue>(kind)).get();
}

const SomeValue* Bookkeeper::integer(bool nonneg, IntKind k) {
    return ints_[nonneg && k == IntKind::Signed][(int)k];
}
const SomeValue* Bookkeeper::boolean() { return bool_; }
const SomeValue* Bookkeeper::floating() { return float_; }
const SomeValue* Bookkeeper::string(StrKind k, bool nullable) { return strs_[(int)k][nullable]; }
const SomeValue* Bookkeeper::character() { return char_; }

const SomeValue* Bookkeeper::newList(const SomeValue* item, bool rangeList, bool prebuilt) {
    // One listdef per creation site: a reflow finds the list it made before.
    const Position& p = engine_.position();
    ListDef* fresh = nullptr;
    ListDef*& def = p.block && !prebuilt ? listdefAt_[p] : fresh;
    if (!def) {
        def = listdefs_.emplace_back(std::make_unique<ListDef>()).get();
        def->id = (uint32_t)listdefs_.size();
        def->rangeList = rangeList;
    }
    def = def->find();
    if (item && item != impossible_) def->item.generalize(*this, item, "list item");
    SomeValue* s = make(SomeKind::List);
    s->listdef = def;
    return s;
}

const SomeValue* Bookkeeper::newDict(const SomeValue* key, const SomeValue* value,
                                     bool prebuilt) {
    const Position& p = engine_.position();
    DictDef* fresh = nullptr;
    DictDef*& def = p.block && !prebuilt ? dictdefAt_[p] : fresh;
    if (!def) {
        def = dictdefs_.emplace_back(std::make_unique<DictDef>()).get();
        def->id = (uint32_t)dictdefs_.size();
    }
    def = def->find();
    if (key && key != impossible_) def->key.generalize(*this, key, "dict key");
    if (value && value != impossible_) def->value.generalize(*this, value, "dict value");
    SomeValue* s = make(SomeKind::Dict);
    s->dictdef = def;
    return s;
}

const SomeValue* Bookkeeper::tuple(std::vector<const SomeValue*> items) {
    SomeValue* s = make(SomeKind::Tuple);
    s->items = std::move(items);
    return s;
}

const SomeValue* Bookkeeper::instance(ClassDef* classdef, bool nullable) {
    SomeValue* s = make(SomeKind::Instance);
    s->classdef = classdef;
    s->nullable = nullable;
    return s;
}

const SomeValue* Bookkeeper::pbc(std::vector<Desc*> descs, bool nullable) {
    std::sort(descs.begin(), descs.end(), [](Desc* a, Desc* b) { return a->id < b->id; });
    descs.erase(std::unique(descs.begin(), descs.end()), descs.end());
    SomeValue* s = make(SomeKind::PBC);
    s->descs = std::move(descs);
    s->nullable = nullable;
    if (s->descs.size() == 1 && !nullable && s->descs[0]->kind != Desc::Kind::Method)
        s->konst = s->descs[0]->obj;
    return s;
}

const SomeValue* Bookkeeper::iterator(const SomeValue* container, IterVariant variant) {
    SomeValue* s = make(SomeKind::Iterator);
    s->container = container;
    s->variant = variant;
    return s;
}

const SomeValue* Bookkeeper::builtin(const std::string& name, const SomeValue* self,
                                     PyObject* obj) {
    SomeValue* s = make(SomeKind::Builtin);
    s->name = name;
    s->self = self;
    if (obj) s->builtin = py::PyRef::borrow(obj);
    return s;
}

const SomeValue* Bookkeeper::withConstant(const SomeValue* s, PyObject* value) {
    SomeValue* c = make(s->kind);
    *c = *s;
    c->konst = value ? py::PyRef::borrow(value) : py::PyRef();
    return c;
}

const SomeValue* Bookkeeper::noneify(const SomeValue* s) {
    switch (s->kind) {
    case SomeKind::None: return s;
    case SomeKind::Char: return string(StrKind::Str, true);
    case SomeKind::String:
    case SomeKind::Instance:
    case SomeKind::PBC:
    case SomeKind::List:
    case SomeKind::Dict: {
        if (s->nullable && !s->konst) return s;
        SomeValue* c = make(s->kind);
        *c = *s;
        c->nullable = true;
        c->konst = py::PyRef();
        return c;
    }
    default: throw UnionError(s, none_, "cannot join " + s->str() + " and None");
    }
}

const SomeValue* Bookkeeper::nonnoneify(const SomeValue* s) {
    if (s->kind == SomeKind::None) return impossible_;
    if (!s->nullable) return s;
    SomeValue* c = make(s->kind);
    *c = *s;
    c->nullable = false;
    return c;
}

static const SomeValue* dropConst(Bookkeeper& bk, const SomeValue* s) {
    return s->konst ? bk.withConstant(s, nullptr) : s;
}

ClassDef* Bookkeeper::commonBase(ClassDef* a, ClassDef* b) {
    for (ClassDef* c = a; c; c = c->base)
        if (b->isSubclassOf(c)) return c;
    return nullptr;
}

const SomeValue* Bookkeeper::join(const SomeValue* a, const SomeValue* b) {
    if (a == b || a->equals(*b)) return a;
    if (a->kind == SomeKind::Impossible) return b;
    if (b->kind == SomeKind::Impossible) return a;
    if (a->kind == SomeKind::None) return noneify(b);
    if (b->kind == SomeKind::None) return noneify(a);
    auto k = [](const SomeValue* s) { return s->kind; };
    auto isInt = [](const SomeValue* s) {
        return s->kind == SomeKind::Integer || s->kind == SomeKind::Bool;
    };
    if (k(a) == SomeKind::Bool && k(b) == SomeKind::Bool) return boolean();
    if (isInt(a) && isInt(b)) {
        IntKind ka = a->kind == SomeKind::Bool ? IntKind::Signed : a->intKind;
        IntKind kb = b->kind == SomeKind::Bool ? IntKind::Signed : b->intKind;
        // r_uint wins over int (as rarithmetic's arithmetic does); r_longlong likewise
        IntKind kind = ka == kb ? ka
                       : (ka == IntKind::Unsigned || kb == IntKind::Unsigned) ? IntKind::Unsigned
                                                                               : IntKind::LongLong;
        return integer(a->nonneg && b->nonneg, kind);
    }
    if ((isInt(a) || k(a) == SomeKind::Float) && (isInt(b) || k(b) == SomeKind::Float))
        return floating();
    bool strA = k(a) == SomeKind::String || k(a) == SomeKind::Char;
    bool strB = k(b) == SomeKind::String || k(b) == SomeKind::Char;
    if (strA && strB) {
        StrKind sa = k(a) == SomeKind::Char ? StrKind::Str : a->strKind;
        StrKind sb = k(b) == SomeKind::Char ? StrKind::Str : b->strKind;
        if (sa != sb) throw UnionError(a, b, "cannot join str and bytes");
        if (k(a) == SomeKind::Char && k(b) == SomeKind::Char) return character();
        return string(sa, a->canBeNone() || b->canBeNone());
    }
    // A class constant joins a type (exception types on links).
    // (several classes: the type of their common base)
    auto asType = [&](const SomeValue* s) -> const SomeValue* {
        if (s->kind != SomeKind::PBC) return s;
        if (s->konst && PyType_Check(s->konst.get())) {
            SomeValue* t = make(SomeKind::Type);
            t->classdef = getClassDef(s->konst.get());
            t->konst = s->konst;
            return t;
        }
        if (s->descs.empty() || s->nullable) return s;
        ClassDef* base = nullptr;
        for (Desc* d : s->descs) {
            if (d->kind != Desc::Kind::Class) return s;
            ClassDef* c = getClassDef(d->obj.get());
            base = base ? commonBase(base, c) : c;
            if (!base) return s;
        }
        SomeValue* t = make(SomeKind::Type);
        t->classdef = base;
        return t;
    };
    if (k(a) == SomeKind::Type && k(b) == SomeKind::PBC) b = asType(b);
    if (k(b) == SomeKind::Type && k(a) == SomeKind::PBC) a = asType(a);
    if (k(a) != k(b))
        throw UnionError(a, b, "cannot join " + dropConst(*this, a)->str() + " and " +
                                   dropConst(*this, b)->str());
    bool nullable = a->nullable || b->nullable;
    switch (k(a)) {
    case SomeKind::List: {
        SomeValue* s = make(SomeKind::List);
        s->listdef = mergeLists(a->listdef, b->listdef);
        s->nullable = nullable;
        return s;
    }
    case SomeKind::Dict: {
        SomeValue* s = make(SomeKind::Dict);
        s->dictdef = mergeDicts(a->dictdef, b->dictdef);
        s->nullable = nullable;
        return s;
    }
    case SomeKind::Tuple: {
        if (a->items.size() != b->items.size())
            throw UnionError(a, b, "cannot join tuples of different lengths: " + a->str() +
                                       " and " + b->str());
        std::vector<const SomeValue*> items;
        for (size_t i = 0; i < a->items.size(); ++i) items.push_back(join(a->items[i], b->items[i]));
        return tuple(std::move(items));
    }
    case SomeKind::Instance: {
        ClassDef* base = commonBase(a->classdef, b->classdef);
        if (!base)
            throw UnionError(a, b, "cannot join instances of " + a->classdef->name + " and " +
                                       b->classdef->name + ": they have no common base class");
        return instance(base, nullable);
    }
    case SomeKind::PBC: {
        std::vector<Desc*> descs = a->descs;
        descs.insert(descs.end(), b->descs.begin(), b->descs.end());
        return pbc(std::move(descs), nullable);
    }
    case SomeKind::Iterator:
        if (a->variant != b->variant) break;
        return iterator(join(a->container, b->container), a->variant);
    case SomeKind::Builtin:
        if (a->name != b->name || a->builtin != b->builtin) break;
        return builtin(a->name, a->self && b->self ? join(a->self, b->self) : nullptr,
                       a->builtin.get());
    case SomeKind::Type: {
        SomeValue* s = make(SomeKind::Type);
        s->classdef = a->classdef && b->classdef ? commonBase(a->classdef, b->classdef) : nullptr;
        for (const ir::Variable* v : a->typeOf) // what both sides say
            if (std::find(b->typeOf.begin(), b->typeOf.end(), v) != b->typeOf.end())
                s->typeOf.push_back(v);
        if (a->konst && b->konst && a->konst.get() == b->konst.get()) s->konst = a->konst;
        return s;
    }
    default: break;
    }
    throw UnionError(a, b, "cannot join " + a->str() + " and " + b->str());
}

bool Bookkeeper::contains(const SomeValue* big, const SomeValue* small) {
    if (big == small || small->kind == SomeKind::Impossible) return true;
    // What a bool tells about variables is a fact, not part of its type.
    if (big->kind == SomeKind::Bool && small->kind == SomeKind::Bool)
        return !big->konst || (small->konst && big->konst.get() == small->konst.get());
    try {
        return join(big, small)->equals(*big);
    } catch (const UnionError&) {
        return false;
    }
}

// ---------------------------------------------------------------------------
// Prebuilt values

ClassDef* Bookkeeper::getClassDef(PyObject* cls) {
    auto it = classdefByClass_.find(cls);
    if (it != classdefByClass_.end()) return it->second;
    if (cls == (PyObject*)&PyBaseObject_Type) return nullptr;
    // The base: the first base that is not a mixin (`_mixin_ = True`).
    ClassDef* base = nullptr;
    py::PyRef bases = py::getAttr(cls, "__bases__");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases.get()); ++i) {
        PyObject* b = PyTuple_GET_ITEM(bases.get(), i);
        if (b == (PyObject*)&PyBaseObject_Type) continue;
        py::PyRef mixin = py::PyRef::borrow(PyDict_GetItemString(((PyTypeObject*)b)->tp_dict, "_mixin_"));
        if (mixin && PyObject_IsTrue(mixin.get()) == 1) continue;
        if (base)
            error("class " + ir::formatConstant(cls) +
                  " has several base classes; RPython allows single inheritance (mark the "
                  "others with `_mixin_ = True`)");
        base = getClassDef(b);
    }
    auto def = std::make_unique<ClassDef>();
    def->cls = py::PyRef::borrow(cls);
    std::string formatted = ir::formatConstant(cls); // "<class mod.Name>"
    def->name = formatted.substr(7, formatted.size() - 8);
    def->base = base;
    def->id = (uint32_t)classdefs_.size();
    ClassDef* result = classdefs_.emplace_back(std::move(def)).get();
    classdefByClass_.emplace(cls, result);
    keepAlive_.push_back(py::PyRef::borrow(cls));
    if (base) {
        base->subdefs.push_back(result);
        // A new subclass may override methods read through its bases.
        for (ClassDef* c = base; c; c = c->base)
            for (auto& [n, g] : c->attrs)
                for (const Position& p : g.readers) engine_.reflowFrom(p);
    }
    auto* desc = static_cast<ClassDesc*>(getDesc(cls));
    desc->classdef = result;
    result->desc = desc;
    return result;
}

Desc* Bookkeeper::getDesc(PyObject* obj) {
    auto it = descByObject_.find(obj);
    if (it != descByObject_.end()) return it->second;
    std::unique_ptr<Desc> desc;
    uint32_t id = (uint32_t)descs_.size();
    if (PyFunction_Check(obj)) {
        desc = std::make_unique<FunctionDesc>(id, py::PyRef::borrow(obj));
    } else if (PyType_Check(obj)) {
        desc = std::make_unique<ClassDesc>(id, py::PyRef::borrow(obj));
        std::string f = ir::formatConstant(obj);
        desc->name = f.substr(7, f.size() - 8);
    } else {
        desc = std::make_unique<FrozenDesc>(id, py::PyRef::borrow(obj));
        desc->name = ir::formatConstant(obj);
    }
    Desc* d = descs_.emplace_back(std::move(desc)).get();
    descByObject_.emplace(obj, d);
    return d;
}

FunctionDesc* Bookkeeper::functionDesc(PyObject* func) {
    return static_cast<FunctionDesc*>(getDesc(func));
}

MethodDesc* Bookkeeper::methodDesc(FunctionDesc* f, ClassDef* origin, ClassDef* self,
                                   const std::string& name) {
    auto key = std::make_tuple(f, origin, self, name);
    auto it = methods_.find(key);
    if (it != methods_.end()) return it->second;
    auto* m = static_cast<MethodDesc*>(
        descs_.emplace_back(std::make_unique<MethodDesc>((uint32_t)descs_.size(), f, origin, self,
                                                         name))
            .get());
    methods_.emplace(key, m);
    return m;
}

ir::FunctionGraph* Bookkeeper::graphFor(FunctionDesc* f, const std::string& key) {
    auto it = f->graphs.find(key);
    if (it != f->graphs.end()) return it->second;
    ir::FunctionGraph* g = space_.buildFlowGraph(f->obj.get());
    if (!key.empty()) g->name += "__" + key;
    f->graphs.emplace(key, g);
    graphDesc_.emplace(g, f);
    return g;
}

FunctionDesc* Bookkeeper::descOfGraph(const ir::FunctionGraph* g) const {
    auto it = graphDesc_.find(g);
    return it == graphDesc_.end() ? nullptr : it->second;
}

const SomeValue* Bookkeeper::immutableValue(PyObject* obj) {
    // Prebuilt data may be deep (a linked list of 100000 instances): the
    // contents of lists, dicts and instances are annotated from a work list
    // by the outermost call, not by recursion.
    if (prebuiltDepth_ > 0) return immutableValueNow(obj);
    struct Depth {
        int& d;
        explicit Depth(int& d) : d(d) { ++d; }
        ~Depth() { --d; }
    } depth(prebuiltDepth_);
    const SomeValue* result = immutableValueNow(obj);
    while (!prebuiltWork_.empty()) {
        std::function<void()> work = std::move(prebuiltWork_.front());
        prebuiltWork_.pop_front();
        work();
    }
    return result;
}

const SomeValue* Bookkeeper::immutableValueNow(PyObject* obj) {
    if (obj == Py_None) return none_;
    // Every prebuilt value gets one annotation (kept alive with it).
    auto known = prebuilt_.find(obj);
    if (known != prebuilt_.end()) return known->second;
    if (PyLong_Check(obj) || PyFloat_Check(obj) || PyUnicode_Check(obj) || PyBytes_Check(obj) ||
        PyTuple_Check(obj)) {
        // Immutable values: int (and r_uint...), bool, float, str, bytes, tuple
        const SomeValue* s = immutableScalar(obj);
        keepAlive_.push_back(py::PyRef::borrow(obj));
        prebuilt_.emplace(obj, s);
        return s;
    }
    return immutableObject(obj);
}

const SomeValue* Bookkeeper::immutableScalar(PyObject* obj) {
    if (PyBool_Check(obj)) return withConstant(bool_, obj);
    if (PyLong_Check(obj)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        std::string tname = Py_TYPE(obj)->tp_name;
        IntKind kind = tname == "r_uint" ? IntKind::Unsigned
                       : tname == "r_longlong" ? IntKind::LongLong
                                               : IntKind::Signed;
        if (overflow && kind != IntKind::Unsigned)
            error("the integer constant " + py::repr(obj) + " does not fit in a machine word");
        return withConstant(integer(kind == IntKind::Signed && v >= 0, kind), obj);
    }
    if (PyFloat_Check(obj)) return withConstant(float_, obj);
    if (PyUnicode_Check(obj))
        return withConstant(PyUnicode_GET_LENGTH(obj) == 1 ? char_ : string(StrKind::Str), obj);
    if (PyBytes_Check(obj)) return withConstant(string(StrKind::Bytes), obj);
    if (PyTuple_Check(obj)) {
        std::vector<const SomeValue*> items;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(obj); ++i)
            items.push_back(immutableValueNow(PyTuple_GET_ITEM(obj, i)));
        return withConstant(tuple(std::move(items)), obj);
    }
    error("internal error: not a scalar constant");
}

const SomeValue* Bookkeeper::immutableObject(PyObject* obj) {
    keepAlive_.push_back(py::PyRef::borrow(obj));
    if (PyList_Check(obj)) {
        const SomeValue* s = newList(nullptr, false, true);
        prebuilt_.emplace(obj, s);
        prebuiltWork_.push_back([this, obj, s] {
            for (Py_ssize_t i = 0; i < PyList_GET_SIZE(obj); ++i)
                s->listdef->find()->item.generalize(
                    *this, immutableValueNow(PyList_GET_ITEM(obj, i)), "prebuilt list item");
        });
        return s;
    }
    if (PyDict_Check(obj)) {
        const SomeValue* s = newDict(nullptr, nullptr, true);
        prebuilt_.emplace(obj, s);
        prebuiltWork_.push_back([this, obj, s] {
            PyObject *k, *v;
            Py_ssize_t pos = 0;
            while (PyDict_Next(obj, &pos, &k, &v)) {
                DictDef* def = s->dictdef->find();
                def->key.generalize(*this, immutableValueNow(k), "prebuilt dict key");
                def->value.generalize(*this, immutableValueNow(v), "prebuilt dict value");
            }
        });
        return s;
    }
    const SomeValue* result = nullptr;
    if (auto it = rlibBuiltins_.find(obj); it != rlibBuiltins_.end()) {
        result = withConstant(builtin(it->second, nullptr, obj), obj);
    } else if (PyType_Check(obj) && !(((PyTypeObject*)obj)->tp_flags & Py_TPFLAGS_HEAPTYPE) &&
        !PyType_IsSubtype((PyTypeObject*)obj, (PyTypeObject*)PyExc_BaseException)) {
        // int, str, range, list, ...: builtins, called like functions
        result = withConstant(builtin(((PyTypeObject*)obj)->tp_name, nullptr, obj), obj);
    } else if (PyFunction_Check(obj) || PyType_Check(obj)) {
        if (PyType_Check(obj) && !PyType_IsSubtype((PyTypeObject*)obj, &PyBaseObject_Type))
            error("prebuilt class " + ir::formatConstant(obj) + " is not supported");
        result = pbc({getDesc(obj)});
    } else if (Py_IS_TYPE(obj, &PyWrapperDescr_Type)) {
        // e.g. Exception.__init__, called explicitly from a subclass's __init__
        py::PyRef name = py::getAttr(obj, "__name__");
        py::PyRef owner = py::getAttr(obj, "__objclass__");
        result = withConstant(builtin(std::string(((PyTypeObject*)owner.get())->tp_name) + "." +
                                          py::asString(name.get()),
                                      nullptr, obj),
                              obj);
    } else if (PyCFunction_Check(obj) || Py_IS_TYPE(obj, &PyMethodDescr_Type)) {
        py::PyRef self = py::getAttrOrNull(obj, "__self__");
        py::PyRef name = py::getAttr(obj, "__name__");
        const SomeValue* s = self && !PyModule_Check(self.get()) && self.get() != Py_None
                                 ? immutableValue(self.get())
                                 : nullptr;
        std::string n = py::asString(name.get());
        py::PyRef mod = py::getAttrOrNull(obj, "__module__");
        if (!s && mod && PyUnicode_Check(mod.get()) && py::asString(mod.get()) != "builtins")
            n = py::asString(mod.get()) + "." + n;
        result = withConstant(builtin(n, s, obj), obj);
    } else if (PyMethod_Check(obj)) {
        PyObject* self = PyMethod_GET_SELF(obj);
        PyObject* func = PyMethod_GET_FUNCTION(obj);
        const SomeValue* s = immutableValue(self);
        if (s->kind == SomeKind::Instance) {
            ClassDef* owner = nullptr;
            py::PyRef fname = py::getAttr(func, "__name__");
            std::string n = py::asString(fname.get());
            s->classdef->classAttr(n, &owner);
            result = pbc({methodDesc(functionDesc(func), owner ? owner : s->classdef, s->classdef, n)});
        } else if (s->kind == SomeKind::PBC && s->descs[0]->kind == Desc::Kind::Frozen) {
            auto* m = static_cast<MethodOfFrozenDesc*>(
                descs_.emplace_back(std::make_unique<MethodOfFrozenDesc>(
                    (uint32_t)descs_.size(), functionDesc(func),
                    static_cast<FrozenDesc*>(s->descs[0])))
                    .get());
            result = pbc({m});
        } else {
            error("prebuilt bound method of " + s->str() + " is not supported");
        }
    } else if (PyModule_Check(obj) || flow::isFoldable(obj)) {
        result = pbc({getDesc(obj)});
    } else if (PyType_IsSubtype(Py_TYPE(obj), &PyBaseObject_Type) &&
               (Py_TYPE(obj)->tp_flags & Py_TPFLAGS_HEAPTYPE ||
                PyExceptionInstance_Check(obj))) {
        ClassDef* cdef = getClassDef((PyObject*)Py_TYPE(obj));
        result = withConstant(instance(cdef), obj);
        prebuilt_.emplace(obj, result);
        // Its attributes are attributes of its class.
        prebuiltWork_.push_back([this, obj, cdef] {
            py::PyRef dict = py::getAttrOrNull(obj, "__dict__");
            if (!dict || !PyDict_Check(dict.get())) return;
            PyObject *k, *v;
            Py_ssize_t pos = 0;
            while (PyDict_Next(dict.get(), &pos, &k, &v))
                cdef->locateAttr(*this, py::asString(k))
                    .generalize(*this, immutableValueNow(v), "prebuilt instance attribute");
        });
        return result;
    } else {
        error("prebuilt constant " + ir::formatConstant(obj) + " of type '" +
              std::string(Py_TYPE(obj)->tp_name) + "' is not supported in RPython");
    }
    prebuilt_.emplace(obj, result);
    return result;
}

// ---------------------------------------------------------------------------
// Errors

Origin Bookkeeper::here(const char* what) const {
    const Position& p = engine_.position();
    Origin o;
    o.what = what;
    if (p.block && p.opIndex >= 0 && p.opIndex < (int)p.block->operations.size()) {
        const ir::Operation* op = p.block->operations[p.opIndex];
        o.file = op->pos.file ? flow::displayPath(*op->pos.file) : "";
        o.line = op->pos.line;
    } else if (p.graph) {
        o.file = flow::displayPath(p.graph->filename);
        o.line = p.graph->firstline;
    }
    return o;
}

std::string Bookkeeper::callChain() const {
    std::string s;
    const ir::FunctionGraph* g = engine_.position().graph;
    std::set<const ir::FunctionGraph*> seen;
    while (g && seen.insert(g).second) {
        Position caller = engine_.callerOf(g);
        s += (s.empty() ? "" : "\n") + std::string("  in function '") + g->name + "' (" +
             flow::displayPath(g->filename) + ":" + std::to_string(g->firstline) + ")";
        if (!caller.graph) break;
        const ir::Operation* op =
            caller.opIndex >= 0 ? caller.block->operations[caller.opIndex] : nullptr;
        s += ", called from '" + caller.graph->name + "'" +
             (op && op->pos.line ? " at line " + std::to_string(op->pos.line) : std::string());
        g = caller.graph;
    }
    return s;
}

void Bookkeeper::error(const std::string& message) const {
    Origin o = here("");
    throw AnnotatorError(o.file.empty() ? "<unknown>" : o.file, o.line, message, callChain());
}

} // namespace futamura::annotator
