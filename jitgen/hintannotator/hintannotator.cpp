//! The hint annotator (include/futamura/jitgen/hintannotator.h): the lattice,
//! the transfer function of every low-level operation, specialization of
//! called graphs, the portal's entry at its merge point, and the second
//! (greatest) fixpoint that decides which constants are green.
#include "futamura/jitgen/hintannotator.h"

#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/transform.h"
#include "futamura/python/interpreter.h"
#include "futamura/transform/backendopt.h"
#include "futamura/transform/exceptiontransform.h"

#include <algorithm>
#include <type_traits>
#include <sstream>

namespace futamura::jitgen {

// The same engine for every level: the hint annotator is one more client.
static_assert(std::is_base_of_v<annotator::TypeSystem, HintAnnotator>);

using annotator::Annotation;
using annotator::Engine;
using annotator::Position;
using ir::Opcode;
using rtyper::LowLevelType;
using rtyper::resolve;

namespace {

const HintAnnotation* asH(const Annotation* a) { return static_cast<const HintAnnotation*>(a); }

const LowLevelType* typeOf(const ir::Value* v) {
    if (const ir::Variable* var = ir::asVariable(const_cast<ir::Value*>(v)))
        return resolve(static_cast<const LowLevelType*>(var->concretetype));
    return resolve(static_cast<const LowLevelType*>(static_cast<const ir::Constant*>(v)->concretetype));
}

bool isVoid(const LowLevelType* t) { return t == rtyper::Void; }

/// The Python string of a Void constant (field names, hint kinds).
std::string voidString(const ir::Value* v) {
    const ir::Constant* c = ir::asConstant(const_cast<ir::Value*>(v));
    if (!c || !c->value() || !PyUnicode_Check(c->value())) return "";
    return py::asString(c->value());
}

bool pyFlag(const py::PyRef& func, const char* name, bool dflt) {
    if (!func) return dflt;
    py::PyRef v = py::getAttrOrNull(func.get(), name);
    if (!v) return dflt;
    return PyObject_IsTrue(v.get()) == 1;
}

/// Whether code at `pos` is the toolchain's own (futamura.rtyper's ll_*
/// helpers, the GCs), inlined into the portal.
bool isHelperSource(const ir::SourcePos& pos) {
    return pos.file && (pos.file->find("/futamura/rtyper/") != std::string::npos ||
                        pos.file->find("/futamura/memory/") != std::string::npos);
}

const ir::Operation* findMarker(const ir::FunctionGraph* g, ir::Block** blockOut, size_t* indexOut) {
    for (ir::Block* b : g->blocks())
        for (size_t i = 0; i < b->operations.size(); ++i) {
            const ir::Operation* op = b->operations[i];
            if (op->opcode == Opcode::JitMarker && voidString(op->args[0]) == "jit_merge_point") {
                if (blockOut) *blockOut = b;
                if (indexOut) *indexOut = i;
                return op;
            }
        }
    return nullptr;
}

/// The block of `g` that starts with its jit_merge_point (split there if
/// the marker was not the block's first operation).
ir::Block* mergeBlock(ir::Arena& arena, ir::FunctionGraph* g) {
    ir::Block* block = nullptr;
    size_t index = 0;
    findMarker(g, &block, &index);
    return index > 0 ? ir::splitBlockAfter(arena, block, index - 1) : block;
}

size_t driverGreens(const ir::Operation& marker) {
    const ir::Constant* c = ir::asConstant(marker.args[1]);
    py::PyRef greens = c && c->value() ? py::getAttrOrNull(c->value(), "greens") : py::PyRef();
    if (!greens || !PyList_Check(greens.get())) return 0;
    return (size_t)PyList_GET_SIZE(greens.get());
}

std::vector<std::string> driverNames(const ir::Operation& marker) {
    std::vector<std::string> names;
    const ir::Constant* c = ir::asConstant(marker.args[1]);
    for (const char* attr : {"greens", "reds"}) {
        py::PyRef l = c && c->value() ? py::getAttrOrNull(c->value(), attr) : py::PyRef();
        if (!l || !PyList_Check(l.get())) continue;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(l.get()); ++i) names.push_back(py::asString(PyList_GET_ITEM(l.get(), i)));
    }
    return names;
}

} // namespace

// --- the lattice ---------------------------------------------------------------------------------

bool HintAnnotation::isGreen() const {
    if (kind != Kind::Const) return false;
    if (isVoid(type) || eager) return true;
    if (std::all_of(origins.begin(), origins.end(), [](const Origin* o) { return o->fixed; })) return true;
    return myorigin && myorigin->greenargs;
}

std::string HintAnnotation::str() const {
    switch (kind) {
    case Kind::Bottom: return "?";
    case Kind::Var: return "R";
    case Kind::Const: break;
    }
    if (eager) return "G!";
    if (!isVoid(type) && !origins.empty() &&
        std::all_of(origins.begin(), origins.end(), [](const Origin* o) { return o->fixed; }))
        return "G=";
    return isGreen() ? "G" : "R";
}

const char* callKindName(CallKind k) {
    switch (k) {
    case CallKind::Green: return "green";
    case CallKind::Inlined: return "inlined";
    case CallKind::Residual: return "residual";
    }
    return "?";
}

HintAnnotator::HintAnnotator(rtyper::LLContext& ctx) : ctx_(ctx), engine_(*this, ctx.arena) {
    H b;
    bottom_ = intern(b);
}

HintAnnotator::~HintAnnotator() = default;

const HintAnnotation* HintAnnotator::intern(H a) {
    std::ostringstream key;
    key << (int)a.kind << '|' << (a.type ? a.type->id() : 0u) << '|' << a.eager << a.deepfrozen << a.hasConst << '|'
        << (a.myorigin ? (int64_t)a.myorigin->id : -1) << '|' << (int)a.konst.tag << ':' << a.konst.bits() << ':'
        << a.konst.aux << '|';
    for (const Origin* o : a.origins) key << o->id << ',';
    auto [it, inserted] = interned_.try_emplace(key.str(), nullptr);
    if (inserted) {
        annotations_.push_back(std::make_unique<H>(std::move(a)));
        it->second = annotations_.back().get();
    }
    return it->second;
}

const HintAnnotation* HintAnnotator::var(const LowLevelType* t, bool deepfrozen) {
    if (isVoid(t)) return cnst(t, {}, false, false, nullptr);
    H a;
    a.kind = H::Kind::Var;
    a.type = t;
    a.deepfrozen = deepfrozen;
    return intern(std::move(a));
}

const HintAnnotation* HintAnnotator::cnst(const LowLevelType* t, std::vector<Origin*> origins, bool eager,
                                          bool deepfrozen, Origin* myorigin) {
    H a;
    a.kind = H::Kind::Const;
    a.type = t;
    if (!isVoid(t)) {
        a.origins = std::move(origins);
        a.eager = eager;
        a.deepfrozen = deepfrozen;
        a.myorigin = myorigin;
    }
    return intern(std::move(a));
}

