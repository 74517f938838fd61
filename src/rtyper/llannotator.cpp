//! The low-level annotator and the lowering of system code (llannotator.h).
#include "futamura/rtyper/llannotator.h"

#include "futamura/python/interpreter.h"

#include <cassert>
#include <set>

namespace futamura::rtyper {

using annotator::Annotation;
using ir::Opcode;

namespace {

const LLAnnotation* ll(const Annotation* a) { return static_cast<const LLAnnotation*>(a); }

bool isIntegral(const LowLevelType* t) {
    return t == Signed || t == Unsigned || t == SignedLongLong || t == UnsignedLongLong ||
           t == Bool;
}
bool isChar(const LowLevelType* t) { return t == Char || t == UniChar; }
bool isPtr(const LowLevelType* t) { return t && t->kind() == TypeKind::Ptr; }

// The exception class that system code raising `cls` raises once translated:
// a class with an `_ll_exception_` attribute stands for that builtin class
// (llexc.LLUnicodeDecodeError: raisable without arguments on CPython).
PyObject* translatedException(PyObject* cls) {
    py::PyRef real = py::getAttrOrNull(cls, "_ll_exception_");
    if (real && PyExceptionClass_Check(real.get())) return real.get(); // kept alive by cls
    return cls;
}

} // namespace

std::string LLAnnotation::str() const {
    switch (kind) {
    case Kind::Bottom: return "Impossible";
    case Kind::Type: return "type " + type->shortName();
    case Kind::Object: return "const " + py::repr(obj);
    case Kind::Value: break;
    }
    std::string s = type->shortName();
    if (interior) s += " (interior)";
    if (access) s += " viewed as " + access->shortName();
    return s;
}

const LowLevelType* LLAnnotation::lowType() const {
    return kind == Kind::Value ? type : Void;
}

LowLevelAnnotator::LowLevelAnnotator(LLContext& ctx) : ctx_(ctx), engine_(*this, ctx.arena) {
    LLAnnotation b;
    bottom_ = intern(b);
    lltypeModule_ = py::importModule("futamura.rtyper.lltype");
    rarithModule_ = py::importModule("futamura.rlib.rarithmetic");
    extfuncClass_ = py::getAttr(py::importModule("futamura.rtyper.extfunc").get(), "ExtFunc");
    for (const char* n : {"malloc", "nullptr", "typeOf", "cast_pointer", "cast_primitive",
                          "identityhash"})
        known_[py::getAttr(lltypeModule_.get(), n).get()] = n;
    for (const char* n : {"intmask", "r_uint"})
        known_[py::getAttr(rarithModule_.get(), n).get()] = n;
    llmemoryModule_ = py::importModule("futamura.rtyper.llmemory");
    fakeaddressClass_ = py::getAttr(llmemoryModule_.get(), "fakeaddress");
    for (const char* n : {"raw_malloc", "raw_free", "raw_memclear", "raw_memcopy", "sizeof", "offsetof",
                          "itemoffsetof", "arraylengthoffset", "cast_adr_to_int", "cast_int_to_adr"})
        known_[py::getAttr(llmemoryModule_.get(), n).get()] = n;
}

LowLevelAnnotator::~LowLevelAnnotator() = default;

const std::string* LowLevelAnnotator::knownFunction(PyObject* fn) const {
    auto it = known_.find(fn);
    return it == known_.end() ? nullptr : &it->second;
}

const LLAnnotation* LowLevelAnnotator::intern(LLAnnotation a) {
    auto key = std::make_tuple((int)a.kind, (const void*)(a.obj ? (const void*)a.obj : a.type),
                               a.interior, a.hasConst, a.konst.bits(), (int)a.konst.tag, (const void*)a.access);
    auto it = interned_.find(key);
    if (it != interned_.end()) return it->second;
    if (a.obj) keepAlive_.push_back(py::PyRef::borrow(a.obj));
    annotations_.push_back(std::make_unique<LLAnnotation>(a));
    interned_.emplace(key, annotations_.back().get());
    return annotations_.back().get();
}

const LLAnnotation* LowLevelAnnotator::value(const LowLevelType* type) {
    LLAnnotation a;
    a.kind = LLAnnotation::Kind::Value;
    a.type = resolve(type);
    return intern(a);
}

const LLAnnotation* LowLevelAnnotator::withConst(const LowLevelType* type, LLValue v) {
    LLAnnotation a;
    a.kind = LLAnnotation::Kind::Value;
    a.type = resolve(type);
    a.hasConst = true;
    a.konst = v;
    return intern(a);
}

const LLAnnotation* LowLevelAnnotator::typeConst(const LowLevelType* type) {
    LLAnnotation a;
    a.kind = LLAnnotation::Kind::Type;
    a.type = resolve(type);
    return intern(a);
}

const LLAnnotation* LowLevelAnnotator::objectConst(PyObject* obj) {
    if (obj == Py_None) return value(Void);
    LLAnnotation a;
    a.kind = LLAnnotation::Kind::Object;
    a.obj = obj;
    return intern(a);
}

// --- the lattice ---------------------------------------------------------------

const Annotation* LowLevelAnnotator::join(const Annotation* a0, const Annotation* b0) {
    const LLAnnotation *a = ll(a0), *b = ll(b0);
    if (a == b || b == bottom_) return a;
    if (a == bottom_) return b;
    if (a->kind == LLAnnotation::Kind::Value && b->kind == LLAnnotation::Kind::Value &&
        a->type == b->type && a->interior == b->interior && a->access == b->access) {
        LLAnnotation j = *a;
        j.hasConst = false;
        j.konst = LLValue();
        return intern(j);
    }
    // Several exception classes raised by one helper meet at its exceptblock:
    // their common value is a vtable pointer.
    if (ctx_.exceptions) {
        const LowLevelType* vt = ctx_.exceptions->exceptionTypeType();
        auto isExcClass = [&](const LLAnnotation* x) {
            return (x->kind == LLAnnotation::Kind::Object && PyExceptionClass_Check(x->obj)) ||
                   (x->kind == LLAnnotation::Kind::Value && x->type == vt);
        };
        if (isExcClass(a) && isExcClass(b)) return value(vt);
    }
    error("a variable would hold both " + a->str() + " and " + b->str() +
          " (low-level Python keeps one low-level type per variable)");
}

bool LowLevelAnnotator::contains(const Annotation* big, const Annotation* small) {
    if (big == small || small == bottom_) return true;
    const LLAnnotation *a = ll(big), *b = ll(small);
    return a->kind == LLAnnotation::Kind::Value && b->kind == LLAnnotation::Kind::Value &&
           a->type == b->type && a->interior == b->interior && a->access == b->access && !a->hasConst;
}

const Annotation* LowLevelAnnotator::constant(const ir::Constant* c) {
    if (c->isLowLevel()) {
        const auto* t = static_cast<const LowLevelType*>(c->concretetype);
        if (t == Void) {
            if (c->llvalue.tag == LLValue::Tag::Type) return typeConst(c->llvalue.type);
            return c->value() ? objectConst(c->value()) : value(Void);
        }
        return withConst(t, c->llvalue);
    }
    PyObject* obj = c->value();
    if (PyBool_Check(obj)) return withConst(Bool, LLValue::integer(obj == Py_True));
    if (PyLong_Check(obj)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (overflow) error("the integer constant " + py::repr(obj) + " does not fit in Signed");
        return withConst(Signed, LLValue::integer(v));
    }
    if (PyFloat_Check(obj)) return withConst(Float, LLValue::floating(PyFloat_AsDouble(obj)));
    if (PyObject_IsInstance(obj, fakeaddressClass_.get()) == 1) {
        long long a = py::asLong(py::getAttr(obj, "intaddress").get());
        if (a != 0) error("a constant address other than NULL: " + py::repr(obj));
        return withConst(Address, LLValue::integer(0));
    }
    if (ctx_.bridge.isLowLevelType(obj)) {
        try {
            return typeConst(ctx_.bridge.toLowLevel(obj));
        } catch (const std::invalid_argument& e) {
            error(e.what());
        }
    }
    return objectConst(obj);
}

std::string LowLevelAnnotator::where() const {
    const auto& pos = engine_.position();
    std::string file = pos.graph ? flow::displayPath(pos.graph->filename) : "<system code>";
    int line = pos.graph ? pos.graph->firstline : 0;
    if (pos.block && pos.opIndex >= 0 && pos.opIndex < (int)pos.block->operations.size()) {
        const auto* op = pos.block->operations[pos.opIndex];
        if (op->pos.line) line = op->pos.line;
    }
    return file + ":" + std::to_string(line);
}

void LowLevelAnnotator::error(const std::string& message) const {
    std::string context;
    const auto& pos = engine_.position();
    if (pos.graph) context = "\n  in system helper '" + pos.graph->name + "'";
    throw LLAnnotatorError(where() + ": " + message + context);
}

// --- transfer functions ----------------------------------------------------------

const Annotation* LowLevelAnnotator::transfer(annotator::Engine&, const ir::Operation& op,
                                              const std::vector<const Annotation*>& args0) {
    Args a;
    for (auto* x : args0) a.push_back(ll(x));
    auto need = [&](size_t i, const char* what) {
        if (a[i]->kind != LLAnnotation::Kind::Value)
            error(std::string(ir::opName(op.opcode)) + ": expected " + what + ", found " +
                  a[i]->str());
        return a[i]->type;
    };
    switch (op.opcode) {
    case Opcode::SameAs: return a[0];
    case Opcode::Getattr: {
        if (a[1]->kind != LLAnnotation::Kind::Object || !PyUnicode_Check(a[1]->obj))
            error("getattr with a non-constant name");
        return getattr(a[0], py::asString(a[1]->obj));
    }
    case Opcode::Setattr: {
        const LowLevelType* t = need(0, "a pointer to a struct");
        std::string name = py::asString(a[1]->obj);
        const Struct* s = isPtr(t) ? asType<Struct>(static_cast<const Ptr*>(t)->to()) : nullptr;
        if (!s) error("setattr: " + t->shortName() + " is not a pointer to a struct");
        const LowLevelType* ft = s->fieldType(name);
        if (!ft) error("setattr: struct " + s->name() + " has no field '" + name + "'");
        if (resolve(ft) != need(2, "a value") || ft->isContainer())
            error("setattr: field '" + name + "' of " + s->name() + " is " + ft->shortName() +
                  ", the value stored is " + a[2]->str());
        return value(Void);
    }
    case Opcode::Getitem:
    case Opcode::Setitem: {
        if (a[0]->kind == LLAnnotation::Kind::Value && a[0]->access) {
            const LowLevelType* item = a[0]->access;
            if (need(1, "an index") != Signed && a[1]->type != Bool)
                error("the index of " + a[0]->str() + " must be Signed, not " + a[1]->type->shortName());
            if (op.opcode == Opcode::Getitem) return value(item);
            if (need(2, "a value") != item)
                error("setitem: " + a[0]->str() + " holds " + item->shortName() + ", the value stored is " + a[2]->str());
            return value(Void);
        }
        const LowLevelType* t = need(0, "a pointer to an array");
        const LowLevelType* to = isPtr(t) ? resolve(static_cast<const Ptr*>(t)->to()) : nullptr;
        const LowLevelType* item = nullptr;
        if (auto* arr = to ? asType<Array>(to) : nullptr) item = arr->itemType();
        else if (auto* fa = to ? asType<FixedSizeArray>(to) : nullptr) item = fa->itemType();
        if (!item) error(std::string(ir::opName(op.opcode)) + ": " + t->shortName() +
                         " is not a pointer to an array");
        if (need(1, "an index") != Signed && a[1]->type != Bool)
            error("array index must be Signed, not " + a[1]->type->shortName());
        item = resolve(item);
        if (op.opcode == Opcode::Setitem) {
            if (need(2, "a value") != item || item->isContainer())
                error("setitem: the array holds " + item->shortName() + ", the value stored is " +
                      a[2]->str());
            return value(Void);
        }
        if (item->isContainer()) {
            LLAnnotation r;
            r.kind = LLAnnotation::Kind::Value;
            r.type = ctx_.types.makePtr(item);
            r.interior = to->isGc() || a[0]->interior;
            return intern(r);
        }
        return value(item);
    }
    case Opcode::Len: {
        const LowLevelType* t = need(0, "a pointer to an array");
        const LowLevelType* to = isPtr(t) ? resolve(static_cast<const Ptr*>(t)->to()) : nullptr;
        if (!to || (!asType<Array>(to) && !asType<FixedSizeArray>(to)))
            error("len() of " + t->shortName() + ": only arrays have a length");
        return value(Signed);
    }
    case Opcode::Bool:
    case Opcode::Not: {
        if (a[0]->kind != LLAnnotation::Kind::Value || a[0]->type == Void)
            error(std::string(ir::opName(op.opcode)) + " of " + a[0]->str());
        if (a[0]->hasConst && a[0]->type != Float && !isPtr(a[0]->type)) {
            bool v = a[0]->konst.i != 0;
            return withConst(Bool, LLValue::integer(op.opcode == Opcode::Not ? !v : v));
        }
        return value(Bool);
    }
    case Opcode::Is:
        if (a[0]->kind == LLAnnotation::Kind::Type && a[1]->kind == LLAnnotation::Kind::Type)
            return withConst(Bool, LLValue::integer(a[0]->type == a[1]->type));
        if (!isPtr(need(0, "a pointer")) || need(1, "a pointer") != a[0]->type)
            error("'is' compares two pointers of the same type, not " + a[0]->str() + " and " +
                  a[1]->str());
        return value(Bool);
    case Opcode::Ord:
        if (!isChar(need(0, "a character"))) error("ord() of " + a[0]->str());
        return value(Signed);
    case Opcode::Float:
        if (!isIntegral(need(0, "an integer"))) error("float() of " + a[0]->str());
        return value(Float);
    case Opcode::Int:
        if (need(0, "a number") != Float && !isIntegral(a[0]->type)) error("int() of " + a[0]->str());
        return value(Signed);
    case Opcode::Lt: case Opcode::Le: case Opcode::Eq:
    case Opcode::Ne: case Opcode::Gt: case Opcode::Ge:
        return compare(op, a);
    case Opcode::SimpleCall: {
        Args rest(a.begin() + 1, a.end());
        return call(op, a[0], rest);
    }
    case Opcode::Neg: case Opcode::Pos: case Opcode::Invert: case Opcode::Abs:
    case Opcode::NegOvf: case Opcode::AbsOvf: {
        const LowLevelType* t = need(0, "a number");
        if (t == Bool) t = Signed;
        if (!isIntegral(t) && t != Float) error(std::string(ir::opName(op.opcode)) + " of " + a[0]->str());
        if (op.opcode == Opcode::Invert && t == Float) error("~ of a Float");
        return value(t);
    }
    default:
        if (ir::opInfo(op.opcode).arity == 2 && !ir::isLowLevel(op.opcode) &&
            !ir::returnsBool(op.opcode) &&
            op.opcode != Opcode::Getslice && op.opcode != Opcode::Divmod &&
            op.opcode != Opcode::Pow && op.opcode != Opcode::InplacePow &&
            op.opcode != Opcode::Format && op.opcode != Opcode::Delitem &&
            op.opcode != Opcode::Delattr && op.opcode != Opcode::Issubtype &&
            op.opcode != Opcode::Isinstance)
            return arithmetic(op, a);
        error("'" + std::string(ir::opName(op.opcode)) + "' is not an operation of low-level Python");
    }
}

const LLAnnotation* LowLevelAnnotator::arithmetic(const ir::Operation& op, const Args& a) {
    if ((a[0]->kind == LLAnnotation::Kind::Value && a[0]->type == Address) ||
        (a[1]->kind == LLAnnotation::Kind::Value && a[1]->type == Address)) {
        bool add = op.opcode == Opcode::Add || op.opcode == Opcode::InplaceAdd;
        bool sub = op.opcode == Opcode::Sub || op.opcode == Opcode::InplaceSub;
        auto intOf = [&](const LLAnnotation* x) {
            return x->kind == LLAnnotation::Kind::Value && (x->type == Signed || x->type == Bool);
        };
        if (a[0]->type == Address && !a[0]->access && (add || sub) && intOf(a[1])) return value(Address);
        if (sub && a[0]->type == Address && a[1]->kind == LLAnnotation::Kind::Value && a[1]->type == Address)
            return value(Signed);
        error("'" + std::string(ir::opName(op.opcode)) + "' of " + a[0]->str() + " and " + a[1]->str() +
              ": addresses add and subtract Signed offsets, and subtract from each other");
    }
    for (auto* x : a)
        if (x->kind != LLAnnotation::Kind::Value || !(isIntegral(x->type) || x->type == Float))
            error("'" + std::string(ir::opName(op.opcode)) + "' of " + a[0]->str() + " and " +
                  a[1]->str());
    const LowLevelType *x = a[0]->type, *y = a[1]->type;
    bool bitwise = op.opcode == Opcode::And || op.opcode == Opcode::Or || op.opcode == Opcode::Xor ||
                   op.opcode == Opcode::InplaceAnd || op.opcode == Opcode::InplaceOr ||
                   op.opcode == Opcode::InplaceXor;
    if (bitwise && x == Bool && y == Bool) return value(Bool);
    if (x == Float || y == Float) {
        if (x != y) error("'" + std::string(ir::opName(op.opcode)) + "' mixes " + x->shortName() +
                          " and " + y->shortName() + ": convert with float() first");
        if (bitwise || op.opcode == Opcode::Lshift || op.opcode == Opcode::Rshift)
            error("'" + std::string(ir::opName(op.opcode)) + "' of Floats");
        return value(Float);
    }
    if (op.opcode == Opcode::Truediv || op.opcode == Opcode::InplaceTruediv)
        error("'/' of integers: use // (or convert with float())");
    if (op.opcode == Opcode::Lshift || op.opcode == Opcode::Rshift ||
        op.opcode == Opcode::InplaceLshift || op.opcode == Opcode::InplaceRshift ||
        op.opcode == Opcode::LshiftOvf)
        return value(x == Bool ? Signed : x);
    if (x == Unsigned || y == Unsigned || x == UnsignedLongLong || y == UnsignedLongLong)
        return value(Unsigned);
    return value(Signed);
}

const LLAnnotation* LowLevelAnnotator::compare(const ir::Operation& op, const Args& a) {
    if (a[0]->kind == LLAnnotation::Kind::Type && a[1]->kind == LLAnnotation::Kind::Type &&
        (op.opcode == Opcode::Eq || op.opcode == Opcode::Ne))
        return withConst(Bool, LLValue::integer((a[0]->type == a[1]->type) == (op.opcode == Opcode::Eq)));
    for (auto* x : a)
        if (x->kind != LLAnnotation::Kind::Value)
            error("comparison of " + a[0]->str() + " and " + a[1]->str());
    const LowLevelType *x = a[0]->type, *y = a[1]->type;
    bool ok = false;
    if (isIntegral(x) && isIntegral(y)) ok = true;
    else if (x == Float && y == Float) ok = true;
    else if (isChar(x) && x == y) ok = true;
    else if (isPtr(x) && x == y)
        ok = op.opcode == Opcode::Eq || op.opcode == Opcode::Ne;
    else if (x == Address && y == Address)
        ok = true;
    if (!ok)
        error("cannot compare " + a[0]->str() + " and " + a[1]->str() + " with '" +
              std::string(ir::opName(op.opcode)) + "'");
    if (a[0]->hasConst && a[1]->hasConst && isIntegral(x) && isIntegral(y)) {
        int64_t p = a[0]->konst.i, q = a[1]->konst.i;
        bool r = false;
        switch (op.opcode) {
        case Opcode::Lt: r = p < q; break;
        case Opcode::Le: r = p <= q; break;
        case Opcode::Eq: r = p == q; break;
        case Opcode::Ne: r = p != q; break;
        case Opcode::Gt: r = p > q; break;
        default: r = p >= q; break;
        }
        return withConst(Bool, LLValue::integer(r));
    }
    return value(Bool);
}

const LLAnnotation* LowLevelAnnotator::getattr(const LLAnnotation* obj, const std::string& name) {
    if (obj->kind == LLAnnotation::Kind::Type) {
        const LowLevelType* t = obj->type;
        if (name == "TO" && isPtr(t)) return typeConst(static_cast<const Ptr*>(t)->to());
        if (name == "OF") {
            if (auto* arr = asType<Array>(t)) return typeConst(arr->itemType());
            if (auto* fa = asType<FixedSizeArray>(t)) return typeConst(fa->itemType());
        }
        if (auto* s = asType<Struct>(t))
            if (const LowLevelType* ft = s->fieldType(name)) return typeConst(ft);
        error("the type " + t->shortName() + " has no attribute '" + name + "'");
    }
    if (obj->kind == LLAnnotation::Kind::Object) {
        py::PyRef v = py::getAttrOrNull(obj->obj, name.c_str());
        if (!v) error(py::repr(obj->obj) + " has no attribute '" + name + "'");
        return ll(constant(ctx_.arena.constant(v)));
    }
    if (obj->kind == LLAnnotation::Kind::Value && obj->type == Address && !obj->access) {
        static const std::map<std::string, const LowLevelType*> views{
            {"signed", Signed}, {"unsigned", Unsigned}, {"char", Char}, {"unichar", UniChar},
            {"float", Float}, {"bool", Bool}, {"address", Address}};
        auto it = views.find(name);
        if (it == views.end())
            error("an address has no attribute '" + name + "' (signed, unsigned, char, unichar, float, bool, address)");
        LLAnnotation r;
        r.kind = LLAnnotation::Kind::Value;
        r.type = Address;
        r.access = it->second;
        return intern(r);
    }
    if (obj->kind != LLAnnotation::Kind::Value || !isPtr(obj->type))
        error("attribute '" + name + "' of " + obj->str() + ": only pointers to structs have fields");
    const LowLevelType* to = resolve(static_cast<const Ptr*>(obj->type)->to());
    const Struct* s = asType<Struct>(to);
    if (!s) error("attribute '" + name + "' of " + obj->str() + ": not a pointer to a struct");
    const LowLevelType* ft = s->fieldType(name);
    if (!ft) {
        std::string hint;
        for (const Struct* p = s->parentStruct(); p; p = p->parentStruct())
            if (p->fieldType(name)) {
                hint = " (it is inherited from " + p->name() +
                       ": read it through cast_pointer() or .super)";
                break;
            }
        error("struct " + s->name() + " has no field '" + name + "'" + hint);
    }
    ft = resolve(ft);
    if (ft->isContainer()) {
        LLAnnotation r;
        r.kind = LLAnnotation::Kind::Value;
        r.type = ctx_.types.makePtr(ft);
        r.interior = to->isGc() || obj->interior;
        return intern(r);
    }
    return value(ft);
}

const LowLevelType* LowLevelAnnotator::externalType(PyObject* ext) {
    std::vector<const LowLevelType*> args;
    py::PyRef pyargs = py::getAttr(ext, "args");
    for (Py_ssize_t i = 0; i < PyList_Size(pyargs.get()); ++i)
        args.push_back(ctx_.bridge.toLowLevel(PyList_GetItem(pyargs.get(), i)));
    const LowLevelType* result = ctx_.bridge.toLowLevel(py::getAttr(ext, "result").get());
    return ctx_.types.makeFunc(args, result);
}

const LLAnnotation* LowLevelAnnotator::call(const ir::Operation& op, const LLAnnotation* f,
                                            const Args& args) {
    (void)op;
    if (f->kind != LLAnnotation::Kind::Object)
        error("call of " + f->str() + ": system code calls helpers and lltype functions only");
    PyObject* fn = f->obj;
    auto known = known_.find(fn);
    if (known != known_.end()) return lltypeFunction(known->second, args);
    if (PyObject_IsInstance(fn, extfuncClass_.get()) == 1) {
        const auto* ft = static_cast<const FuncType*>(externalType(fn));
        if (ft->args().size() != args.size())
            error("external function " + py::repr(fn) + " takes " +
                  std::to_string(ft->args().size()) + " arguments");
        for (size_t i = 0; i < args.size(); ++i)
            if (args[i]->kind != LLAnnotation::Kind::Value || args[i]->type != resolve(ft->args()[i]))
                error("argument " + std::to_string(i + 1) + " of " + py::repr(fn) + " must be " +
                      ft->args()[i]->shortName() + ", not " + args[i]->str());
        return value(ft->result());
    }
    if (PyExceptionClass_Check(fn)) {
        if (!args.empty()) error("system code raises exceptions without arguments");
        if (!ctx_.exceptions) error("no exception classes are available to system code here");
        return value(ctx_.exceptions->exceptionValueType());
    }
    if (!PyFunction_Check(fn)) error("call of " + py::repr(fn) + ": not a helper function");
    for (auto* x : args)
        if (x->kind == LLAnnotation::Kind::Value && x->interior)
            error("an interior pointer (" + x->str() + ") cannot be passed to a function");
    ir::FunctionGraph* g = graphFor(fn, args);
    const auto& inputs = graphArgs_.at(g);
    std::vector<const Annotation*> in(inputs.begin(), inputs.end());
    return ll(engine_.call(g, in));
}

const LLAnnotation* LowLevelAnnotator::lltypeFunction(const std::string& name, const Args& a) {
    auto typeArg = [&](size_t i) {
        if (i >= a.size() || a[i]->kind != LLAnnotation::Kind::Type)
            error(name + "(): argument " + std::to_string(i + 1) + " must be a constant lltype");
        return a[i]->type;
    };
    auto valueArg = [&](size_t i) {
        if (i >= a.size() || a[i]->kind != LLAnnotation::Kind::Value)
            error(name + "(): argument " + std::to_string(i + 1) + " must be a value");
        return a[i]->type;
    };
    if (name == "malloc") {
        const LowLevelType* t = typeArg(0);
        if (!t->isGc()) error("malloc(): " + t->shortName() + " is not GC-managed (raw malloc is not supported yet)");
        if (t->isVarSize() != (a.size() == 2))
            error("malloc(" + t->shortName() + ")" +
                  (t->isVarSize() ? " needs a length" : " takes no length"));
        if (a.size() == 2 && valueArg(1) != Signed) error("malloc(): the length must be Signed");
        return value(ctx_.types.makePtr(t));
    }
    if (name == "nullptr") {
        if (a.size() != 1) error("nullptr() takes one type");
        return withConst(ctx_.types.makePtr(typeArg(0)), LLValue::pointer(nullptr));
    }
    if (name == "typeOf") {
        if (a.size() != 1) error("typeOf() takes one value");
        return typeConst(valueArg(0));
    }
    if (name == "cast_pointer") {
        const LowLevelType* t = typeArg(0);
        const LowLevelType* from = valueArg(1);
        if (!isPtr(t) || !isPtr(from)) error("cast_pointer() converts pointers");
        auto* ts = asType<Struct>(static_cast<const Ptr*>(t)->to());
        auto* fs = asType<Struct>(static_cast<const Ptr*>(from)->to());
        if (t != from && !(ts && fs && (ts->isSubStructOf(fs) || fs->isSubStructOf(ts))))
            error("cast_pointer(): " + from->shortName() + " and " + t->shortName() +
                  " are not related by inheritance");
        return value(t);
    }
    if (name == "cast_primitive") {
        const LowLevelType* t = typeArg(0);
        const LowLevelType* from = valueArg(1);
        if (t->kind() != TypeKind::Primitive || t == Void || from->kind() != TypeKind::Primitive ||
            from == Void)
            error("cast_primitive() converts between primitive types");
        return value(t);
    }
    if (name == "identityhash") {
        if (a.size() != 1 || !isPtr(valueArg(0))) error("identityhash() takes one pointer");
        return value(Signed);
    }
    auto addressArg = [&](size_t i) {
        if (valueArg(i) != Address || a[i]->access) error(name + "(): argument " + std::to_string(i + 1) + " must be an Address");
    };
    auto signedArg = [&](size_t i) {
        if (valueArg(i) != Signed && a[i]->type != Bool) error(name + "(): argument " + std::to_string(i + 1) + " must be Signed");
    };
    if (name == "raw_malloc") {
        if (a.empty() || a.size() > 2) error("raw_malloc() takes a size and an optional zero flag");
        signedArg(0);
        if (a.size() == 2 && !(a[1]->kind == LLAnnotation::Kind::Value && a[1]->type == Bool && a[1]->hasConst))
            error("raw_malloc(): the zero flag must be a constant True or False");
        return value(Address);
    }
    if (name == "raw_free") {
        if (a.size() != 1) error("raw_free() takes one address");
        addressArg(0);
        return value(Void);
    }
    if (name == "raw_memclear") {
        if (a.size() != 2) error("raw_memclear() takes an address and a size");
        addressArg(0);
        signedArg(1);
        return value(Void);
    }
    if (name == "raw_memcopy") {
        if (a.size() != 3) error("raw_memcopy() takes two addresses and a size");
        addressArg(0);
        addressArg(1);
        signedArg(2);
        return value(Void);
    }
    if (name == "cast_adr_to_int") {
        if (a.size() != 1) error("cast_adr_to_int() takes one address");
        addressArg(0);
        return value(Signed);
    }
    if (name == "cast_int_to_adr") {
        if (a.size() != 1) error("cast_int_to_adr() takes one Signed");
        signedArg(0);
        return value(Address);
    }
    if (name == "sizeof" || name == "itemoffsetof") {
        const LowLevelType* t = typeArg(0);
        try {
            bool var = t->isVarSize();
            if (name == "sizeof" && !var) {
                if (a.size() != 1) error("sizeof(" + t->shortName() + ") takes no number of items");
                return withConst(Signed, LLValue::integer((int64_t)sizeOf(t)));
            }
            if (!var) error(name + "(" + t->shortName() + "): not variable-sized");
            VarSizeLayout l = varSizeLayout(t);
            if (a.size() == 1) {
                if (name == "sizeof") error("sizeof(" + t->shortName() + "): variable-sized, give the number of items");
                return withConst(Signed, LLValue::integer((int64_t)l.itemsOffset));
            }
            signedArg(1);
            if (a[1]->hasConst)
                return withConst(Signed, LLValue::integer((int64_t)(l.itemsOffset + l.itemSize * (size_t)a[1]->konst.i)));
            return value(Signed);
        } catch (const std::invalid_argument& e) {
            error(name + "(): " + e.what());
        }
    }
    if (name == "offsetof") {
        const LowLevelType* t = typeArg(0);
        const Struct* st = asType<Struct>(t);
        if (a.size() != 2 || a[1]->kind != LLAnnotation::Kind::Object || !PyUnicode_Check(a[1]->obj))
            error("offsetof() takes a struct type and a constant field name");
        std::string f = py::asString(a[1]->obj);
        if (!st || !st->fieldType(f)) error("offsetof(): " + t->shortName() + " has no field '" + f + "'");
        return withConst(Signed, LLValue::integer((int64_t)fieldOffset(st, f)));
    }
    if (name == "arraylengthoffset") {
        const LowLevelType* t = typeArg(0);
        if (!t->isVarSize()) error("arraylengthoffset(" + t->shortName() + "): not variable-sized");
        VarSizeLayout l = varSizeLayout(t);
        if (!l.lengthOffset) error("arraylengthoffset(" + t->shortName() + "): the array has no length");
        return withConst(Signed, LLValue::integer((int64_t)*l.lengthOffset));
    }
    if (name == "intmask" || name == "r_uint") {
        const LowLevelType* from = valueArg(0);
        if (!isIntegral(from) && !isChar(from)) error(name + "() of " + from->shortName());
        return value(name == "intmask" ? Signed : Unsigned);
    }
    error("unknown lltype function " + name);
}

ir::FunctionGraph* LowLevelAnnotator::graphFor(PyObject* func, const Args& args) {
    std::string key;
    Args inputs;
    for (auto* x : args) {
        switch (x->kind) {
        case LLAnnotation::Kind::Value:
            key += "v" + std::to_string(x->type->id()) + ",";
            inputs.push_back(value(x->type));
            break;
        case LLAnnotation::Kind::Type:
            key += "t" + std::to_string(x->type->id()) + ",";
            inputs.push_back(x);
            break;
        case LLAnnotation::Kind::Object:
            key += "o" + std::to_string((uintptr_t)x->obj) + ",";
            inputs.push_back(x);
            break;
        case LLAnnotation::Kind::Bottom: error("argument of no type");
        }
    }
    auto [it, inserted] = specializations_.try_emplace({func, key}, nullptr);
    if (!inserted) return it->second;
    ir::FunctionGraph* g = ctx_.space.buildFlowGraph(func);
    if (g->startblock->inputargs.size() != args.size())
        error(g->name + "() takes " + std::to_string(g->startblock->inputargs.size()) +
              " arguments, " + std::to_string(args.size()) + " given");
    keepAlive_.push_back(py::PyRef::borrow(func));
    it->second = g;
    graphArgs_[g] = inputs;
    graphs_.push_back(g);
    return g;
}

bool LowLevelAnnotator::mayNeverReturn(const ir::Operation& op) {
    return op.opcode == Opcode::SimpleCall;
}

bool LowLevelAnnotator::exitPossible(const Annotation* sw, const ir::Link& link) {
    const LLAnnotation* s = ll(sw);
    if (!s->hasConst || !link.exitcase || !PyBool_Check(link.exitcase->value())) return true;
    return (s->konst.i != 0) == (link.exitcase->value() == Py_True);
}

std::pair<const Annotation*, const Annotation*>
LowLevelAnnotator::caughtException(annotator::Engine&, const ir::Operation&, const ir::Link&) {
    error("system code does not catch exceptions (no try/except in low-level Python)");
}

// --- specialization and lowering -------------------------------------------------

ir::Constant* LowLevelAnnotator::specialize(PyObject* func, const Args& args) {
    ir::FunctionGraph* g = graphFor(func, args);
    if (!engine_.graphs().empty() &&
        std::find(engine_.graphs().begin(), engine_.graphs().end(), g) != engine_.graphs().end()) {
        // already annotated
    } else {
        const auto& inputs = graphArgs_.at(g);
        engine_.addEntryPoint(g, std::vector<const Annotation*>(inputs.begin(), inputs.end()));
    }
    try {
        engine_.complete();
    } catch (const annotator::BlockedError& e) {
        throw LLAnnotatorError(std::string("system code: ") + e.what());
    }
    lowerPending();
    std::vector<const LowLevelType*> argTypes;
    for (auto* v : g->startblock->inputargs)
        argTypes.push_back(static_cast<const LowLevelType*>(v->concretetype));
    auto* ft = ctx_.types.makeFunc(argTypes, static_cast<const LowLevelType*>(
                                                 g->returnblock->inputargs[0]->concretetype));
    return ctx_.functionPointer(g, ft);
}

const LowLevelType* LowLevelAnnotator::resultType(ir::Constant* fnptr) {
    auto* p = asType<Ptr>(static_cast<const LowLevelType*>(fnptr->concretetype));
    return asType<FuncType>(p->to())->result();
}

void LowLevelAnnotator::lowerPending() {
    // Callees first is not needed: lower() computes function types from the
    // bindings, which are final at the fixpoint.
    while (lowered_ < graphs_.size()) {
        ir::FunctionGraph* g = graphs_[lowered_++];
        lower(g);
    }
}

namespace {

struct Lowering {
    LowLevelAnnotator& la;
    LLContext& ctx;
    ir::FunctionGraph* graph;
    std::vector<ir::Operation*> out;
    ir::SourcePos pos;

