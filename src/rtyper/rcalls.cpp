//! Calls, attributes, builtins and methods of builtin types (rops.h).
#include "futamura/rtyper/rops.h"

#include "futamura/python/interpreter.h"

namespace futamura::rtyper {

using annotator::Desc;
using annotator::FunctionDesc;
using annotator::SomeKind;
using ir::Opcode;

ir::Value* HighLevelOp::callGraph(ir::FunctionGraph* g, std::vector<ir::Value*> args,
                                  std::vector<const Repr*> argReprs) {
    const auto& sig = rt.signatureOf(g);
    std::vector<ir::Value*> conv;
    for (size_t i = 0; i < args.size(); ++i) conv.push_back(convert(args[i], argReprs[i], sig.args[i]));
    return gendirect(rt.functionPointer(g), conv);
}

// Arguments of a call operation, from `first`, matched to the parameters of
// `fd`: positional, keywords (call_args) and defaults.
std::vector<ir::Value*> HighLevelOp::matchArgs(FunctionDesc* fd, size_t first,
                                               std::vector<const Repr*>& reprs, bool hasSelf) {
    std::vector<std::string> kwnames;
    size_t argStart = first;
    bool star = false;
    if (op->opcode == Opcode::CallArgs) {
        PyObject* shape = ir::asConstant(op->args[1])->value();
        py::PyRef kws = py::PyRef::borrow(PyTuple_GetItem(shape, 1));
        for (Py_ssize_t i = 0; i < PyTuple_Size(kws.get()); ++i)
            kwnames.push_back(py::asString(PyTuple_GetItem(kws.get(), i)));
        star = PyObject_IsTrue(PyTuple_GetItem(shape, 2)) == 1;
        argStart = first + 1;
    }
    size_t nparams = fd->argnames.size() - (fd->hasVarargs ? 1 : 0);
    std::vector<ir::Value*> params(nparams, nullptr);
    std::vector<const Repr*> preprs(nparams, nullptr);
    size_t shift = hasSelf ? 1 : 0;
    size_t nargs = op->args.size() - argStart - (star ? 1 : 0);
    size_t npos = nargs - kwnames.size();
    // The positional values: the call's own, then the items of *args.
    std::vector<std::tuple<ir::Value*, const Repr*, const SomeValue*>> positional;
    for (size_t i = 0; i < npos; ++i)
        positional.emplace_back(op->args[argStart + i], r(argStart + i), s(argStart + i));
    if (star) {
        size_t si = op->args.size() - 1;
        const Repr* tr = r(si);
        if (tr->kind != ReprKind::Tuple) rt.error(op, "*args must be a tuple");
        ir::Value* t = arg(si);
        for (size_t k = 0; k < tr->items.size(); ++k)
            positional.emplace_back(genop(Opcode::Getfield, {t, ctx.nameConst("item" + std::to_string(k))}, tr->items[k]->ll),
                                    tr->items[k], s(si)->items[k]);
    }
    std::vector<ir::Value*> extraValues;
    std::vector<const Repr*> extraReprs;
    std::vector<const SomeValue*> extraS;
    for (size_t i = 0; i < positional.size(); ++i) {
        auto [v, rr, ss] = positional[i];
        if (i + shift < (size_t)fd->nposargs) {
            params[i + shift] = v;
            preprs[i + shift] = rr;
        } else {
            extraValues.push_back(v);
            extraReprs.push_back(rr);
            extraS.push_back(ss);
        }
    }
    for (size_t k = 0; k < kwnames.size(); ++k) {
        auto it = std::find(fd->argnames.begin(), fd->argnames.end(), kwnames[k]);
        size_t idx = it - fd->argnames.begin();
        params[idx] = op->args[argStart + npos + k];
        preprs[idx] = r(argStart + npos + k);
    }
    Py_ssize_t ndef = fd->defaults ? PyTuple_GET_SIZE(fd->defaults.get()) : 0;
    for (size_t i = shift; i < nparams; ++i) {
        if (params[i]) continue;
        PyObject* dv = nullptr;
        if (i < (size_t)fd->nposargs && (Py_ssize_t)i >= fd->nposargs - ndef)
            dv = PyTuple_GET_ITEM(fd->defaults.get(), i - (fd->nposargs - ndef));
        else if (fd->kwdefaults)
            dv = PyDict_GetItemString(fd->kwdefaults.get(), fd->argnames[i].c_str());
        params[i] = ctx.arena.constant(dv);
        preprs[i] = rt.reprOf(rt.annotator().bookkeeper().immutableValue(dv));
    }
    if (fd->hasVarargs) {
        // The extra positional values, packed into the *args tuple.
        const Repr* tr = rt.reprOf(rt.annotator().bookkeeper().tuple(extraS));
        ir::Value* t = genop(Opcode::Malloc, {typeArg(asType<Ptr>(tr->ll)->to())}, tr->ll);
        for (size_t k = 0; k < extraValues.size(); ++k)
            genop(Opcode::Setfield, {t, ctx.nameConst("item" + std::to_string(k)),
                                     convert(extraValues[k], extraReprs[k], tr->items[k])}, Void);
        params.push_back(t);
        preprs.push_back(tr);
    }
    reprs = preprs;
    return params;
}

std::pair<ir::Value*, const Repr*> HighLevelOp::callMethod(const SomeValue* f, ir::Value* selfValue,
                                                           const Repr* selfRepr, size_t first) {
    auto& bk = rt.annotator().bookkeeper();
    auto* m0 = static_cast<annotator::MethodDesc*>(f->descs[0]);
    std::set<ir::FunctionGraph*> graphs;
    for (Desc* d : f->descs)
        if (auto* g = bk.callGraph(op, d)) graphs.insert(g);
    if (graphs.empty()) rt.error(op, "no graph for this method call");
    std::vector<const Repr*> reprs;
    std::vector<ir::Value*> params = matchArgs(m0->func, first, reprs, true);
    params[0] = selfValue;
    reprs[0] = selfRepr;
    const auto& sig = rt.signatureOf(*graphs.begin());
    if (graphs.size() == 1) return {callGraph(*graphs.begin(), params, reprs), sig.result};
    // Dispatch through the vtable slot.
    ClassInfo* owner = rt.methodSlotOwner(selfRepr->cls, m0->name);
    if (!owner) rt.error(op, "no method slot for " + m0->name);
    const FuncType* ft = owner->methodSlots.at(m0->name);
    ir::Value* self = convert(params[0], selfRepr, rt.reprOf(bk.instance(owner->def)));
    ir::Value* vt = getfield(self, "typeptr");
    vt = genop(Opcode::CastPointer, {vt}, owner->vtablePtr);
    ir::Value* fn = genop(Opcode::Getfield, {vt, ctx.nameConst("m_" + m0->name)}, ctx.types.makePtr(ft));
    std::vector<ir::Value*> callArgs{fn, self};
    for (size_t i = 1; i < params.size(); ++i) callArgs.push_back(convert(params[i], reprs[i], sig.args[i]));
    callArgs.push_back(ctx.calleeGraphsConst({graphs.begin(), graphs.end()}));
    return {genop(Opcode::IndirectCall, callArgs, ft->result()), sig.result};
}

void HighLevelOp::rtypeSpecialCall(const SomeValue* methods) {
    // The operation's arguments are (self, the method's arguments...), as a
    // call's are (callee, arguments...).
    auto [res, resRepr] = callMethod(methods, arg(0), r(0), 1);
    switch (op->opcode) {
    case Opcode::Contains: finish(truth(res, resRepr)); return; // `in` gives a bool
    case Opcode::Setitem: case Opcode::Delitem: finish(ctx.voidConst(Py_None)); return;
    default: finish(convert(res, resRepr, rres())); return;
    }
}

void HighLevelOp::rtypeCall() {
    const SomeValue* f = s(0);
    size_t first = 1;
    if (f->kind == SomeKind::Builtin) {
        if (f->self) {
            rtypeMethod(f->name, first);
            return;
        }
        rtypeBuiltin(f, first);
        return;
    }
    if (f->kind != SomeKind::PBC) unsupported();
    auto& bk = rt.annotator().bookkeeper();
    const Repr* fr = r(0);
    Desc* d0 = f->descs[0];
    // Classes: instantiation.
    if (d0->kind == Desc::Kind::Class) {
        if (f->descs.size() != 1) { instantiateVariable(first); return; }
        ClassInfo* c = rt.classInfo(bk.getClassDef(d0->obj.get()));
        instantiate(c, first, d0->obj.get());
        return;
    }
    // Callables called through one variable fill missing arguments with
    // their defaults at the call site: they must agree on them.
    auto checkDefaults = [&](const std::vector<FunctionDesc*>& fds) {
        for (size_t i = 1; i < fds.size(); ++i) {
            auto same = [](PyObject* a, PyObject* b) {
                if (a == b) return true;
                if (!a || !b) return false;
                return PyObject_RichCompareBool(a, b, Py_EQ) == 1;
            };
            if (!same(fds[0]->defaults.get(), fds[i]->defaults.get()) ||
                !same(fds[0]->kwdefaults.get(), fds[i]->kwdefaults.get()))
                rt.error(op, fds[0]->name + "() and " + fds[i]->name + "() are called through one variable "
                             "but have different default arguments; pass the arguments explicitly");
        }
    };
    auto usesDefaults = [&](FunctionDesc* fd, bool hasSelf) {
        size_t given = op->args.size() - first - (op->opcode == Opcode::CallArgs ? 1 : 0);
        size_t nparams = fd->argnames.size() - (fd->hasVarargs ? 1 : 0) - (hasSelf ? 1 : 0);
        return given < nparams;
    };
    // Methods: self is the instance the method was read from.
    if (d0->kind == Desc::Kind::Method) {
        auto* m0 = static_cast<annotator::MethodDesc*>(d0);
        std::vector<FunctionDesc*> fds;
        for (Desc* d : f->descs) {
            auto* md = static_cast<annotator::MethodDesc*>(d);
            if (md->name != m0->name)
                rt.error(op, "a variable holding the bound methods " + m0->name + " and " + md->name +
                             " cannot be called: RPython calls bound methods of one name only");
            fds.push_back(md->func);
        }
        if (usesDefaults(m0->func, true)) checkDefaults(fds);
        auto [res, resRepr] = callMethod(f, arg(0), fr, first);
        finish(convert(res, resRepr, rres()));
        return;
    }
    if (d0->kind == Desc::Kind::Function || d0->kind == Desc::Kind::MethodOfFrozen) {
        auto* fd = d0->kind == Desc::Kind::Function ? static_cast<FunctionDesc*>(d0)
                                                    : static_cast<annotator::MethodOfFrozenDesc*>(d0)->func;
        if (fd->specialize == "memo") {
            if (!sres()->konst) rt.error(op, "memo call without a constant result");
            finish(rt.convertConst(sres()->konst.get(), rres()));
            return;
        }
        bool frozenSelf = d0->kind == Desc::Kind::MethodOfFrozen;
        std::vector<const Repr*> reprs;
        std::vector<ir::Value*> params = matchArgs(fd, first, reprs, frozenSelf);
        if (frozenSelf) {
            if (fr->kind == ReprKind::Frozen) {
                // One function bound to one of several frozen objects.
                for (Desc* d : f->descs)
                    if (static_cast<annotator::MethodOfFrozenDesc*>(d)->func != fd)
                        rt.error(op, "a variable holding methods of different functions of frozen objects cannot be called");
                params[0] = arg(0);
                reprs[0] = fr;
                ir::FunctionGraph* g = bk.callGraph(op, d0);
                if (!g) rt.error(op, "no graph for this call");
                finish(convert(callGraph(g, params, reprs), rt.signatureOf(g).result, rres()));
                return;
            }
            // (a Python constant: converted to the graph's repr of self,
            // which is a struct pointer if several objects share the method)
            params[0] = ctx.arena.constant(static_cast<annotator::MethodOfFrozenDesc*>(d0)->frozen->obj.get());
            reprs[0] = rt.simpleRepr(ReprKind::Void, Void);
        }
        if (f->descs.size() == 1) {
            ir::FunctionGraph* g = bk.callGraph(op, d0);
            if (!g) rt.error(op, "no graph for this call");
            ir::Value* res = callGraph(g, params, reprs);
            finish(convert(res, rt.signatureOf(g).result, rres()));
            return;
        }
        // Several functions: through the function pointer.
        if (fr->kind != ReprKind::FuncPtr) unsupported();
        if (usesDefaults(fd, false)) {
            std::vector<FunctionDesc*> fds;
            for (Desc* d : f->descs)
                if (d->kind == Desc::Kind::Function) fds.push_back(static_cast<FunctionDesc*>(d));
            checkDefaults(fds);
        }
        ir::FunctionGraph* g = bk.callGraph(op, d0);
        const auto& sig = rt.signatureOf(g);
        std::vector<ir::Value*> callArgs{arg(0)};
        for (size_t i = 0; i < params.size(); ++i) callArgs.push_back(convert(params[i], reprs[i], sig.args[i]));
        // The graphs the pointer may hold: one per function of the family.
        std::vector<const ir::FunctionGraph*> targets;
        for (Desc* d : f->descs) {
            const ir::FunctionGraph* t = bk.callGraph(op, d);
            if (!t) {
                targets.clear();
                break;
            }
            targets.push_back(t);
        }
        callArgs.push_back(targets.empty() ? ctx.voidConst(Py_None) : ctx.calleeGraphsConst(targets));
        finish(convert(genop(Opcode::IndirectCall, callArgs, fr->functype->result()), sig.result, rres()));
        return;
    }
    unsupported();
}

ir::Value* HighLevelOp::print(size_t first) {
    std::vector<ir::Value*> pieces;
    ir::Value* sep = rt.stringConst(" ", false);
    ir::Value* end = rt.stringConst("\n", false);
    size_t argStart = first;
    std::vector<std::string> kwnames;
    if (op->opcode == Opcode::CallArgs) {
        PyObject* shape = ir::asConstant(op->args[1])->value();
        PyObject* kws = PyTuple_GetItem(shape, 1);
        for (Py_ssize_t i = 0; i < PyTuple_Size(kws); ++i) kwnames.push_back(py::asString(PyTuple_GetItem(kws, i)));
        argStart = first + 1;
    }
    size_t n = op->args.size() - argStart;
    size_t npos = n - kwnames.size();
    const Repr* sr = rt.reprOf(rt.annotator().bookkeeper().string());
    for (size_t k = 0; k < kwnames.size(); ++k) {
        ir::Value* v = arg(argStart + npos + k, sr);
        if (kwnames[k] == "sep") sep = v;
        else end = v;
    }
    ir::Value* line = nullptr;
    for (size_t i = 0; i < npos; ++i) {
        ir::Value* piece = toStr(arg(argStart + i), r(argStart + i), false);
        line = line ? gencall("ll_str", "ll_strconcat", {gencall("ll_str", "ll_strconcat", {line, sep}), piece}) : piece;
    }
    line = line ? gencall("ll_str", "ll_strconcat", {line, end}) : end;
    ir::Value* bytes = gencall("ll_str", "ll_encode_utf8", {typeArg(rt.bytesType()), line});
    gencall("ll_os", "ll_os_write", {cnst(1), bytes});
    return ctx.voidConst(Py_None);
}

void HighLevelOp::rtypeBuiltin(const SomeValue* f, size_t first) {
    const std::string& n = f->name;
    const Repr* res = rres();
    auto a = [&](size_t i) { return first + i; };
    size_t na = op->args.size() - first;
    const Repr* signedR = rt.simpleRepr(ReprKind::Int, Signed);
    if (n == "print") { finish(print(first)); return; }
    if (sres()->konst && res->ll != Void && (n == "we_are_translated" || n == "len" || n == "isinstance")) {
        finish(rt.convertConst(sres()->konst.get(), res));
        return;
    }
    if (n == "we_are_translated") { finish(ctx.boolConst(true)); return; }
    if (n == "intmask" || n == "r_uint" || n == "r_longlong" || n == "r_int") {
        const Repr* x = r(a(0));
        if (x->kind == ReprKind::Float) { finish(genop(Opcode::CastFloatToInt, {arg(a(0))}, res->ll)); return; }
        finish(convert(arg(a(0)), x, res));
        return;
    }
    if (n == "range") {
        ir::Value *start = cnst(0), *stop, *step = cnst(1);
        if (na == 1) stop = arg(a(0), signedR);
        else {
            start = arg(a(0), signedR);
            stop = arg(a(1), signedR);
            if (na == 3) step = arg(a(2), signedR);
        }
        finish(gencall("ll_builtin", "ll_range", {typeArg(res->ll), start, stop, step}));
        return;
    }
    if (n == "chr") {
        finish(gencall("ll_builtin", "ll_chr", {arg(a(0), signedR)}));
        return;
    }
    if (n == "ord") {
        const Repr* x = r(a(0));
        if (x->kind == ReprKind::Char) { finish(genop(Opcode::CastPrimitive, {arg(a(0))}, Signed)); return; }
        unsupported();
    }
    if (n == "min" || n == "max") {
        if (na == 1 && r(a(0))->kind == ReprKind::List) {
            const Repr* lr = r(a(0));
            finish(gencall("ll_list", n == "min" ? "ll_list_min" : "ll_list_max", {arg(a(0)), ctx.voidConst(ltFunc(lr->item))}));
            return;
        }
        ir::Value* acc = arg(a(0), res);
        for (size_t i = 1; i < na; ++i) {
            ir::Value* y = arg(a(i), res);
            ir::Value* lt;
            if (res->kind == ReprKind::Str) {
                lt = gencall("ll_builtin", "ll_strlt", n == "min" ? std::vector<ir::Value*>{y, acc} : std::vector<ir::Value*>{acc, y});
            } else {
                Opcode base = res->ll == Float ? Opcode::FloatLt : res->kind == ReprKind::Char ? Opcode::CharLt
                              : res->ll == Unsigned ? Opcode::UintLt : Opcode::IntLt;
                lt = n == "min" ? genop(base, {y, acc}, Bool) : genop(base, {acc, y}, Bool);
            }
            acc = gencall("ll_builtin", "ll_select", {lt, y, acc});
        }
        finish(acc);
        return;
    }
    if (n == "abs") {
        const Repr* x = r(a(0));
        if (x->ll == Float) { finish(genop(Opcode::FloatAbs, {arg(a(0))}, Float)); return; }
        finish(genop(Opcode::IntAbs, {arg(a(0), res)}, res->ll));
        return;
    }
    if (n == "str" || n == "repr") {
        if (na == 0) { finish(rt.stringConst("", false)); return; }
        finish(toStr(arg(a(0)), r(a(0)), n == "repr"));
        return;
    }
    if (n == "int" && na == 2) {
        finish(gencall("ll_str", "ll_str2int", {arg(a(0), rt.reprOf(rt.annotator().bookkeeper().string())), arg(a(1), signedR)}));
        return;
    }
    if (n == "hex" || n == "oct" || n == "bin") {
        ir::Value* x = arg(a(0), signedR);
        const LowLevelType* st = rt.strType();
        if (n == "hex") finish(gencall("ll_str", "ll_int2hex", {typeArg(st), x, ctx.boolConst(false), ctx.boolConst(true)}));
        else finish(gencall("ll_str", n == "oct" ? "ll_int2oct" : "ll_int2bin", {typeArg(st), x, ctx.boolConst(true)}));
        return;
    }
    if (n == "list") {
        if (na == 0) { finish(gencall("ll_list", "ll_newlist", {typeArg(res->ll), cnst(0)})); return; }
        const Repr* x = r(a(0));
        if (x->kind == ReprKind::List && x->ll == res->ll) { finish(gencall("ll_list", "ll_copy", {arg(a(0))})); return; }
        if (x->kind == ReprKind::Str && res->item &&
            (x->isBytes ? res->item->ll == Signed : res->item->kind == ReprKind::Char)) {
            finish(gencall("ll_str", "ll_str_list", {typeArg(res->ll), arg(a(0))}));
            return;
        }
        if (x->kind == ReprKind::Dict && res->item && res->item->ll == x->key->ll) {
            finish(gencall("ll_dict", "ll_dict_keys", {typeArg(res->ll), arg(a(0))}));
            return;
        }
        if (x->kind == ReprKind::Iter && x->iter == IterKind::ReversedList && x->container->ll == res->ll) {
            finish(gencall("ll_list", "ll_list_from_reversed", {arg(a(0))}));
            return;
        }
        unsupported();
    }
    if (n == "enumerate" || n == "reversed") {
        // Over a list, or (enumerate) a str: ll_listnext_enumerate / ll_strnext_enumerate.
        if (res->kind != ReprKind::Iter ||
            !(res->container->kind == ReprKind::List ||
              (n == "enumerate" && res->container->kind == ReprKind::Str && !res->container->isBytes)))
            unsupported();
        ir::Value* seq = arg(a(0), res->container);
        ir::Value* p = genop(Opcode::Malloc, {typeArg(asType<Ptr>(res->ll)->to())}, res->ll);
        genop(Opcode::Setfield, {p, ctx.nameConst("seq"), seq}, Void);
        genop(Opcode::Setfield, {p, ctx.nameConst("index"), n == "reversed" ? getfield(seq, "length") : cnst(0)}, Void);
        if (n == "enumerate")
            genop(Opcode::Setfield, {p, ctx.nameConst("start"), na > 1 ? arg(a(1), signedR) : cnst(0)}, Void);
        finish(p);
        return;
    }
    if (n == "hash") {
        const Repr* x = r(a(0));
        if (x->kind == ReprKind::Int) { finish(arg(a(0), signedR)); return; }
        finish(gencall(hashFunc(x), "hash", {arg(a(0))}));
        return;
    }
    if (n == "id") {
        const Repr* x = r(a(0));
        if (!asType<Ptr>(x->ll)) unsupported();
        finish(genop(Opcode::IdentityHash, {arg(a(0))}, Signed));
        return;
    }
    if (n == "round") {
        const Repr* x = r(a(0));
        if (na == 2 && (x->kind == ReprKind::Int || x->kind == ReprKind::Bool)) {
            finish(convert(gencall("ll_builtin", "ll_round_int_ndigits", {arg(a(0), signedR), arg(a(1), signedR)}),
                           signedR, res));
            return;
        }
        if (na == 2 && x->kind == ReprKind::Float) {
            finish(gencall("ll_builtin", "ll_round_ndigits", {arg(a(0)), arg(a(1), signedR)}));
            return;
        }
        if (na == 1 && (x->kind == ReprKind::Int || x->kind == ReprKind::Bool)) { finish(arg(a(0), res)); return; }
        if (na != 1 || x->kind != ReprKind::Float) unsupported();
        finish(gencall("ll_builtin", "ll_round", {arg(a(0))}));
        return;
    }
    if (n == "tuple") {
        if (na == 1 && r(a(0))->kind == ReprKind::Tuple) { finish(arg(a(0), res)); return; }
        unsupported();
    }
    if (n == "time.time" || n == "time.monotonic" || n == "time.perf_counter") {
        finish(gencall("ll_os", n == "time.time" ? "ll_time_time" : n == "time.monotonic" ? "ll_time_monotonic"
                                                                                            : "ll_time_perf_counter", {}));
        return;
    }
    if (n == "posix.open") {
        ir::Value* path = arg(a(0));
        if (r(a(0))->kind == ReprKind::Str && !r(a(0))->isBytes)
            path = gencall("ll_str", "ll_encode_utf8", {typeArg(rt.bytesType()), path});
        finish(gencall("ll_os", "ll_os_open", {path, arg(a(1), signedR), na > 2 ? arg(a(2), signedR) : cnst(0777)}));
        return;
    }
    if (n == "posix.close") {
        gencall("ll_os", "ll_os_close", {arg(a(0), signedR)});
        finish(ctx.voidConst(Py_None));
        return;
    }
    if (n.rfind("math.", 0) == 0) {
        static const std::set<std::string> supported{
            "sqrt", "exp", "log", "log10", "log2", "sin", "cos", "tan", "asin", "acos", "atan",
            "sinh", "cosh", "tanh", "atan2", "pow", "fmod", "hypot", "copysign", "fabs",
            "isnan", "isinf", "isfinite", "floor", "ceil", "trunc"};
        std::string m = n.substr(5);
        if (!supported.count(m))
            rt.error(op, "the rtyper cannot lower " + n + "() yet");
        const Repr* floatR = rt.simpleRepr(ReprKind::Float, Float);
        std::vector<ir::Value*> args;
        for (size_t i = 0; i < na; ++i) args.push_back(arg(a(i), floatR));
        if (m == "log" && na == 2) m = "log_base";
        finish(convert(gencall("ll_math", ("ll_math_" + m).c_str(), args),
                       m == "floor" || m == "ceil" || m == "trunc" ? signedR
                       : m.rfind("is", 0) == 0 ? rt.simpleRepr(ReprKind::Bool, Bool) : floatR,
                       res));
        return;
    }
    if (n == "dict" && na == 0) { finish(gencall("ll_dict", "ll_newdict", {typeArg(res->ll)})); return; }
    if (n == "posix.write") {
        finish(gencall("ll_os", "ll_os_write", {arg(a(0), signedR), arg(a(1))}));
        return;
    }
    if (n == "posix.read") {
        finish(gencall("ll_os", "ll_os_read", {arg(a(0), signedR), arg(a(1), signedR)}));
        return;
    }
    if (n == "bool") { finish(na ? truth(arg(a(0)), r(a(0))) : ctx.boolConst(false)); return; }
    if (n == "float" && na == 1 && r(a(0))->kind == ReprKind::Str) {
        finish(gencall("ll_builtin", "ll_str2float", {arg(a(0))}));
        return;
    }
    unsupported();
}

void HighLevelOp::rtypeMethod(const std::string& name, size_t first) {
    const Repr* self = r(0)->self;
    ir::Value* obj = arg(0);
    auto a = [&](size_t i) { return first + i; };
    size_t na = op->args.size() - first;
    const Repr* signedR = rt.simpleRepr(ReprKind::Int, Signed);
    auto done = [&](ir::Value* v) { finish(v ? v : ctx.voidConst(Py_None)); };
    if (self->kind == ReprKind::List) {
        const Repr* item = self->item;
        if (name == "append") { gencall("ll_list", "ll_append", {obj, arg(a(0), item)}); done(nullptr); return; }
        if (name == "pop") {
            if (na == 0) done(gencall("ll_list", "ll_pop_end", {obj}));
            else done(gencall("ll_list", "ll_pop", {obj, arg(a(0), signedR)}));
            return;
        }
        if (name == "insert") { gencall("ll_list", "ll_insert", {obj, arg(a(0), signedR), arg(a(1), item)}); done(nullptr); return; }
        if (name == "extend") { gencall("ll_list", "ll_extend", {obj, arg(a(0), self)}); done(nullptr); return; }
        if (name == "reverse") { gencall("ll_list", "ll_reverse", {obj}); done(nullptr); return; }
        if (name == "clear") { gencall("ll_list", "ll_clear", {obj}); done(nullptr); return; }
        if (name == "copy") { done(gencall("ll_list", "ll_copy", {obj})); return; }
        if (name == "index") { done(gencall("ll_list", "ll_index", {obj, arg(a(0), item), ctx.voidConst(eqFunc(item))})); return; }
        if (name == "count") { done(gencall("ll_list", "ll_count", {obj, arg(a(0), item), ctx.voidConst(eqFunc(item))})); return; }
        if (name == "remove") { gencall("ll_list", "ll_remove", {obj, arg(a(0), item), ctx.voidConst(eqFunc(item))}); done(nullptr); return; }
        if (name == "sort") {
            bool reverse = false;
            if (op->opcode == Opcode::CallArgs) {
                const SomeValue* rv = s(op->args.size() - 1);
                reverse = rv->konst && rv->konst.get() == Py_True;
            }
            gencall("ll_list", reverse ? "ll_sort_reverse" : "ll_sort", {obj, ctx.voidConst(ltFunc(item))});
            done(nullptr);
            return;
        }
    }
    if (self->kind == ReprKind::Dict) {
        ir::Constant* H = ctx.voidConst(hashFunc(self->key));
        ir::Constant* E = ctx.voidConst(eqFunc(self->key));
        if (name == "get") {
            ir::Value* dflt = na > 1 ? arg(a(1), self->value) : convert(ctx.voidConst(Py_None), rt.simpleRepr(ReprKind::Void, Void), self->value);
            done(gencall("ll_dict", "ll_dict_get", {obj, arg(a(0), self->key), dflt, H, E}));
            return;
        }
        if (name == "setdefault") { done(gencall("ll_dict", "ll_dict_setdefault", {obj, arg(a(0), self->key), arg(a(1), self->value), H, E})); return; }
        if (name == "pop") {
            if (na == 1) done(gencall("ll_dict", "ll_dict_pop", {obj, arg(a(0), self->key), H, E}));
            else done(gencall("ll_dict", "ll_dict_pop_default", {obj, arg(a(0), self->key), arg(a(1), self->value), H, E}));
            return;
        }
        if (name == "clear") { gencall("ll_dict", "ll_dict_clear", {obj}); done(nullptr); return; }
        if (name == "copy") { done(gencall("ll_dict", "ll_dict_copy", {obj})); return; }
        if (name == "popitem") {
            const Repr* tr = rres();
            if (tr->kind != ReprKind::Tuple || tr->items.size() != 2 || tr->items[0]->ll != self->key->ll ||
                tr->items[1]->ll != self->value->ll)
                rt.error(op, "popitem() of " + self->s->str() + ": the result is not a (key, value) tuple");
            done(gencall("ll_dict", "ll_dict_popitem", {typeArg(tr->ll), obj}));
            return;
        }
        if (name == "update") { gencall("ll_dict", "ll_dict_update", {obj, arg(a(0), self), H, E}); done(nullptr); return; }
        if (name == "keys" || name == "values" || name == "items") {
            const Repr* res = rres();
            if (res->kind == ReprKind::List) {
                done(gencall("ll_dict", ("ll_dict_" + name).c_str(), {typeArg(res->ll), obj}));
                return;
            }
            // An iterator view used by a for loop: the dict itself.
            done(obj);
            return;
        }
    }
    if (self->kind == ReprKind::Str || self->kind == ReprKind::Char) {
        static const std::set<std::string> charTests{"isdigit", "isalpha", "isspace", "isalnum", "isupper", "islower"};
        if (self->kind == ReprKind::Char && charTests.count(name)) {
            // on the character itself: no 1-character string
            done(gencall("ll_str", ("ll_char_" + name).c_str(), {arg(0)}));
            return;
        }
        const Repr* sr = self->kind == ReprKind::Char ? rt.reprOf(rt.annotator().bookkeeper().string()) : self;
        if (self->kind == ReprKind::Char) obj = convert(obj, self, sr);
        const LowLevelType* st = sr->ll;
        ir::Value* big = cnst(INT64_MAX);
        auto range = [&](size_t i, int64_t d) -> ir::Value* { return na > i ? arg(a(i), signedR) : cnst(d); };
        if (name == "find" || name == "rfind" || name == "index" || name == "rindex" || name == "count") {
            const char* fn = name == "find" ? "ll_find" : name == "rfind" ? "ll_rfind" : name == "index" ? "ll_index"
                             : name == "rindex" ? "ll_rindex" : "ll_count";
            done(gencall("ll_str", fn, {obj, arg(a(0), sr), range(1, 0), na > 2 ? arg(a(2), signedR) : big}));
            return;
        }
        if (name == "startswith") { done(gencall("ll_str", "ll_startswith", {obj, arg(a(0), sr)})); return; }
        if (name == "endswith") { done(gencall("ll_str", "ll_endswith", {obj, arg(a(0), sr)})); return; }
        if (name == "strip" || name == "lstrip" || name == "rstrip") {
            ir::Value* l = ctx.boolConst(name != "rstrip");
            ir::Value* rr = ctx.boolConst(name != "lstrip");
            if (na == 0) done(gencall("ll_str", "ll_strip", {obj, l, rr}));
            else done(gencall("ll_str", "ll_strip_chars", {obj, arg(a(0), sr), l, rr}));
            return;
        }
        if (name == "split" || name == "rsplit") {
            ir::Value* sep = na > 0 && s(a(0))->kind != SomeKind::None ? arg(a(0), sr) : (ir::Value*)ctx.nullConst(st);
            done(gencall("ll_str", name == "split" ? "ll_split" : "ll_rsplit", {typeArg(rres()->ll), obj, sep, range(1, -1)}));
            return;
        }
        if (name == "splitlines") {
            if (na == 0) done(gencall("ll_str", "ll_splitlines", {typeArg(rres()->ll), obj}));
            else done(gencall("ll_str", "ll_splitlines_keepends", {typeArg(rres()->ll), obj, truth(arg(a(0)), r(a(0)))}));
            return;
        }
        if (name == "ljust" || name == "rjust" || name == "center") {
            ir::Value* fill = cnst(' ');
            if (na > 1) {
                const SomeValue* f = s(a(1));
                if (r(a(1))->kind == ReprKind::Char) fill = genop(Opcode::CastPrimitive, {arg(a(1))}, Signed);
                else if (f->konst && PyBytes_Check(f->konst.get()) && PyBytes_GET_SIZE(f->konst.get()) == 1)
                    fill = cnst((unsigned char)PyBytes_AS_STRING(f->konst.get())[0]);
                else rt.error(op, "the fill character of " + name + "() must be a single character");
            }
            done(gencall("ll_str", ("ll_" + name).c_str(), {obj, arg(a(0), signedR), fill}));
            return;
        }
        if (name == "zfill") { done(gencall("ll_str", "ll_zfill", {obj, arg(a(0), signedR)})); return; }
        if (name == "join") {
            const Repr* lr = r(a(0));
            if (lr->kind == ReprKind::List && lr->item->ll == Void) {
                done(rt.stringConst("", self->isBytes)); // a list that is always empty
                return;
            }
            bool chars = lr->kind == ReprKind::List && lr->item->kind == ReprKind::Char;
            done(gencall("ll_str", chars ? "ll_join_chars" : "ll_join", {obj, arg(a(0))}));
            return;
        }
        if (name == "replace") { done(gencall("ll_str", "ll_replace", {obj, arg(a(0), sr), arg(a(1), sr), range(2, -1)})); return; }
        static const std::set<std::string> simple{"upper", "lower", "isdigit", "isalpha", "isspace", "isalnum", "isupper", "islower",
                                                  "capitalize", "title", "swapcase"};
        if (simple.count(name)) {
            done(gencall("ll_str", ("ll_" + name).c_str(), {obj}));
            return;
        }
        if (name == "encode") { done(gencall("ll_str", "ll_encode_utf8", {typeArg(rt.bytesType()), obj})); return; }
        if (name == "decode") { done(gencall("ll_str", "ll_decode_utf8", {typeArg(rt.strType()), obj})); return; }
    }
    rt.error(op, "the rtyper cannot lower the method " + name + "() of " + r(0)->self->s->str() + " yet");
}

// --- attributes ------------------------------------------------------------------------

void HighLevelOp::rtypeGetattr() {
    const Repr* o = r(0);
    const Repr* res = rres();
    std::string name = py::asString(ir::asConstant(op->args[1])->value());
    if (sres()->konst && (res->ll == Void || sres()->kind != SomeKind::Instance)) {
        finish(rt.convertConst(sres()->konst.get(), res));
        return;
    }
    if (res->kind == ReprKind::BuiltinMethod || (res->ll == Void && sres()->kind == SomeKind::Builtin)) {
        finish(arg(0));
        return;
    }
    if (o->kind == ReprKind::Instance) {
        if (res->kind == ReprKind::Method) {
            finish(convert(arg(0), o, rt.reprOf(rt.annotator().bookkeeper().instance(res->cls->def))));
            return;
        }
        if (res->ll == Void) { finish(ctx.voidConst(Py_None)); return; }
        ClassInfo* owner = rt.fieldOwner(o->cls, name);
        if (owner) {
            ir::Value* p = convert(arg(0), o, rt.reprOf(rt.annotator().bookkeeper().instance(owner->def)));
            const Repr* fr = owner->fields.at(name);
            finish(convert(genop(Opcode::Getfield, {p, ctx.nameConst("inst_" + name)}, fr->ll), fr, res));
            return;
        }
        // A class attribute stored in the vtable.
        for (ClassInfo* c = o->cls; c; c = c->base) {
            auto it = c->classFields.find(name);
            if (it == c->classFields.end()) continue;
            ir::Value* vt = getfield(arg(0), "typeptr");
            vt = genop(Opcode::CastPointer, {vt}, c->vtablePtr);
            finish(convert(genop(Opcode::Getfield, {vt, ctx.nameConst("cls_" + name)}, it->second->ll), it->second, res));
            return;
        }
        rt.error(op, "attribute '" + name + "' of " + s(0)->str() + " has no storage");
    }
    if (o->kind == ReprKind::Frozen) {
        auto it = o->fields.find(name);
        if (it == o->fields.end()) {
            if (res->ll == Void) { finish(ctx.voidConst(Py_None)); return; }
            if (rres()->kind == ReprKind::Frozen) { finish(arg(0, rres())); return; } // a bound method
            rt.error(op, "attribute '" + name + "' of " + s(0)->str() + " has no storage");
        }
        ir::Value* v = genop(Opcode::Getfield, {arg(0), ctx.nameConst("a_" + name)}, it->second->ll);
        finish(convert(v, it->second, res));
        return;
    }
    if (o->ll == Void && s(0)->konst) {
        py::PyRef v = py::getAttrOrNull(s(0)->konst.get(), name.c_str());
        if (v) { finish(rt.convertConst(v.get(), res)); return; }
    }
    unsupported();
}

void HighLevelOp::rtypeSetattr() {
    const Repr* o = r(0);
    std::string name = py::asString(ir::asConstant(op->args[1])->value());
    if (o->kind != ReprKind::Instance) unsupported();
    ClassInfo* owner = rt.fieldOwner(o->cls, name);
    if (!owner) rt.error(op, "attribute '" + name + "' of " + s(0)->str() + " has no storage");
    ir::Value* p = convert(arg(0), o, rt.reprOf(rt.annotator().bookkeeper().instance(owner->def)));
    const Repr* fr = owner->fields.at(name);
    // an immutable field (the JIT generator reads it once, at compile time)
    // is set by the constructor only
    const auto* ptr = asType<Ptr>(resolve(rt.reprOf(rt.annotator().bookkeeper().instance(owner->def))->ll));
    if (const auto* st = ptr ? asType<Struct>(resolve(ptr->to())) : nullptr)
        if (isImmutableField(st, "inst_" + name) && graph->name.find("__init__") == std::string::npos)
            rt.error(op, "attribute '" + name + "' of " + owner->def->name +
                             " is immutable (_immutable_fields_ or _immutable_): it is written only in an __init__, "
                             "not in " + graph->name);
    genop(Opcode::Setfield, {p, ctx.nameConst("inst_" + name), arg(2, fr)}, Void);
    finish(ctx.voidConst(Py_None));
}

} // namespace futamura::rtyper