std::vector<Origin*> HintAnnotator::unite(const std::vector<Origin*>& a, const std::vector<Origin*>& b) {
    std::vector<Origin*> r;
    r.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(r),
                   [](const Origin* x, const Origin* y) { return x->id < y->id; });
    return r;
}

Origin* HintAnnotator::opOrigin(const Position& p) {
    auto key = std::make_pair(p.graph->id(), std::make_pair(p.block->id(), p.opIndex));
    auto [it, inserted] = opOrigins_.try_emplace(key, nullptr);
    if (inserted) {
        Origin& o = origins_.emplace_back();
        o.id = (uint32_t)origins_.size();
        o.graph = p.graph;
        o.op = p.block->operations[p.opIndex];
        originOfOp_[o.op] = &o;
        it->second = &o;
    }
    return it->second;
}

Origin* HintAnnotator::inputOrigin(ir::FunctionGraph* g, int i) {
    auto [it, inserted] = inputOrigins_.try_emplace(std::make_pair(g->id(), i), nullptr);
    if (inserted) {
        Origin& o = origins_.emplace_back();
        o.id = (uint32_t)origins_.size();
        o.graph = g;
        o.argIndex = i;
        it->second = &o;
    }
    return it->second;
}

bool HintAnnotator::readFixed(Origin* o) {
    o->readers.insert(engine_.position());
    return o->fixed;
}

void HintAnnotator::setFixed(const H* h) {
    for (Origin* o : h->origins) {
        if (o->fixed) continue;
        o->fixed = true;
        for (const Position& p : o->readers) engine_.reflowFrom(p);
    }
}

const Annotation* HintAnnotator::join(const Annotation* a0, const Annotation* b0) {
    const H* a = asH(a0);
    const H* b = asH(b0);
    if (a->kind == H::Kind::Bottom) return b;
    if (b->kind == H::Kind::Bottom) return a;
    const LowLevelType* t = a->type;
    if (isVoid(t)) return a;
    if (a->kind == H::Kind::Var && b->kind == H::Kind::Var) return var(t, a->deepfrozen && b->deepfrozen);
    if (a->kind == H::Kind::Const && b->kind == H::Kind::Const) {
        H r;
        r.kind = H::Kind::Const;
        r.type = t;
        r.origins = unite(a->origins, b->origins);
        r.eager = a->eager && b->eager;
        r.deepfrozen = a->deepfrozen && b->deepfrozen;
        r.myorigin = a->myorigin == b->myorigin ? a->myorigin : nullptr;
        if (a->hasConst && b->hasConst && a->konst == b->konst) {
            r.hasConst = true;
            r.konst = a->konst;
        }
        return intern(std::move(r));
    }
    const H* c = a->kind == H::Kind::Const ? a : b;
    // (an operation of the toolchain's helpers whose input turned red: see joinOnLink)
    if (c->eager && !joiningLink_) {
        const Position& p = engine_.position();
        if (p.block && p.opIndex >= 0 && (size_t)p.opIndex < p.block->operations.size() &&
            isHelperSource(p.block->operations[(size_t)p.opIndex]->pos))
            return var(t, a->deepfrozen && b->deepfrozen);
    }
    if (c->eager)
        throw HintError("a compile-time value (from hint(concrete=True) or a green of the JitDriver) "
                        "meets a red value");
    return var(t, a->deepfrozen && b->deepfrozen);
}

bool HintAnnotator::contains(const Annotation* big0, const Annotation* small0) {
    const H* big = asH(big0);
    const H* small = asH(small0);
    if (small->kind == H::Kind::Bottom) return true;
    if (big->kind == H::Kind::Bottom) return false;
    if (big == small) return true;
    if (big->deepfrozen && !small->deepfrozen) return false;
    if (big->kind == H::Kind::Var) return small->kind == H::Kind::Var || !small->eager;
    if (small->kind == H::Kind::Var) return false;
    if (isVoid(big->type)) return true;
    if (!std::includes(big->origins.begin(), big->origins.end(), small->origins.begin(), small->origins.end(),
                       [](const Origin* x, const Origin* y) { return x->id < y->id; }))
        return false;
    if (big->eager && !small->eager) return false;
    if (big->myorigin && big->myorigin != small->myorigin) return false;
    if (big->hasConst && !(small->hasConst && small->konst == big->konst)) return false;
    return true;
}

const Annotation* HintAnnotator::constant(const ir::Constant* c) {
    const LowLevelType* t = typeOf(c);
    H a;
    a.kind = H::Kind::Const;
    a.type = t;
    if (!isVoid(t)) {
        a.hasConst = true;
        a.konst = c->llvalue;
        // null pointers are deep-frozen: nothing can be written through them
        if (t && t->kind() == rtyper::TypeKind::Ptr && c->llvalue.tag == ir::LLValue::Tag::Ptr && !c->llvalue.p)
            a.deepfrozen = true;
    }
    return intern(std::move(a));
}

bool HintAnnotator::mayNeverReturn(const ir::Operation& op) {
    return op.opcode == Opcode::DirectCall || op.opcode == Opcode::IndirectCall;
}

bool HintAnnotator::exitPossible(const Annotation* switchValue, const ir::Link& link) {
    const H* s = asH(switchValue);
    if (!s->hasConst || !link.llexitcase) return true;
    return link.llexitcase->llvalue.i == s->konst.i;
}

std::pair<const Annotation*, const Annotation*>
HintAnnotator::caughtException(Engine&, const ir::Operation&, const ir::Link& link) {
    // (the analysed graphs are exception-transformed: no exception links)
    return {var(typeOf(link.lastException)), var(typeOf(link.lastExcValue))};
}

/// In the toolchain's own helpers (inlined into the portal: ll_setitem's
/// `index += length` for a negative index), a compile-time value of the
/// program may meet a red value: the helper's variable is red, the
/// program's value stays green. In the program's code it is an error.
const Annotation* HintAnnotator::joinOnLink(const Annotation* a, const Annotation* b, const ir::Link& link,
                                            size_t argIndex) {
    joiningLink_ = true;
    try {
        const Annotation* r = join(a, b);
        joiningLink_ = false;
        return r;
    } catch (const HintError&) {
        joiningLink_ = false;
        if (!isHelperSource(link.pos)) throw;
        (void)argIndex;
        return var(asH(a)->type, asH(a)->deepfrozen && asH(b)->deepfrozen);
    }
}

