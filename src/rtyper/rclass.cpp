//! Classes and instances (rtyper.h): instance structs inheriting by their
//! first field, vtables with the subclass-id range of each class (so that
//! isinstance is two comparisons), method slots for dispatch, class
//! attributes, prebuilt instances, and the exception data system code uses.
#include "futamura/rtyper/rops.h"

#include "futamura/python/interpreter.h"

namespace futamura::rtyper {

using annotator::Desc;
using annotator::SomeKind;
using ir::Opcode;

namespace {
std::string cname(const std::string& qualified) {
    std::string s = qualified;
    for (char& c : s)
        if (!std::isalnum((unsigned char)c)) c = '_';
    return s;
}

/// The hints of a class's instance struct for the JIT generator: `immutable`
/// if the class says `_immutable_ = True`, else `immutable_fields` listing
/// its struct's fields named in `_immutable_fields_` (its own or inherited;
/// PyPy's `x[*]` suffix is accepted and ignored).
Hints immutabilityHints(const ClassInfo* c, const std::vector<Field>& fields) {
    if (!c->def) return {};
    PyObject* cls = c->def->cls.get();
    py::PyRef whole = py::getAttrOrNull(cls, "_immutable_");
    if (whole && PyObject_IsTrue(whole.get()) == 1) return {{"immutable", ""}};
    py::PyRef names = py::getAttrOrNull(cls, "_immutable_fields_");
    if (!names || (!PyList_Check(names.get()) && !PyTuple_Check(names.get()))) return {};
    std::set<std::string> declared;
    py::PyRef seq = py::PyRef::steal(PySequence_Fast(names.get(), ""));
    for (Py_ssize_t i = 0; seq && i < PySequence_Fast_GET_SIZE(seq.get()); ++i) {
        PyObject* item = PySequence_Fast_GET_ITEM(seq.get(), i);
        if (!PyUnicode_Check(item)) continue;
        std::string n = py::asString(item);
        if (n.size() > 3 && n.compare(n.size() - 3, 3, "[*]") == 0) n.resize(n.size() - 3);
        declared.insert(n);
    }
    std::string list;
    for (const Field& f : fields)
        if (f.name.rfind("inst_", 0) == 0 && declared.count(f.name.substr(5)))
            list += (list.empty() ? "" : ",") + f.name;
    if (list.empty()) return {};
    return {{"immutable_fields", list}};
}
} // namespace

ClassInfo* RTyper::classInfo(ClassDef* cdef) {
    if (!cdef) return root_;
    auto it = classByDef_.find(cdef);
    if (it == classByDef_.end())
        throw RTyperError("class " + cdef->name + " was not seen by the annotator before rtyping");
    return it->second;
}

void RTyper::buildClasses() {
    auto& bk = ann_.bookkeeper();
    for (PyObject* e : {PyExc_IndexError, PyExc_KeyError, PyExc_ValueError, PyExc_ZeroDivisionError,
                        PyExc_OverflowError, PyExc_StopIteration, PyExc_RuntimeError,
                        PyExc_RecursionError, PyExc_MemoryError, PyExc_AssertionError,
                        PyExc_TypeError, PyExc_NotImplementedError, PyExc_OSError,
                        PyExc_UnicodeDecodeError, PyExc_UnicodeEncodeError})
        bk.getClassDef(e);
    auto& types = ctx_.types;
    // The root.
    classes_.push_back(std::make_unique<ClassInfo>());
    root_ = classes_.back().get();
    root_->name = "object";
    // The vtable's `instantiate` (used by calls of a variable holding
    // several classes) returns Ptr(object): a forward reference first.
    ForwardReference* objectRef = types.makeGcForwardReference();
    const FuncType* instantiateType = types.makeFunc({}, types.makePtr(objectRef));
    const Struct* rootVt = types.makeStruct("object_vtable", {{"subclassrange_min", Signed},
                                                              {"subclassrange_max", Signed},
                                                              {"name", strPtr_},
                                                              {"instantiate", types.makePtr(instantiateType)}});
    root_->vtableStruct = rootVt;
    root_->vtablePtr = types.makePtr(rootVt);
    root_->instStruct = types.makeGcStruct("object", {{"typeptr", root_->vtablePtr}});
    objectRef->become(root_->instStruct);
    root_->instPtr = types.makePtr(root_->instStruct);
    // Every class: a forward reference first (fields may point to any class).
    std::vector<ClassDef*> defs;
    for (const auto& d : bk.classdefs()) defs.push_back(d.get());
    std::map<ClassInfo*, ForwardReference*> refs;
    for (ClassDef* d : defs) {
        classes_.push_back(std::make_unique<ClassInfo>());
        ClassInfo* c = classes_.back().get();
        c->def = d;
        c->name = d->name;
        ForwardReference* ref = types.makeGcForwardReference();
        refs[c] = ref;
        c->instPtr = types.makePtr(ref);
        c->isException = PyType_IsSubtype((PyTypeObject*)d->cls.get(), (PyTypeObject*)PyExc_BaseException);
        classByDef_[d] = c;
    }
    for (ClassDef* d : defs) {
        ClassInfo* c = classByDef_[d];
        c->base = d->base ? classByDef_.at(d->base) : root_;
        c->base->subs.push_back(c);
    }
    // Subclass ranges: preorder numbering.
    int64_t counter = 0;
    std::function<void(ClassInfo*)> number = [&](ClassInfo* c) {
        c->rangeMin = counter++;
        for (ClassInfo* s : c->subs) number(s);
        c->rangeMax = counter;
    };
    number(root_);
    // Method slots need the signatures of the methods.
    collectMethodSlots();
    // Structs, base first.
    std::function<void(ClassInfo*)> build = [&](ClassInfo* c) {
        if (c != root_) {
            std::vector<Field> fields{{"super", c->base->instStruct}};
            for (auto& [name, gv] : c->def->attrs) {
                if (!gv.value) continue;
                const Repr* r = reprOf(gv.value);
                c->fields[name] = r;
                fields.push_back({"inst_" + name, r->ll});
            }
            const Struct* st = types.makeGcStruct(cname(c->name), fields, immutabilityHints(c, fields));
            refs[c]->become(st);
            c->instStruct = st;
            // The vtable: class attributes read through instances, method slots.
            std::vector<Field> vfields{{"super", c->base->vtableStruct}};
            for (auto& [name, gv] : c->def->attrs) {
                if (gv.value) continue;
                // Class-level values of `name` in this subtree.
                const SomeValue* s = nullptr;
                bool any = false;
                std::vector<ClassDef*> tree = c->def->subclasses();
                tree.insert(tree.begin(), c->def);
                for (ClassDef* sub : tree) {
                    PyObject* v = sub->classAttr(name);
                    if (!v || PyFunction_Check(v)) continue;
                    const SomeValue* vs = ann_.bookkeeper().immutableValue(v);
                    s = s ? ann_.bookkeeper().join(s, vs) : vs;
                    any = true;
                }
                if (!any || s->konst) continue;
                const Repr* r = reprOf(s);
                if (r->ll == Void) continue;
                c->classFields[name] = r;
                vfields.push_back({"cls_" + name, r->ll});
            }
            for (auto& [name, ft] : c->methodSlots) vfields.push_back({"m_" + name, types.makePtr(ft)});
            c->vtableStruct = types.makeStruct(cname(c->name) + "_vtable", vfields);
            c->vtablePtr = types.makePtr(c->vtableStruct);
        }
        for (ClassInfo* s : c->subs) build(s);
    };
    build(root_);
    // Vtables, filled.
    for (auto& cp : classes_) {
        ClassInfo* c = cp.get();
        c->vtable = ctx_.heap.allocate(c->vtableStruct);
        c->vtable->prebuilt = true;
        c->vtable->name = "vtable " + c->name;
    }
    for (auto& cp : classes_) {
        ClassInfo* c = cp.get();
        // Walk the vtable's parts from the class up to the root.
        LLContainer* part = c->vtable;
        for (ClassInfo* k = c; k; k = k->base) {
            const Struct* st = k->vtableStruct;
            if (k == root_) {
                part->slots[*st->fieldIndex("subclassrange_min")] = LLValue::integer(c->rangeMin);
                part->slots[*st->fieldIndex("subclassrange_max")] = LLValue::integer(c->rangeMax);
                std::string shortName = c->def ? py::asString(py::getAttr(c->def->cls.get(), "__name__").get()) : "object";
                part->slots[*st->fieldIndex("name")] = stringConst(shortName, false)->llvalue;
                if (c->def && instantiable_.count(c->def))
                    part->slots[*st->fieldIndex("instantiate")] = allocatorOf(c->def->cls.get())->llvalue;
                break;
            }
            for (auto& [name, r] : k->classFields) {
                PyObject* v = c->def->classAttr(name);
                if (v) part->slots[*st->fieldIndex("cls_" + name)] = convertConst(v, r)->llvalue;
            }
            for (auto& [name, ft] : k->methodSlots) {
                PyObject* v = c->def->classAttr(name);
                if (!v || !PyFunction_Check(v)) continue;
                auto* fd = ann_.bookkeeper().functionDesc(v);
                if (fd->graphs.empty()) continue;
                ir::FunctionGraph* g = fd->graphs.begin()->second;
                ir::Constant* fp = functionPointer(g);
                part->slots[*st->fieldIndex("m_" + name)] = fp->llvalue;
            }
            part = part->slots[0].p;
        }
    }
}

void RTyper::collectMethodSlots() {
    auto& bk = ann_.bookkeeper();
    // name -> classes through which a call dispatches among several graphs
    // (one owner per hierarchy: unrelated classes may share a method name)
    std::map<std::string, std::vector<ClassDef*>> owners;
    for (ir::FunctionGraph* g : ann_.engine().graphs()) {
        for (ir::Block* b : g->blocks()) {
            for (ir::Operation* op : b->operations) {
                // (len(x), x[i], ... on an instance call a special method)
                const SomeValue* f = bk.specialCall(op);
                if (!f) {
                    if (op->opcode != Opcode::SimpleCall && op->opcode != Opcode::CallArgs) continue;
                    f = static_cast<const SomeValue*>(ann_.engine().binding(op->args[0]));
                }
                if (f->kind == SomeKind::PBC && f->descs.size() > 1 && f->descs[0]->kind == Desc::Kind::Class) {
                    // A variable holding several classes, called: each class
                    // gets `instantiate` in its vtable; their __init__s a slot.
                    std::set<ir::FunctionGraph*> inits;
                    ClassDef* self = nullptr;
                    for (Desc* d : f->descs) {
                        ClassDef* cd = bk.getClassDef(d->obj.get());
                        instantiable_.insert(cd);
                        self = self ? bk.commonBase(self, cd) : cd;
                        if (auto* cg = bk.callGraph(op, d)) inits.insert(cg);
                    }
                    if (inits.size() > 1 && self) {
                        auto& list = owners["__init__"];
                        bool merged = false;
                        for (ClassDef*& owner : list)
                            if (ClassDef* common = bk.commonBase(owner, self)) { owner = common; merged = true; break; }
                        if (!merged) list.push_back(self);
                    }
                    continue;
                }
                if (f->kind != SomeKind::PBC || f->descs.empty() || f->descs[0]->kind != Desc::Kind::Method) continue;
                std::set<ir::FunctionGraph*> graphs;
                ClassDef* self = nullptr;
                for (Desc* d : f->descs) {
                    if (auto* cg = bk.callGraph(op, d)) graphs.insert(cg);
                    auto* md = static_cast<annotator::MethodDesc*>(d);
                    self = self ? bk.commonBase(self, md->selfClass) : md->selfClass;
                }
                if (graphs.size() < 2) continue;
                std::string name = static_cast<annotator::MethodDesc*>(f->descs[0])->name;
                auto& list = owners[name];
                bool merged = false;
                for (ClassDef*& owner : list) {
                    if (ClassDef* common = bk.commonBase(owner, self)) {
                        owner = common;
                        merged = true;
                        break;
                    }
                }
                if (!merged) list.push_back(self);
            }
        }
    }
    // Merging may have made two owners of one hierarchy: keep the outermost.
    for (auto& [name, list] : owners) {
        bool changed = true;
        while (changed) {
            changed = false;
            for (size_t i = 0; i < list.size() && !changed; ++i)
                for (size_t j = i + 1; j < list.size() && !changed; ++j)
                    if (ClassDef* common = bk.commonBase(list[i], list[j])) {
                        list[i] = common;
                        list.erase(list.begin() + (ptrdiff_t)j);
                        changed = true;
                    }
        }
    }
    for (auto& [name, list] : owners)
    for (ClassDef* owner : list) {
        if (!owner) continue;
        ClassInfo* c = classByDef_.at(owner);
        std::vector<ir::FunctionGraph*> graphs;
        std::vector<ClassDef*> tree = owner->subclasses();
        tree.insert(tree.begin(), owner);
        for (ClassDef* sub : tree) {
            PyObject* v = sub->classAttr(name);
            if (!v || !PyFunction_Check(v)) continue;
            auto* fd = bk.functionDesc(v);
            for (auto& [k, g] : fd->graphs)
                if (std::find(graphs.begin(), graphs.end(), g) == graphs.end()) graphs.push_back(g);
        }
        if (graphs.empty()) continue;
        c->methodSlots[name] = unifySignatures(graphs, c);
        methodSlots_[{c, name}] = c;
    }
}

ClassInfo* RTyper::methodSlotOwner(ClassInfo* c, const std::string& name) {
    for (ClassInfo* k = c; k; k = k->base)
        if (k->methodSlots.count(name)) return k;
    return nullptr;
}

ClassInfo* RTyper::fieldOwner(ClassInfo* c, const std::string& name) {
    for (ClassInfo* k = c; k; k = k->base)
        if (k->fields.count(name)) return k;
    return nullptr;
}

ir::Constant* RTyper::vtableConst(ClassInfo* c) {
    LLContainer* part = c->vtable;
    while (part->type != root_->vtableStruct) part = part->slots[0].p;
    return ctx_.arena.llconstant(root_->vtablePtr, LLValue::pointer(part));
}

const LowLevelType* RTyper::exceptionValueType() { return root_->instPtr; }
const LowLevelType* RTyper::exceptionTypeType() { return root_->vtablePtr; }

ir::Constant* RTyper::vtableOf(PyObject* cls) {
    return vtableConst(classInfo(ann_.bookkeeper().getClassDef(cls)));
}

// An allocation graph: malloc, the type pointer, class defaults.
static ir::FunctionGraph* buildAllocator(RTyper& rt, ClassInfo* c, const LowLevelType* resultType) {
    LLContext& ctx = rt.context();
    HighLevelOp h(rt, nullptr, nullptr);
    ir::Variable* p = h.genop(Opcode::Malloc, {ctx.typeConst(c->instStruct)}, c->instPtr);
    ir::Value* obj = h.genop(Opcode::CastPointer, {p}, rt.rootClass()->instPtr);
    h.genop(Opcode::Setfield, {obj, ctx.nameConst("typeptr"), rt.vtableConst(c)}, Void);
    for (ClassInfo* k = c; k && k->def; k = k->base) {
        for (auto& [name, r] : k->fields) {
            PyObject* v = c->def->classAttr(name);
            if (!v || PyFunction_Check(v)) continue;
            ir::Value* part = k == c ? (ir::Value*)p : h.genop(Opcode::CastPointer, {p}, k->instPtr);
            h.genop(Opcode::Setfield, {part, ctx.nameConst("inst_" + name), rt.convertConst(v, r)}, Void);
        }
    }
    ir::Value* result = p;
    if (resultType != c->instPtr) result = h.genop(Opcode::CastPointer, {p}, resultType);
    ir::Block* start = ctx.arena.newBlock({});
    start->operations = h.out;
    std::string name = "allocate_" + cname(c->name);
    ir::FunctionGraph* g = ctx.arena.newGraph(name, start);
    g->returnblock->inputargs[0]->concretetype = resultType;
    g->exceptblock->inputargs[0]->concretetype = rt.exceptionTypeType();
    g->exceptblock->inputargs[1]->concretetype = rt.exceptionValueType();
    start->closeBlock({ctx.arena.newLink({result}, g->returnblock)});
    return g;
}

ir::Constant* RTyper::instantiate(ClassInfo* c) {
    if (!c->allocGraph) {
        c->allocGraph = buildAllocator(*this, c, c->instPtr);
        order_.push_back(c->allocGraph);
    }
    return ctx_.functionPointer(c->allocGraph, ctx_.types.makeFunc({}, c->instPtr));
}

ir::Constant* RTyper::allocatorOf(PyObject* cls) {
    ClassInfo* c = classInfo(ann_.bookkeeper().getClassDef(cls));
    auto it = methodSlots_.find({c, "\x01alloc"});
    if (it == methodSlots_.end()) {
        ir::FunctionGraph* g = buildAllocator(*this, c, root_->instPtr);
        order_.push_back(g);
        g->name = "allocate_exc_" + cname(c->name);
        ctx_.functionPointer(g, ctx_.types.makeFunc({}, root_->instPtr));
        excAllocs_[c] = g;
        methodSlots_[{c, "\x01alloc"}] = c;
    }
    return ctx_.functionPointer(excAllocs_.at(c), ctx_.types.makeFunc({}, root_->instPtr));
}

void HighLevelOp::instantiate(ClassInfo* c, size_t first, PyObject* cls) {
    auto& bk = rt.annotator().bookkeeper();
    ir::Value* inst = gendirect(rt.instantiate(c), {});
    ClassDef* owner = nullptr;
    PyObject* init = c->def->classAttr("__init__", &owner);
    if (init && PyFunction_Check(init)) {
        auto* fd = bk.functionDesc(init);
        ir::FunctionGraph* g = nullptr;
        for (Desc* d : s(0)->descs)
            if ((g = bk.callGraph(op, d))) break;
        if (!g) rt.error(op, "no graph for " + c->name + ".__init__");
        std::vector<const Repr*> reprs;
        std::vector<ir::Value*> params = matchArgs(fd, first, reprs, true);
        params[0] = inst;
        reprs[0] = rt.reprOf(bk.instance(c->def));
        callGraph(g, params, reprs);
    }
    (void)cls;
    finish(convert(inst, rt.reprOf(bk.instance(c->def)), rres()));
}

void HighLevelOp::instantiateVariable(size_t first) {
    auto& bk = rt.annotator().bookkeeper();
    const SomeValue* res = sres();
    if (res->kind != SomeKind::Instance) unsupported();
    ClassInfo* base = rt.classInfo(res->classdef);
    const Repr* baseRepr = rt.reprOf(bk.instance(base->def));
    ir::Value* vt = arg(0);
    const auto* ft = ctx.types.makeFunc({}, rt.exceptionValueType());
    ir::Value* fn = genop(Opcode::Getfield, {vt, ctx.nameConst("instantiate")}, ctx.types.makePtr(ft));
    ir::Value* obj = genop(Opcode::IndirectCall, {fn, ctx.voidConst(Py_None)}, rt.exceptionValueType());
    ir::Value* inst = genop(Opcode::CastPointer, {obj}, base->instPtr);
    std::set<ir::FunctionGraph*> graphs;
    annotator::FunctionDesc* fd = nullptr;
    size_t withInit = 0;
    for (Desc* d : s(0)->descs) {
        ir::FunctionGraph* g = bk.callGraph(op, d);
        if (!g) continue;
        graphs.insert(g);
        ++withInit;
        if (!fd) {
            PyObject* init = bk.getClassDef(d->obj.get())->classAttr("__init__");
            fd = bk.functionDesc(init);
        }
    }
    if (withInit && withInit != s(0)->descs.size())
        rt.error(op, "calling a variable holding several classes: some have an __init__ and some do not");
    if (!graphs.empty()) {
        std::vector<const Repr*> reprs;
        std::vector<ir::Value*> params = matchArgs(fd, first, reprs, true);
        params[0] = inst;
        reprs[0] = baseRepr;
        if (graphs.size() == 1) {
            callGraph(*graphs.begin(), params, reprs);
        } else {
            ClassInfo* owner = rt.methodSlotOwner(base, "__init__");
            if (!owner) rt.error(op, "no __init__ slot for the classes of " + s(0)->str());
            const FuncType* ift = owner->methodSlots.at("__init__");
            ir::Value* self = convert(inst, baseRepr, rt.reprOf(bk.instance(owner->def)));
            ir::Value* ivt = genop(Opcode::CastPointer, {getfield(self, "typeptr")}, owner->vtablePtr);
            ir::Value* ifn = genop(Opcode::Getfield, {ivt, ctx.nameConst("m___init__")}, ctx.types.makePtr(ift));
            const auto& sig = rt.signatureOf(*graphs.begin());
            std::vector<ir::Value*> callArgs{ifn, self};
            for (size_t i = 1; i < params.size(); ++i) callArgs.push_back(convert(params[i], reprs[i], sig.args[i]));
            callArgs.push_back(ctx.calleeGraphsConst({graphs.begin(), graphs.end()}));
            genop(Opcode::IndirectCall, callArgs, ift->result());
        }
    }
    finish(convert(inst, baseRepr, rres()));
}

ir::Value* HighLevelOp::isinstance(ir::Value* vtable, ClassInfo* c) {
    ir::Value* id = genop(Opcode::Getfield, {vtable, ctx.nameConst("subclassrange_min")}, Signed);
    ir::Value* lo = genop(Opcode::IntLe, {cnst(c->rangeMin), id}, Bool);
    ir::Value* hi = genop(Opcode::IntLt, {id, cnst(c->rangeMax)}, Bool);
    return genop(Opcode::IntAnd, {lo, hi}, Bool);
}

// --- prebuilt data --------------------------------------------------------------------

ir::Constant* RTyper::prebuiltInstance(PyObject* obj, ClassInfo* c) {
    auto& bk = ann_.bookkeeper();
    auto it = prebuilt_.find(obj);
    LLContainer* outer;
    if (it != prebuilt_.end()) {
        outer = it->second->llvalue.p;
    } else {
        ClassInfo* k = classInfo(bk.getClassDef((PyObject*)Py_TYPE(obj)));
        outer = ctx_.heap.allocate(k->instStruct);
        outer->prebuilt = true;
        outer->name = "instance " + k->name;
        keepAlive_.push_back(py::PyRef::borrow(obj));
        prebuilt_[obj] = ctx_.arena.llconstant(k->instPtr, LLValue::pointer(outer));
        LLContainer* part = outer;
        for (ClassInfo* q = k; q; q = q->base) {
            const Struct* st = q->instStruct;
            if (q == root_) {
                part->slots[0] = vtableConst(k)->llvalue;
                break;
            }
            for (auto& [name, r] : q->fields) {
                py::PyRef v = py::getAttrOrNull(obj, name.c_str());
                if (!v) continue;
                part->slots[*st->fieldIndex("inst_" + name)] = convertConst(v.get(), r)->llvalue;
            }
            part = part->slots[0].p;
        }
    }
    // The part seen as an instance of c.
    LLContainer* part = outer;
    while (part && part->type != c->instStruct) part = part->slots[0].p;
    if (!part) throw RTyperError("prebuilt " + py::repr(obj) + " is not an instance of " + c->name);
    return ctx_.arena.llconstant(c->instPtr, LLValue::pointer(part));
}

ir::Constant* RTyper::prebuiltData(PyObject* obj, const Repr* r) {
    if (obj == Py_None && asType<Ptr>(r->ll)) return ctx_.nullConst(r->ll);
    auto& arena = ctx_.arena;
    if (r->kind == ReprKind::List && PyList_Check(obj)) {
        const auto* st = asType<Struct>(asType<Ptr>(r->ll)->to());
        LLContainer* l = ctx_.heap.allocate(st);
        l->prebuilt = true;
        ir::Constant* k = arena.llconstant(r->ll, LLValue::pointer(l));
        prebuilt_[obj] = k;
        keepAlive_.push_back(py::PyRef::borrow(obj));
        Py_ssize_t n = PyList_GET_SIZE(obj);
        const LowLevelType* arrPtr = st->fieldType("items");
        LLContainer* items = ctx_.heap.allocate(asType<Ptr>(arrPtr)->to(), (size_t)n);
        items->prebuilt = true;
        l->slots[0] = LLValue::integer(n);
        l->slots[1] = LLValue::pointer(items);
        for (Py_ssize_t i = 0; i < n; ++i)
            items->slots[i] = convertConst(PyList_GET_ITEM(obj, i), r->item)->llvalue;
        return k;
    }
    if (r->kind == ReprKind::Tuple && PyTuple_Check(obj)) {
        const auto* st = asType<Struct>(asType<Ptr>(r->ll)->to());
        LLContainer* t = ctx_.heap.allocate(st);
        t->prebuilt = true;
        for (size_t i = 0; i < r->items.size(); ++i)
            t->slots[i] = convertConst(PyTuple_GET_ITEM(obj, i), r->items[i])->llvalue;
        ir::Constant* k = arena.llconstant(r->ll, LLValue::pointer(t));
        prebuilt_[obj] = k;
        keepAlive_.push_back(py::PyRef::borrow(obj));
        return k;
    }
    if (r->kind == ReprKind::Dict && PyDict_Check(obj)) {
        // Built by the program's own helpers (ll_newdict, ll_dict_setitem)
        // run at translation time, so that keys hash as they will at run time.
        if (!ctx_.evaluate)
            throw RTyperError("prebuilt dicts need a translation-time evaluator (the driver installs llinterp)");
        auto& la = helpers();
        HighLevelOp h(*this, nullptr, nullptr);
        PyObject* H = h.hashFunc(r->key);
        PyObject* E = h.eqFunc(r->key);
        const auto* dictType = asType<Ptr>(r->ll);
        ir::Constant* newdict = la.specialize(helper("ll_dict", "ll_newdict"), {la.typeConst(dictType)});
        ir::Constant* setitem = la.specialize(
            helper("ll_dict", "ll_dict_setitem"),
            {la.value(r->ll), la.value(r->key->ll), la.value(r->value->ll), la.objectConst(H), la.objectConst(E)});
        // Template arguments are passed too (Void values).
        LLValue d = ctx_.evaluate(newdict, {ctx_.typeConst(dictType)->llvalue});
        ir::Constant* k = arena.llconstant(r->ll, d);
        prebuilt_[obj] = k;
        keepAlive_.push_back(py::PyRef::borrow(obj));
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(obj, &pos, &key, &value)) {
            LLValue kv = convertConst(key, r->key)->llvalue;
            LLValue vv = convertConst(value, r->value)->llvalue;
            ctx_.evaluate(setitem, {d, kv, vv, ctx_.voidConst(H)->llvalue, ctx_.voidConst(E)->llvalue});
        }
        LLHeap::markPrebuilt(d.p);
        return k;
    }
    throw RTyperError("the rtyper cannot represent the prebuilt " + py::repr(obj) + " as " +
                      (r->s ? r->s->str() : r->ll->shortName()) + " yet");
}

} // namespace futamura::rtyper
