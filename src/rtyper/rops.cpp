//! The rtyping of each high-level operation (rops.h).
#include "futamura/rtyper/rops.h"

#include "futamura/python/interpreter.h"

namespace futamura::rtyper {

using annotator::Desc;
using annotator::SomeKind;
using ir::Opcode;

const SomeValue* HighLevelOp::s(size_t i) const {
    return static_cast<const SomeValue*>(rt.annotator().engine().binding(op->args[i]));
}
const Repr* HighLevelOp::r(size_t i) { return rt.reprOf(s(i)); }
const SomeValue* HighLevelOp::sres() const {
    return static_cast<const SomeValue*>(rt.annotator().engine().binding(op->result));
}
const Repr* HighLevelOp::rres() { return rt.reprOf(sres()); }

void HighLevelOp::unsupported() {
    std::string args;
    for (size_t i = 0; i < op->args.size(); ++i) args += (i ? ", " : "") + s(i)->str();
    rt.error(op, "the rtyper cannot lower '" + std::string(ir::opName(op->opcode)) + "' of (" +
                     args + ") yet");
}

ir::Variable* HighLevelOp::genop(Opcode opc, std::vector<ir::Value*> args, const LowLevelType* type) {
    ir::Variable* v = ctx.arena.newVariable("v");
    v->concretetype = type;
    out.push_back(ctx.arena.newOperation(opc, std::move(args), v, op ? op->pos : ir::SourcePos{}));
    return v;
}

ir::Variable* HighLevelOp::gendirect(ir::Constant* fnptr, std::vector<ir::Value*> args) {
    const auto* ft = asType<FuncType>(asType<Ptr>(static_cast<const LowLevelType*>(fnptr->concretetype))->to());
    args.insert(args.begin(), fnptr);
    return genop(Opcode::DirectCall, std::move(args), ft->result());
}

ir::Value* HighLevelOp::gencall(const char* module, const char* name, std::vector<ir::Value*> args) {
    return gencall(rt.helper(module, name), std::string(module) + "." + name, std::move(args));
}

ir::Value* HighLevelOp::gencall(PyObject* fn, const std::string& label, std::vector<ir::Value*> args) {
    std::vector<const LLAnnotation*> anns;
    auto& la = rt.helpers();
    for (ir::Value* v : args) {
        if (auto* c = ir::asConstant(v); c && c->concretetype == Void) {
            anns.push_back(static_cast<const LLAnnotation*>(la.constant(c)));
        } else {
            const LowLevelType* t = ir::asConstant(v)
                                        ? static_cast<const LowLevelType*>(ir::asConstant(v)->concretetype)
                                        : static_cast<const LowLevelType*>(ir::asVariable(v)->concretetype);
            anns.push_back(la.value(t));
        }
    }
    ir::Constant* fnptr;
    try {
        fnptr = la.specialize(fn, anns);
    } catch (const LLAnnotatorError& e) {
        throw RTyperError(rt.positionOf(op) + ": internal error in system code " + label + ": " +
                          e.what());
    }
    return gendirect(fnptr, std::move(args));
}

void HighLevelOp::finish(ir::Value* v) {
    ir::Variable* res = op->result;
    res->concretetype = rres()->ll;
    if (auto* var = ir::asVariable(v); var && !out.empty() && out.back()->result == var &&
                                       var->concretetype == res->concretetype) {
        out.back()->result = res;
        return;
    }
    out.push_back(ctx.arena.newOperation(Opcode::SameAs, {v}, res, op->pos));
}

ir::Value* HighLevelOp::arg(size_t i, const Repr* want) {
    ir::Value* v = op->args[i];
    const Repr* have = r(i);
    if (auto* c = ir::asConstant(v)) {
        if (c->isLowLevel()) return c;
        return rt.convertConst(c->value(), want);
    }
    return convert(v, have, want);
}

ir::Value* HighLevelOp::getfield(ir::Value* p, const std::string& name) {
    const auto* st = asType<Struct>(asType<Ptr>(static_cast<const LowLevelType*>(
                                                   ir::asVariable(p) ? ir::asVariable(p)->concretetype
                                                                     : ir::asConstant(p)->concretetype))
                                       ->to());
    const Struct* owner = st;
    while (owner && !owner->fieldType(name)) owner = owner->parentStruct();
    if (!owner) throw RTyperError("no field " + name + " in " + st->name());
    if (owner != st) p = genop(Opcode::CastPointer, {p}, ctx.types.makePtr(owner));
    return genop(Opcode::Getfield, {p, ctx.nameConst(name)}, owner->fieldType(name));
}

void HighLevelOp::setfield(ir::Value* p, const std::string& name, ir::Value* v) {
    const auto* st = asType<Struct>(asType<Ptr>(static_cast<const LowLevelType*>(
                                                   ir::asVariable(p) ? ir::asVariable(p)->concretetype
                                                                     : ir::asConstant(p)->concretetype))
                                       ->to());
    const Struct* owner = st;
    while (owner && !owner->fieldType(name)) owner = owner->parentStruct();
    if (!owner) throw RTyperError("no field " + name + " in " + st->name());
    if (owner != st) p = genop(Opcode::CastPointer, {p}, ctx.types.makePtr(owner));
    genop(Opcode::Setfield, {p, ctx.nameConst(name), v}, Void);
}

// --- conversions ------------------------------------------------------------------

ir::Value* HighLevelOp::convert(ir::Value* v, const Repr* from, const Repr* to, bool down) {
    if (auto* c = ir::asConstant(v); c && !c->isLowLevel()) return rt.convertConst(c->value(), to);
    if (from == to || from->ll == to->ll) return v;
    if (to->ll == Void) return ctx.voidConst(Py_None);
    if (from->ll == Void) {
        // A constant PBC or None becoming a pointer.
        const SomeValue* fs = from->s;
        if (!fs || fs->kind == SomeKind::None || fs->kind == SomeKind::Impossible)
            return asType<Ptr>(to->ll) ? (ir::Value*)ctx.nullConst(to->ll)
                                        : (ir::Value*)ctx.arena.llconstant(to->ll, LLHeap::zero(to->ll));
        if (fs->konst) return rt.convertConst(fs->konst.get(), to);
        if (fs->kind == SomeKind::PBC && fs->descs.size() == 1)
            return rt.convertConst(fs->descs[0]->obj.get(), to);
    }
    auto prim = [](const LowLevelType* t) { return t->kind() == TypeKind::Primitive; };
    if (prim(from->ll) && prim(to->ll)) {
        if (to->ll == Float) return genop(Opcode::CastIntToFloat, {v}, Float);
        if (from->ll == Float) return genop(Opcode::CastFloatToInt, {v}, to->ll);
        return genop(Opcode::CastPrimitive, {v}, to->ll);
    }
    if (from->kind == ReprKind::Char && to->kind == ReprKind::Str)
        return gencall("ll_str", "ll_str_from_char", {typeArg(to->ll), v});
    if (from->kind == ReprKind::List && to->kind == ReprKind::List && from->item->ll == Void &&
        from->item->s && from->item->s->kind == SomeKind::Impossible) {
        // A list whose items can have no value is always empty.
        return gencall("ll_list", "ll_newlist", {typeArg(to->ll), cnst(0)});
    }
    if (from->kind == ReprKind::Tuple && to->kind == ReprKind::Tuple && from->items.size() == to->items.size()) {
        // Item by item, into a new tuple.
        ir::Value* t = genop(Opcode::Malloc, {typeArg(asType<Ptr>(to->ll)->to())}, to->ll);
        for (size_t i = 0; i < to->items.size(); ++i) {
            std::string f = "item" + std::to_string(i);
            ir::Value* x = genop(Opcode::Getfield, {v, ctx.nameConst(f)}, from->items[i]->ll);
            genop(Opcode::Setfield, {t, ctx.nameConst(f), convert(x, from->items[i], to->items[i], down)}, Void);
        }
        return t;
    }
    if (asType<Ptr>(from->ll) && asType<Ptr>(to->ll)) {
        auto* fs = asType<Struct>(asType<Ptr>(from->ll)->to());
        auto* ts = asType<Struct>(asType<Ptr>(to->ll)->to());
        if (fs && ts && (fs->isSubStructOf(ts) || (down && ts->isSubStructOf(fs))))
            return genop(Opcode::CastPointer, {v}, to->ll);
        if (asType<FuncType>(asType<Ptr>(from->ll)->to()) && asType<FuncType>(asType<Ptr>(to->ll)->to()))
            return genop(Opcode::SameAs, {v}, to->ll);
    }
    throw RTyperError(rt.positionOf(op ? op : at) + ": cannot convert " +
                      (from->s ? from->s->str() : from->ll->shortName()) + " to " +
                      (to->s ? to->s->str() : to->ll->shortName()));
}

// --- dispatch ------------------------------------------------------------------------

void HighLevelOp::rtype() {
    // len(x), x[i], ... on an instance: a call of its special method (even
    // when the method's result is a constant).
    if (const SomeValue* methods = rt.annotator().bookkeeper().specialCall(op)) {
        rtypeSpecialCall(methods);
        return;
    }
    // A pure operation the annotator found constant: its value, when it is
    // an immutable one (numbers, strings, None).
    if ((ir::opInfo(op->opcode).flags & ir::opflag::PURE) && !ir::implicitRaises(op->opcode) && !isRaisingOp &&
        sres() && sres()->konst) {
        PyObject* k = sres()->konst.get();
        if (PyLong_Check(k) || PyFloat_Check(k) || PyUnicode_Check(k) || PyBytes_Check(k) || k == Py_None) {
            finish(rt.convertConst(k, rres()));
            return;
        }
    }
    switch (op->opcode) {
    case Opcode::SameAs: finish(arg(0, rres())); return;
    // the JIT generator's hints, kept for the hint annotator (a static
    // translation ignores them)
    case Opcode::Hint:
        finish(genop(Opcode::Hint, {arg(0, rres()), ctx.nameConst(py::asString(ir::asConstant(op->args[1])->value()))},
                     rres()->ll));
        return;
    case Opcode::JitWeAreJitted: finish(genop(Opcode::JitWeAreJitted, {}, Bool)); return;
    case Opcode::JitMarker: {
        std::vector<ir::Value*> args{ctx.nameConst(py::asString(ir::asConstant(op->args[0])->value())),
                                     ctx.voidConst(ir::asConstant(op->args[1])->value())};
        for (size_t i = 2; i < op->args.size(); ++i) args.push_back(arg(i));
        genop(Opcode::JitMarker, args, Void);
        finish(ctx.voidConst(Py_None));
        return;
    }
    case Opcode::Add: case Opcode::Sub: case Opcode::Mul: case Opcode::Truediv:
    case Opcode::Floordiv: case Opcode::Mod: case Opcode::Lshift: case Opcode::Rshift:
    case Opcode::And: case Opcode::Or: case Opcode::Xor: case Opcode::Pow:
    case Opcode::InplaceAdd: case Opcode::InplaceSub: case Opcode::InplaceMul:
    case Opcode::InplaceTruediv: case Opcode::InplaceFloordiv: case Opcode::InplaceMod:
    case Opcode::InplaceLshift: case Opcode::InplaceRshift: case Opcode::InplaceAnd:
    case Opcode::InplaceOr: case Opcode::InplaceXor: case Opcode::InplacePow:
    case Opcode::AddOvf: case Opcode::SubOvf: case Opcode::MulOvf: case Opcode::FloordivOvf:
    case Opcode::ModOvf: case Opcode::LshiftOvf:
    case Opcode::Neg: case Opcode::Pos: case Opcode::Invert: case Opcode::Abs:
    case Opcode::NegOvf: case Opcode::AbsOvf:
        rtypeArith();
        return;
    case Opcode::Lt: case Opcode::Le: case Opcode::Eq: case Opcode::Ne: case Opcode::Gt:
    case Opcode::Ge: case Opcode::Is:
        rtypeCompare();
        return;
    case Opcode::Bool: finish(truth(arg(0), r(0))); return;
    case Opcode::Not: finish(genop(Opcode::BoolNot, {truth(arg(0), r(0))}, Bool)); return;
    case Opcode::SimpleCall: case Opcode::CallArgs: rtypeCall(); return;
    case Opcode::Getattr: rtypeGetattr(); return;
    case Opcode::Setattr: rtypeSetattr(); return;
    case Opcode::Getitem: rtypeGetitem(); return;
    case Opcode::Setitem: case Opcode::Delitem: rtypeSetitem(); return;
    case Opcode::Iter: rtypeIter(); return;
    case Opcode::Next: rtypeNext(); return;
    case Opcode::Str: finish(toStr(arg(0), r(0), false)); return;
    case Opcode::Repr: finish(toStr(arg(0), r(0), true)); return;
    case Opcode::Format: rtypeFormat(); return;
    case Opcode::Buildstr: {
        if (nargs() == 0) { finish(rt.stringConst("", false)); return; }
        const Repr* sr = rres();
        ir::Value* acc = arg(0, sr);
        for (size_t i = 1; i < nargs(); ++i)
            acc = gencall("ll_str", "ll_strconcat", {acc, arg(i, sr)});
        finish(acc);
        return;
    }
    case Opcode::Len: {
        const Repr* x = r(0);
        switch (x->kind) {
        case ReprKind::Str: finish(genop(Opcode::Getarraysize,
                                         {genop(Opcode::Getsubstruct, {arg(0), ctx.nameConst("chars")},
                                                ctx.types.makePtr(asType<Struct>(asType<Ptr>(x->ll)->to())->arrayField()->type))},
                                         Signed));
            return;
        case ReprKind::Char: finish(cnst(1)); return;
        case ReprKind::List: finish(getfield(arg(0), "length")); return;
        case ReprKind::Dict: finish(getfield(arg(0), "num_live_items")); return;
        case ReprKind::Tuple: finish(cnst((int64_t)x->items.size())); return;
        default: unsupported();
        }
    }
    case Opcode::Int: {
        const Repr* x = r(0);
        // int(x) of a float: NaN and values out of range raise as on CPython.
        if (x->kind == ReprKind::Float) { finish(gencall("ll_math", "_ll_to_int", {arg(0)})); return; }
        if (x->kind == ReprKind::Int || x->kind == ReprKind::Bool) { finish(arg(0, rres())); return; }
        if (x->kind == ReprKind::Str) { finish(gencall("ll_str", "ll_str2int", {arg(0), cnst(10)})); return; }
        unsupported();
    }
    case Opcode::Float: {
        const Repr* x = r(0);
        if (x->kind == ReprKind::Float) { finish(arg(0)); return; }
        if (x->kind == ReprKind::Int || x->kind == ReprKind::Bool) {
            finish(genop(Opcode::CastIntToFloat, {arg(0)}, Float));
            return;
        }
        if (x->kind == ReprKind::Str && !x->isBytes) { finish(gencall("ll_builtin", "ll_str2float", {arg(0)})); return; }
        if (x->kind == ReprKind::Char) {
            finish(gencall("ll_builtin", "ll_str2float", {arg(0, rt.reprOf(rt.annotator().bookkeeper().string()))}));
            return;
        }
        unsupported();
    }
    case Opcode::Ord: {
        const Repr* x = r(0);
        if (x->kind == ReprKind::Char) { finish(genop(Opcode::CastPrimitive, {arg(0)}, Signed)); return; }
        if (x->kind == ReprKind::Str) {
            ir::Value* c = gencall("ll_str", "ll_str_getitem", {arg(0), cnst(0)});
            finish(genop(Opcode::CastPrimitive, {c}, Signed));
            return;
        }
        unsupported();
    }
    case Opcode::Hash: {
        const Repr* x = r(0);
        if (x->kind == ReprKind::Int) { finish(arg(0)); return; }
        finish(gencall(hashFunc(x), "hash", {arg(0)}));
        return;
    }
    case Opcode::Id: {
        if (!asType<Ptr>(r(0)->ll)) unsupported();
        finish(genop(Opcode::IdentityHash, {arg(0)}, Signed));
        return;
    }
    case Opcode::Type: {
        const Repr* x = r(0);
        if (x->kind == ReprKind::Instance) { finish(getfield(arg(0), "typeptr")); return; }
        unsupported();
    }
    case Opcode::Issubtype: {
        const SomeValue* cls = s(1);
        if (!cls->konst) unsupported();
        std::vector<PyObject*> classes;
        if (PyTuple_Check(cls->konst.get())) {
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->konst.get()); ++i)
                classes.push_back(PyTuple_GET_ITEM(cls->konst.get(), i));
        } else {
            classes.push_back(cls->konst.get());
        }
        ir::Value* result = nullptr;
        for (PyObject* k : classes) {
            if (!PyType_Check(k)) unsupported();
            ClassInfo* c = rt.classInfo(rt.annotator().bookkeeper().getClassDef(k));
            ir::Value* t = isinstance(arg(0), c);
            result = result ? genop(Opcode::IntOr, {result, t}, Bool) : t;
        }
        finish(result);
        return;
    }
    case Opcode::Isinstance: {
        const SomeValue* cls = s(1);
        if (!cls->konst) unsupported();
        const Repr* x = r(0);
        if (sres()->konst) { finish(ctx.boolConst(sres()->konst.get() == Py_True)); return; }
        if (x->kind != ReprKind::Instance) unsupported();
        std::vector<PyObject*> classes;
        if (PyTuple_Check(cls->konst.get())) {
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->konst.get()); ++i)
                classes.push_back(PyTuple_GET_ITEM(cls->konst.get(), i));
        } else {
            classes.push_back(cls->konst.get());
        }
        // null -> False; else check the vtable's range.
        ir::Value* p = arg(0);
        ir::Value* result = nullptr;
        if (x->nullable) {
            // None is an instance of nothing: a helper tests for null first.
            ir::Value* root = convert(p, x, rt.simpleRepr(ReprKind::Instance, rt.exceptionValueType()));
            for (PyObject* k : classes) {
                ClassInfo* c = rt.classInfo(rt.annotator().bookkeeper().getClassDef(k));
                ir::Value* t = gencall("ll_builtin", "ll_isinstance_nullable",
                                       {root, cnst(c->rangeMin), cnst(c->rangeMax)});
                result = result ? genop(Opcode::IntOr, {result, t}, Bool) : t;
            }
            finish(result);
            return;
        }
        ir::Value* vt = getfield(p, "typeptr");
        for (PyObject* k : classes) {
            ClassInfo* c = rt.classInfo(rt.annotator().bookkeeper().getClassDef(k));
            ir::Value* t = isinstance(vt, c);
            result = result ? genop(Opcode::IntOr, {result, t}, Bool) : t;
        }
        finish(result);
        return;
    }
    case Opcode::Contains: {
        const Repr* c = r(0);
        if (c->kind == ReprKind::Char && r(1)->kind == ReprKind::Char) {
            finish(genop(Opcode::CharEq, {arg(0), arg(1)}, Bool));
            return;
        }
        if (c->kind == ReprKind::Char) {
            const Repr* sr = rt.reprOf(rt.annotator().bookkeeper().string());
            finish(gencall("ll_str", "ll_contains", {arg(0, sr), arg(1, sr)}));
            return;
        }
        if (c->kind == ReprKind::Tuple) {
            // An unrolled chain of equality tests against the items.
            ir::Value* acc = nullptr;
            ir::Value* t = arg(0);
            for (size_t i = 0; i < c->items.size(); ++i) {
                const Repr* common = rt.reprOf(rt.annotator().bookkeeper().join(s(0)->items[i], s(1)));
                ir::Value* item = genop(Opcode::Getfield, {t, ctx.nameConst("item" + std::to_string(i))}, c->items[i]->ll);
                ir::Value* e = equal(convert(item, c->items[i], common), arg(1, common), common);
                acc = acc ? genop(Opcode::IntOr, {acc, e}, Bool) : e;
            }
            finish(acc ? acc : ctx.boolConst(false));
            return;
        }
        if (c->kind == ReprKind::Str) {
            if (r(1)->kind == ReprKind::Char)
                finish(gencall("ll_str", "ll_contains_char", {arg(0), arg(1)}));
            else
                finish(gencall("ll_str", "ll_contains", {arg(0), arg(1, c)}));
            return;
        }
        if (c->kind == ReprKind::List) {
            finish(gencall("ll_list", "ll_contains",
                           {arg(0), arg(1, c->item), ctx.voidConst(eqFunc(c->item))}));
            return;
        }
        if (c->kind == ReprKind::Dict) {
            finish(gencall("ll_dict", "ll_dict_contains",
                           {arg(0), arg(1, c->key), ctx.voidConst(hashFunc(c->key)),
                            ctx.voidConst(eqFunc(c->key))}));
            return;
        }
        unsupported();
    }
    case Opcode::Newlist: {
        const Repr* lr = rres();
        ir::Value* l = gencall("ll_list", "ll_newlist", {typeArg(lr->ll), cnst((int64_t)nargs())});
        if (nargs()) {
            ir::Value* items = getfield(l, "items");
            for (size_t i = 0; i < nargs(); ++i)
                genop(Opcode::Setarrayitem, {items, cnst((int64_t)i), arg(i, lr->item)}, Void);
        }
        finish(l);
        return;
    }
    case Opcode::Newtuple: {
        const Repr* tr = rres();
        if (tr->kind != ReprKind::Tuple) unsupported();
        ir::Value* t = genop(Opcode::Malloc, {typeArg(asType<Ptr>(tr->ll)->to())}, tr->ll);
        for (size_t i = 0; i < nargs(); ++i)
            genop(Opcode::Setfield, {t, ctx.nameConst("item" + std::to_string(i)), arg(i, tr->items[i])}, Void);
        finish(t);
        return;
    }
    case Opcode::Newdict: {
        const Repr* dr = rres();
        ir::Value* d = gencall("ll_dict", "ll_newdict", {typeArg(dr->ll)});
        for (size_t i = 0; i + 1 < nargs(); i += 2)
            gencall("ll_dict", "ll_dict_setitem",
                    {d, arg(i, dr->key), arg(i + 1, dr->value), ctx.voidConst(hashFunc(dr->key)),
                     ctx.voidConst(eqFunc(dr->key))});
        finish(d);
        return;
    }
    case Opcode::Getslice: {
        const Repr* c = r(0);
        auto bound = [&](size_t i, int64_t dflt) -> ir::Value* {
            if (s(i)->kind == SomeKind::None) return cnst(dflt);
            return arg(i, rt.simpleRepr(ReprKind::Int, Signed));
        };
        ir::Value* start = bound(1, 0);
        ir::Value* stop = bound(2, INT64_MAX);
        if (c->kind == ReprKind::Str) { finish(gencall("ll_str", "ll_str_slice", {arg(0), start, stop})); return; }
        if (c->kind == ReprKind::List) { finish(gencall("ll_list", "ll_getslice", {arg(0), start, stop})); return; }
        if (c->kind == ReprKind::Tuple) {
            // Constant bounds only: a new tuple of the selected items.
            const Repr* tr = rres();
            if (tr->kind != ReprKind::Tuple) unsupported();
            int64_t n = (int64_t)c->items.size(), lo = 0;
            if (s(1)->kind != SomeKind::None) {
                if (!s(1)->konst) unsupported();
                lo = PyLong_AsLongLong(s(1)->konst.get());
                if (lo < 0) lo = std::max<int64_t>(0, lo + n);
                lo = std::min(lo, n);
            }
            ir::Value* t = genop(Opcode::Malloc, {typeArg(asType<Ptr>(tr->ll)->to())}, tr->ll);
            ir::Value* src = arg(0);
            for (size_t i = 0; i < tr->items.size(); ++i) {
                std::string from = "item" + std::to_string(lo + (int64_t)i);
                ir::Value* x = genop(Opcode::Getfield, {src, ctx.nameConst(from)}, c->items[lo + i]->ll);
                genop(Opcode::Setfield, {t, ctx.nameConst("item" + std::to_string(i)), convert(x, c->items[lo + i], tr->items[i])}, Void);
            }
            finish(t);
            return;
        }
        unsupported();
    }
    case Opcode::Setslice: case Opcode::Delslice: {
        const Repr* c = r(0);
        if (c->kind != ReprKind::List) unsupported();
        auto bound = [&](size_t i, int64_t dflt) -> ir::Value* {
            if (s(i)->kind == SomeKind::None) return cnst(dflt);
            return arg(i, rt.simpleRepr(ReprKind::Int, Signed));
        };
        ir::Value* start = bound(1, 0);
        ir::Value* stop = bound(2, INT64_MAX);
        if (op->opcode == Opcode::Setslice) gencall("ll_list", "ll_setslice", {arg(0), start, stop, arg(3, c)});
        else gencall("ll_list", "ll_delslice", {arg(0), start, stop});
        finish(ctx.voidConst(Py_None));
        return;
    }
    case Opcode::Divmod: {
        const Repr* res = rres();
        if (res->kind != ReprKind::Tuple || res->items.size() != 2) unsupported();
        const Repr* t = res->items[0];
        ir::Value *q, *m;
        if (t->ll == Float) {
            q = genop(Opcode::FloatPyDiv, {arg(0, t), arg(1, t)}, Float);
            m = genop(Opcode::FloatPyMod, {arg(0, t), arg(1, t)}, Float);
        } else {
            Opcode d = t->ll == Unsigned ? Opcode::UintFloordiv : Opcode::IntPyDiv;
            Opcode md = t->ll == Unsigned ? Opcode::UintMod : Opcode::IntPyMod;
            q = genop(d, {arg(0, t), arg(1, t)}, t->ll);
            m = genop(md, {arg(0, t), arg(1, t)}, t->ll);
        }
        ir::Value* r2 = genop(Opcode::Malloc, {typeArg(asType<Ptr>(res->ll)->to())}, res->ll);
        genop(Opcode::Setfield, {r2, ctx.nameConst("item0"), convert(q, t, res->items[0])}, Void);
        genop(Opcode::Setfield, {r2, ctx.nameConst("item1"), convert(m, t, res->items[1])}, Void);
        finish(r2);
        return;
    }
    default: unsupported();
    }
}