void HintAnnotator::onUnionError(Engine& engine, const ir::Link& link, size_t argIndex) {
    auto at = [](const ir::Link* l) {
        return l && l->pos.file ? flow::displayPath(*l->pos.file) + ":" + std::to_string(l->pos.line)
                                : std::string("?");
    };
    const ir::Variable* target = link.target->inputargs[argIndex];
    // the other side is the binding the join started from (its first link)
    const ir::Link* other = engine.firstLinkTo(target);
    bool oldRed = engine.hasBinding(target) && asH(engine.binding(target))->kind == H::Kind::Var;
    const ir::Link* redLink = oldRed && other ? other : &link;
    const ir::Link* greenLink = oldRed ? &link : other;
    const ir::FunctionGraph* g = nullptr;
    for (ir::FunctionGraph* c : copies_)
        for (ir::Block* b : c->blocks())
            if (b == link.target) g = c;
    std::string why;
    if (g && redLink) why = ": it depends on " + explainRed(g, redLink->args[argIndex]);
    throw HintError(at(redLink) + ": `" + target->name() + "` is red on this path" + why +
                    "\n  but a compile-time value (hint(concrete=True) or a green of the JitDriver) on the path at " +
                    at(greenLink) + ": promote() the red value, or make it depend on greens only");
}

// --- transfer functions --------------------------------------------------------------------------

const Annotation* HintAnnotator::transfer(Engine& engine, const ir::Operation& op,
                                          const std::vector<const Annotation*>& args0) {
    (void)engine;
    Args args;
    args.reserve(args0.size());
    for (const Annotation* a : args0) args.push_back(asH(a));
    const LowLevelType* t = op.result ? typeOf(op.result) : rtyper::Void;
    switch (op.opcode) {
    case Opcode::Hint: return hint(op, args, t);
    case Opcode::JitMarker: jitMarker(op, args); return var(rtyper::Void);
    case Opcode::JitWeAreJitted: {
        // the generating extension only ever runs the jitted branch
        H a;
        a.kind = H::Kind::Const;
        a.type = t;
        a.hasConst = true;
        a.konst = ir::LLValue::integer(1);
        return intern(std::move(a));
    }
    case Opcode::DirectCall:
    case Opcode::IndirectCall: return call(op, args, t);
    case Opcode::Getfield:
    case Opcode::Getarrayitem:
    case Opcode::Getarraysize:
    case Opcode::Getsubstruct:
    case Opcode::Getarraysubstruct:
    case Opcode::CastPointer: return memoryRead(op, args, t);
    case Opcode::Malloc:
    case Opcode::MallocVarsize:
    case Opcode::RawMalloc:
    case Opcode::RawLoad:
    case Opcode::IdentityHash: return var(t);
    default: break;
    }
    if (ir::hasSideEffects(op.opcode)) return var(t); // stores, frees, ...: Void
    if (ir::isPure(op.opcode) && ir::isLowLevel(op.opcode)) return pureOp(op, args, t);
    if (op.opcode == Opcode::SameAs) return pureOp(op, args, t);
    throw HintError(where(engine_.position()) + ": the JIT generator does not know the operation `" +
                    std::string(ir::opName(op.opcode)) + "`");
}

const HintAnnotation* HintAnnotator::pureOp(const ir::Operation&, const Args& args, const LowLevelType* t) {
    std::vector<Origin*> origins;
    bool eager = false;
    for (const H* a : args) {
        if (a->kind == H::Kind::Var) return var(t);
        origins = unite(origins, a->origins);
        eager = eager || a->eager;
    }
    Origin* my = opOrigin(engine_.position());
    origins = unite(origins, {my});
    return cnst(t, std::move(origins), eager, false, my);
}

bool HintAnnotator::isImmutableRead(const ir::Operation& op) const {
    const auto* ptr = rtyper::asType<rtyper::Ptr>(typeOf(op.args[0]));
    if (!ptr) return false;
    const LowLevelType* to = resolve(ptr->to());
    if (op.opcode == Opcode::Getfield) {
        const auto* s = rtyper::asType<rtyper::Struct>(to);
        return s && rtyper::isImmutableField(s, voidString(op.args[1]));
    }
    if (op.opcode == Opcode::Getarrayitem) {
        const auto* a = rtyper::asType<rtyper::Array>(to);
        return a && rtyper::isImmutableArray(a);
    }
    return false;
}

const HintAnnotation* HintAnnotator::memoryRead(const ir::Operation& op, const Args& args, const LowLevelType* t) {
    const H* p = args[0];
    if (p->kind == H::Kind::Var) return var(t, p->deepfrozen);
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i]->kind == H::Kind::Var) return var(t, p->deepfrozen);
    bool foldable = op.opcode == Opcode::Getsubstruct || op.opcode == Opcode::Getarraysubstruct ||
                    op.opcode == Opcode::CastPointer ||
                    op.opcode == Opcode::Getarraysize || // (an array's length never changes)
                    p->deepfrozen || isImmutableRead(op);
    if (!foldable) return var(t, p->deepfrozen);
    std::vector<Origin*> origins;
    for (const H* a : args) origins = unite(origins, a->origins);
    Origin* my = opOrigin(engine_.position());
    origins = unite(origins, {my});
    return cnst(t, std::move(origins), p->eager, p->deepfrozen, my);
}

const HintAnnotation* HintAnnotator::hint(const ir::Operation& op, const Args& args, const LowLevelType* t) {
    std::string kind = voidString(op.args[1]);
    if (kind == "promote") return cnst(t, {}, false, false, nullptr);
    if (kind != "concrete")
        throw HintError(where(engine_.position()) + ": unknown hint '" + kind + "' (expected concrete or promote)");
    if (args[0]->kind == H::Kind::Var) redError(op, op.args[0], "hint(concrete=True)");
    setFixed(args[0]);
    Origin* my = opOrigin(engine_.position());
    return cnst(t, {my}, true, args[0]->deepfrozen, my);
}

void HintAnnotator::jitMarker(const ir::Operation& op, const Args& args) {
    size_t greens = driverGreens(op);
    std::vector<std::string> names = driverNames(op);
    for (size_t i = 0; i < greens && 2 + i < args.size(); ++i) {
        if (args[2 + i]->kind == H::Kind::Var)
            redError(op, op.args[2 + i],
                     "the green `" + (i < names.size() ? names[i] : "?") + "` of " + voidString(op.args[0]) + "()");
        setFixed(args[2 + i]);
    }
}

bool HintAnnotator::lookInside(const ir::FunctionGraph* g) const {
    if (!pyFlag(g->func, "_jit_look_inside_", true)) return false;
    if (pyFlag(g->func, "_elidable_function_", false)) return false;
    if (g == portal_ || findMarker(g, nullptr, nullptr)) return false; // recursion into the portal
    return true;
}

bool HintAnnotator::isPure(const ir::FunctionGraph* g) {
    if (pyFlag(g->func, "_elidable_function_", false)) return true;
    auto it = pure_.find(g);
    if (it != pure_.end()) return it->second;
    pure_[g] = false; // (recursion: impure until shown otherwise, as PyPy)
    bool pure = true;
    for (ir::Block* b : g->blocks()) {
        if (b == g->exceptblock && !b->inputargs.empty() && pure) {
            // linking to the exceptblock is raising (before the exception transform)
            for (ir::Link* l : g->links())
                if (l->target == g->exceptblock) pure = false;
        }
        for (const ir::Operation* op : b->operations) {
            if (!pure) break;
            switch (op->opcode) {
            case Opcode::Getfield:
            case Opcode::Getarrayitem:
                if (!isImmutableRead(*op)) pure = false;
                break;
            case Opcode::Getarraysize:
            case Opcode::Getsubstruct:
            case Opcode::Getarraysubstruct:
            case Opcode::CastPointer:
            case Opcode::Hint:
            case Opcode::JitWeAreJitted: break;
            case Opcode::DirectCall: {
                const ir::FunctionGraph* callee = rtyper::LLContext::graphOf(ir::asConstant(op->args[0]));
                if (!callee || !isPure(callee)) pure = false;
                break;
            }
            default:
                if (!ir::isPure(op->opcode) || !ir::isLowLevel(op->opcode)) pure = false;
                // (implicitly raising operations set exc_data: impure)
                if (ir::implicitRaises(op->opcode)) pure = false;
            }
        }
    }
    pure_[g] = pure;
    return pure;
}

