//! The rtyper: reprs, constants, conversions, graphs (rtyper.h).
#include "futamura/rtyper/rtyper.h"
#include "futamura/python/error.h"

#include "futamura/python/interpreter.h"
#include "futamura/rtyper/rops.h"

namespace futamura::rtyper {

using annotator::Desc;
using annotator::SomeKind;

RTyper::RTyper(annotator::RPythonAnnotator& ann, LLContext& ctx)
    : ann_(ann), ctx_(ctx), llann_(ctx) {
    ctx_.exceptions = this;
    py::PyRef strmod = py::importModule("futamura.rtyper.ll_str");
    strPtr_ = ctx_.bridge.toLowLevel(py::getAttr(strmod.get(), "STR").get());
    bytesPtr_ = ctx_.bridge.toLowLevel(py::getAttr(strmod.get(), "BYTES").get());
}

RTyper::~RTyper() {
    if (ctx_.exceptions == this) ctx_.exceptions = nullptr;
}

PyObject* RTyper::helper(const char* module, const char* name) {
    std::string key = std::string(module) + "." + name;
    auto it = helperObjs_.find(key);
    if (it != helperObjs_.end()) return it->second.get();
    py::PyRef mod = py::importModule(("futamura.rtyper." + std::string(module)).c_str());
    py::PyRef f = py::getAttr(mod.get(), name);
    return helperObjs_.emplace(key, f).first->second.get();
}

PyObject* RTyper::strListType() {
    if (!strListType_) {
        py::PyRef str = py::getAttr(py::importModule("futamura.rtyper.ll_str").get(), "STR");
        py::PyRef listOf = py::getAttr(py::importModule("futamura.rtyper.ll_list").get(), "LIST_OF");
        strListType_ = py::PyRef::steal(PyObject_CallOneArg(listOf.get(), str.get()));
        if (!strListType_) py::throwPythonError();
    }
    return strListType_.get();
}

PyObject* RTyper::synthesize(const std::string& key, const std::string& source, const char* name,
                             const std::vector<std::pair<std::string, PyObject*>>& globals) {
    auto it = helperObjs_.find("synth:" + key);
    if (it != helperObjs_.end()) return it->second.get();
    py::PyRef g = py::PyRef::steal(PyDict_New());
    PyDict_SetItemString(g.get(), "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(g.get(), "__name__", py::PyRef::steal(PyUnicode_FromString("futamura.rtyper.synthesized")).get());
    for (auto& [n, v] : globals) PyDict_SetItemString(g.get(), n.c_str(), v);
    std::string file = std::string("<") + name + ">";
    py::PyRef code = py::PyRef::steal(Py_CompileString(source.c_str(), file.c_str(), Py_file_input));
    if (!code) py::throwPythonError();
    py::PyRef r = py::PyRef::steal(PyEval_EvalCode(code.get(), g.get(), g.get()));
    if (!r) py::throwPythonError();
    py::PyRef f = py::PyRef::borrow(PyDict_GetItemString(g.get(), name));
    return helperObjs_.emplace("synth:" + key, f).first->second.get();
}

std::string RTyper::positionOf(const ir::Operation* op) const {
    if (op && op->pos.file) return flow::displayPath(*op->pos.file) + ":" + std::to_string(op->pos.line);
    return "<unknown>";
}

void RTyper::error(const ir::Operation* op, const std::string& message) {
    throw RTyperError(positionOf(op) + ": " + message);
}

// --- reprs ---------------------------------------------------------------------

const Repr* RTyper::simpleRepr(ReprKind kind, const LowLevelType* ll) {
    std::string key = "simple" + std::to_string((int)kind) + "_" + std::to_string(ll->id());
    auto& slot = reprs_[key];
    if (!slot) {
        slot = std::make_unique<Repr>();
        slot->kind = kind;
        slot->ll = ll;
    }
    return slot.get();
}

const Repr* RTyper::reprOf(const SomeValue* s) {
    auto it = reprBySome_.find(s);
    if (it != reprBySome_.end()) return it->second;
    const Repr* r = makeRepr(s);
    reprBySome_.emplace(s, r);
    return r;
}

const Repr* RTyper::reprOfValue(const ir::Value* v) {
    return reprOf(static_cast<const SomeValue*>(ann_.engine().binding(v)));
}

namespace {
bool isVoidPBC(const SomeValue* s) {
    if (s->descs.size() != 1) return false;
    auto k = s->descs[0]->kind;
    return !s->nullable && (k == Desc::Kind::Function || k == Desc::Kind::Class ||
                            k == Desc::Kind::Frozen || k == Desc::Kind::MethodOfFrozen);
}
} // namespace

const Repr* RTyper::makeRepr(const SomeValue* s) {
    auto& bk = ann_.bookkeeper();
    // Values that may be None get reprs of their own (same low-level type):
    // truth, str() and isinstance() test for null on them only.
    const std::string q = s->nullable ? "?" : "";
    auto make = [&](std::string key, auto fill) -> const Repr* {
        auto& slot = reprs_[key];
        if (!slot) {
            slot = std::make_unique<Repr>();
            slot->s = s;
            slot->nullable = s->nullable;
            fill(*slot);
        }
        return slot.get();
    };
    switch (s->kind) {
    case SomeKind::Impossible:
        // (its own repr: a list of impossible items is always empty)
        return make("impossible", [&](Repr& r) {
            r.kind = ReprKind::Void;
            r.ll = Void;
        });
    case SomeKind::None: return simpleRepr(ReprKind::Void, Void);
    case SomeKind::Bool: return simpleRepr(ReprKind::Bool, Bool);
    case SomeKind::Integer:
        return simpleRepr(ReprKind::Int, s->intKind == annotator::IntKind::Unsigned ? Unsigned
                                         : s->intKind == annotator::IntKind::LongLong ? SignedLongLong
                                                                                      : Signed);
    case SomeKind::Float: return simpleRepr(ReprKind::Float, Float);
    case SomeKind::Char: return simpleRepr(ReprKind::Char, UniChar);
    case SomeKind::String: {
        bool bytes = s->strKind == annotator::StrKind::Bytes;
        return make((bytes ? "bytes" : "str") + q, [&](Repr& r) {
            r.kind = ReprKind::Str;
            r.ll = bytes ? bytesPtr_ : strPtr_;
            r.isBytes = bytes;
        });
    }
    case SomeKind::Instance: {
        ClassInfo* c = classInfo(s->classdef);
        return make("inst" + std::to_string(s->classdef->id) + q, [&](Repr& r) {
            r.kind = ReprKind::Instance;
            r.cls = c;
            r.ll = c->instPtr;
        });
    }
    case SomeKind::List: {
        annotator::ListDef* ld = s->listdef->find();
        std::string key = "list" + std::to_string(ld->id) + q;
        auto it = reprs_.find(key);
        if (it != reprs_.end()) return it->second.get();
        const SomeValue* itemS = ld->item.value ? ld->item.value : bk.impossible();
        const Repr* item = reprOf(itemS);
        return make(key, [&](Repr& r) {
            r.kind = ReprKind::List;
            r.item = item;
            r.ll = listType(item->ll);
        });
    }
    case SomeKind::Dict: {
        annotator::DictDef* dd = s->dictdef->find();
        std::string key = "dict" + std::to_string(dd->id) + q;
        auto it = reprs_.find(key);
        if (it != reprs_.end()) return it->second.get();
        const Repr* k = reprOf(dd->key.value ? dd->key.value : bk.impossible());
        const Repr* v = reprOf(dd->value.value ? dd->value.value : bk.impossible());
        return make(key, [&](Repr& r) {
            r.kind = ReprKind::Dict;
            r.key = k;
            r.value = v;
            auto* entry = ctx_.types.makeStruct("dictentry", {{"key", k->ll},
                                                              {"value", v->ll},
                                                              {"f_hash", Signed},
                                                              {"f_valid", Bool}});
            auto* st = ctx_.types.makeGcStruct(
                "dict", {{"num_live_items", Signed},
                         {"num_ever_used_items", Signed},
                         {"resize_counter", Signed},
                         {"indexes", ctx_.types.makePtr(ctx_.types.makeGcArray(Signed))},
                         {"entries", ctx_.types.makePtr(ctx_.types.makeGcArray(entry))}});
            r.ll = ctx_.types.makePtr(st);
        });
    }
    case SomeKind::Tuple: {
        std::vector<const Repr*> items;
        std::string key = "tuple";
        for (auto* it : s->items) {
            items.push_back(reprOf(it));
            key += "_" + std::to_string((uintptr_t)items.back());
        }
        return make(key, [&](Repr& r) {
            r.kind = ReprKind::Tuple;
            r.items = items;
            std::vector<Field> fields;
            for (size_t i = 0; i < items.size(); ++i)
                fields.push_back({"item" + std::to_string(i), items[i]->ll});
            // (tuples are immutable: the hint is for the JIT generator)
            r.ll = ctx_.types.makePtr(
                ctx_.types.makeGcStruct("tuple" + std::to_string(items.size()), fields, {{"immutable", ""}}));
        });
    }
    case SomeKind::PBC: {
        if (isVoidPBC(s)) {
            // Void, but knowing its object: converting it to a pointer repr
            // (a set of functions, a frozen struct) gives that object.
            return make("voidpbc" + std::to_string(s->descs[0]->id), [&](Repr& r) {
                r.kind = ReprKind::Void;
                r.ll = Void;
            });
        }
        bool allFuncs = true, allClasses = true, allMethods = true, allFrozen = true, allFrozenMethods = true;
        for (Desc* d : s->descs) {
            allFuncs &= d->kind == Desc::Kind::Function;
            allClasses &= d->kind == Desc::Kind::Class;
            allMethods &= d->kind == Desc::Kind::Method;
            allFrozen &= d->kind == Desc::Kind::Frozen;
            allFrozenMethods &= d->kind == Desc::Kind::MethodOfFrozen;
        }
        if (allFrozenMethods) {
            // Bound methods of frozen objects: the object is the value.
            std::vector<Desc*> frozen;
            for (Desc* d : s->descs) frozen.push_back(static_cast<annotator::MethodOfFrozenDesc*>(d)->frozen);
            return reprOf(bk.pbc(frozen, s->nullable));
        }
        if (allFrozen) {
            std::vector<uint32_t> ids;
            for (Desc* d : s->descs) ids.push_back(d->id);
            std::sort(ids.begin(), ids.end());
            std::string key = "frozen";
            for (uint32_t id : ids) key += "_" + std::to_string(id);
            auto it = reprs_.find(key + q);
            if (it != reprs_.end()) return it->second.get();
            std::set<std::string> names;
            for (Desc* d : s->descs)
                for (const std::string& n : static_cast<annotator::FrozenDesc*>(d)->attrsRead) names.insert(n);
            std::map<std::string, const Repr*> fields;
            std::vector<Field> llfields;
            for (const std::string& n : names) {
                const SomeValue* v = bk.impossible();
                bool stored = true;
                for (Desc* d : s->descs) {
                    py::PyRef x = py::getAttrOrNull(d->obj.get(), n.c_str());
                    if (!x) continue;
                    if (PyMethod_Check(x.get()) || PyFunction_Check(x.get())) stored = false;
                    else v = bk.join(v, bk.immutableValue(x.get()));
                }
                if (!stored) continue; // methods are called, not stored
                const Repr* fr = reprOf(v);
                fields[n] = fr;
                llfields.push_back({"a_" + n, fr->ll});
            }
            return make(key + q, [&](Repr& r) {
                r.kind = ReprKind::Frozen;
                r.fields = fields;
                r.ll = ctx_.types.makePtr(ctx_.types.makeStruct("frozen", llfields));
            });
        }
        if (allMethods) {
            auto* m = static_cast<annotator::MethodDesc*>(s->descs[0]);
            ClassDef* selfDef = m->selfClass;
            for (Desc* d : s->descs) {
                auto* md = static_cast<annotator::MethodDesc*>(d);
                selfDef = bk.commonBase(selfDef, md->selfClass);
            }
            ClassInfo* c = classInfo(selfDef);
            return make("method" + std::to_string(selfDef->id) + "_" + m->name, [&](Repr& r) {
                r.kind = ReprKind::Method;
                r.cls = c;
                r.ll = c->instPtr;
            });
        }
        if (allClasses) {
            return make("classptr", [&](Repr& r) {
                r.kind = ReprKind::ClassPtr;
                r.cls = root_;
                r.ll = root_->vtablePtr;
            });
        }
        if (allFuncs) {
            std::vector<ir::FunctionGraph*> graphs;
            std::string key = "funcs";
            for (Desc* d : s->descs) {
                auto* fd = static_cast<annotator::FunctionDesc*>(d);
                for (auto& [k, g] : fd->graphs) {
                    graphs.push_back(g);
                    key += "_" + std::to_string(g->id());
                }
            }
            if (graphs.empty()) return simpleRepr(ReprKind::Void, Void);
            const FuncType* ft = unifySignatures(graphs, nullptr);
            return make(key, [&](Repr& r) {
                r.kind = ReprKind::FuncPtr;
                r.functype = ft;
                r.ll = ctx_.types.makePtr(ft);
            });
        }
        throw RTyperError("cannot represent " + s->str() + ": a variable holds either functions, "
                          "classes, bound methods or frozen objects, not a mix of them");
    }
    case SomeKind::Type:
        return make("classptr", [&](Repr& r) {
            r.kind = ReprKind::ClassPtr;
            r.cls = root_;
            r.ll = root_->vtablePtr;
        });
    case SomeKind::Builtin: {
        if (!s->self) return simpleRepr(ReprKind::Void, Void);
        const Repr* self = reprOf(s->self);
        return make("bm" + std::to_string((uintptr_t)self), [&](Repr& r) {
            r.kind = ReprKind::BuiltinMethod;
            r.self = self;
            r.ll = self->ll;
        });
    }
    case SomeKind::Iterator: {
        const Repr* c = reprOf(s->container);
        IterKind k = IterKind::List;
        const SomeValue* itemS = nullptr;
        if (s->container->kind == SomeKind::List) {
            k = s->container->listdef->find()->rangeList && s->variant == annotator::IterVariant::Items
                    ? IterKind::Range : IterKind::List;
        } else if (isStr(s->container) || s->container->kind == SomeKind::String) {
            k = IterKind::Str;
        } else if (s->container->kind == SomeKind::Dict) {
            k = IterKind::DictKeys;
        }
        switch (s->variant) {
        case annotator::IterVariant::Keys: k = IterKind::DictKeys; break;
        case annotator::IterVariant::Values: k = IterKind::DictValues; break;
        case annotator::IterVariant::DictItems: k = IterKind::DictItems; break;
        case annotator::IterVariant::Enumerate: k = IterKind::Enumerate; break;
        case annotator::IterVariant::Reversed: k = IterKind::ReversedList; break;
        default: break;
        }
        itemS = ann_.nextOf(s);
        const Repr* item = reprOf(itemS);
        if (c->kind == ReprKind::Tuple) {
            // A tuple is iterated as a list of its items, built by iter().
            c = listOfItems(item);
            k = IterKind::List;
        }
        std::string key = "iter" + std::to_string((int)k) + "_" + std::to_string((uintptr_t)c) +
                          "_" + std::to_string((uintptr_t)item);
        return make(key, [&](Repr& r) {
            r.kind = ReprKind::Iter;
            r.iter = k;
            r.container = c;
            r.item = item;
            std::vector<Field> fields;
            fields = {{"seq", c->ll}, {"index", Signed}};
            if (k == IterKind::DictKeys || k == IterKind::DictValues || k == IterKind::DictItems)
                fields.push_back({"length", Signed});
            if (k == IterKind::Enumerate) fields.push_back({"start", Signed}); // enumerate(x, start)
            if (k == IterKind::Range) { // counting without a list (see ll_rangeiter)
                fields.push_back({"stop", Signed});
                fields.push_back({"step", Signed});
            }
            r.ll = ctx_.types.makePtr(ctx_.types.makeGcStruct("iter", fields));
        });
    }
    }
    throw RTyperError("cannot represent " + s->str());
}

const Repr* RTyper::listOfItems(const Repr* item) {
    std::string key = "tuplelist_" + std::to_string((uintptr_t)item);
    auto& slot = reprs_[key];
    if (!slot) {
        slot = std::make_unique<Repr>();
        slot->kind = ReprKind::List;
        slot->item = item;
        slot->ll = listType(item->ll);
    }
    return slot.get();
}

const LowLevelType* RTyper::listType(const LowLevelType* item) {
    auto* arr = ctx_.types.makeGcArray(item);
    return ctx_.types.makePtr(
        ctx_.types.makeGcStruct("list", {{"length", Signed}, {"items", ctx_.types.makePtr(arr)}}));
}

ir::Constant* RTyper::tupleAsList(PyObject* tuple, const Repr* listRepr) {
    auto key = std::make_pair(tuple, listRepr);
    auto it = tupleLists_.find(key);
    if (it != tupleLists_.end()) return it->second;
    const auto* st = asType<Struct>(asType<Ptr>(listRepr->ll)->to());
    LLContainer* l = ctx_.heap.allocate(st);
    l->prebuilt = true;
    Py_ssize_t n = PyTuple_GET_SIZE(tuple);
    LLContainer* items = ctx_.heap.allocate(asType<Ptr>(st->fieldType("items"))->to(), (size_t)n);
    items->prebuilt = true;
    l->slots[0] = LLValue::integer(n);
    l->slots[1] = LLValue::pointer(items);
    for (Py_ssize_t i = 0; i < n; ++i)
        items->slots[i] = convertConst(PyTuple_GET_ITEM(tuple, i), listRepr->item)->llvalue;
    keepAlive_.push_back(py::PyRef::borrow(tuple));
    ir::Constant* k = ctx_.arena.llconstant(listRepr->ll, LLValue::pointer(l));
    tupleLists_[key] = k;
    return k;
}

// --- constants -------------------------------------------------------------------

ir::Constant* RTyper::stringConst(const std::string& utf8, bool bytes) {
    auto key = std::make_pair(utf8, bytes);
    auto it = strings_.find(key);
    if (it != strings_.end()) return it->second;
    const LowLevelType* pt = bytes ? bytesPtr_ : strPtr_;
    const auto* st = asType<Struct>(asType<Ptr>(pt)->to());
    std::vector<int64_t> codes;
    if (bytes) {
        for (unsigned char c : utf8) codes.push_back(c);
    } else {
        py::PyRef u = py::PyRef::steal(PyUnicode_DecodeUTF8(utf8.data(), (Py_ssize_t)utf8.size(), "strict"));
        for (Py_ssize_t i = 0; i < PyUnicode_GetLength(u.get()); ++i)
            codes.push_back(PyUnicode_ReadChar(u.get(), i));
    }
    LLContainer* c = ctx_.heap.allocate(st, codes.size());
    c->prebuilt = true;
    std::string shown = utf8.size() > 24 ? utf8.substr(0, 24) + "..." : utf8;
    py::PyRef r = py::PyRef::steal(bytes ? PyBytes_FromStringAndSize(shown.data(), (Py_ssize_t)shown.size())
                                         : PyUnicode_DecodeUTF8(shown.data(), (Py_ssize_t)shown.size(), "replace"));
    c->name = (bytes ? "bytes " : "str ") + py::repr(r.get());
    LLContainer* chars = c->slots.back().p;
    chars->prebuilt = true;
    for (size_t i = 0; i < codes.size(); ++i) chars->slots[i] = LLValue::integer(codes[i]);
    ir::Constant* k = ctx_.arena.llconstant(pt, LLValue::pointer(c));
    strings_.emplace(key, k);
    return k;
}

ir::Constant* RTyper::convertConst(PyObject* obj, const Repr* r) {
    auto& arena = ctx_.arena;
    switch (r->kind) {
    case ReprKind::Void: return ctx_.voidConst(obj);
    case ReprKind::Bool: return ctx_.boolConst(PyObject_IsTrue(obj) == 1);
    case ReprKind::Int: {
        if (PyFloat_Check(obj)) break;
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (overflow) v = (long long)PyLong_AsUnsignedLongLongMask(obj);
        return arena.llconstant(r->ll, LLValue::integer(v));
    }
    case ReprKind::Float: return arena.llconstant(Float, LLValue::floating(PyFloat_AsDouble(obj)));
    case ReprKind::Char:
        if (PyUnicode_Check(obj) && PyUnicode_GetLength(obj) == 1)
            return arena.llconstant(UniChar, LLValue::integer(PyUnicode_ReadChar(obj, 0)));
        break;
    case ReprKind::Str:
        if (obj == Py_None) return ctx_.nullConst(r->ll);
        if (PyUnicode_Check(obj)) return stringConst(py::asString(obj), false);
        if (PyBytes_Check(obj))
            return stringConst(std::string(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj)), true);
        break;
    case ReprKind::Instance:
    case ReprKind::Method:
        if (obj == Py_None) return ctx_.nullConst(r->ll);
        return prebuiltInstance(obj, r->cls);
    case ReprKind::ClassPtr:
        if (obj == Py_None) return ctx_.nullConst(r->ll);
        if (PyType_Check(obj)) {
            ClassInfo* c = classInfo(ann_.bookkeeper().getClassDef(obj));
            return vtableConst(c);
        }
        break;
    case ReprKind::Frozen: {
        if (obj == Py_None) return ctx_.nullConst(r->ll);
        if (PyMethod_Check(obj)) obj = PyMethod_GET_SELF(obj); // a bound method of the object
        auto key = std::make_pair(obj, r);
        auto it = frozenStructs_.find(key);
        if (it != frozenStructs_.end()) return it->second;
        const auto* st = asType<Struct>(asType<Ptr>(r->ll)->to());
        LLContainer* c = ctx_.heap.allocate(st);
        c->prebuilt = true;
        keepAlive_.push_back(py::PyRef::borrow(obj));
        ir::Constant* k = arena.llconstant(r->ll, LLValue::pointer(c));
        frozenStructs_[key] = k;
        for (auto& [name, fr] : r->fields) {
            py::PyRef v = py::getAttrOrNull(obj, name.c_str());
            if (v) c->slots[*st->fieldIndex("a_" + name)] = convertConst(v.get(), fr)->llvalue;
        }
        return k;
    }
    case ReprKind::BuiltinMethod: {
        // A bound method of a constant ("-".join): its value is the receiver.
        py::PyRef self = py::getAttrOrNull(obj, "__self__");
        if (self) return convertConst(self.get(), r->self);
        break;
    }
    case ReprKind::FuncPtr: {
        if (obj == Py_None) return ctx_.nullConst(r->ll);
        auto* fd = ann_.bookkeeper().functionDesc(obj);
        if (fd->graphs.size() != 1) break;
        ir::Constant* fp = functionPointer(fd->graphs.begin()->second);
        if (fp->concretetype != r->ll)
            return arena.llconstant(r->ll, fp->llvalue);
        return fp;
    }
    default: break;
    }
    if (prebuilt_.count(obj)) return prebuilt_.at(obj);
    return prebuiltData(obj, r);
}

// --- signatures -----------------------------------------------------------------

const RTyper::Signature& RTyper::signatureOf(ir::FunctionGraph* graph) {
    auto it = signatures_.find(graph);
    if (it != signatures_.end()) return it->second;
    Signature sig;
    for (auto* v : graph->startblock->inputargs) sig.args.push_back(reprOfValue(v));
    sig.result = reprOfValue(graph->returnblock->inputargs[0]);
    return signatures_.emplace(graph, sig).first->second;
}

const FuncType* RTyper::unifySignatures(const std::vector<ir::FunctionGraph*>& graphs,
                                        ClassInfo* selfClass) {
    auto& bk = ann_.bookkeeper();
    size_t n = graphs[0]->startblock->inputargs.size();
    std::vector<const SomeValue*> args(n, nullptr);
    const SomeValue* result = bk.impossible();
    for (auto* g : graphs) {
        if (g->startblock->inputargs.size() != n)
            throw RTyperError("functions called through one variable must take the same "
                              "arguments: " + graphs[0]->name + " and " + g->name + " differ");
        for (size_t i = 0; i < n; ++i) {
            auto* a = static_cast<const SomeValue*>(ann_.engine().binding(g->startblock->inputargs[i]));
            if (i == 0 && selfClass) continue;
            args[i] = args[i] ? bk.join(args[i], a) : a;
        }
        result = bk.join(result, static_cast<const SomeValue*>(
                                     ann_.engine().binding(g->returnblock->inputargs[0])));
    }
    Signature sig;
    for (size_t i = 0; i < n; ++i) {
        if (i == 0 && selfClass) {
            const Repr* r = reprOf(bk.instance(selfClass->def));
            sig.args.push_back(r);
        } else {
            sig.args.push_back(reprOf(args[i]));
        }
    }
    sig.result = reprOf(result);
    for (auto* g : graphs) {
        auto it = signatures_.find(g);
        if (it != signatures_.end()) {
            // Already fixed (e.g. by another family): it must agree.
            bool same = it->second.result->ll == sig.result->ll;
            for (size_t i = 0; i < n && same; ++i) same = it->second.args[i]->ll == sig.args[i]->ll;
            if (!same)
                throw RTyperError(flow::displayPath(g->filename) + ":" + std::to_string(g->firstline) +
                                  ": " + g->name + "() is called through two function types that "
                                  "differ; give the functions of a family the same argument types");
            continue;
        }
        signatures_.emplace(g, sig);
    }
    std::vector<const LowLevelType*> lls;
    for (auto* r : sig.args) lls.push_back(r->ll);
    return ctx_.types.makeFunc(lls, sig.result->ll);
}

ir::Constant* RTyper::functionPointer(ir::FunctionGraph* graph) {
    const Signature& sig = signatureOf(graph);
    std::vector<const LowLevelType*> lls;
    for (auto* r : sig.args) lls.push_back(r->ll);
    return ctx_.functionPointer(graph, ctx_.types.makeFunc(lls, sig.result->ll));
}

std::vector<ir::FunctionGraph*> RTyper::allGraphs() const {
    std::vector<ir::FunctionGraph*> out = order_;
    for (auto* g : llann_.graphs()) out.push_back(g);
    return out;
}

// --- graphs ----------------------------------------------------------------------

void RTyper::specialize() {
    buildClasses();
    collectMethodSlots();
    // Graphs may be added while rtyping (allocators); annotated graphs first.
    std::vector<ir::FunctionGraph*> graphs = ann_.engine().graphs();
    for (auto* g : graphs) signatureOf(g);
    for (auto* g : graphs) {
        order_.push_back(g);
        specializeGraph(g);
    }
}

void RTyper::specializeGraph(ir::FunctionGraph* graph) {
    if (!specialized_.insert(graph).second) return;
    std::vector<ir::Block*> blocks = graph->blocks();
    for (ir::Block* b : blocks)
        for (ir::Variable* v : b->inputargs) v->concretetype = reprOfValue(v)->ll;
    graph->exceptblock->inputargs[0]->concretetype = exceptionTypeType();
    graph->exceptblock->inputargs[1]->concretetype = exceptionValueType();
    try {
        for (ir::Block* b : blocks)
            if (!b->isFinal()) specializeBlock(graph, b);
        for (ir::Block* b : blocks)
            if (!b->isFinal()) convertLinks(graph, b);
        applySignature(graph);
    } catch (const RTyperError& e) {
        std::string msg = e.what();
        if (msg.find("\n  in function") != std::string::npos || graph->filename.empty()) throw;
        throw RTyperError(msg + "\n  in function '" + graph->name + "' (" +
                          flow::displayPath(graph->filename) + ":" + std::to_string(graph->firstline) + ")");
    }
}

void RTyper::applySignature(ir::FunctionGraph* graph) {
    const Signature& sig = signatureOf(graph);
    // Arguments: a new start block converts from the signature's reprs.
    bool argsDiffer = false;
    for (size_t i = 0; i < sig.args.size(); ++i)
        argsDiffer |= sig.args[i]->ll != graph->startblock->inputargs[i]->concretetype;
    if (argsDiffer) {
        std::vector<ir::Variable*> inputs;
        HighLevelOp h(*this, graph, nullptr);
        std::vector<ir::Value*> passed;
        for (size_t i = 0; i < sig.args.size(); ++i) {
            ir::Variable* v = ctx_.arena.copyVariable(graph->startblock->inputargs[i]);
            v->concretetype = sig.args[i]->ll;
            inputs.push_back(v);
            const Repr* own = reprOfValue(graph->startblock->inputargs[i]);
            passed.push_back(h.convert(v, sig.args[i], own, /*down=*/true));
        }
        ir::Block* start = ctx_.arena.newBlock(inputs);
        start->operations = std::move(h.out);
        start->closeBlock({ctx_.arena.newLink(passed, graph->startblock)});
        graph->startblock = start;
    }
    // Result: converted on every link into the return block.
    ir::Variable* ret = graph->returnblock->inputargs[0];
    if (ret->concretetype != sig.result->ll) {
        const Repr* own = reprOfValue(ret);
        ret->concretetype = sig.result->ll;
        for (ir::Link* link : graph->links()) {
            if (link->target != graph->returnblock) continue;
            HighLevelOp h(*this, graph, nullptr);
            ir::Value* v = h.convert(link->args[0], own, sig.result);
            if (!h.out.empty()) {
                ir::Block* conv = ctx_.arena.newBlock({});
                // Route through a block doing the conversion.
                std::vector<ir::Variable*> ins;
                std::vector<ir::Value*> outs;
                ir::Variable* in = nullptr;
                if (auto* var = ir::asVariable(link->args[0])) {
                    in = ctx_.arena.copyVariable(var);
                    in->concretetype = own->ll;
                    ins.push_back(in);
                    outs.push_back(var);
                    for (auto* op : h.out)
                        for (auto*& a : op->args)
                            if (a == var) a = in;
                }
                conv->inputargs = ins;
                conv->operations = std::move(h.out);
                conv->closeBlock({ctx_.arena.newLink({v}, graph->returnblock)});
                link->args = outs;
                link->target = conv;
            } else {
                link->args[0] = v;
            }
        }
    }
}

void RTyper::specializeBlock(ir::FunctionGraph* graph, ir::Block* block) {
    std::vector<ir::Operation*> out;
    size_t n = block->operations.size();
    // `iter(range(...))` whose list is used by nothing else: the iterator
    // counts and the list is never built.
    std::map<ir::Operation*, ir::Operation*> rangeOf; // iter op -> range call
    std::set<ir::Operation*> fusedRanges;
    for (size_t i = 0; i < n; ++i) {
        ir::Operation* it = block->operations[i];
        if (it->opcode != ir::Opcode::Iter) continue;
        const Repr* itr = reprOfValue(it->result);
        if (itr->kind != ReprKind::Iter || itr->iter != IterKind::Range) continue;
        auto* v = ir::asVariable(it->args[0]);
        if (!v) continue;
        ir::Operation* def = nullptr;
        size_t uses = 0;
        for (size_t j = 0; j < n; ++j) {
            ir::Operation* o = block->operations[j];
            if (o->result == v) def = o;
            for (ir::Value* a : o->args) uses += a == v;
        }
        for (ir::Link* l : block->exits)
            for (ir::Value* a : l->args) uses += a == v;
        if (!def || uses != 1 || def->opcode != ir::Opcode::SimpleCall) continue;
        if (block->raising && def == block->operations.back()) continue;
        auto* f = static_cast<const SomeValue*>(ann_.engine().binding(def->args[0]));
        if (f->kind != SomeKind::Builtin || f->name != "range" || f->self) continue;
        rangeOf[it] = def;
        fusedRanges.insert(def);
    }
    // [x] * n (or n * [x]) whose one-item list nothing else uses: one
    // allocation, filled (PyPy's alloc_and_set).
    std::unordered_map<ir::Operation*, ir::Operation*> filledBy;
    for (size_t i = 0; i < n; ++i) {
        ir::Operation* mul = block->operations[i];
        if (mul->opcode != ir::Opcode::Mul || reprOfValue(mul->result)->kind != ReprKind::List) continue;
        for (ir::Value* a : mul->args) {
            auto* v = ir::asVariable(a);
            if (!v) continue;
            ir::Operation* def = nullptr;
            size_t uses = 0;
            for (size_t j = 0; j < n; ++j) {
                ir::Operation* o = block->operations[j];
                if (o->result == v) def = o;
                for (ir::Value* x : o->args) uses += x == v;
            }
            for (ir::Link* l : block->exits)
                for (ir::Value* x : l->args) uses += x == v;
            if (!def || uses != 1 || def->opcode != ir::Opcode::Newlist || def->args.size() != 1) continue;
            if (block->raising && def == block->operations.back()) continue;
            filledBy[mul] = def;
            fusedRanges.insert(def);
            break;
        }
    }
    for (size_t i = 0; i < n; ++i) {
        ir::Operation* op = block->operations[i];
        if (fusedRanges.count(op)) continue;
        HighLevelOp h(*this, graph, op);
        if (auto f = filledBy.find(op); f != filledBy.end()) {
            h.block = block;
            h.isRaisingOp = block->raising && i + 1 == n;
            h.rtypeAllocAndSet(f->second);
            for (auto* o : h.out) out.push_back(o);
            continue;
        }
        if (auto r = rangeOf.find(op); r != rangeOf.end()) {
            h.block = block;
            h.rtypeRangeIter(r->second);
            for (auto* o : h.out) out.push_back(o);
            continue;
        }
        h.block = block;
        h.isRaisingOp = block->raising && i + 1 == n;
        bool dead = false;
        for (ir::Value* a : op->args)
            if (auto* v = ir::asVariable(a); v && (!ann_.engine().hasBinding(v) ||
                                                   static_cast<const SomeValue*>(ann_.engine().binding(v))->kind == SomeKind::Impossible))
                dead = true;
        if (dead) {
            // An argument that can have no value: the operation never runs
            // (the loop body over an empty tuple, code after a call that
            // always raises). Its result is a placeholder.
            const LowLevelType* t = h.rres()->ll;
            ir::Constant* z = asType<Ptr>(t) ? ctx_.nullConst(t) : ctx_.arena.llconstant(t, LLHeap::zero(t));
            op->result->concretetype = t;
            out.push_back(ctx_.arena.newOperation(ir::Opcode::SameAs, {z}, op->result, op->pos));
            continue;
        }
        h.rtype();
        size_t last = h.out.size();
        if (h.isRaisingOp) {
            // The raising operation must end the block: what follows the last
            // operation that can raise runs on the normal exit only.
            while (last > 0 && !ir::implicitRaises(h.out[last - 1]->opcode)) --last;
            if (last == 0) last = h.out.size(); // cannot raise once lowered
            else trailing_[block].assign(h.out.begin() + (ptrdiff_t)last, h.out.end());
        }
        for (size_t k = 0; k < last; ++k) out.push_back(h.out[k]);
    }
    block->operations = std::move(out);
    // The switch: bools stay; exit cases become low-level constants.
    for (ir::Link* link : block->exits) {
        if (link->isExceptionLink()) {
            PyObject* cls = link->exitcase->value();
            link->llexitcase = vtableOf(cls);
            if (auto* v = ir::asVariable(link->lastException)) v->concretetype = exceptionTypeType();
            else link->lastException = vtableOf(ir::asConstant(link->lastException)->value());
            if (link->lastExcValue) link->lastExcValue->concretetype = exceptionValueType();
        } else if (link->exitcase && block->exitswitch) {
            const Repr* sw = reprOfValue(block->exitswitch);
            PyObject* c = link->exitcase->value();
            if (sw->kind == ReprKind::Bool || PyBool_Check(c))
                link->llexitcase = ctx_.boolConst(c == Py_True);
            else
                link->llexitcase = convertConst(c, sw);
        }
    }
}

// An operation whose position stands for the block (the last one with a
// position, or the graph's first), for errors in link conversions.
static ir::Operation* positionOp(ir::FunctionGraph* graph, ir::Block* block) {
    for (auto it = block->operations.rbegin(); it != block->operations.rend(); ++it)
        if ((*it)->pos.file) return *it;
    for (ir::Block* b : graph->blocks())
        for (ir::Operation* o : b->operations)
            if (o->pos.file) return o;
    return nullptr;
}

void RTyper::convertLinks(ir::FunctionGraph* graph, ir::Block* block) {
    for (ir::Link* link : block->exits) {
        std::vector<ir::Operation*> extra;
        if (!link->isExceptionLink()) {
            auto t = trailing_.find(block);
            if (t != trailing_.end()) {
                extra = std::move(t->second);
                trailing_.erase(t);
            }
        }
        for (size_t i = 0; i < link->args.size(); ++i) {
            ir::Value* v = link->args[i];
            ir::Variable* target = link->target->inputargs[i];
            if (link->target == graph->exceptblock) {
                if (auto* c = ir::asConstant(v); c && !c->isLowLevel()) {
                    link->args[i] = i == 0 ? vtableOf(c->value()) : convertConst(c->value(), reprOfValue(c));
                    continue;
                }
                if (i == 1 && v->isVariable() && ir::asVariable(v)->concretetype != exceptionValueType()) {
                    HighLevelOp h(*this, graph, nullptr);
                    link->args[i] = h.convert(v, reprOfValue(v), simpleRepr(ReprKind::Instance, exceptionValueType()));
                    for (auto* o : h.out) extra.push_back(o);
                }
                continue;
            }
            if (link->target == graph->returnblock) {
                // The return value has the graph's own result repr here;
                // applySignature converts to the signature afterwards.
            }
            const Repr* to = reprOfValue(target);
            if (v == link->lastException || v == link->lastExcValue) continue;
            const Repr* from = reprOfValue(v);
            HighLevelOp h(*this, graph, nullptr);
            h.at = positionOp(graph, block);
            link->args[i] = h.convert(v, from, to, /*down=*/true); // refined by the switch
            for (auto* o : h.out) extra.push_back(o);
        }
        if (extra.empty()) continue;
        // Conversions on a link: appended to the block when it has one exit
        // (and does not raise), else in a block of their own on the link.
        if (block->exits.size() == 1 && !block->raising) {
            for (auto* o : extra) block->operations.push_back(o);
        } else {
            std::set<ir::Variable*> defined;
            for (auto* o : extra) defined.insert(o->result);
            std::vector<ir::Variable*> ins;
            std::vector<ir::Value*> outs;
            std::map<ir::Value*, ir::Variable*> renamed;
            auto rename = [&](ir::Value* v) -> ir::Value* {
                auto* var = ir::asVariable(v);
                if (!var || defined.count(var)) return v;
                auto it = renamed.find(v);
                if (it != renamed.end()) return it->second;
                ir::Variable* nv = ctx_.arena.copyVariable(var);
                nv->concretetype = var->concretetype;
                renamed[v] = nv;
                ins.push_back(nv);
                outs.push_back(v);
                return nv;
            };
            for (auto* o : extra)
                for (auto*& a : o->args) a = rename(a);
            std::vector<ir::Value*> newArgs;
            for (auto* a : link->args) newArgs.push_back(rename(a));
            ir::Block* conv = ctx_.arena.newBlock(ins);
            conv->operations = extra;
            conv->closeBlock({ctx_.arena.newLink(newArgs, link->target)});
            link->args = outs;
            link->target = conv;
        }
    }
}

} // namespace futamura::rtyper