// --- truth, equality, str -----------------------------------------------------------------

ir::Value* HighLevelOp::truth(ir::Value* v, const Repr* x) {
    switch (x->kind) {
    case ReprKind::Bool: return v;
    case ReprKind::Int: return genop(Opcode::IntIsTrue, {v}, Bool);
    case ReprKind::Float: return genop(Opcode::FloatIsTrue, {v}, Bool);
    case ReprKind::Char: return ctx.boolConst(true);
    case ReprKind::Void: return ctx.boolConst(x->s && x->s->kind != SomeKind::None);
    case ReprKind::Str: {
        if (!x->nullable) {
            ir::Value* arr = genop(Opcode::Getsubstruct, {v, ctx.nameConst("chars")},
                                   ctx.types.makePtr(asType<Struct>(asType<Ptr>(x->ll)->to())->arrayField()->type));
            return genop(Opcode::IntIsTrue, {genop(Opcode::Getarraysize, {arr}, Signed)}, Bool);
        }
        return gencall("ll_builtin", "ll_str_is_true", {v});
    }
    case ReprKind::List:
        if (x->nullable) return gencall("ll_builtin", "ll_list_is_true", {v});
        return genop(Opcode::IntIsTrue, {getfield(v, "length")}, Bool);
    case ReprKind::Dict:
        if (x->nullable) return gencall("ll_builtin", "ll_dict_is_true", {v});
        return genop(Opcode::IntIsTrue, {getfield(v, "num_live_items")}, Bool);
    case ReprKind::Instance: case ReprKind::ClassPtr: case ReprKind::FuncPtr: case ReprKind::Tuple:
    case ReprKind::Method:
        return genop(Opcode::PtrNonZero, {v}, Bool);
    default: break;
    }
    unsupported();
}