std::string HintAnnotator::specializationKey(bool fixed, const Args& args) const {
    if (fixed) return "fixed";
    std::string key;
    bool special = false;
    for (const H* a : args) {
        if (a->kind == H::Kind::Var) {
            key += 'v';
            special = true;
        } else if (a->eager) {
            key += 'E';
            special = true;
        } else {
            key += 'x';
        }
        if (a->deepfrozen) {
            key += 'D';
            special = true;
        } else {
            key += 'x';
        }
    }
    return special ? key : "";
}

ir::FunctionGraph* HintAnnotator::specialize(const ir::FunctionGraph* g, const std::string& key) {
    auto it = descs_.try_emplace(g, GraphDesc{g, {}}).first;
    auto found = it->second.byKey.find(key);
    if (found != it->second.byKey.end()) return found->second;
    ir::FunctionGraph* copy = ir::copyGraph(ctx_.arena, *g, key.empty() ? g->name : g->name + "_H" + key);
    it->second.byKey[key] = copy;
    originalOf_[copy] = g;
    keyOf_[copy] = key;
    copies_.push_back(copy);
    return copy;
}

const HintAnnotation* HintAnnotator::call(const ir::Operation& op, const Args& args, const LowLevelType* t) {
    Position here = engine_.position();
    Args callArgs(args.begin() + 1, args.end() - (op.opcode == Opcode::IndirectCall ? 1 : 0));
    std::vector<const ir::FunctionGraph*> targets;
    if (op.opcode == Opcode::DirectCall) {
        const ir::FunctionGraph* g = rtyper::LLContext::graphOf(ir::asConstant(op.args[0]));
        if (!g) return var(t); // an external function: residual
        targets.push_back(g);
    } else {
        const auto* graphs = ctx_.calleeGraphs(&op);
        if (!graphs || graphs->empty()) return var(t);
        targets = *graphs;
    }
    // not followed: green if elidable with green arguments, else residual
    // (with the followed calls inlined first, what is left is not followed:
    // recursion, or too large)
    bool follow = followCalls_ &&
                  std::all_of(targets.begin(), targets.end(), [&](const ir::FunctionGraph* g) { return lookInside(g); });
    if (!follow) {
        bool elidable = std::all_of(targets.begin(), targets.end(), [&](const ir::FunctionGraph* g) {
            return pyFlag(g->func, "_elidable_function_", false);
        });
        if (!elidable || args[0]->kind == H::Kind::Var) return var(t);
        std::vector<Origin*> origins;
        for (const H* a : callArgs) {
            if (a->kind == H::Kind::Var) return var(t);
            origins = unite(origins, a->origins);
        }
        Origin* my = opOrigin(here);
        origins = unite(origins, {my});
        return cnst(t, std::move(origins), false, false, my);
    }
    Origin* my = opOrigin(here);
    my->isCall = true;
    bool fixed = readFixed(my);
    std::string key = specializationKey(fixed, callArgs);
    const H* result = bottom_;
    for (const ir::FunctionGraph* g : targets) {
        ir::FunctionGraph* copy = specialize(g, key);
        if (std::find(my->callees.begin(), my->callees.end(), copy) == my->callees.end()) my->callees.push_back(copy);
        if (op.opcode == Opcode::DirectCall) calledCopy_[&op] = copy;
        std::vector<const Annotation*> inputs;
        for (size_t i = 0; i < callArgs.size(); ++i) {
            const H* a = callArgs[i];
            if (a->kind != H::Kind::Const || isVoid(a->type)) {
                inputs.push_back(a);
                continue;
            }
            Origin* in = inputOrigin(copy, (int)i);
            // a callee that needs this argument green makes the caller's green
            if (readFixed(in)) setFixed(a);
            inputs.push_back(cnst(a->type, {in}, a->eager, a->deepfrozen, in));
        }
        const H* res = asH(engine_.call(copy, inputs));
        if (res->kind == H::Kind::Const && !isVoid(res->type)) {
            std::vector<Origin*> origins{my};
            for (size_t i = 0; i < callArgs.size(); ++i) {
                const H* a = callArgs[i];
                if (a->kind != H::Kind::Const || isVoid(a->type)) continue;
                Origin* in = inputOrigin(copy, (int)i);
                if (std::binary_search(res->origins.begin(), res->origins.end(), in,
                                       [](const Origin* x, const Origin* y) { return x->id < y->id; }))
                    origins = unite(origins, a->origins);
            }
            if (fixed) origins = unite(origins, res->origins);
            if (args[0]->kind == H::Kind::Var) res = var(t); // a red callable: a red result
            else res = cnst(t, std::move(origins), res->eager, res->deepfrozen, my);
        }
        result = asH(join(result, res));
    }
    return result;
}

// --- the portal ----------------------------------------------------------------------------------

/// Why a variable live at the merge point that the driver does not name is
/// an error (a temporary has no name of the program's: a for loop's iterator).
std::string liveNotDeclared(const ir::Variable* live) {
    if (live->name() == "v")
        return "a value the loop keeps that is no variable of the program (the iterator of a for loop, or a "
               "temporary) is live at jit_merge_point(): write the dispatch loop as `while True:` with all its "
               "state in the JitDriver's greens and reds";
    return "`" + live->name() + "` is live at jit_merge_point() but is neither a green nor a red of the JitDriver";
}