    const LLAnnotation* ann(ir::Value* v) {
        if (auto* var = ir::asVariable(v)) return static_cast<const LLAnnotation*>(var->annotation);
        return static_cast<const LLAnnotation*>(la.constant(ir::asConstant(v)));
    }
    const LowLevelType* typeOf(ir::Value* v) {
        const LLAnnotation* a = ann(v);
        return a ? a->lowType() : Void;
    }
    ir::Variable* newVar(const LowLevelType* t) {
        ir::Variable* v = ctx.arena.newVariable("v");
        v->concretetype = t;
        return v;
    }
    ir::Variable* emit(Opcode opc, std::vector<ir::Value*> args, const LowLevelType* t,
                       ir::Variable* result = nullptr) {
        if (!result) result = newVar(t);
        result->concretetype = t;
        out.push_back(ctx.arena.newOperation(opc, std::move(args), result, pos));
        return result;
    }
    /// `v` as a low-level value of type `want` (constants converted, Bools
    /// widened to Signed when an integer is wanted).
    ir::Value* arg(ir::Value* v, const LowLevelType* want) {
        want = resolve(want);
        if (auto* c = ir::asConstant(v)) {
            if (c->isLowLevel()) return c;
            PyObject* obj = c->value();
            if (want == Void) {
                if (ctx.bridge.isLowLevelType(obj)) return ctx.typeConst(ctx.bridge.toLowLevel(obj));
                return ctx.voidConst(obj);
            }
            if (want == Float) {
                double d = PyFloat_Check(obj) ? PyFloat_AsDouble(obj) : (double)PyLong_AsLongLong(obj);
                return ctx.arena.llconstant(Float, LLValue::floating(d));
            }
            if (PyLong_Check(obj))
                return ctx.arena.llconstant(want, LLValue::integer(PyLong_AsLongLong(obj)));
            const LLAnnotation* a = ann(c);
            if (a->kind == LLAnnotation::Kind::Value && a->hasConst)
                return ctx.arena.llconstant(a->type, a->konst);
            return ctx.voidConst(obj);
        }
        const LowLevelType* have = typeOf(v);
        if (have == want || want == Void) return v;
        if (have->kind() == TypeKind::Primitive && want->kind() == TypeKind::Primitive) {
            if (want == Float) return emit(Opcode::CastIntToFloat, {v}, Float);
            return emit(Opcode::CastPrimitive, {v}, want);
        }
        return v;
    }