ir::Value* HighLevelOp::equal(ir::Value* a, ir::Value* b, const Repr* x) {
    switch (x->kind) {
    case ReprKind::Int: return genop(x->ll == Unsigned ? Opcode::UintEq : Opcode::IntEq, {a, b}, Bool);
    case ReprKind::Bool: return genop(Opcode::IntEq, {a, b}, Bool);
    case ReprKind::Float: return genop(Opcode::FloatEq, {a, b}, Bool);
    case ReprKind::Char: return genop(Opcode::CharEq, {a, b}, Bool);
    case ReprKind::Str: return gencall("ll_str", "ll_streq", {a, b});
    case ReprKind::Instance: case ReprKind::ClassPtr: case ReprKind::FuncPtr:
        return genop(Opcode::PtrEq, {a, b}, Bool);
    case ReprKind::List:
        return gencall("ll_list", "ll_listeq", {a, b, ctx.voidConst(eqFunc(x->item))});
    case ReprKind::Dict:
        return gencall("ll_dict", "ll_dict_eq", {a, b, ctx.voidConst(hashFunc(x->key)), ctx.voidConst(eqFunc(x->key)),
                                                 ctx.voidConst(eqFunc(x->value))});
    case ReprKind::Tuple: {
        ir::Value* acc = nullptr;
        for (size_t i = 0; i < x->items.size(); ++i) {
            std::string f = "item" + std::to_string(i);
            ir::Value* e = equal(genop(Opcode::Getfield, {a, ctx.nameConst(f)}, x->items[i]->ll),
                                 genop(Opcode::Getfield, {b, ctx.nameConst(f)}, x->items[i]->ll),
                                 x->items[i]);
            acc = acc ? genop(Opcode::IntAnd, {acc, e}, Bool) : e;
        }
        return acc ? acc : ctx.boolConst(true);
    }
    default: break;
    }
    unsupported();
}