ir::FunctionGraph* HintAnnotator::buildEntry(const ir::FunctionGraph* portal) {
    ir::FunctionGraph* g = ir::copyGraph(ctx_.arena, *portal, portal->name);
    ir::Block* block = mergeBlock(ctx_.arena, g);
    const ir::Operation* marker = block->operations[0];
    std::vector<std::string> allNames = driverNames(*marker);
    size_t allGreens = driverGreens(*marker);
    std::string at = where(g, marker);
    // the entry block takes the greens and reds and jumps to the merge point
    // (a driver variable that is a constant there — never changed — is none
    // of its inputs: the graph uses the constant)
    std::vector<ir::Variable*> inputs;
    std::vector<ir::Value*> declared;
    std::vector<std::string> names;
    greens_ = 0;
    for (size_t i = 2; i < marker->args.size(); ++i) {
        if (ir::asConstant(marker->args[i])) continue;
        declared.push_back(marker->args[i]);
        names.push_back(i - 2 < allNames.size() ? allNames[i - 2] : "v");
        if (i - 2 < allGreens) ++greens_;
    }
    for (size_t i = 0; i < declared.size(); ++i) {
        ir::Variable* v = ctx_.arena.newVariable(names[i]);
        v->concretetype = typeOf(declared[i]);
        inputs.push_back(v);
    }
    std::vector<ir::Value*> linkArgs;
    for (ir::Variable* live : block->inputargs) {
        auto it = std::find(declared.begin(), declared.end(), live);
        if (it == declared.end())
            throw HintError(at + ": " + liveNotDeclared(live));
        linkArgs.push_back(inputs[it - declared.begin()]);
    }
    ir::Block* start = ctx_.arena.newBlock(inputs);
    start->closeBlock({ctx_.arena.newLink(linkArgs, block)});
    g->startblock = start;
    g->argnames = names;
    return g;
}

void HintAnnotator::annotate(const std::vector<ir::FunctionGraph*>& graphs, const Options& options) {
    std::vector<const ir::FunctionGraph*> portals;
    for (const ir::FunctionGraph* g : graphs)
        if (findMarker(g, nullptr, nullptr)) portals.push_back(g);
    if (portals.empty())
        throw HintError(where(graphs.empty() ? nullptr : graphs.front(), nullptr) +
                        ": the program has no jit_merge_point(): nothing to make a JIT of "
                        "(see futamura.rlib.jit.JitDriver)");
    if (portals.size() > 1)
        throw HintError(where(portals[1], findMarker(portals[1], nullptr, nullptr)) +
                        ": a second jit_merge_point() (the first is in " + portals[0]->name +
                        "): one portal per program");
    {
        std::vector<const ir::Operation*> markers;
        for (const ir::Block* b : portals[0]->blocks())
            for (const ir::Operation* op : b->operations)
                if (op->opcode == Opcode::JitMarker && voidString(op->args[0]) == "jit_merge_point") markers.push_back(op);
        if (markers.size() > 1) {
            std::sort(markers.begin(), markers.end(),
                      [](const ir::Operation* a, const ir::Operation* b) { return a->pos.line < b->pos.line; });
            throw HintError(where(portals[0], markers[1]) + ": a second jit_merge_point() in " + portals[0]->name +
                            " (the first is at " + where(portals[0], markers[0]) +
                            "): one merge point per portal, at the head of its dispatch loop");
        }
    }
    portal_ = portals[0];
    entry_ = buildEntry(portal_);
    greenArgs_.assign(entry_->startblock->inputargs.size(), false);
    for (size_t i = 0; i < greens_; ++i) greenArgs_[i] = true;
    {
        // the fallback: the portal entered at its merge point, left alone
        mergeEntry_ = buildEntry(portal_);
        mergeEntry_->name = portal_->name + "_from_merge_point";
    }
    if (options.functionEntry) {
        // the whole portal: its arguments named as greens of the driver are green
        ir::FunctionGraph* g = ir::copyGraph(ctx_.arena, *portal_, portal_->name);
        ir::Block* block = mergeBlock(ctx_.arena, g);
        const ir::Operation* marker = block->operations[0];
        std::vector<ir::Value*> declared(marker->args.begin() + 2, marker->args.end());
        for (ir::Variable* live : block->inputargs)
            if (std::find(declared.begin(), declared.end(), live) == declared.end())
                throw HintError(where(g, marker) + ": " + liveNotDeclared(live));
        std::vector<std::string> names = driverNames(*marker);
        size_t ng = driverGreens(*marker);
        greenArgs_.assign(g->startblock->inputargs.size(), false);
        greens_ = 0;
        for (size_t i = 0; i < g->argnames.size() && i < greenArgs_.size(); ++i)
            if (std::find(names.begin(), names.begin() + (long)std::min(ng, names.size()), g->argnames[i]) !=
                names.begin() + (long)std::min(ng, names.size())) {
                greenArgs_[i] = true;
                ++greens_;
            }
        entry_ = g;
        // (the merge-point entry above only serves as the fallback)
    }
    if (options.inlineFollowed) {
        inlineFollowed(entry_, graphs);
        followCalls_ = false;
    }
    {
        // where the fallback's arguments are among the merge block's inputs
        ir::Block* mb = mergeBlock(ctx_.arena, entry_);
        const ir::Operation* marker = mb->operations[0];
        mergeOrder_.clear();
        for (size_t k = 2; k < marker->args.size(); ++k) {
            if (ir::asConstant(marker->args[k])) continue; // (not an input of the fallback)
            auto it = std::find(mb->inputargs.begin(), mb->inputargs.end(), marker->args[k]);
            if (it == mb->inputargs.end())
                throw HintError(where(entry_, marker) + ": the " + std::to_string(k - 1) +
                                "th variable passed to jit_merge_point() is not live there");
            mergeOrder_.push_back((size_t)(it - mb->inputargs.begin()));
        }
    }
    descs_[portal_].original = portal_;
    descs_[portal_].byKey["portal"] = entry_;
    originalOf_[entry_] = portal_;
    keyOf_[entry_] = "portal";
    copies_.push_back(entry_);
    std::vector<const Annotation*> args;
    for (size_t i = 0; i < entry_->startblock->inputargs.size(); ++i) {
        const LowLevelType* t = typeOf(entry_->startblock->inputargs[i]);
        if (greenArgs_[i]) {
            Origin* in = inputOrigin(entry_, (int)i);
            in->fixed = true;
            args.push_back(cnst(t, {in}, false, false, nullptr));
        } else {
            args.push_back(var(t));
        }
    }
    engine_.addEntryPoint(entry_, args);
    try {
        engine_.complete();
    } catch (const annotator::BlockedError& e) {
        throw HintError(where(e.where) + ": the hint annotator is blocked here: " + e.what());
    }
    // the residual code of the portal returns a run-time value
    forcedRed_.insert(entry_->returnblock->inputargs[0]);
    computeGreenArgs();
    for (ir::FunctionGraph* g : copies_) findVirtualCandidates(g);
}