    /// The byte offset of item `index` of a view of type `item`.
    ir::Value* rawOffset(ir::Value* index, const LowLevelType* item) {
        ir::Value* i = arg(index, Signed);
        int64_t size = (int64_t)sizeOf(item);
        if (auto* c = ir::asConstant(i)) return ctx.signedConst(c->llvalue.i * size);
        return size == 1 ? i : emit(Opcode::IntMul, {i, ctx.signedConst(size)}, Signed);
    }
    ir::Constant* nullAddress() { return ctx.arena.llconstant(Address, LLValue::integer(0)); }

    Opcode pick(const LowLevelType* t, Opcode i, Opcode u, Opcode f) {
        if (t == Float) return f;
        if (t == Unsigned || t == UnsignedLongLong) return u;
        return i;
    }

    void lowerOp(ir::Operation* op);
    void lowerLinks(ir::Block* b);
};

void Lowering::lowerOp(ir::Operation* op) {
    pos = op->pos;
    ir::Variable* res = op->result;
    const LLAnnotation* ra = static_cast<const LLAnnotation*>(res->annotation);
    const LowLevelType* rt = ra ? ra->lowType() : Void;
    auto& a = op->args;
    auto constResult = [&](ir::Constant* c) { emit(Opcode::SameAs, {c}, rt, res); };
    if (ra && ra->kind == LLAnnotation::Kind::Type && op->opcode != Opcode::SimpleCall) {
        constResult(ctx.typeConst(ra->type));
        return;
    }
    if (ra && ra->kind == LLAnnotation::Kind::Value && ra->hasConst && ra->type == Bool &&
        (op->opcode == Opcode::Is || op->opcode == Opcode::Eq || op->opcode == Opcode::Ne) &&
        ann(a[0])->kind == LLAnnotation::Kind::Type) {
        constResult(ctx.boolConst(ra->konst.i));
        return;
    }
    switch (op->opcode) {
    case Opcode::SameAs: emit(Opcode::SameAs, {arg(a[0], rt)}, rt, res); return;
    case Opcode::Getattr: {
        const LLAnnotation* o = ann(a[0]);
        if (ra && ra->access) { // adr.signed: the address, viewed as items
            emit(Opcode::SameAs, {a[0]}, Address, res);
            return;
        }
        if (o->kind != LLAnnotation::Kind::Value) {
            if (ra->kind == LLAnnotation::Kind::Object) constResult(ctx.voidConst(ra->obj));
            else if (ra->hasConst) constResult(ctx.arena.llconstant(ra->type, ra->konst));
            else constResult(ctx.typeConst(ra->type));
            return;
        }
        std::string name = py::asString(ir::asConstant(a[1])->value());
        const auto* st = asType<Struct>(asType<Ptr>(o->type)->to());
        bool sub = resolve(st->fieldType(name))->isContainer();
        emit(sub ? Opcode::Getsubstruct : Opcode::Getfield,
             {a[0], ctx.nameConst(name)}, rt, res);
        return;
    }
    case Opcode::Setattr: {
        std::string name = py::asString(ir::asConstant(a[1])->value());
        const auto* s = asType<Struct>(asType<Ptr>(typeOf(a[0]))->to());
        emit(Opcode::Setfield, {a[0], ctx.nameConst(name), arg(a[2], s->fieldType(name))}, Void, res);
        return;
    }
    case Opcode::Getitem: {
        if (const LowLevelType* item = ann(a[0])->access) {
            emit(Opcode::RawLoad, {a[0], rawOffset(a[1], item)}, item, res);
            return;
        }
        const LowLevelType* to = resolve(asType<Ptr>(typeOf(a[0]))->to());
        bool sub = false;
        if (auto* arr = asType<Array>(to)) sub = resolve(arr->itemType())->isContainer();
        if (auto* fa = asType<FixedSizeArray>(to)) sub = resolve(fa->itemType())->isContainer();
        emit(sub ? Opcode::Getarraysubstruct : Opcode::Getarrayitem, {a[0], arg(a[1], Signed)}, rt,
             res);
        return;
    }
    case Opcode::Setitem: {
        if (const LowLevelType* item = ann(a[0])->access) {
            emit(Opcode::RawStore, {a[0], rawOffset(a[1], item), arg(a[2], item)}, Void, res);
            return;
        }
        const LowLevelType* to = resolve(asType<Ptr>(typeOf(a[0]))->to());
        const LowLevelType* item = asType<Array>(to) ? asType<Array>(to)->itemType()
                                                     : asType<FixedSizeArray>(to)->itemType();
        emit(Opcode::Setarrayitem, {a[0], arg(a[1], Signed), arg(a[2], item)}, Void, res);
        return;
    }
    case Opcode::Len: emit(Opcode::Getarraysize, {a[0]}, Signed, res); return;
    case Opcode::Bool:
    case Opcode::Not: {
        const LowLevelType* t = typeOf(a[0]);
        ir::Value* b;
        if (ra->hasConst) {
            constResult(ctx.boolConst(ra->konst.i));
            return;
        }
        bool isNot = op->opcode == Opcode::Not;
        ir::Variable* target = isNot ? nullptr : res;
        if (t == Bool) b = isNot ? a[0] : emit(Opcode::SameAs, {a[0]}, Bool, target);
        else if (t == Float) b = emit(Opcode::FloatIsTrue, {a[0]}, Bool, target);
        else if (t->kind() == TypeKind::Ptr) b = emit(Opcode::PtrNonZero, {a[0]}, Bool, target);
        else if (t == Address) b = emit(Opcode::AdrNe, {a[0], nullAddress()}, Bool, target);
        else b = emit(Opcode::IntIsTrue, {arg(a[0], t == Unsigned ? Unsigned : Signed)}, Bool, target);
        if (isNot) emit(Opcode::BoolNot, {b}, Bool, res);
        return;
    }
    case Opcode::Is: emit(Opcode::PtrEq, {a[0], a[1]}, Bool, res); return;
    case Opcode::Ord: emit(Opcode::CastPrimitive, {a[0]}, Signed, res); return;
    case Opcode::Float: emit(Opcode::CastIntToFloat, {arg(a[0], Signed)}, Float, res); return;
    case Opcode::Int:
        if (typeOf(a[0]) == Float) emit(Opcode::CastFloatToInt, {a[0]}, Signed, res);
        else emit(Opcode::SameAs, {arg(a[0], Signed)}, Signed, res);
        return;
    case Opcode::Lt: case Opcode::Le: case Opcode::Eq:
    case Opcode::Ne: case Opcode::Gt: case Opcode::Ge: {
        if (ra->hasConst) {
            constResult(ctx.boolConst(ra->konst.i));
            return;
        }
        const LowLevelType *x = typeOf(a[0]), *y = typeOf(a[1]);
        int k = (int)op->opcode - (int)Opcode::Lt; // Lt Le Eq Ne Gt Ge in table order
        if (x->kind() == TypeKind::Ptr) {
            emit(op->opcode == Opcode::Eq ? Opcode::PtrEq : Opcode::PtrNe, {a[0], a[1]}, Bool, res);
            return;
        }
        if (x == Char || x == UniChar) {
            emit((Opcode)((int)Opcode::CharLt + k), {a[0], a[1]}, Bool, res);
            return;
        }
        if (x == Address) {
            emit((Opcode)((int)Opcode::AdrLt + k), {arg(a[0], Address), arg(a[1], Address)}, Bool, res);
            return;
        }
        const LowLevelType* t = (x == Float || y == Float) ? Float
                                : (x == Unsigned || y == Unsigned) ? Unsigned : Signed;
        Opcode base = t == Float ? Opcode::FloatLt : t == Unsigned ? Opcode::UintLt : Opcode::IntLt;
        emit((Opcode)((int)base + k), {arg(a[0], t), arg(a[1], t)}, Bool, res);
        return;
    }
    case Opcode::Neg: case Opcode::Pos: case Opcode::Invert: case Opcode::Abs:
    case Opcode::NegOvf: case Opcode::AbsOvf: {
        ir::Value* x = arg(a[0], rt);
        Opcode o;
        switch (op->opcode) {
        case Opcode::Neg: o = pick(rt, Opcode::IntNeg, Opcode::IntNeg, Opcode::FloatNeg); break;
        case Opcode::Pos: o = Opcode::SameAs; break;
        case Opcode::Invert: o = pick(rt, Opcode::IntInvert, Opcode::UintInvert, Opcode::IntInvert); break;
        case Opcode::Abs: o = pick(rt, Opcode::IntAbs, Opcode::SameAs, Opcode::FloatAbs); break;
        case Opcode::NegOvf: o = Opcode::IntNegOvf; break;
        default: o = Opcode::IntAbsOvf; break;
        }
        emit(o, {x}, rt, res);
        return;
    }
    case Opcode::SimpleCall: {
        const LLAnnotation* f = ann(a[0]);
        PyObject* fn = f->obj;
        std::vector<const LLAnnotation*> argAnns;
        for (size_t i = 1; i < a.size(); ++i) argAnns.push_back(ann(a[i]));
        // lltype, rarithmetic and llmemory functions, by identity
        const std::string* known = la.knownFunction(fn);
        std::string fname = known ? *known : "";
        static const std::set<std::string> llmemoryFunctions{
            "raw_malloc", "raw_free", "raw_memclear", "raw_memcopy", "sizeof", "offsetof",
            "itemoffsetof", "arraylengthoffset", "cast_adr_to_int", "cast_int_to_adr"};
        if (llmemoryFunctions.count(fname)) {
            if (ra->hasConst) { // the layout functions on constant types
                constResult(ctx.arena.llconstant(rt, ra->konst));
                return;
            }
            if (fname == "raw_malloc") {
                bool zero = a.size() == 3 && ann(a[2])->konst.i != 0;
                emit(Opcode::RawMalloc, {arg(a[1], Signed), ctx.boolConst(zero)}, Address, res);
            } else if (fname == "raw_free") {
                emit(Opcode::RawFree, {a[1]}, Void, res);
            } else if (fname == "raw_memclear") {
                emit(Opcode::RawMemclear, {a[1], arg(a[2], Signed)}, Void, res);
            } else if (fname == "raw_memcopy") {
                emit(Opcode::RawMemcopy, {a[1], a[2], arg(a[3], Signed)}, Void, res);
            } else if (fname == "cast_adr_to_int") {
                emit(Opcode::CastAdrToInt, {a[1]}, Signed, res);
            } else if (fname == "cast_int_to_adr") {
                emit(Opcode::CastIntToAdr, {arg(a[1], Signed)}, Address, res);
            } else { // sizeof / itemoffsetof of a var-sized type with n items
                VarSizeLayout l = varSizeLayout(ann(a[1])->type);
                ir::Value* n = emit(Opcode::IntMul, {arg(a[2], Signed), ctx.signedConst((int64_t)l.itemSize)}, Signed);
                emit(Opcode::IntAdd, {n, ctx.signedConst((int64_t)l.itemsOffset)}, Signed, res);
            }
            return;
        }
        if (fname == "malloc") {
            const LowLevelType* t = argAnns[0]->type;
            if (a.size() == 3)
                emit(Opcode::MallocVarsize, {ctx.typeConst(t), arg(a[2], Signed)}, rt, res);
            else
                emit(Opcode::Malloc, {ctx.typeConst(t)}, rt, res);
            return;
        }
        if (fname == "nullptr") { constResult(ctx.nullConst(rt)); return; }
        if (fname == "identityhash") { emit(Opcode::IdentityHash, {a[1]}, Signed, res); return; }
        if (fname == "typeOf") { constResult(ctx.typeConst(ra->type)); return; }
        if (fname == "cast_pointer") {
            if (typeOf(a[2]) == rt) emit(Opcode::SameAs, {a[2]}, rt, res);
            else emit(Opcode::CastPointer, {a[2]}, rt, res);
            return;
        }
        if (fname == "cast_primitive") {
            const LowLevelType* from = typeOf(a[2]);
            if (from == rt) emit(Opcode::SameAs, {arg(a[2], rt)}, rt, res);
            else if (rt == Float) emit(Opcode::CastIntToFloat, {arg(a[2], Signed)}, Float, res);
            else if (from == Float) {
                ir::Value* i = emit(Opcode::CastFloatToInt, {a[2]}, Signed);
                if (rt == Signed) emit(Opcode::SameAs, {i}, rt, res);
                else emit(Opcode::CastPrimitive, {i}, rt, res);
            } else emit(Opcode::CastPrimitive, {arg(a[2], from)}, rt, res);
            return;
        }
        if (fname == "intmask" || fname == "r_uint") {
            const LowLevelType* from = typeOf(a[1]);
            if (from == rt) emit(Opcode::SameAs, {a[1]}, rt, res);
            else emit(Opcode::CastPrimitive, {arg(a[1], from)}, rt, res);
            return;
        }
        if (PyExceptionClass_Check(fn)) {
            emit(Opcode::DirectCall, {ctx.exceptions->allocatorOf(translatedException(fn))}, rt, res);
            return;
        }
        ir::Constant* fnptr;
        const FuncType* ft;
        if (PyFunction_Check(fn)) {
            fnptr = la.specialize(fn, argAnns);
        } else {
            py::PyRef extname = py::getAttr(fn, "name");
            std::vector<const LowLevelType*> args;
            for (auto* x : argAnns) args.push_back(x->lowType());
            fnptr = ctx.externalFunction(py::asString(extname.get()),
                                         ctx.types.makeFunc(args, rt));
        }
        ft = asType<FuncType>(asType<Ptr>(static_cast<const LowLevelType*>(fnptr->concretetype))->to());
        std::vector<ir::Value*> callArgs{fnptr};
        for (size_t i = 1; i < a.size(); ++i) callArgs.push_back(arg(a[i], ft->args()[i - 1]));
        emit(Opcode::DirectCall, std::move(callArgs), rt, res);
        return;
    }
    default: break;
    }
    // Address arithmetic.
    if (typeOf(a[0]) == Address) {
        bool add = op->opcode == Opcode::Add || op->opcode == Opcode::InplaceAdd;
        if (rt == Address) emit(add ? Opcode::AdrAdd : Opcode::AdrSub, {a[0], arg(a[1], Signed)}, Address, res);
        else emit(Opcode::AdrDelta, {a[0], a[1]}, Signed, res);
        return;
    }
    // Binary arithmetic.
    const LowLevelType* t = rt == Bool ? Bool : rt;
    Opcode o;
    switch (op->opcode) {
    case Opcode::Add: case Opcode::InplaceAdd: o = pick(t, Opcode::IntAdd, Opcode::UintAdd, Opcode::FloatAdd); break;
    case Opcode::Sub: case Opcode::InplaceSub: o = pick(t, Opcode::IntSub, Opcode::UintSub, Opcode::FloatSub); break;
    case Opcode::Mul: case Opcode::InplaceMul: o = pick(t, Opcode::IntMul, Opcode::UintMul, Opcode::FloatMul); break;
    case Opcode::Truediv: case Opcode::InplaceTruediv: o = Opcode::FloatTruediv; break;
    case Opcode::Floordiv: case Opcode::InplaceFloordiv: o = pick(t, Opcode::IntFloordiv, Opcode::UintFloordiv, Opcode::FloatPyDiv); break;
    case Opcode::Mod: case Opcode::InplaceMod: o = pick(t, Opcode::IntMod, Opcode::UintMod, Opcode::FloatPyMod); break;
    case Opcode::Lshift: case Opcode::InplaceLshift: o = pick(t, Opcode::IntLshift, Opcode::UintLshift, Opcode::IntLshift); break;
    case Opcode::Rshift: case Opcode::InplaceRshift: o = pick(t, Opcode::IntRshift, Opcode::UintRshift, Opcode::IntRshift); break;
    case Opcode::And: case Opcode::InplaceAnd: o = pick(t, Opcode::IntAnd, Opcode::UintAnd, Opcode::IntAnd); break;
    case Opcode::Or: case Opcode::InplaceOr: o = pick(t, Opcode::IntOr, Opcode::UintOr, Opcode::IntOr); break;
    case Opcode::Xor: case Opcode::InplaceXor: o = pick(t, Opcode::IntXor, Opcode::UintXor, Opcode::IntXor); break;
    case Opcode::AddOvf: o = Opcode::IntAddOvf; break;
    case Opcode::SubOvf: o = Opcode::IntSubOvf; break;
    case Opcode::MulOvf: o = Opcode::IntMulOvf; break;
    case Opcode::LshiftOvf: o = Opcode::IntLshiftOvf; break;
    case Opcode::FloordivOvf: o = Opcode::IntPyDivOvf; break;
    case Opcode::ModOvf: o = Opcode::IntPyModOvf; break;
    default:
        throw LLAnnotatorError("cannot lower '" + std::string(ir::opName(op->opcode)) + "'");
    }
    bool shift = o == Opcode::IntLshift || o == Opcode::IntRshift || o == Opcode::UintLshift ||
                 o == Opcode::UintRshift || o == Opcode::IntLshiftOvf;
    emit(o, {arg(a[0], t), arg(a[1], shift ? Signed : t)}, rt, res);
}

void Lowering::lowerLinks(ir::Block* b) {
    for (ir::Link* link : b->exits) {
        for (size_t i = 0; i < link->args.size(); ++i) {
            ir::Value* v = link->args[i];
            ir::Variable* target = link->target->inputargs[i];
            if (link->target == graph->exceptblock && i == 0) {
                if (auto* c = ir::asConstant(v); c && !c->isLowLevel()) {
                    link->args[i] = ctx.exceptions->vtableOf(PyExceptionClass_Check(c->value())
                                                                 ? translatedException(c->value()) : c->value());
                    continue;
                }
            }
            auto* want = static_cast<const LowLevelType*>(target->concretetype);
            link->args[i] = arg(v, want ? want : typeOf(v));
        }
        if (link->exitcase && !link->llexitcase && PyBool_Check(link->exitcase->value()))
            link->llexitcase = ctx.boolConst(link->exitcase->value() == Py_True);
    }
}

} // namespace

void LowLevelAnnotator::lower(ir::FunctionGraph* graph) {
    Lowering L{*this, ctx_, graph, {}, {}};
    std::vector<ir::Block*> blocks = graph->blocks();
    // Types of every block's inputs first: links convert to them.
    for (ir::Block* b : blocks)
        for (ir::Variable* v : b->inputargs) {
            auto* a = static_cast<const LLAnnotation*>(v->annotation);
            v->concretetype = a ? a->lowType() : Void;
        }
    if (ctx_.exceptions) {
        graph->exceptblock->inputargs[0]->concretetype = ctx_.exceptions->exceptionTypeType();
        graph->exceptblock->inputargs[1]->concretetype = ctx_.exceptions->exceptionValueType();
    }
    for (ir::Block* b : blocks) {
        if (b->isFinal()) continue;
        if (!engine_.flowCount(b)) {
            // Never reached (a branch on a constant): cut the links to it.
            continue;
        }
        L.out.clear();
        for (ir::Operation* op : b->operations) L.lowerOp(op);
        L.pos = {};
        L.lowerLinks(b);
        // Exits never taken (constant switch): keep only the possible one.
        if (b->exitswitch) {
            auto* s = static_cast<const LLAnnotation*>(
                ir::asVariable(b->exitswitch) ? ir::asVariable(b->exitswitch)->annotation
                                              : constant(ir::asConstant(b->exitswitch)));
            if (s && s->hasConst) {
                std::vector<ir::Link*> keep;
                for (ir::Link* l : b->exits)
                    if (exitPossible(s, *l)) keep.push_back(l);
                if (keep.size() == 1) {
                    keep[0]->exitcase = nullptr;
                    keep[0]->llexitcase = nullptr;
                    b->exitswitch = nullptr;
                    b->recloseBlock(keep);
                }
            }
        }
        b->operations = std::move(L.out);
        L.out = {};
    }
}

} // namespace futamura::rtyper