PyObject* HighLevelOp::hashFunc(const Repr* x) {
    switch (x->kind) {
    case ReprKind::Int: return rt.helper("ll_common", "ll_hash_int");
    case ReprKind::Bool: return rt.helper("ll_common", "ll_hash_bool");
    case ReprKind::Char: return rt.helper("ll_common", "ll_hash_char");
    case ReprKind::Float: return rt.helper("ll_common", "ll_hash_float");
    case ReprKind::Str: return rt.helper("ll_str", "ll_strhash");
    case ReprKind::Instance: return rt.helper("ll_builtin", "ll_hash_identity");
    case ReprKind::Tuple: {
        // CPython's tuple hash combining the items' hashes.
        std::string src = "def ll_hash_tuple(t):\n    x = 3430008\n";
        std::vector<std::pair<std::string, PyObject*>> g{{"intmask", rt.helper("ll_common", "intmask")}};
        for (size_t i = 0; i < x->items.size(); ++i) {
            if (x->items[i]->ll == Void) continue;
            std::string h = "H" + std::to_string(i);
            g.emplace_back(h, hashFunc(x->items[i]));
            src += "    x = intmask((1000003 * x) ^ " + h + "(t.item" + std::to_string(i) + "))\n";
        }
        src += "    return x\n";
        return rt.synthesize("hash_" + std::to_string(x->ll->id()), src, "ll_hash_tuple", g);
    }
    default: break;
    }
    rt.error(op, "values of " + (x->s ? x->s->str() : x->ll->shortName()) +
                     " cannot be dict keys yet");
}