/// PyPy's compute_at_fixpoint: the greatest set of origins whose inputs are
/// all green. A call's result depends on its callee's return value unless the
/// whole call is green; a callee's input argument on every caller's argument.
void HintAnnotator::computeGreenArgs() {
    std::vector<Origin*> all;
    for (Origin& o : origins_) {
        o.greenargs = true;
        all.push_back(&o);
    }
    std::map<const Origin*, std::vector<const ir::Value*>> deps;
    for (Origin* o : all) {
        if (!o->op) {
            if (o->graph == entry_) o->greenargs = false; // green only if fixed
            continue;
        }
        size_t first = 0, last = o->op->args.size();
        if (o->isCall) {
            // A call's result does not depend on its arguments directly
            // (PyPy's CallOpOriginFlags): they flow into the callees' input
            // origins, and the result depends on what the callees return, so
            // a followed call with red arguments can still give a green
            // result (a "yellow" call).
            first = 1;
            if (o->op->opcode == Opcode::IndirectCall) last -= 1;
            for (ir::FunctionGraph* callee : o->callees)
                for (size_t i = first; i < last; ++i)
                    deps[inputOrigin(callee, (int)(i - first))].push_back(o->op->args[i]);
            if (o->op->opcode == Opcode::IndirectCall) deps[o].push_back(o->op->args[0]);
            continue;
        }
        for (size_t i = first; i < last; ++i) deps[o].push_back(o->op->args[i]);
    }
    // block inputs outside loops: green when every value reaching them is
    greenJoins_.clear();
    std::map<const ir::Variable*, std::vector<const ir::Value*>> joinDeps;
    for (ir::FunctionGraph* g : copies_) {
        std::set<const ir::Block*> headers, onPath, done;
        std::function<void(const ir::Block*)> dfs = [&](const ir::Block* b) {
            onPath.insert(b);
            for (const ir::Link* l : b->exits) {
                if (onPath.count(l->target)) headers.insert(l->target);
                else if (!done.count(l->target)) dfs(l->target);
            }
            onPath.erase(b);
            done.insert(b);
        };
        dfs(g->startblock);
        for (const ir::Link* l : g->links()) {
            if (headers.count(l->target) || l->target == g->startblock) continue;
            for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i) {
                const ir::Variable* v = l->target->inputargs[i];
                if (forcedRed_.count(v) || annotationOf(v)->kind != H::Kind::Const) continue;
                greenJoins_.insert(v);
                joinDeps[v].push_back(l->args[i]);
            }
        }
    }
    auto green = [&](const ir::Value* v) { return isGreen(v); };
    bool progress = true;
    while (progress) {
        progress = false;
        for (Origin* o : all) {
            if (!o->greenargs) continue;
            bool ok = true;
            auto it = deps.find(o);
            if (it != deps.end()) ok = std::all_of(it->second.begin(), it->second.end(), green);
            // a call that is not green as a whole gives what its callees return
            if (ok && o->isCall && !isGreenCall(*o))
                    for (ir::FunctionGraph* c : o->callees)
                        if (!green(c->returnblock->inputargs[0])) ok = false;
            if (!ok) {
                o->greenargs = false;
                progress = true;
            }
        }
        for (auto& [v, incoming] : joinDeps) {
            if (!greenJoins_.count(v)) continue;
            if (!std::all_of(incoming.begin(), incoming.end(), green)) {
                greenJoins_.erase(v);
                progress = true;
            }
        }
    }
}

/// Escape analysis of the allocations of one graph, for the research view:
/// an allocation escapes when a pointer to it is stored into another
/// object, passed to a call, returned or raised, or used by an operation
/// other than reading and writing its own fields, casting and comparing.
void HintAnnotator::findVirtualCandidates(const ir::FunctionGraph* g) {
    std::unordered_map<const ir::Variable*, const ir::Block*> blockOf;
    std::unordered_map<const ir::Variable*, std::vector<std::pair<const ir::Operation*, size_t>>> uses;
    std::unordered_map<const ir::Variable*, std::vector<std::pair<const ir::Link*, size_t>>> passed;
    for (const ir::Block* b : g->blocks()) {
        for (const ir::Variable* v : b->inputargs) blockOf[v] = b;
        for (const ir::Operation* op : b->operations) {
            if (op->result) blockOf[op->result] = b;
            for (size_t i = 0; i < op->args.size(); ++i)
                if (const ir::Variable* v = ir::asVariable(op->args[i])) uses[v].push_back({op, i});
        }
        for (const ir::Link* l : b->exits)
            for (size_t i = 0; i < l->args.size(); ++i)
                if (const ir::Variable* v = ir::asVariable(l->args[i])) passed[v].push_back({l, i});
    }
    struct Alloc {
        std::vector<const ir::Variable*> family;
        std::vector<const ir::Variable*> storedInto; // containers it is stored into
        bool escapes = false;
    };
    std::vector<Alloc> allocs;
    for (const ir::Block* b : g->blocks())
        for (const ir::Operation* op : b->operations) {
            if (op->opcode != Opcode::Malloc && op->opcode != Opcode::MallocVarsize) continue;
            Alloc a;
            a.family = {op->result};
            std::vector<const ir::Variable*> work{op->result};
            while (!work.empty() && !a.escapes) {
                const ir::Variable* v = work.back();
                work.pop_back();
                auto join = [&](const ir::Variable* w) {
                    if (std::find(a.family.begin(), a.family.end(), w) == a.family.end()) {
                        a.family.push_back(w);
                        work.push_back(w);
                    }
                };
                for (auto [use, i] : uses[v]) {
                    switch (use->opcode) {
                    case Opcode::CastPointer:
                    case Opcode::SameAs:
                    case Opcode::Getsubstruct:
                    case Opcode::Getarraysubstruct: join(use->result); break;
                    case Opcode::Getfield:
                    case Opcode::Getarrayitem:
                    case Opcode::Getarraysize:
                    case Opcode::PtrNonZero:
                    case Opcode::PtrIsZero:
                    case Opcode::PtrEq:
                    case Opcode::PtrNe:
                    case Opcode::JitMarker: break;
                    case Opcode::Setfield:
                    case Opcode::Setarrayitem:
                        // stored into another object: fine while that one stays virtual
                        if (i != 0) a.storedInto.push_back(ir::asVariable(use->args[0]));
                        break;
                    default: a.escapes = true;
                    }
                }
                for (auto [l, i] : passed[v]) {
                    if (l->target == g->returnblock || l->target == g->exceptblock) a.escapes = true;
                    else join(l->target->inputargs[i]);
                }
            }
            allocs.push_back(std::move(a));
        }
    // stored into an object that escapes: escapes too (to a fixpoint)
    for (bool changed = true; changed;) {
        changed = false;
        std::set<const ir::Variable*> virtuals;
        for (const Alloc& a : allocs)
            if (!a.escapes) virtuals.insert(a.family.begin(), a.family.end());
        for (Alloc& a : allocs) {
            if (a.escapes) continue;
            for (const ir::Variable* c : a.storedInto)
                if (!c || !virtuals.count(c)) {
                    a.escapes = true;
                    changed = true;
                    break;
                }
        }
    }
    for (const Alloc& a : allocs)
        if (!a.escapes) virtualCandidates_.insert(a.family.begin(), a.family.end());
}

// --- queries -------------------------------------------------------------------------------------

const ir::FunctionGraph* HintAnnotator::originalOf(const ir::FunctionGraph* copy) const {
    auto it = originalOf_.find(copy);
    return it == originalOf_.end() ? nullptr : it->second;
}

const std::string& HintAnnotator::keyOf(const ir::FunctionGraph* copy) const {
    static const std::string none;
    auto it = keyOf_.find(copy);
    return it == keyOf_.end() ? none : it->second;
}