PyObject* HighLevelOp::eqFunc(const Repr* x) {
    switch (x->kind) {
    case ReprKind::Int: case ReprKind::Bool: case ReprKind::Char: case ReprKind::Float:
    case ReprKind::Instance: case ReprKind::ClassPtr:
        return rt.helper("ll_common", "ll_eq_prim");
    case ReprKind::Str: return rt.helper("ll_str", "ll_streq");
    case ReprKind::Tuple: {
        std::string src = "def ll_eq_tuple(a, b):\n";
        std::vector<std::pair<std::string, PyObject*>> g;
        for (size_t i = 0; i < x->items.size(); ++i) {
            if (x->items[i]->ll == Void) continue;
            std::string e = "E" + std::to_string(i), f = "item" + std::to_string(i);
            g.emplace_back(e, eqFunc(x->items[i]));
            src += "    if not " + e + "(a." + f + ", b." + f + "):\n        return False\n";
        }
        src += "    return True\n";
        return rt.synthesize("eq_" + std::to_string(x->ll->id()), src, "ll_eq_tuple", g);
    }
    case ReprKind::List: {
        std::vector<std::pair<std::string, PyObject*>> g{{"ll_listeq", rt.helper("ll_list", "ll_listeq")},
                                                         {"E", eqFunc(x->item)}};
        return rt.synthesize("eq_" + std::to_string(x->ll->id()),
                             "def ll_eq_list(a, b):\n    return ll_listeq(a, b, E)\n", "ll_eq_list", g);
    }
    default: break;
    }
    rt.error(op, "comparing values of " + (x->s ? x->s->str() : x->ll->shortName()) +
                     " for equality inside containers is not supported yet");
}

PyObject* HighLevelOp::ltFunc(const Repr* x) {
    switch (x->kind) {
    case ReprKind::Int: case ReprKind::Bool: case ReprKind::Char: case ReprKind::Float:
        return rt.helper("ll_common", "ll_lt_prim");
    case ReprKind::Str: return rt.helper("ll_builtin", "ll_strlt");
    case ReprKind::Tuple: {
        // Lexicographic order.
        std::string src = "def ll_lt_tuple(a, b):\n";
        std::vector<std::pair<std::string, PyObject*>> g;
        for (size_t i = 0; i < x->items.size(); ++i) {
            if (x->items[i]->ll == Void) continue;
            std::string l = "L" + std::to_string(i), f = "item" + std::to_string(i);
            g.emplace_back(l, ltFunc(x->items[i]));
            src += "    if " + l + "(a." + f + ", b." + f + "):\n        return True\n";
            src += "    if " + l + "(b." + f + ", a." + f + "):\n        return False\n";
        }
        src += "    return False\n";
        return rt.synthesize("lt_" + std::to_string(x->ll->id()), src, "ll_lt_tuple", g);
    }
    default: break;
    }
    rt.error(op, "ordering values of " + (x->s ? x->s->str() : x->ll->shortName()) +
                     " is not supported yet");
}

ir::Value* HighLevelOp::toStr(ir::Value* v, const Repr* x, bool repr) {
    const LowLevelType* st = rt.strType();
    switch (x->kind) {
    case ReprKind::Int:
        if (x->ll == Unsigned) return gencall("ll_builtin", "ll_uint2dec", {typeArg(st), v});
        return gencall("ll_str", "ll_int2dec", {typeArg(st), v});
    case ReprKind::Bool: {
        ir::Value* i = genop(Opcode::CastPrimitive, {v}, Signed);
        return gencall("ll_builtin", "ll_bool2str", {typeArg(st), i});
    }
    case ReprKind::Float: return gencall("ll_builtin", "ll_float_repr", {v});
    case ReprKind::Char:
        if (repr) return gencall("ll_str", "ll_str_repr", {typeArg(st), gencall("ll_str", "ll_str_from_char", {typeArg(st), v})});
        return gencall("ll_str", "ll_str_from_char", {typeArg(st), v});
    case ReprKind::Str:
        if (x->isBytes || repr) return gencall("ll_str", "ll_str_repr", {typeArg(st), v});
        if (x->nullable) return gencall("ll_builtin", "ll_str_or_none", {v});
        return v;
    case ReprKind::Void:
        if (!x->s || x->s->kind == SomeKind::None) return rt.stringConst("None", false);
        break;
    case ReprKind::List: case ReprKind::Tuple: case ReprKind::Dict:
        return gencall(reprFunc(x), "str", {v});
    default: break;
    }
    unsupported();
}

// --- arithmetic -----------------------------------------------------------------------

void HighLevelOp::rtypeArith() {
    const Repr* res = rres();
    Opcode o = op->opcode;
    bool unary = op->args.size() == 1;
    // Strings, lists: concatenation and repetition.
    if (!unary && (r(0)->kind == ReprKind::Str || r(0)->kind == ReprKind::Char) &&
        res->kind == ReprKind::Str) {
        if (o == Opcode::Add || o == Opcode::InplaceAdd) {
            finish(gencall("ll_str", "ll_strconcat", {arg(0, res), arg(1, res)}));
            return;
        }
        if (o == Opcode::Mul || o == Opcode::InplaceMul) {
            finish(gencall("ll_str", "ll_str_mul", {arg(0, res), arg(1, rt.simpleRepr(ReprKind::Int, Signed))}));
            return;
        }
        if (o == Opcode::Mod || o == Opcode::InplaceMod) { rtypePercent(); return; }
    }
    if (!unary && (o == Opcode::Mul || o == Opcode::InplaceMul) && res->kind == ReprKind::Str &&
        (r(1)->kind == ReprKind::Str || r(1)->kind == ReprKind::Char)) {
        // n * s
        finish(gencall("ll_str", "ll_str_mul", {arg(1, res), arg(0, rt.simpleRepr(ReprKind::Int, Signed))}));
        return;
    }
    if (!unary && res->kind == ReprKind::Tuple && r(0)->kind == ReprKind::Tuple &&
        r(1)->kind == ReprKind::Tuple && (o == Opcode::Add || o == Opcode::InplaceAdd)) {
        ir::Value* t = genop(Opcode::Malloc, {typeArg(asType<Ptr>(res->ll)->to())}, res->ll);
        size_t k = 0;
        for (size_t side = 0; side < 2; ++side) {
            const Repr* x = r(side);
            ir::Value* src = arg(side);
            for (size_t i = 0; i < x->items.size(); ++i, ++k) {
                ir::Value* item = genop(Opcode::Getfield, {src, ctx.nameConst("item" + std::to_string(i))}, x->items[i]->ll);
                genop(Opcode::Setfield, {t, ctx.nameConst("item" + std::to_string(k)), convert(item, x->items[i], res->items[k])}, Void);
            }
        }
        finish(t);
        return;
    }
    if (!unary && res->kind == ReprKind::List) {
        if (o == Opcode::Add) { finish(gencall("ll_list", "ll_concat", {arg(0, res), arg(1, res)})); return; }
        if (o == Opcode::InplaceAdd) {
            ir::Value* l = arg(0, res);
            gencall("ll_list", "ll_extend", {l, arg(1, res)});
            finish(l);
            return;
        }
        if (o == Opcode::Mul) {
            size_t li = r(0)->kind == ReprKind::List ? 0 : 1;
            finish(gencall("ll_list", "ll_mul", {arg(li, res), arg(1 - li, rt.simpleRepr(ReprKind::Int, Signed))}));
            return;
        }
        if (o == Opcode::InplaceMul) {
            finish(gencall("ll_list", "ll_inplace_mul", {arg(0, res), arg(1, rt.simpleRepr(ReprKind::Int, Signed))}));
            return;
        }
    }
    const Repr* t = res;
    if (res->kind == ReprKind::Bool && !(o == Opcode::And || o == Opcode::Or || o == Opcode::Xor ||
                                         o == Opcode::InplaceAnd || o == Opcode::InplaceOr ||
                                         o == Opcode::InplaceXor))
        t = rt.simpleRepr(ReprKind::Int, Signed);
    if (t->kind != ReprKind::Int && t->kind != ReprKind::Float && t->kind != ReprKind::Bool) unsupported();
    bool fl = t->ll == Float, un = t->ll == Unsigned;
    auto pick = [&](Opcode i, Opcode u, Opcode f) { return fl ? f : un ? u : i; };
    if (unary) {
        ir::Value* x = arg(0, t);
        Opcode u;
        switch (o) {
        case Opcode::Neg: u = pick(Opcode::IntNeg, Opcode::IntNeg, Opcode::FloatNeg); break;
        case Opcode::Pos: finish(x); return;
        case Opcode::Invert: u = pick(Opcode::IntInvert, Opcode::UintInvert, Opcode::IntInvert); break;
        case Opcode::Abs: if (un) { finish(x); return; } u = pick(Opcode::IntAbs, Opcode::IntAbs, Opcode::FloatAbs); break;
        case Opcode::NegOvf: u = Opcode::IntNegOvf; break;
        default: u = Opcode::IntAbsOvf; break;
        }
        finish(genop(u, {x}, t->ll));
        return;
    }
    Opcode b;
    switch (o) {
    case Opcode::Add: case Opcode::InplaceAdd: b = pick(Opcode::IntAdd, Opcode::UintAdd, Opcode::FloatAdd); break;
    case Opcode::Sub: case Opcode::InplaceSub: b = pick(Opcode::IntSub, Opcode::UintSub, Opcode::FloatSub); break;
    case Opcode::Mul: case Opcode::InplaceMul: b = pick(Opcode::IntMul, Opcode::UintMul, Opcode::FloatMul); break;
    case Opcode::Truediv: case Opcode::InplaceTruediv: {
        const Repr* f = rt.simpleRepr(ReprKind::Float, Float);
        finish(genop(Opcode::FloatTruediv, {arg(0, f), arg(1, f)}, Float));
        return;
    }
    case Opcode::Floordiv: case Opcode::InplaceFloordiv: b = pick(Opcode::IntPyDiv, Opcode::UintFloordiv, Opcode::FloatPyDiv); break;
    case Opcode::Mod: case Opcode::InplaceMod: b = pick(Opcode::IntPyMod, Opcode::UintMod, Opcode::FloatPyMod); break;
    case Opcode::Lshift: case Opcode::InplaceLshift: b = pick(Opcode::IntLshift, Opcode::UintLshift, Opcode::IntLshift); break;
    case Opcode::Rshift: case Opcode::InplaceRshift: b = pick(Opcode::IntRshift, Opcode::UintRshift, Opcode::IntRshift); break;
    case Opcode::And: case Opcode::InplaceAnd: b = pick(Opcode::IntAnd, Opcode::UintAnd, Opcode::IntAnd); break;
    case Opcode::Or: case Opcode::InplaceOr: b = pick(Opcode::IntOr, Opcode::UintOr, Opcode::IntOr); break;
    case Opcode::Xor: case Opcode::InplaceXor: b = pick(Opcode::IntXor, Opcode::UintXor, Opcode::IntXor); break;
    case Opcode::Pow: case Opcode::InplacePow:
        if (fl) { b = Opcode::FloatPow; break; }
        finish(gencall("ll_builtin", "ll_int_pow", {arg(0, t), arg(1, t)}));
        return;
    case Opcode::AddOvf: b = Opcode::IntAddOvf; break;
    case Opcode::SubOvf: b = Opcode::IntSubOvf; break;
    case Opcode::MulOvf: b = Opcode::IntMulOvf; break;
    case Opcode::FloordivOvf: b = Opcode::IntPyDivOvf; break;
    case Opcode::ModOvf: b = Opcode::IntPyModOvf; break;
    case Opcode::LshiftOvf: b = Opcode::IntLshiftOvf; break;
    default: unsupported();
    }
    bool shift = b == Opcode::IntLshift || b == Opcode::IntRshift || b == Opcode::UintLshift ||
                 b == Opcode::UintRshift || b == Opcode::IntLshiftOvf;
    ir::Value* x = arg(0, t);
    ir::Value* y = arg(1, shift ? rt.simpleRepr(ReprKind::Int, Signed) : t);
    if (shift && (b == Opcode::IntLshift || b == Opcode::IntRshift || b == Opcode::UintLshift || b == Opcode::UintRshift)) {
        // Python raises ValueError on a negative shift count.
        finish(gencall("ll_builtin", b == Opcode::IntLshift ? "ll_int_lshift" : b == Opcode::IntRshift ? "ll_int_rshift"
                                                            : b == Opcode::UintLshift ? "ll_uint_lshift" : "ll_uint_rshift",
                       {x, y}));
        return;
    }
    finish(genop(b, {x, y}, t->ll));
}