const HintAnnotation* HintAnnotator::annotationOf(const ir::Value* v) {
    if (const ir::Variable* var_ = ir::asVariable(const_cast<ir::Value*>(v))) {
        if (forcedRed_.count(var_)) return var(typeOf(v));
        if (!engine_.hasBinding(var_)) return bottom_;
    }
    return asH(engine_.binding(v));
}

bool HintAnnotator::isGreen(const ir::Value* v) {
    if (const ir::Variable* var_ = ir::asVariable(const_cast<ir::Value*>(v)); var_ && greenJoins_.count(var_)) return true;
    return annotationOf(v)->isGreen();
}

std::string HintAnnotator::colourOf(const ir::Value* v) {
    if (const ir::Variable* var_ = ir::asVariable(const_cast<ir::Value*>(v)); var_ && virtualCandidates_.count(var_))
        return "B";
    const H* a = annotationOf(v);
    if (a->kind == H::Kind::Const && !a->isGreen() && isGreen(v)) return "G";
    return a->str();
}

void HintAnnotator::inlineFollowed(ir::FunctionGraph* g, const std::vector<ir::FunctionGraph*>& graphs) {
    std::set<const ir::FunctionGraph*> recursive = transform::recursiveGraphs(ctx_, graphs);
    for (int round = 0; round < 64; ++round) {
        devirtualize(g);
        std::set<const ir::FunctionGraph*> callees;
        size_t size = 0;
        for (ir::Block* b : g->blocks())
            for (const ir::Operation* op : b->operations) {
                ++size;
                if (op->opcode != Opcode::DirectCall) continue;
                const ir::FunctionGraph* c = rtyper::LLContext::graphOf(ir::asConstant(op->args[0]));
                if (c && c != g && lookInside(c) && !recursive.count(c)) callees.insert(c);
            }
        if (callees.empty() || size > 40000) break;
        transform::inlineFastPaths(ctx_, {g}, callees);
    }
    transform::cleanupGraphs({g});
    // what the inlined helpers allocated and the caller only read (a tuple
    // of results) becomes variables: green values stay green through it
    transform::removeMallocs(ctx_, {g});
}

/// An indirect call whose few targets the analysis follows becomes a chain
/// of tests of the function pointer and direct calls (inlined next): with
/// the pointer known at compile time (promote() of an object's class), the
/// generating extension takes one of them and nothing is left of the dispatch.
void HintAnnotator::devirtualize(ir::FunctionGraph* g) {
    for (bool changed = true; changed;) {
        changed = false;
        for (ir::Block* b : g->blocks()) {
            for (size_t i = 0; i < b->operations.size() && !changed; ++i) {
                ir::Operation* op = b->operations[i];
                if (op->opcode != Opcode::IndirectCall) continue;
                const auto* targets = ctx_.calleeGraphs(op);
                if (!targets || targets->empty() || targets->size() > 8) continue;
                if (!std::all_of(targets->begin(), targets->end(), [&](const ir::FunctionGraph* t) { return lookInside(t); }))
                    continue;
                ir::Block* after = ir::splitBlockAfter(ctx_.arena, b, i);
                b->operations.pop_back();
                ir::Link* toAfter = b->exits[0];
                std::vector<ir::Value*> carry;
                auto need = [&](ir::Value* v) {
                    if (v->isVariable() && v != op->result && std::find(carry.begin(), carry.end(), v) == carry.end())
                        carry.push_back(v);
                };
                for (size_t k = 0; k + 1 < op->args.size(); ++k) need(op->args[k]);
                for (ir::Value* v : toAfter->args) need(v);
                const auto* fnType = rtyper::asType<rtyper::Ptr>(typeOf(op->args[0]));
                const auto* ft = rtyper::asType<rtyper::FuncType>(resolve(fnType->to()));
                auto fresh = [&](std::unordered_map<const ir::Value*, ir::Value*>& map) {
                    std::vector<ir::Variable*> ins;
                    for (ir::Value* v : carry) {
                        ir::Variable* c = ctx_.arena.copyVariable(static_cast<ir::Variable*>(v));
                        c->concretetype = static_cast<ir::Variable*>(v)->concretetype;
                        map[v] = c;
                        ins.push_back(c);
                    }
                    return ctx_.arena.newBlock(ins);
                };
                auto mapped = [&](std::unordered_map<const ir::Value*, ir::Value*>& map, ir::Value* v) {
                    auto it = map.find(v);
                    return it == map.end() ? v : it->second;
                };
                ir::Link* pending = nullptr; // the link to the next test or call block
                std::vector<ir::Value*> carryArgs(carry.begin(), carry.end());
                for (size_t k = 0; k < targets->size(); ++k) {
                    ir::Constant* fn = ctx_.functionPointer((*targets)[k], ft);
                    std::unordered_map<const ir::Value*, ir::Value*> cm;
                    ir::Block* call = fresh(cm);
                    std::vector<ir::Value*> args{fn};
                    for (size_t a = 1; a + 1 < op->args.size(); ++a) args.push_back(mapped(cm, op->args[a]));
                    ir::Variable* r = ctx_.arena.copyVariable(op->result);
                    r->concretetype = op->result->concretetype;
                    call->operations.push_back(ctx_.arena.newOperation(Opcode::DirectCall, args, r, op->pos));
                    std::vector<ir::Value*> outArgs;
                    for (ir::Value* v : toAfter->args) outArgs.push_back(v == op->result ? r : mapped(cm, v));
                    call->closeBlock({ctx_.arena.newLink(outArgs, after)});
                    ir::Block* entry = call;
                    if (k + 1 < targets->size()) {
                        std::unordered_map<const ir::Value*, ir::Value*> tm;
                        ir::Block* test = fresh(tm);
                        ir::Variable* eq = ctx_.arena.newVariable("v");
                        eq->concretetype = rtyper::Bool;
                        test->operations.push_back(
                            ctx_.arena.newOperation(Opcode::PtrEq, {mapped(tm, op->args[0]), fn}, eq, op->pos));
                        std::vector<ir::Value*> pass;
                        for (ir::Value* v : carry) pass.push_back(mapped(tm, v));
                        ir::Link* yes = ctx_.arena.newLink(pass, call, ctx_.arena.constant(Py_True));
                        yes->llexitcase = ctx_.boolConst(true);
                        ir::Link* no = ctx_.arena.newLink(pass, nullptr, ctx_.arena.constant(Py_False));
                        no->llexitcase = ctx_.boolConst(false);
                        test->exitswitch = eq;
                        test->closeBlock({no, yes});
                        entry = test;
                        if (pending) pending->target = entry;
                        else b->recloseBlock({ctx_.arena.newLink(carryArgs, entry)});
                        pending = no;
                    } else {
                        if (pending) pending->target = entry;
                        else b->recloseBlock({ctx_.arena.newLink(carryArgs, entry)});
                    }
                }
                changed = true;
            }
            if (changed) break;
        }
    }
}

ir::FunctionGraph* HintAnnotator::calledCopy(const ir::Operation& op) const {
    auto it = calledCopy_.find(&op);
    return it == calledCopy_.end() ? nullptr : it->second;
}