void HighLevelOp::rtypeCompare() {
    Opcode o = op->opcode;
    const Repr *a = r(0), *b = r(1);
    if (o == Opcode::Is) {
        if (sres()->konst) { finish(ctx.boolConst(sres()->konst.get() == Py_True)); return; }
        const Repr* t = a->ll != Void ? a : b;
        if (t->ll == Void) {
            for (size_t i = 0; i < 2; ++i)
                if (s(i)->kind == SomeKind::PBC && s(i)->descs.size() > 1)
                    rt.error(op, "'is' between " + s(0)->str() + " and " + s(1)->str() +
                                     ": functions that are never called have no address to compare");
            finish(ctx.boolConst(true));
            return;
        }
        if (!asType<Ptr>(t->ll)) {
            if (t->kind == ReprKind::Int || t->kind == ReprKind::Bool) {
                finish(genop(Opcode::IntEq, {arg(0, t), arg(1, t)}, Bool));
                return;
            }
            unsupported();
        }
        // Pointers of related types: compare as the more general one.
        const Repr* common = t;
        if (a->ll != Void && b->ll != Void && a->ll != b->ll) {
            auto* as = asType<Struct>(asType<Ptr>(a->ll)->to());
            auto* bs = asType<Struct>(asType<Ptr>(b->ll)->to());
            common = as && bs && as->isSubStructOf(bs) ? b : a;
        }
        finish(genop(Opcode::PtrEq, {arg(0, common), arg(1, common)}, Bool));
        return;
    }
    int k = (int)o - (int)Opcode::Lt;
    auto numeric = [](const Repr* x) {
        return x->kind == ReprKind::Int || x->kind == ReprKind::Bool || x->kind == ReprKind::Float;
    };
    if (numeric(a) && numeric(b)) {
        const Repr* t = (a->ll == Float || b->ll == Float) ? rt.simpleRepr(ReprKind::Float, Float)
                        : (a->ll == Unsigned || b->ll == Unsigned) ? rt.simpleRepr(ReprKind::Int, Unsigned)
                                                                   : rt.simpleRepr(ReprKind::Int, Signed);
        Opcode base = t->ll == Float ? Opcode::FloatLt : t->ll == Unsigned ? Opcode::UintLt : Opcode::IntLt;
        finish(genop((Opcode)((int)base + k), {arg(0, t), arg(1, t)}, Bool));
        return;
    }
    if (a->kind == ReprKind::Char && b->kind == ReprKind::Char) {
        finish(genop((Opcode)((int)Opcode::CharLt + k), {arg(0), arg(1)}, Bool));
        return;
    }
    bool strs = (a->kind == ReprKind::Str || a->kind == ReprKind::Char) &&
                (b->kind == ReprKind::Str || b->kind == ReprKind::Char);
    if (strs || a->kind == ReprKind::Str || b->kind == ReprKind::Str) {
        const Repr* t = a->kind == ReprKind::Str ? a : b;
        if ((a->kind == ReprKind::Void || b->kind == ReprKind::Void) && (o == Opcode::Eq || o == Opcode::Ne)) {
            ir::Value* e = genop(Opcode::PtrEq, {arg(0, t), arg(1, t)}, Bool);
            finish(o == Opcode::Eq ? e : genop(Opcode::BoolNot, {e}, Bool));
            return;
        }
        if (o == Opcode::Eq || o == Opcode::Ne) {
            ir::Value* e = gencall("ll_str", "ll_streq", {arg(0, t), arg(1, t)});
            finish(o == Opcode::Eq ? e : genop(Opcode::BoolNot, {e}, Bool));
            return;
        }
        ir::Value* c = gencall("ll_str", "ll_strcmp", {arg(0, t), arg(1, t)});
        finish(genop((Opcode)((int)Opcode::IntLt + k), {c, cnst(0)}, Bool));
        return;
    }
    if (o == Opcode::Eq || o == Opcode::Ne) {
        const Repr* t = a->ll != Void ? a : b;
        if (t->ll == Void) { finish(ctx.boolConst((o == Opcode::Eq))); return; }
        ir::Value* e;
        if (a->ll == Void || b->ll == Void) e = genop(Opcode::PtrEq, {arg(0, t), arg(1, t)}, Bool);
        else if (a->kind == ReprKind::Tuple && b->kind == ReprKind::Tuple && a->ll != b->ll) {
            const Repr* common = rt.reprOf(rt.annotator().bookkeeper().join(s(0), s(1)));
            e = equal(arg(0, common), arg(1, common), common);
        }
        else if (a->ll != b->ll && asType<Ptr>(a->ll) && asType<Ptr>(b->ll)) {
            auto* as = asType<Struct>(asType<Ptr>(a->ll)->to());
            auto* bs = asType<Struct>(asType<Ptr>(b->ll)->to());
            const Repr* common = as && bs && as->isSubStructOf(bs) ? b : a;
            e = genop(Opcode::PtrEq, {arg(0, common), arg(1, common)}, Bool);
        } else e = equal(arg(0, t), arg(1, t), t);
        finish(o == Opcode::Eq ? e : genop(Opcode::BoolNot, {e}, Bool));
        return;
    }
    if (a->kind == ReprKind::Tuple && b->kind == ReprKind::Tuple) {
        const Repr* t = rt.reprOf(rt.annotator().bookkeeper().join(s(0), s(1)));
        PyObject* lt = ltFunc(t);
        bool swap = o == Opcode::Gt || o == Opcode::Le;
        ir::Value* x = gencall(lt, "tuple order", {arg(swap ? 1 : 0, t), arg(swap ? 0 : 1, t)});
        finish(o == Opcode::Lt || o == Opcode::Gt ? x : genop(Opcode::BoolNot, {x}, Bool));
        return;
    }
    if (a->kind == ReprKind::List && b->kind == ReprKind::List) {
        ir::Value* lt;
        switch (o) {
        case Opcode::Lt: lt = gencall("ll_list", "ll_list_lt", {arg(0), arg(1, a), ctx.voidConst(eqFunc(a->item)), ctx.voidConst(ltFunc(a->item))}); break;
        case Opcode::Gt: lt = gencall("ll_list", "ll_list_lt", {arg(1, a), arg(0), ctx.voidConst(eqFunc(a->item)), ctx.voidConst(ltFunc(a->item))}); break;
        case Opcode::Le: lt = genop(Opcode::BoolNot, {gencall("ll_list", "ll_list_lt", {arg(1, a), arg(0), ctx.voidConst(eqFunc(a->item)), ctx.voidConst(ltFunc(a->item))})}, Bool); break;
        default: lt = genop(Opcode::BoolNot, {gencall("ll_list", "ll_list_lt", {arg(0), arg(1, a), ctx.voidConst(eqFunc(a->item)), ctx.voidConst(ltFunc(a->item))})}, Bool); break;
        }
        finish(lt);
        return;
    }
    unsupported();
}

// --- items ---------------------------------------------------------------------------

void HighLevelOp::rtypeGetitem() {
    const Repr* c = r(0);
    const Repr* idx = rt.simpleRepr(ReprKind::Int, Signed);
    switch (c->kind) {
    case ReprKind::Str: {
        ir::Value* ch = gencall("ll_str", s(1)->nonneg ? "ll_str_getitem_nonneg" : "ll_str_getitem",
                                {arg(0), arg(1, idx)});
        if (c->isBytes) ch = genop(Opcode::CastPrimitive, {ch}, Signed);
        finish(ch);
        return;
    }
    case ReprKind::List:
        finish(gencall("ll_list", s(1)->nonneg ? "ll_getitem_nonneg" : "ll_getitem", {arg(0), arg(1, idx)}));
        return;
    case ReprKind::Dict:
        finish(gencall("ll_dict", "ll_dict_getitem", {arg(0), arg(1, c->key), ctx.voidConst(hashFunc(c->key)),
                                                      ctx.voidConst(eqFunc(c->key))}));
        return;
    case ReprKind::Tuple: {
        const SomeValue* i = s(1);
        if (!i->konst) {
            // A variable index: the items as a list (prebuilt for a constant tuple).
            const Repr* lr = rt.listOfItems(rres());
            ir::Value* l;
            if (s(0)->konst && PyTuple_Check(s(0)->konst.get())) {
                l = rt.tupleAsList(s(0)->konst.get(), lr);
            } else {
                l = tupleToList(arg(0), c, lr);
            }
            finish(gencall("ll_list", "ll_getitem", {l, arg(1, rt.simpleRepr(ReprKind::Int, Signed))}));
            return;
        }
        long long k = py::asLong(i->konst.get());
        if (k < 0) k += (long long)c->items.size();
        finish(genop(Opcode::Getfield, {arg(0), ctx.nameConst("item" + std::to_string(k))}, c->items[k]->ll));
        return;
    }
    default: unsupported();
    }
}

void HighLevelOp::rtypeSetitem() {
    const Repr* c = r(0);
    const Repr* idx = rt.simpleRepr(ReprKind::Int, Signed);
    bool del = op->opcode == Opcode::Delitem;
    if (c->kind == ReprKind::List) {
        if (del) gencall("ll_list", "ll_delitem", {arg(0), arg(1, idx)});
        else gencall("ll_list", s(1)->nonneg ? "ll_setitem_nonneg" : "ll_setitem", {arg(0), arg(1, idx), arg(2, c->item)});
        finish(ctx.voidConst(Py_None));
        return;
    }
    if (c->kind == ReprKind::Dict) {
        if (del)
            gencall("ll_dict", "ll_dict_delitem", {arg(0), arg(1, c->key), ctx.voidConst(hashFunc(c->key)),
                                                   ctx.voidConst(eqFunc(c->key))});
        else
            gencall("ll_dict", "ll_dict_setitem", {arg(0), arg(1, c->key), arg(2, c->value),
                                                   ctx.voidConst(hashFunc(c->key)), ctx.voidConst(eqFunc(c->key))});
        finish(ctx.voidConst(Py_None));
        return;
    }
    unsupported();
}

// --- iteration ----------------------------------------------------------------------

void HighLevelOp::rtypeIter() {
    const Repr* it = rres();
    const Repr* c = r(0);
    if (it->kind != ReprKind::Iter) unsupported();
    if (c->kind == ReprKind::Iter) { finish(arg(0, it)); return; }  // iter(enumerate(l))
    if (c->kind == ReprKind::Tuple) {
        const Repr* lr = it->container;
        ir::Value* l = tupleToList(arg(0), c, lr);
        ir::Value* p = genop(Opcode::Malloc, {typeArg(asType<Ptr>(it->ll)->to())}, it->ll);
        genop(Opcode::Setfield, {p, ctx.nameConst("seq"), l}, Void);
        genop(Opcode::Setfield, {p, ctx.nameConst("index"), cnst(0)}, Void);
        finish(p);
        return;
    }
    const auto* st = asType<Struct>(asType<Ptr>(it->ll)->to());
    if (it->iter == IterKind::Range) {
        // The range list was built by range(): iterate it as a list (the
        // list is small to build; a virtual range comes with backendopt).
    }
    ir::Value* p = genop(Opcode::Malloc, {typeArg(st)}, it->ll);
    if (st->fieldType("seq")) {
        genop(Opcode::Setfield, {p, ctx.nameConst("seq"), arg(0, c)}, Void);
        if (it->iter == IterKind::ReversedList)
            genop(Opcode::Setfield, {p, ctx.nameConst("index"), getfield(arg(0, c), "length")}, Void);
        if (st->fieldType("length"))
            genop(Opcode::Setfield, {p, ctx.nameConst("length"), getfield(arg(0, c), "num_live_items")}, Void);
    } else {
        unsupported();
    }
    finish(p);
}

ir::Value* HighLevelOp::tupleToList(ir::Value* t, const Repr* tr, const Repr* lr) {
    ir::Value* l = gencall("ll_list", "ll_newlist", {typeArg(lr->ll), cnst((int64_t)tr->items.size())});
    ir::Value* items = getfield(l, "items");
    for (size_t i = 0; i < tr->items.size(); ++i) {
        ir::Value* x = genop(Opcode::Getfield, {t, ctx.nameConst("item" + std::to_string(i))}, tr->items[i]->ll);
        genop(Opcode::Setarrayitem, {items, cnst((int64_t)i), convert(x, tr->items[i], lr->item)}, Void);
    }
    return l;
}

void HighLevelOp::rtypeAllocAndSet(ir::Operation* newlist) {
    const Repr* lr = rres();
    size_t li = op->args[0] == newlist->result ? 0 : 1;
    HighLevelOp item(rt, graph, newlist);
    item.block = block;
    ir::Value* x = item.arg(0, lr->item);
    out.insert(out.end(), item.out.begin(), item.out.end());
    ir::Value* count = arg(1 - li, rt.simpleRepr(ReprKind::Int, Signed));
    finish(gencall("ll_list", "ll_alloc_and_set", {typeArg(lr->ll), count, x}));
}

void HighLevelOp::rtypeRangeIter(ir::Operation* rangeCall) {
    HighLevelOp call(rt, graph, rangeCall);
    const Repr* signedR = rt.simpleRepr(ReprKind::Int, Signed);
    size_t na = rangeCall->args.size() - 1;
    ir::Value *start = cnst(0), *stop, *step = cnst(1);
    if (na == 1) {
        stop = call.arg(1, signedR);
    } else {
        start = call.arg(1, signedR);
        stop = call.arg(2, signedR);
        if (na == 3) step = call.arg(3, signedR);
    }
    out = std::move(call.out);
    finish(gencall("ll_builtin", "ll_rangeiter", {typeArg(rres()->ll), start, stop, step}));
}

void HighLevelOp::rtypeNext() {
    const Repr* it = r(0);
    if (it->kind != ReprKind::Iter) unsupported();
    const Repr* c = it->container;
    ir::Value* p = arg(0);
    switch (it->iter) {
    case IterKind::Range:
        finish(gencall("ll_builtin", "ll_rangenext", {p}));
        return;
    case IterKind::List:
        finish(gencall("ll_builtin", "ll_listnext", {p}));
        return;
    case IterKind::ReversedList:
        finish(gencall("ll_builtin", "ll_listnext_reversed", {p}));
        return;
    case IterKind::Str: {
        ir::Value* ch = gencall("ll_builtin", "ll_strnext", {p});
        if (c->isBytes) ch = genop(Opcode::CastPrimitive, {ch}, Signed);
        finish(ch);
        return;
    }
    case IterKind::Enumerate: {
        const Repr* tr = rres();
        if (tr->kind != ReprKind::Tuple || tr->items.size() != 2) unsupported();
        if (c->kind == ReprKind::List && tr->items[1]->ll == c->item->ll) {
            finish(gencall("ll_builtin", "ll_listnext_enumerate", {typeArg(tr->ll), p}));
            return;
        }
        if (c->kind == ReprKind::Str && !c->isBytes && tr->items[1]->ll == UniChar) {
            finish(gencall("ll_builtin", "ll_strnext_enumerate", {typeArg(tr->ll), p}));
            return;
        }
        unsupported();
    }
    case IterKind::DictKeys: case IterKind::DictValues: case IterKind::DictItems: {
        // The raising call must be the block's last operation: the helpers
        // return the key, the value or a fresh (key, value) tuple directly.
        if (it->iter == IterKind::DictKeys) { finish(gencall("ll_dict", "ll_dictnext_key", {p})); return; }
        if (it->iter == IterKind::DictValues) { finish(gencall("ll_dict", "ll_dictnext_value", {p})); return; }
        const Repr* tr = rres();
        if (tr->kind != ReprKind::Tuple || tr->items.size() != 2 || tr->items[0]->ll != c->key->ll ||
            tr->items[1]->ll != c->value->ll)
            unsupported();
        finish(gencall("ll_dict", "ll_dictnext_item", {typeArg(tr->ll), p}));
        return;
    }
    }
}

} // namespace futamura::rtyper