CallKind HintAnnotator::callKind(const ir::Operation& op) {
    auto found = originOfOp_.find(&op);
    Origin* o = found == originOfOp_.end() ? nullptr : found->second;
    if (!o || !o->isCall) return isGreen(op.result) && !isVoid(typeOf(op.result)) ? CallKind::Green : CallKind::Residual;
    return isGreenCall(*o) ? CallKind::Green : CallKind::Inlined;
}

/// PyPy's is_green_call: every argument green and every callee pure, so
/// the whole call runs at compile time whatever its callees' colours.
bool HintAnnotator::isGreenCall(const Origin& o) {
    const ir::Operation& op = *o.op;
    size_t last = op.args.size() - (op.opcode == Opcode::IndirectCall ? 1 : 0);
    for (size_t i = 0; i < last; ++i)
        if (!isGreen(op.args[i])) return false;
    return std::all_of(o.callees.begin(), o.callees.end(),
                       [&](ir::FunctionGraph* c) { return isPure(originalOf(c)); });
}

std::string HintAnnotator::where(const ir::FunctionGraph* g, const ir::Operation* op) const {
    if (op && op->pos.file) return flow::displayPath(*op->pos.file) + ":" + std::to_string(op->pos.line);
    if (g) return flow::displayPath(g->filename) + ":" + std::to_string(g->firstline);
    return "futamura";
}

std::string HintAnnotator::where(const Position& p) const {
    const ir::Operation* op =
        p.block && p.opIndex >= 0 && p.opIndex < (int)p.block->operations.size() ? p.block->operations[p.opIndex] : nullptr;
    return where(p.graph, op);
}

// --- errors that name the red value --------------------------------------------------------------

namespace {

std::string describeSource(const ir::Operation& op) {
    switch (op.opcode) {
    case Opcode::Getfield: {
        const auto* ptr = rtyper::asType<rtyper::Ptr>(typeOf(op.args[0]));
        const auto* s = ptr ? rtyper::asType<rtyper::Struct>(resolve(ptr->to())) : nullptr;
        std::string f = voidString(op.args[1]);
        if (f.rfind("inst_", 0) == 0) f = f.substr(5);
        return "a read of the mutable field `" + f + "`" + (s ? " of " + s->name() : "") +
               " (make it immutable: _immutable_fields_, or promote() it)";
    }
    case Opcode::Getarrayitem: return "a read of an item of a mutable array (promote() it, or use an immutable one)";
    case Opcode::DirectCall:
    case Opcode::IndirectCall: {
        const ir::FunctionGraph* g =
            op.opcode == Opcode::DirectCall ? rtyper::LLContext::graphOf(ir::asConstant(op.args[0])) : nullptr;
        if (g) return "the result of `" + g->name + "`, a call the JIT does not look inside";
        return "the result of a call the JIT does not look inside";
    }
    case Opcode::Malloc:
    case Opcode::MallocVarsize: return "a newly allocated object";
    default: return "`" + std::string(ir::opName(op.opcode)) + "`";
    }
}

} // namespace

std::string HintAnnotator::explainRed(const ir::FunctionGraph* g0, const ir::Value* v0) {
    const ir::FunctionGraph* g = g0;
    const ir::Value* v = v0;
    std::string chain;
    std::set<std::pair<const ir::FunctionGraph*, const ir::Value*>> seen;
    for (int steps = 0; steps < 1000; ++steps) {
        if (!seen.insert({g, v}).second) break;
        const ir::Operation* def = nullptr;
        const ir::Block* defBlock = nullptr;
        int inputIndex = -1;
        for (ir::Block* b : g->blocks()) {
            for (size_t i = 0; i < b->inputargs.size(); ++i)
                if (b->inputargs[i] == v) {
                    defBlock = b;
                    inputIndex = (int)i;
                }
            for (const ir::Operation* op : b->operations)
                if (op->result == v) {
                    def = op;
                    defBlock = b;
                }
        }
        if (def) {
            // a read of mutable memory is red whatever the pointer: it is the
            // source, even when the pointer is red too
            if ((def->opcode == Opcode::Getfield || def->opcode == Opcode::Getarrayitem) && !isImmutableRead(*def))
                return describeSource(*def) + " at " + where(g, def) + chain;
            const ir::Value* next = nullptr;
            size_t first = def->opcode == Opcode::DirectCall || def->opcode == Opcode::IndirectCall ? 1 : 0;
            for (size_t i = first; i < def->args.size() && !next; ++i)
                if (annotationOf(def->args[i])->kind == H::Kind::Var && !seen.count({g, def->args[i]}))
                    next = def->args[i];
            if (!next) {
                // a called graph followed by the analysis: look at what it returns
                ir::FunctionGraph* callee = calledCopy(*def);
                if (callee && annotationOf(callee->returnblock->inputargs[0])->kind == H::Kind::Var) {
                    chain += "\n  through the result of `" + callee->name + "` (" + where(g, def) + ")";
                    g = callee;
                    v = callee->returnblock->inputargs[0];
                    continue;
                }
                return describeSource(*def) + " at " + where(g, def) + chain;
            }
            chain += "\n  through `" + std::string(ir::opName(def->opcode)) + "` at " + where(g, def);
            v = next;
            continue;
        }
        if (!defBlock) break;
        if (defBlock == g->startblock) {
            if (g == entry_) {
                const auto* var_ = ir::asVariable(const_cast<ir::Value*>(v));
                return "`" + (var_ ? var_->name() : std::string("?")) + "`, a red of the JitDriver" + chain;
            }
            Position caller = engine_.callerOf(g);
            if (!caller.graph || caller.opIndex < 0) break;
            const ir::Operation* call = caller.block->operations[caller.opIndex];
            size_t argPos = (size_t)inputIndex + 1;
            if (argPos >= call->args.size()) break;
            chain += "\n  through the argument `" + ir::asVariable(const_cast<ir::Value*>(v))->name() + "` of `" +
                     g->name + "` (called at " + where(caller.graph, call) + ")";
            g = caller.graph;
            v = call->args[argPos];
            continue;
        }
        const ir::Value* next = nullptr;
        for (ir::Link* l : g->links())
            if (l->target == defBlock && annotationOf(l->args[inputIndex])->kind == H::Kind::Var &&
                !seen.count({g, l->args[inputIndex]})) {
                next = l->args[inputIndex];
                break;
            }
        if (!next) break;
        v = next;
    }
    return "a red value" + chain;
}

void HintAnnotator::redError(const ir::Operation& op, const ir::Value* value, const std::string& what) {
    const Position& p = engine_.position();
    std::string name = "the value";
    if (const auto* var_ = ir::asVariable(const_cast<ir::Value*>(value)))
        if (var_->name() != "v") name = "`" + var_->name() + "`"; // ("v": a temporary, no name to show)
    throw HintError(where(p.graph, &op) + ": " + what + " needs a compile-time value, but " + name +
                    " is red: it depends on " + explainRed(p.graph, value));
}

} // namespace futamura::jitgen
