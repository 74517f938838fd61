//! The run-time support of generating extensions (PyPy's rtimeshift,
//! rvalue and rcontainer): boxes, virtual structures, the compiler state,
//! splits, merge points, promotion, and the code cache answering llinterp's
//! merge-point hook. See include/futamura/jitgen/timeshifter.h.
#include "futamura/jitgen/timeshifter.h"

#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <set>

namespace futamura::jitgen {

using codegen::Builder;
using codegen::CodegenError;
using codegen::Operand;
using ir::LLValue;
using ir::Opcode;
using rtyper::LowLevelType;

namespace {

const LowLevelType* pointee(const LowLevelType* ptrType) {
    const auto* p = rtyper::asType<rtyper::Ptr>(rtyper::resolve(ptrType));
    return p ? rtyper::resolve(p->to()) : nullptr;
}

bool isVoid(const LowLevelType* t) { return rtyper::resolve(t) == rtyper::Void; }

bool isPtr(const LowLevelType* t) { return t && rtyper::resolve(t)->kind() == rtyper::TypeKind::Ptr; }

/// A compile-time failure: the green key goes to the plain interpreter.
struct CompileFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

// --- boxes ----------------------------------------------------------------------------------------

struct VObj;

/// A red value while the generating extension runs.
struct Box {
    enum class K : uint8_t { Const, Var, Virtual };
    K k = K::Const;
    const LowLevelType* type = nullptr; // the value's type (a view of a virtual)
    LLValue value;                      // Const
    Operand var;                        // Var
    VObj* obj = nullptr;                // Virtual
    /// A Bool from ptr_nonzero/ptr_iszero of a variable: the branch where
    /// that pointer is null learns it (exception checks fold after it).
    Box* nullTest = nullptr;
    bool trueIfNull = false;
    /// A Var made by cast_pointer: the run-time object it views (known
    /// fields are remembered per object, whatever the view).
    Operand castBase;
};

/// A field of a virtual object: the struct (of the object or a parent it
/// inlines) and the name; ordered by type id, so that forcing and freezing
/// see fields in the same order in every run.
struct FieldKey {
    const LowLevelType* st = nullptr;
    std::string name;
    bool operator<(const FieldKey& o) const { return st->id() != o.st->id() ? st->id() < o.st->id() : name < o.name; }
    bool operator==(const FieldKey& o) const { return st == o.st && name == o.name; }
};

/// A structure or array allocated by the residual code but not yet emitted.
struct VObj {
    const LowLevelType* T = nullptr; // the container type allocated
    std::map<FieldKey, Box*> fields;
    std::vector<Box*> items;
    bool isArray = false;
    Box* forced = nullptr; // once emitted: a Var of Ptr(T)
};

struct Slot {
    bool isBox = false;
    LLValue value;
    Box* box = nullptr;
};

/// A queued branch: resumed by the dispatcher at resume point `rid`.
/// Immutable fields already read from a run-time pointer (the pointer's
/// variable and the field): read once; after promote(), the constant.
/// (Also casts of a run-time pointer, keyed by the type: one per block.)
/// Keyed by (variable, field token) or (variable, type id + 2^32) for casts.
using KnownFields = std::map<std::pair<uint32_t, uint64_t>, std::pair<Operand, Box*>>;

struct Snapshot {
    KnownFields known;
    uint64_t realSplits = 0;
    Builder* builder = nullptr;
    Box* excType = nullptr;
    Box* excValue = nullptr;
    bool excInMemory = false;
    std::vector<Slot> slots;
    int rid = -1;
};

struct Compilation;

/// A promotion site of the residual code: the frozen state to compile a new
/// case from, when the run-time value arrives.
struct PromoteSite {
    Compilation* comp = nullptr;
    codegen::Switch* sw = nullptr;
    Snapshot state;
    size_t slot = 0;
    const LowLevelType* type = nullptr;
    bool pointer = false;
    Operand promoted; // the run-time value switched on
};

struct FrozenBox {
    enum class K : uint8_t { Const, Var, Virtual } k = K::Const;
    const LowLevelType* type = nullptr;
    LLValue value;
    int id = -1; // Var: its number; Virtual: the object's number
    const LowLevelType* T = nullptr;
    std::vector<std::pair<FieldKey, FrozenBox>> fields;
    std::vector<FrozenBox> items;
    bool isArray = false;
};

/// A known constant field of a run-time object of a merge state (the class
/// promote() found): the code after the label relies on it, so a state
/// reaching the label must know it too.
struct Fact {
    int var = 0;          // the object: a variable of the state
    uint64_t field = 0;   // the field token
    LLValue value;
    const LowLevelType* type = nullptr;
};

struct MergeEntry {
    std::vector<FrozenBox> reds;
    std::vector<Fact> facts;
    codegen::Label label;
    int vars = 0;
    unsigned generalized = 0;
    uint64_t realSplits = 0; // of the path that made this state
    /// Every red a variable: any state fits once its virtuals are forced.
    bool widest = false;
};

struct Compilation {
    CompiledCode* code = nullptr;
    codegen::Unit* unit = nullptr;
    std::map<std::vector<std::pair<uint64_t, uint32_t>>, std::vector<MergeEntry>> merges;
    std::deque<Box> boxes;
    std::deque<VObj> objs;
    std::deque<PromoteSite> sites;
    size_t ops = 0;

    Box* newBox() { return &boxes.emplace_back(); }
    VObj* newObj() { return &objs.emplace_back(); }
};

struct JITState {
    JitRuntime::Impl* rt = nullptr;
    Compilation* comp = nullptr;
    Builder* builder = nullptr;
    Box* excType = nullptr;
    Box* excValue = nullptr;
    /// After a residual call: the exception state is in exc_data at run
    /// time, read only if the graph tests it.
    bool excInMemory = false;
    std::vector<Slot> slots;
    std::vector<Box*> args;
    KnownFields known;
    std::deque<Snapshot> pending;
    bool resuming = false;
    size_t opsBase = 0; // the compilation's operations when this run started
    /// Splits on a run-time condition so far on this path (a loop of the
    /// interpreter's code whose exit depends on one closes at once).
    uint64_t realSplits = 0;
};

struct JitRuntime::Impl {
    rtyper::LLContext& ctx;
    llinterp::LLInterpreter& interp;
    const ir::FunctionGraph* portal;
    ir::FunctionGraph* genext;
    GenextTables tables;
    codegen::LLGraphBackend backend;
    JitRuntime* self = nullptr;
    std::map<std::vector<std::pair<uint64_t, uint32_t>>, CompiledCode*> cache;
    std::map<std::vector<std::pair<uint64_t, uint32_t>>, unsigned> counts;
    std::deque<Compilation> compilations;
    /// The promotion sites, numbered in the order they were made (the
    /// residual code passes its site's number to ts_continue).
    std::vector<PromoteSite*> sites;
    ir::Constant* continueFn = nullptr;
    bool compiling = false;
    /// The field numbers of the tables by (struct, field name).
    std::map<std::pair<const LowLevelType*, std::string>, std::vector<size_t>> fieldTokens;

    Impl(rtyper::LLContext& c, llinterp::LLInterpreter& in, const ir::FunctionGraph* p, ir::FunctionGraph* g,
         GenextTables t)
        : ctx(c), interp(in), portal(p), genext(g), tables(std::move(t)), backend(c) {
        for (size_t k = 0; k < tables.fields.size(); ++k)
            fieldTokens[{pointee(tables.fields[k].ptrType), tables.fields[k].name}].push_back(k);
    }

    // --- boxes -------------------------------------------------------------------------------

    Box* constBox(JITState& js, const LowLevelType* t, LLValue v) {
        Box* b = js.comp->newBox();
        b->k = Box::K::Const;
        b->type = t;
        b->value = v;
        return b;
    }
    Box* varBox(JITState& js, const LowLevelType* t, Operand o) {
        Box* b = js.comp->newBox();
        b->k = Box::K::Var;
        b->type = t;
        b->var = o;
        return b;
    }
    /// The box as it is now: a forced virtual is its variable.
    Box* resolve(JITState& js, Box* b) {
        if (b->k == Box::K::Virtual && b->obj->forced) {
            Box* f = b->obj->forced;
            if (f->type == b->type) return f;
            return castOf(js, f->var, b->type);
        }
        return b;
    }
    /// cast_pointer of a run-time pointer, emitted once per path.
    Box* castOf(JITState& js, Operand p, const LowLevelType* t, Operand base = Operand()) {
        if (!base.valid()) base = p;
        std::pair<uint32_t, uint64_t> key{p.varId(), ((uint64_t)1 << 32) + t->id()};
        auto it = js.known.find(key);
        if (it != js.known.end()) return it->second.second;
        Box* r = varBox(js, t, emit(js, Opcode::CastPointer, {p}, t));
        r->castBase = base;
        js.known[key] = {p, r};
        return r;
    }
    /// The run-time object a Var box views (its cast's source).
    static Operand baseOf(const Box* b) { return b->castBase.valid() ? b->castBase : b->var; }
    Builder& builder(JITState& js) {
        if (!js.builder) throw CompileFailure("no open builder");
        return *js.builder;
    }
    Operand emit(JITState& js, Opcode op, std::vector<Operand> args, const LowLevelType* result) {
        // (the budget is checked at merge points; this bound only stops a
        // path that never reaches one — generous, so that a small budget
        // does not fail a promoted case's long way to the next merge point)
        if (++js.comp->ops - js.opsBase > std::max<size_t>(2 * self->budget + 1000, kPathLimit))
            throw CompileFailure("residual code too large before any merge point");
        return builder(js).op(op, std::span<const Operand>(args.data(), args.size()), result);
    }
    /// The residual operand of a box (forcing a virtual).
    Operand operand(JITState& js, Box* b) {
        b = resolve(js, b);
        switch (b->k) {
        case Box::K::Const: return backend.constant(b->type, b->value);
        case Box::K::Var: return b->var;
        case Box::K::Virtual: force(js, b->obj); return resolve(js, b)->var;
        }
        return {};
    }
    void force(JITState& js, VObj* o) {
        if (o->forced) return;
        Builder& bld = builder(js);
        const LowLevelType* ptrT = ctx.types.makePtr(o->T);
        Operand p;
        ++js.comp->ops;
        if (o->isArray) p = bld.mallocVarsize(o->T, backend.intConst((int64_t)o->items.size()));
        else p = bld.malloc(o->T);
        o->forced = varBox(js, ptrT, p);
        for (auto& [key, fb] : o->fields) {
            Operand target = p;
            if (key.st != o->T) {
                ++js.comp->ops;
                target = bld.op(Opcode::CastPointer, {p}, ctx.types.makePtr(key.st));
            }
            Operand v = operand(js, fb);
            ++js.comp->ops;
            bld.setfield(target, key.name, v);
        }
        for (size_t i = 0; i < o->items.size(); ++i) {
            if (!o->items[i]) continue;
            Operand v = operand(js, o->items[i]);
            ++js.comp->ops;
            bld.setarrayitem(p, backend.intConst((int64_t)i), v);
        }
        // what the object's immutable fields hold stays known (its class)
        for (auto& [key, fb] : o->fields) {
            const auto* st = rtyper::asType<rtyper::Struct>(key.st);
            Box* v = resolve(js, fb);
            if (!st || v->k != Box::K::Const || !rtyper::isImmutableField(st, key.name)) continue;
            auto tokens = fieldTokens.find({key.st, key.name});
            if (tokens == fieldTokens.end()) continue;
            for (size_t t : tokens->second) js.known[{p.varId(), (uint64_t)t}] = {p, v};
        }
    }

    // --- memory of constants (prebuilt data, on llinterp) ----------------------------------

    std::optional<LLValue> readField(LLValue p, const rtyper::Struct* s, const std::string& name) {
        if (p.tag != LLValue::Tag::Ptr || !p.p || p.aux || p.p->type != s) return std::nullopt;
        auto k = s->fieldIndex(name);
        if (!k || *k >= p.p->slots.size()) return std::nullopt;
        LLValue v = p.p->slots[*k];
        if (v.tag == LLValue::Tag::Uninit) return std::nullopt;
        return v;
    }

    // --- operations ------------------------------------------------------------------------------

    std::optional<LLValue> fold(Opcode op, const std::vector<Box*>& a, const LowLevelType* rt) {
        auto I = [&](size_t k) { return a[k]->value.i; };
        auto U = [&](size_t k) { return (uint64_t)a[k]->value.i; };
        auto F = [&](size_t k) { return a[k]->value.f; };
        auto i = [](int64_t v) { return LLValue::integer(v); };
        switch (op) {
        case Opcode::SameAs: return a[0]->value;
        case Opcode::IntAdd: return i((int64_t)(U(0) + U(1)));
        case Opcode::IntSub: return i((int64_t)(U(0) - U(1)));
        case Opcode::IntMul: return i((int64_t)(U(0) * U(1)));
        case Opcode::IntAnd: return i(I(0) & I(1));
        case Opcode::IntOr: return i(I(0) | I(1));
        case Opcode::IntXor: return i(I(0) ^ I(1));
        case Opcode::IntInvert: return i(~I(0));
        case Opcode::IntNeg: return i((int64_t)(0 - U(0)));
        case Opcode::IntAbs: return i(I(0) < 0 ? (int64_t)(0 - U(0)) : I(0));
        case Opcode::IntIsTrue: return i(I(0) != 0);
        case Opcode::IntLshift: return I(1) >= 0 && I(1) < 64 ? std::optional<LLValue>(i((int64_t)(U(0) << I(1)))) : std::nullopt;
        case Opcode::IntRshift: return I(1) >= 0 && I(1) < 64 ? std::optional<LLValue>(i(I(0) >> I(1))) : std::nullopt;
        case Opcode::IntFloordiv:
            if (I(1) == 0 || (I(1) == -1 && I(0) == INT64_MIN)) return std::nullopt;
            return i(I(0) / I(1));
        case Opcode::IntMod:
            if (I(1) == 0 || (I(1) == -1 && I(0) == INT64_MIN)) return std::nullopt;
            return i(I(0) % I(1));
        case Opcode::IntPyDiv: {
            if (I(1) == 0 || (I(1) == -1 && I(0) == INT64_MIN)) return std::nullopt;
            int64_t q = I(0) / I(1);
            if ((I(0) % I(1) != 0) && ((I(0) < 0) != (I(1) < 0))) --q;
            return i(q);
        }
        case Opcode::IntPyMod: {
            if (I(1) == 0 || (I(1) == -1 && I(0) == INT64_MIN)) return std::nullopt;
            int64_t m = I(0) % I(1);
            if (m != 0 && ((m < 0) != (I(1) < 0))) m += I(1);
            return i(m);
        }
        case Opcode::IntAddOvf: {
            int64_t r;
            if (__builtin_add_overflow(I(0), I(1), &r)) return std::nullopt;
            return i(r);
        }
        case Opcode::IntSubOvf: {
            int64_t r;
            if (__builtin_sub_overflow(I(0), I(1), &r)) return std::nullopt;
            return i(r);
        }
        case Opcode::IntMulOvf: {
            int64_t r;
            if (__builtin_mul_overflow(I(0), I(1), &r)) return std::nullopt;
            return i(r);
        }
        case Opcode::IntLt: case Opcode::CharLt: return i(I(0) < I(1));
        case Opcode::IntLe: case Opcode::CharLe: return i(I(0) <= I(1));
        case Opcode::IntEq: case Opcode::CharEq: return i(I(0) == I(1));
        case Opcode::IntNe: case Opcode::CharNe: return i(I(0) != I(1));
        case Opcode::IntGt: case Opcode::CharGt: return i(I(0) > I(1));
        case Opcode::IntGe: case Opcode::CharGe: return i(I(0) >= I(1));
        case Opcode::UintLt: return i(U(0) < U(1));
        case Opcode::UintLe: return i(U(0) <= U(1));
        case Opcode::UintEq: return i(U(0) == U(1));
        case Opcode::UintNe: return i(U(0) != U(1));
        case Opcode::UintGt: return i(U(0) > U(1));
        case Opcode::UintGe: return i(U(0) >= U(1));
        case Opcode::UintAdd: return i((int64_t)(U(0) + U(1)));
        case Opcode::UintSub: return i((int64_t)(U(0) - U(1)));
        case Opcode::UintMul: return i((int64_t)(U(0) * U(1)));
        case Opcode::BoolNot: return i(!I(0));
        case Opcode::FloatAdd: return LLValue::floating(F(0) + F(1));
        case Opcode::FloatSub: return LLValue::floating(F(0) - F(1));
        case Opcode::FloatMul: return LLValue::floating(F(0) * F(1));
        case Opcode::FloatNeg: return LLValue::floating(-F(0));
        case Opcode::FloatAbs: return LLValue::floating(std::fabs(F(0)));
        case Opcode::FloatLt: return i(F(0) < F(1));
        case Opcode::FloatLe: return i(F(0) <= F(1));
        case Opcode::FloatEq: return i(F(0) == F(1));
        case Opcode::FloatNe: return i(F(0) != F(1));
        case Opcode::FloatGt: return i(F(0) > F(1));
        case Opcode::FloatGe: return i(F(0) >= F(1));
        case Opcode::FloatIsTrue: return i(F(0) != 0.0);
        case Opcode::CastIntToFloat:
            return LLValue::floating(a[0]->type == rtyper::Unsigned ? (double)U(0) : (double)I(0));
        case Opcode::CastPrimitive: {
            if (a[0]->value.tag != LLValue::Tag::Int) return std::nullopt;
            if (rt == rtyper::Bool) return i(I(0) != 0);
            if (rt == rtyper::Char) return i(I(0) & 0xff);
            if (rt == rtyper::UniChar) return i(I(0) & 0xffffffff);
            return i(I(0));
        }
        case Opcode::PtrEq: return i(a[0]->value.p == a[1]->value.p && a[0]->value.aux == a[1]->value.aux);
        case Opcode::PtrNe: return i(!(a[0]->value.p == a[1]->value.p && a[0]->value.aux == a[1]->value.aux));
        case Opcode::PtrIsZero: return i(a[0]->value.p == nullptr);
        case Opcode::PtrNonZero: return i(a[0]->value.p != nullptr);
        default: return std::nullopt;
        }
    }

    /// After residual code that can raise: the exception state is in
    /// exc_data at run time; it is read (and cleared: the boxes hold it then)
    /// when the graph tests it.
    void fetchException(JITState& js) {
        if (!tables.excData) return;
        js.excInMemory = true;
        js.excType = js.excValue = nullptr;
    }
    void readException(JITState& js) {
        js.excInMemory = false;
        Operand data = backend.constant(static_cast<const LowLevelType*>(tables.excData->concretetype),
                                        tables.excData->llvalue);
        const auto* s = rtyper::asType<rtyper::Struct>(pointee(static_cast<const LowLevelType*>(tables.excData->concretetype)));
        const LowLevelType* tt = s->fieldType("exc_type");
        const LowLevelType* vt = s->fieldType("exc_value");
        js.comp->ops += 4;
        Builder& b = builder(js);
        js.excType = varBox(js, tt, b.getfield(data, "exc_type"));
        js.excValue = varBox(js, vt, b.getfield(data, "exc_value"));
        b.setfield(data, "exc_type", backend.nullConst(tt));
        b.setfield(data, "exc_value", backend.nullConst(vt));
    }

    /// After green code ran at compile time: an exception it raised (in the
    /// program's exc_data) moves into the state, a constant.
    void greenException(JITState& js) {
        if (!tables.excData || !tables.excData->llvalue.p) return;
        rtyper::LLContainer* data = tables.excData->llvalue.p;
        const auto* s = rtyper::asType<rtyper::Struct>(pointee(static_cast<const LowLevelType*>(tables.excData->concretetype)));
        auto kt = s->fieldIndex("exc_type"), kv = s->fieldIndex("exc_value");
        if (!kt || !kv) return;
        LLValue& t = data->slots.at(*kt);
        LLValue& v = data->slots.at(*kv);
        if (t.tag != LLValue::Tag::Ptr || !t.p) return;
        js.excType = constBox(js, s->fieldType("exc_type"), t);
        js.excValue = constBox(js, s->fieldType("exc_value"), v);
        js.excInMemory = false;
        t = LLValue::pointer(nullptr);
        v = LLValue::pointer(nullptr);
    }

    bool isExcData(Box* p) {
        return tables.excData && p->k == Box::K::Const && p->value.tag == LLValue::Tag::Ptr &&
               p->value.p == tables.excData->llvalue.p;
    }

    Box* zeroBox(JITState& js, const LowLevelType* t) { return constBox(js, t, rtyper::LLHeap::zero(t)); }

    Box* op(JITState& js, Opcode opcode, const LowLevelType* rt, int token) {
        std::vector<Box*> a;
        for (Box* b : js.args) a.push_back(resolve(js, b));
        js.args.clear();
        switch (opcode) {
        case Opcode::SameAs: return a[0];
        case Opcode::Malloc: {
            VObj* o = js.comp->newObj();
            o->T = tables.types.at(token);
            Box* b = js.comp->newBox();
            b->k = Box::K::Virtual;
            b->type = rt;
            b->obj = o;
            return b;
        }
        case Opcode::MallocVarsize: {
            const LowLevelType* T = tables.types.at(token);
            if (a[0]->k == Box::K::Const && T->kind() == rtyper::TypeKind::Array && a[0]->value.i >= 0 &&
                a[0]->value.i <= 256) {
                VObj* o = js.comp->newObj();
                o->T = T;
                o->isArray = true;
                o->items.assign((size_t)a[0]->value.i, nullptr);
                Box* b = js.comp->newBox();
                b->k = Box::K::Virtual;
                b->type = rt;
                b->obj = o;
                return b;
            }
            return varBox(js, rt, builder(js).mallocVarsize(T, operand(js, a[0])));
        }
        case Opcode::Getfield: {
            const GenextTables::Field& f = tables.fields.at(token);
            const auto* s = rtyper::asType<rtyper::Struct>(pointee(f.ptrType));
            if (a[0]->k == Box::K::Virtual) {
                auto it = a[0]->obj->fields.find({s, f.name});
                return it != a[0]->obj->fields.end() ? it->second : zeroBox(js, rt);
            }
            if (isExcData(a[0])) {
                if (js.excInMemory) readException(js);
                Box*& slot = f.name == "exc_type" ? js.excType : js.excValue;
                if (!slot) slot = zeroBox(js, rt);
                return slot;
            }
            if (a[0]->k == Box::K::Const && s && rtyper::isImmutableField(s, f.name))
                if (auto v = readField(a[0]->value, s, f.name)) return constBox(js, rt, *v);
            bool remember = a[0]->k == Box::K::Var && s && rtyper::isImmutableField(s, f.name);
            Operand base = remember ? baseOf(a[0]) : Operand();
            if (remember) {
                auto it = js.known.find({base.varId(), (uint64_t)token});
                if (it != js.known.end()) return it->second.second;
            }
            ++js.comp->ops;
            Box* r = varBox(js, rt, builder(js).getfield(operand(js, a[0]), f.name));
            if (remember) js.known[{base.varId(), (uint64_t)token}] = {base, r};
            return r;
        }
        case Opcode::Setfield: {
            const GenextTables::Field& f = tables.fields.at(token);
            const auto* s = rtyper::asType<rtyper::Struct>(pointee(f.ptrType));
            if (a[0]->k == Box::K::Virtual) {
                a[0]->obj->fields[{s, f.name}] = a[1];
                return nullptr;
            }
            if (isExcData(a[0])) {
                if (js.excInMemory) readException(js); // (the other field is kept)
                (f.name == "exc_type" ? js.excType : js.excValue) = a[1];
                return nullptr;
            }
            Operand p = operand(js, a[0]);
            Operand v = operand(js, a[1]);
            ++js.comp->ops;
            builder(js).setfield(p, f.name, v);
            return nullptr;
        }
        case Opcode::Getsubstruct: {
            // an interior pointer (a string's chars): of prebuilt data, a
            // constant; else emitted (a virtual is forced first)
            const GenextTables::Field& f = tables.fields.at(token);
            const auto* s = rtyper::asType<rtyper::Struct>(pointee(f.ptrType));
            if (a[0]->k == Box::K::Const && s && a[0]->value.tag == LLValue::Tag::Ptr && a[0]->value.p &&
                !a[0]->value.aux && a[0]->value.p->type == s)
                if (auto k = s->fieldIndex(f.name); k && *k < a[0]->value.p->slots.size())
                    return constBox(js, rt, a[0]->value.p->slots[*k]);
            Operand p = operand(js, a[0]);
            return varBox(js, rt, emit(js, Opcode::Getsubstruct, {p, Operand::constant(ctx.nameConst(f.name))}, rt));
        }
        case Opcode::Getarrayitem: {
            if (a[0]->k == Box::K::Virtual && a[0]->obj->isArray && a[1]->k == Box::K::Const) {
                int64_t k = a[1]->value.i;
                if (k >= 0 && k < (int64_t)a[0]->obj->items.size()) {
                    Box* item = a[0]->obj->items[(size_t)k];
                    return item ? item : zeroBox(js, rt);
                }
            }
            if (a[0]->k == Box::K::Const && a[1]->k == Box::K::Const && a[0]->value.p && !a[0]->value.aux) {
                const auto* arr = rtyper::asType<rtyper::Array>(pointee(a[0]->type));
                int64_t k = a[1]->value.i;
                if (arr && rtyper::isImmutableArray(arr) && k >= 0 && k < (int64_t)a[0]->value.p->slots.size())
                    return constBox(js, rt, a[0]->value.p->slots[(size_t)k]);
            }
            Operand p = operand(js, a[0]);
            Operand k = operand(js, a[1]);
            ++js.comp->ops;
            return varBox(js, rt, builder(js).getarrayitem(p, k));
        }
        case Opcode::Setarrayitem: {
            if (a[0]->k == Box::K::Virtual && a[0]->obj->isArray && a[1]->k == Box::K::Const) {
                int64_t k = a[1]->value.i;
                if (k >= 0 && k < (int64_t)a[0]->obj->items.size()) {
                    a[0]->obj->items[(size_t)k] = a[2];
                    return nullptr;
                }
            }
            Operand p = operand(js, a[0]);
            Operand k = operand(js, a[1]);
            Operand v = operand(js, a[2]);
            ++js.comp->ops;
            builder(js).setarrayitem(p, k, v);
            return nullptr;
        }
        case Opcode::Getarraysize: {
            if (a[0]->k == Box::K::Virtual && a[0]->obj->isArray)
                return constBox(js, rt, LLValue::integer((int64_t)a[0]->obj->items.size()));
            if (a[0]->k == Box::K::Const && a[0]->value.p && !a[0]->value.aux)
                return constBox(js, rt, LLValue::integer((int64_t)a[0]->value.p->slots.size()));
            ++js.comp->ops;
            return varBox(js, rt, builder(js).getarraysize(operand(js, a[0])));
        }
        case Opcode::CastPointer: {
            if (a[0]->k == Box::K::Virtual) {
                Box* b = js.comp->newBox();
                *b = *a[0];
                b->type = rt;
                return b;
            }
            if (a[0]->k == Box::K::Const && !a[0]->value.p) return constBox(js, rt, a[0]->value);
            if (a[0]->k == Box::K::Const && a[0]->value.tag == LLValue::Tag::Ptr && !a[0]->value.aux) {
                // prebuilt data (llinterp's containers)
                if (rtyper::LLContainer* c = rtyper::LLHeap::castContainer(a[0]->value.p, pointee(rt)))
                    return constBox(js, rt, LLValue::pointer(c));
            }
            if (a[0]->k == Box::K::Var) {
                return castOf(js, a[0]->var, rt, baseOf(a[0]));
            }
            return varBox(js, rt, emit(js, Opcode::CastPointer, {operand(js, a[0])}, rt));
        }
        case Opcode::PtrEq:
        case Opcode::PtrNe:
            if (a[0]->k == Box::K::Virtual || a[1]->k == Box::K::Virtual) {
                bool same = a[0]->k == Box::K::Virtual && a[1]->k == Box::K::Virtual && a[0]->obj == a[1]->obj;
                if (same || (a[0]->k != Box::K::Var && a[1]->k != Box::K::Var) || true)
                    return constBox(js, rt, LLValue::integer((opcode == Opcode::PtrEq) == same));
            }
            break;
        case Opcode::PtrIsZero:
        case Opcode::PtrNonZero:
            if (a[0]->k == Box::K::Virtual) return constBox(js, rt, LLValue::integer(opcode == Opcode::PtrNonZero));
            break;
        case Opcode::DirectCall:
        case Opcode::IndirectCall: {
            std::vector<Operand> args;
            Operand fn;
            size_t first = 0;
            if (opcode == Opcode::DirectCall) {
                fn = Operand::constant(tables.functions.at(token));
            } else {
                fn = operand(js, a[0]);
                first = 1;
            }
            // (Void arguments are not boxed: constants again, from the signature)
            const auto* ft = rtyper::asType<rtyper::FuncType>(pointee(fn.type()));
            size_t next = first;
            for (const LowLevelType* at : ft->args()) {
                if (rtyper::resolve(at) == rtyper::Void) args.push_back(backend.constant(rtyper::Void, LLValue()));
                else if (next < a.size()) args.push_back(operand(js, a[next++]));
            }
            ++js.comp->ops;
            Operand r = builder(js).call(fn, std::span<const Operand>(args.data(), args.size()));
            fetchException(js);
            return rt == rtyper::Void ? nullptr : varBox(js, rt, r);
        }
        default: break;
        }
        bool allConst = std::all_of(a.begin(), a.end(), [](Box* b) { return b->k == Box::K::Const; });
        if (allConst && ir::isPure(opcode))
            if (auto v = fold(opcode, a, rt)) return constBox(js, rt, *v);
        // x + 0, x - 0, x * 1: x itself
        auto isConst = [](Box* b, int64_t v) { return b->k == Box::K::Const && b->value.tag == LLValue::Tag::Int && b->value.i == v; };
        if (a.size() == 2 && rt == rtyper::Signed) {
            if ((opcode == Opcode::IntAdd && isConst(a[0], 0)) || (opcode == Opcode::IntMul && isConst(a[0], 1)))
                if (a[1]->type == rt) return a[1];
            if (((opcode == Opcode::IntAdd || opcode == Opcode::IntSub) && isConst(a[1], 0)) ||
                (opcode == Opcode::IntMul && isConst(a[1], 1)))
                if (a[0]->type == rt) return a[0];
        }
        std::vector<Operand> ops;
        for (Box* b : a) ops.push_back(operand(js, b));
        Operand r = emit(js, opcode, ops, rt);
        // (a division by a constant other than 0 and -1 cannot raise)
        bool safeDivision = (opcode == Opcode::IntFloordiv || opcode == Opcode::IntMod || opcode == Opcode::IntPyDiv ||
                             opcode == Opcode::IntPyMod || opcode == Opcode::UintFloordiv || opcode == Opcode::UintMod) &&
                            a.size() == 2 && a[1]->k == Box::K::Const && a[1]->value.i != 0 && a[1]->value.i != -1;
        if (ir::implicitRaises(opcode) && !safeDivision) fetchException(js);
        if (rt == rtyper::Void) return nullptr;
        Box* result = varBox(js, rt, r);
        if ((opcode == Opcode::PtrNonZero || opcode == Opcode::PtrIsZero) && a[0]->k == Box::K::Var) {
            result->nullTest = a[0];
            result->trueIfNull = opcode == Opcode::PtrIsZero;
        }
        return result;
    }

    // --- states ----------------------------------------------------------------------------------

    /// The variables a state needs, in a deterministic order.
    void collectVars(JITState& js, Box* b, std::vector<Operand>& out, std::set<const VObj*>& seen) {
        if (!b) return;
        // (a forced virtual: its object's variable, whatever the view)
        if (b->k == Box::K::Virtual && b->obj->forced) b = b->obj->forced;
        if (b->k == Box::K::Var) {
            if (std::find(out.begin(), out.end(), b->var) == out.end()) out.push_back(b->var);
            // (and the object a cast views: what is learnt of the cast's
            // fields is remembered under it)
            if (b->castBase.valid() && std::find(out.begin(), out.end(), b->castBase) == out.end())
                out.push_back(b->castBase);
        } else if (b->k == Box::K::Virtual) {
            if (!seen.insert(b->obj).second) return;
            for (auto& [key, fb] : b->obj->fields) collectVars(js, fb, out, seen);
            for (Box* item : b->obj->items) collectVars(js, item, out, seen);
        }
    }
    std::vector<Operand> liveVars(JITState& js, size_t nslots) {
        std::vector<Operand> out;
        std::set<const VObj*> seen;
        for (size_t i = 0; i < nslots && i < js.slots.size(); ++i)
            if (js.slots[i].isBox) collectVars(js, js.slots[i].box, out, seen);
        collectVars(js, js.excType, out, seen);
        collectVars(js, js.excValue, out, seen);
        for (auto& [key, entry] : js.known) {
            if (std::find(out.begin(), out.end(), entry.first) == out.end()) out.push_back(entry.first);
            collectVars(js, entry.second, out, seen);
        }
        return out;
    }
    /// A copy of boxes for another branch (virtual objects copied, sharing kept).
    Box* copyBox(JITState& js, Box* b, std::map<const VObj*, VObj*>& memo) {
        // (no resolve(): a forced virtual stays as it is, its cast to the
        // view's type is emitted where it is used, in the right block)
        if (!b || b->k != Box::K::Virtual || b->obj->forced) return b;
        auto it = memo.find(b->obj);
        VObj* o;
        if (it != memo.end()) {
            o = it->second;
        } else {
            o = js.comp->newObj();
            memo[b->obj] = o;
            o->T = b->obj->T;
            o->isArray = b->obj->isArray;
            for (auto& [key, fb] : b->obj->fields) o->fields[key] = copyBox(js, fb, memo);
            for (Box* item : b->obj->items) o->items.push_back(copyBox(js, item, memo));
        }
        Box* c = js.comp->newBox();
        *c = *b;
        c->obj = o;
        return c;
    }
    Snapshot snapshot(JITState& js, size_t nslots, int rid) {
        Snapshot s;
        std::map<const VObj*, VObj*> memo;
        for (size_t i = 0; i < nslots && i < js.slots.size(); ++i) {
            Slot sl = js.slots[i];
            if (sl.isBox) sl.box = copyBox(js, sl.box, memo);
            s.slots.push_back(sl);
        }
        s.excType = copyBox(js, js.excType, memo);
        s.excValue = copyBox(js, js.excValue, memo);
        s.excInMemory = js.excInMemory;
        s.known = js.known;
        s.realSplits = js.realSplits;
        s.rid = rid;
        return s;
    }

    int64_t split(JITState& js, Box* cond, int rid, size_t nfalse, size_t nslots) {
        js.slots.resize(nslots);
        cond = resolve(js, cond);
        if (cond->k == Box::K::Const) return cond->value.i != 0;
        if (cond->k != Box::K::Var) throw CompileFailure("a split on a virtual");
        ++js.realSplits;
        std::vector<Operand> live = liveVars(js, js.slots.size());
        Builder& other = builder(js).jumpIfFalse(cond->var, std::span<const Operand>(live.data(), live.size()));
        Snapshot s = snapshot(js, nfalse, rid);
        s.builder = &other;
        if (Box* x = cond->nullTest) {
            // the branch where the tested pointer is null knows it
            bool nullOnFalse = !cond->trueIfNull;
            learnNull(js, x, nullOnFalse ? s.slots : js.slots, nullOnFalse ? s.excType : js.excType,
                      nullOnFalse ? s.excValue : js.excValue);
        }
        js.pending.push_back(std::move(s));
        js.slots.clear();
        return 1;
    }

    void learnNull(JITState& js, Box* x, std::vector<Slot>& slots, Box*& excType, Box*& excValue) {
        Box* null = constBox(js, x->type, LLValue::pointer(nullptr));
        for (Slot& sl : slots)
            if (sl.isBox && sl.box && resolve(js, sl.box) == x) sl.box = null;
        if (excType && resolve(js, excType) == x) {
            excType = null;
            if (excValue) excValue = constBox(js, excValue->type, LLValue::pointer(nullptr));
        }
    }

    int64_t dispatch(JITState& js) {
        js.resuming = false;
        if (js.builder && js.builder->state() == Builder::State::Writing)
            throw CompileFailure("a path ended without closing its residual block");
        if (js.pending.empty()) return -1;
        Snapshot s = std::move(js.pending.front());
        js.pending.pop_front();
        js.builder = s.builder;
        js.builder->start();
        js.excType = s.excType;
        js.excValue = s.excValue;
        js.excInMemory = s.excInMemory;
        js.realSplits = s.realSplits;
        js.known = std::move(s.known);
        js.slots = std::move(s.slots);
        return s.rid;
    }

    void ret(JITState& js, Box* result) {
        Builder& b = builder(js);
        // an exception still pending goes back to exc_data for the caller
        if (tables.excData && js.excType) {
            Box* t = resolve(js, js.excType);
            if (!(t->k == Box::K::Const && !t->value.p)) {
                Operand data = backend.constant(static_cast<const LowLevelType*>(tables.excData->concretetype),
                                                tables.excData->llvalue);
                b.setfield(data, "exc_type", operand(js, js.excType));
                b.setfield(data, "exc_value", operand(js, js.excValue));
                js.comp->ops += 2;
            }
        }
        const LowLevelType* rt = tables.resultType;
        if (rt == rtyper::Void) b.ret(backend.constant(rtyper::Void, LLValue()));
        else b.ret(result ? operand(js, result) : backend.constant(rt, rtyper::LLHeap::zero(rt)));
        js.builder = nullptr;
    }

    // --- merge points ------------------------------------------------------------------------------

    FrozenBox freeze(JITState& js, Box* b, std::map<Operand*, int>&, std::vector<Operand>& vars,
                     std::map<const VObj*, int>& objs) {
        b = resolve(js, b);
        FrozenBox f;
        f.type = b->type;
        if (b->k == Box::K::Const) {
            f.k = FrozenBox::K::Const;
            f.value = b->value;
        } else if (b->k == Box::K::Var) {
            f.k = FrozenBox::K::Var;
            auto it = std::find(vars.begin(), vars.end(), b->var);
            f.id = (int)(it - vars.begin());
            if (it == vars.end()) vars.push_back(b->var);
        } else {
            f.k = FrozenBox::K::Virtual;
            auto [it, fresh] = objs.try_emplace(b->obj, (int)objs.size());
            f.id = it->second;
            f.T = b->obj->T;
            f.isArray = b->obj->isArray;
            if (fresh) {
                std::map<Operand*, int> dummy;
                for (auto& [key, fb] : b->obj->fields) f.fields.push_back({key, freeze(js, fb, dummy, vars, objs)});
                for (Box* item : b->obj->items) {
                    if (item) f.items.push_back(freeze(js, item, dummy, vars, objs));
                    else f.items.push_back(FrozenBox{FrozenBox::K::Const, b->obj->T, rtyper::LLHeap::zero(
                        rtyper::asType<rtyper::Array>(b->obj->T)->itemType()), -1, nullptr, {}, {}, false});
                }
            }
        }
        return f;
    }

    /// Does `live` fit the frozen state? Fills the jump arguments.
    bool match(JITState& js, const FrozenBox& f, Box* b, std::vector<Operand>& args, std::vector<bool>& set,
               std::map<int, const VObj*>& objs) {
        b = resolve(js, b);
        switch (f.k) {
        case FrozenBox::K::Const:
            return b->k == Box::K::Const && b->value == f.value;
        case FrozenBox::K::Var: {
            if (b->k == Box::K::Virtual) return false;
            Operand o = b->k == Box::K::Const ? backend.constant(f.type, b->value) : b->var;
            if (set[f.id]) return args[f.id] == o;
            args[f.id] = o;
            set[f.id] = true;
            return true;
        }
        case FrozenBox::K::Virtual: {
            if (b->k != Box::K::Virtual || b->obj->T != f.T) return false;
            auto [it, fresh] = objs.try_emplace(f.id, b->obj);
            if (!fresh) return it->second == b->obj;
            // one object per frozen object: two frozen objects cannot both
            // be one live object (the code after the label keeps them apart)
            for (auto& [id, o] : objs)
                if (id != f.id && o == b->obj) return false;
            if (f.fields.empty() && f.items.empty()) return b->obj->fields.empty() && b->obj->items.empty();
            if (f.isArray) {
                if (b->obj->items.size() != f.items.size()) return false;
                for (size_t i = 0; i < f.items.size(); ++i) {
                    Box* item = b->obj->items[i] ? b->obj->items[i] : zeroBox(js, rtyper::asType<rtyper::Array>(f.T)->itemType());
                    if (!match(js, f.items[i], item, args, set, objs)) return false;
                }
                return true;
            }
            std::set<FieldKey> keys;
            for (auto& [key, fb] : f.fields) {
                keys.insert(key);
                auto found = b->obj->fields.find(key);
                Box* fbx = found != b->obj->fields.end() ? found->second : nullptr;
                if (!fbx) return false;
                if (!match(js, fb, fbx, args, set, objs)) return false;
            }
            for (auto& [key, fb] : b->obj->fields)
                if (!keys.count(key)) return false;
            return true;
        }
        }
        return false;
    }

    /// The live virtual objects that must become run-time objects to fit
    /// the more general state of `f` (null: no state there, all forced).
    void mustForce(JITState& js, const FrozenBox* f, Box* b, std::vector<VObj*>& out, std::set<const VObj*>& seen) {
        if (!b) return;
        b = resolve(js, b);
        if (b->k != Box::K::Virtual) return;
        bool fits = f && f->k == FrozenBox::K::Virtual && f->T == b->obj->T;
        if (fits && f->isArray) fits = b->obj->items.size() == f->items.size();
        if (fits && !f->isArray && !f->fields.empty()) {
            fits = b->obj->fields.size() == f->fields.size();
            for (auto& [key, fb] : f->fields) fits = fits && b->obj->fields.count(key);
        }
        if (!fits) {
            if (std::find(out.begin(), out.end(), b->obj) == out.end()) out.push_back(b->obj);
            return;
        }
        if (!seen.insert(b->obj).second) return;
        if (f->isArray) {
            for (size_t i = 0; i < f->items.size(); ++i) mustForce(js, &f->items[i], b->obj->items[i], out, seen);
        } else {
            for (auto& [key, fb] : f->fields) mustForce(js, &fb, b->obj->fields[key], out, seen);
        }
    }

    /// Whether the live box has the structure of `f` (virtuals where it has
    /// virtuals, of the same types), whatever the constants.
    bool shapeFits(JITState& js, const FrozenBox& f, Box* b) {
        b = resolve(js, b);
        // (a constant object — a prebuilt True, nil — is part of the shape:
        // few of them, each worth a state; integers are generalized)
        if (f.k == FrozenBox::K::Const && isPtr(f.type))
            return b->k == Box::K::Const && b->value == f.value;
        if (f.k != FrozenBox::K::Virtual) return b->k != Box::K::Virtual;
        if (b->k != Box::K::Virtual || b->obj->T != f.T) return false;
        if (f.isArray) {
            if (b->obj->items.size() != f.items.size()) return false;
            for (size_t i = 0; i < f.items.size(); ++i)
                if (b->obj->items[i] && !shapeFits(js, f.items[i], b->obj->items[i])) return false;
            return true;
        }
        if (f.fields.empty()) return true; // (a shared object, described at its first place)
        if (b->obj->fields.size() != f.fields.size()) return false;
        for (auto& [key, fb] : f.fields) {
            auto it = b->obj->fields.find(key);
            if (it == b->obj->fields.end() || !shapeFits(js, fb, it->second)) return false;
        }
        return true;
    }

    /// The more general state of `f` and the live box: differing constants
    /// become variables, a virtual that does not fit is forced.
    FrozenBox generalize(JITState& js, const FrozenBox& f, Box* b, int& nvars, std::map<const VObj*, int>& objs) {
        b = resolve(js, b);
        FrozenBox g;
        g.type = b->type;
        if (f.k == FrozenBox::K::Const && b->k == Box::K::Const && b->value == f.value) {
            g.k = FrozenBox::K::Const;
            g.value = f.value;
            return g;
        }
        if (f.k == FrozenBox::K::Virtual && b->k == Box::K::Virtual && b->obj->T == f.T) {
            g.k = FrozenBox::K::Virtual;
            auto [it, fresh] = objs.try_emplace(b->obj, (int)objs.size());
            g.id = it->second;
            g.T = f.T;
            g.isArray = f.isArray;
            if (!fresh) return g;
            if (f.isArray && b->obj->items.size() == f.items.size()) {
                for (size_t i = 0; i < f.items.size(); ++i) {
                    Box* item = b->obj->items[i] ? b->obj->items[i] : zeroBox(js, rtyper::asType<rtyper::Array>(f.T)->itemType());
                    g.items.push_back(generalize(js, f.items[i], item, nvars, objs));
                }
                return g;
            }
            if (!f.isArray) {
                bool same = b->obj->fields.size() == f.fields.size();
                for (auto& [key, fb] : f.fields) same = same && b->obj->fields.count(key);
                if (same) {
                    for (auto& [key, fb] : f.fields) g.fields.push_back({key, generalize(js, fb, b->obj->fields[key], nvars, objs)});
                    return g;
                }
            }
            // (does not fit: forced below)
            g = FrozenBox{};
            g.type = b->type;
        }
        g.k = FrozenBox::K::Var;
        g.id = nvars++;
        return g;
    }

    /// The live boxes laid out as `g`: its variables' operands in order
    /// (constants and forced virtuals where `g` has variables).
    void layout(JITState& js, const FrozenBox& g, Box* b, std::vector<Operand>& vars, std::set<int>& seenObjs) {
        b = resolve(js, b);
        if (g.k == FrozenBox::K::Var) {
            if ((int)vars.size() <= g.id) vars.resize(g.id + 1);
            vars[g.id] = operand(js, b);
        } else if (g.k == FrozenBox::K::Virtual) {
            if (!seenObjs.insert(g.id).second) return;
            if (g.isArray) {
                for (size_t i = 0; i < g.items.size(); ++i) {
                    Box* item = b->obj->items[i] ? b->obj->items[i] : zeroBox(js, rtyper::asType<rtyper::Array>(g.T)->itemType());
                    layout(js, g.items[i], item, vars, seenObjs);
                }
            } else {
                for (auto& [key, fb] : g.fields) layout(js, fb, b->obj->fields[key], vars, seenObjs);
            }
        }
    }
    /// New boxes for state `g` whose variables are `vars`.
    Box* rebuild(JITState& js, const FrozenBox& g, const std::vector<Operand>& vars, std::map<int, VObj*>& objs) {
        if (g.k == FrozenBox::K::Const) return constBox(js, g.type, g.value);
        if (g.k == FrozenBox::K::Var) return varBox(js, g.type, vars.at(g.id));
        auto it = objs.find(g.id);
        VObj* o;
        if (it != objs.end()) {
            o = it->second;
        } else {
            o = js.comp->newObj();
            objs[g.id] = o;
            o->T = g.T;
            o->isArray = g.isArray;
            for (auto& [key, fb] : g.fields) o->fields[key] = rebuild(js, fb, vars, objs);
            for (auto& item : g.items) o->items.push_back(rebuild(js, item, vars, objs));
        }
        Box* b = js.comp->newBox();
        b->k = Box::K::Virtual;
        b->type = g.type;
        b->obj = o;
        return b;
    }

    std::vector<std::pair<uint64_t, uint32_t>> keyOf(const std::vector<LLValue>& greens) {
        std::vector<std::pair<uint64_t, uint32_t>> key;
        for (const LLValue& v : greens) key.push_back({v.bits(), v.aux});
        return key;
    }

    /// At the portal's merge point (the state in the slots): too much
    /// residual code, or a state that does not settle — the residual code
    /// calls the plain interpreter here and returns what it returns.
    int64_t fallback(JITState& js, const char* why) {
        std::vector<Operand> args;
        for (size_t k = 0; k < tables.mergeOrder.size(); ++k) {
            const Slot& sl = js.slots.at(tables.mergeOrder[k]);
            const LowLevelType* t = tables.fallbackTypes.at(k);
            if (sl.isBox) args.push_back(operand(js, sl.box));
            else args.push_back(backend.constant(t, sl.value));
        }
        Operand r = builder(js).call(Operand::constant(tables.fallback), std::span<const Operand>(args.data(), args.size()));
        js.comp->code->error = why;
        fetchException(js);
        if (js.excInMemory) readException(js);
        ret(js, varBox(js, tables.resultType, r));
        return 1;
    }

    /// The live virtual objects of the red slots `reds` that do not fit the
    /// frozen state `frozen` (null: all of them) forced, everywhere they
    /// occur (so that every occurrence agrees).
    void forceUnfit(JITState& js, const std::vector<size_t>& reds, const std::vector<FrozenBox>* frozen) {
        std::vector<VObj*> toForce;
        std::set<const VObj*> seen;
        for (size_t k = 0; k < reds.size(); ++k)
            mustForce(js, frozen ? &(*frozen)[k] : nullptr, js.slots[reds[k]].box, toForce, seen);
        for (VObj* o : toForce) force(js, o);
    }

    /// Generalizations of one merge state before giving up on it.
    static constexpr unsigned kGeneralizations = 8;

    /// Residual operations a path may emit before it reaches a merge point
    /// (at least; twice the budget when that is more).
    static constexpr size_t kPathLimit = 50000;

    /// States kept per key at a loop of the interpreter's own code before
    /// generalizing (loops over compile-time values unroll that far).
    static constexpr size_t kLocalStates = 16;

    int64_t merge(JITState& js, size_t n, int mpid) {
        js.excInMemory = false; // (untested: the call could not raise)
        if (js.excType && !(resolve(js, js.excType)->k == Box::K::Const && !resolve(js, js.excType)->value.p))
            throw CompileFailure("an exception pending at a merge point");
        js.slots.resize(n);
        std::vector<LLValue> greens{LLValue::integer(mpid)};
        std::vector<size_t> reds;
        for (size_t i = 0; i < n; ++i) {
            if (js.slots[i].isBox) reds.push_back(i);
            else greens.push_back(js.slots[i].value);
        }
        auto key = keyOf(greens);
        Compilation& c = *js.comp;
        if (mpid == 0 && c.ops - js.opsBase > self->budget && !c.merges.empty())
            return fallback(js, "residual code over budget: a fallback call");
        std::vector<MergeEntry>& entries = c.merges[key];
        // a state seen before: close the loop (the widest state last: the
        // virtuals are forced to reach it)
        for (bool wide : {false, true})
        for (MergeEntry& e : entries) {
            if (e.widest != wide) continue;
            if (wide) forceUnfit(js, reds, nullptr);
            std::vector<Operand> args((size_t)e.vars);
            std::vector<bool> set((size_t)e.vars, false);
            std::map<int, const VObj*> objs;
            bool fits = true;
            for (size_t k = 0; k < reds.size() && fits; ++k)
                fits = match(js, e.reds[k], js.slots[reds[k]].box, args, set, objs);
            if (!fits) continue;
            for (size_t k = 0; k < args.size(); ++k)
                if (!set[k]) throw CompileFailure("merge: a variable of the state is missing");
            if (!factsHold(js, e.facts, args)) continue;
            ++js.comp->ops;
            builder(js).jump(e.label, std::span<const Operand>(args.data(), args.size()));
            js.builder = nullptr;
            return 1;
        }
        // the portal's merge point: constants that differ are generalized
        // in the state of the same shape; a new shape (a virtual where the
        // state has a run-time object, as on a loop's first iteration) gets
        // a state of its own, so that the loop keeps it virtual
        MergeEntry* sameShape = nullptr;
        if (mpid == 0)
            for (MergeEntry& e : entries) {
                bool same = true;
                for (size_t k = 0; k < reds.size() && same; ++k) same = shapeFits(js, e.reds[k], js.slots[reds[k]].box);
                if (same) {
                    sameShape = &e;
                    break;
                }
            }
        size_t limit = mpid == 0 ? 4 : kLocalStates;
        // a loop of the interpreter's own code that went through a split on
        // a run-time condition since its last state (on this path) does not
        // unroll at compile time: it closes now
        bool runtimeLoop = mpid != 0 && !entries.empty() && js.realSplits > entries.back().realSplits;
        if (!sameShape && entries.size() < limit && !runtimeLoop) {
            MergeEntry e;
            std::vector<Operand> vars;
            std::map<Operand*, int> dummy;
            std::map<const VObj*, int> objs;
            for (size_t i : reds) e.reds.push_back(freeze(js, js.slots[i].box, dummy, vars, objs));
            e.vars = (int)vars.size();
            e.realSplits = js.realSplits;
            e.facts = factsOf(js, vars);
            e.label = builder(js).enterNextBlock(vars);
            // (distinct variables: enterNextBlock keeps their operands)
            settleAfterLabel(js, vars);
            keepFacts(js, e.facts, vars);
            entries.push_back(std::move(e));
            return 0;
        }
        // generalize, and compile on from a new label
        MergeEntry& e = sameShape ? *sameShape : entries.back();
        // a state that keeps changing (a structure growing at each
        // iteration): at the portal's merge point the plain interpreter
        // takes over; at a loop of the interpreter's own code the state
        // becomes the widest one (every red a run-time value)
        bool widest = e.generalized >= kGeneralizations;
        if (widest && mpid == 0) return fallback(js, "merge point generalized too often: a fallback call");
        if (widest && e.widest) throw CompileFailure("merge point: the widest state does not fit");
        ++e.generalized;
        if (widest) {
            for (FrozenBox& f : e.reds) f = FrozenBox{FrozenBox::K::Var, f.type, {}, 0, nullptr, {}, {}, false};
            e.widest = true;
        }
        // first the live objects that cannot stay virtual
        forceUnfit(js, reds, &e.reds);
        int nvars = 0;
        std::map<const VObj*, int> gobjs;
        std::vector<FrozenBox> g;
        for (size_t k = 0; k < reds.size(); ++k) g.push_back(generalize(js, e.reds[k], js.slots[reds[k]].box, nvars, gobjs));
        std::vector<Operand> vars;
        std::set<int> seen;
        for (size_t k = 0; k < reds.size(); ++k) layout(js, g[k], js.slots[reds[k]].box, vars, seen);
        vars.resize((size_t)nvars);
        e.facts = e.widest ? std::vector<Fact>{} : factsOf(js, vars);
        e.label = builder(js).enterNextBlock(vars);
        keepFacts(js, e.facts, vars);
        std::map<int, VObj*> rebuilt;
        for (size_t k = 0; k < reds.size(); ++k) js.slots[reds[k]].box = rebuild(js, g[k], vars, rebuilt);
        e.reds = std::move(g);
        e.vars = nvars;
        e.realSplits = js.realSplits;
        return 0;
    }

    /// After a label whose variables are `vars` (the state frozen before
    /// it, so the casts it saw are remembered): the boxes refer only to
    /// them. A forced virtual becomes the variable the state has (its cast);
    /// a box viewing a run-time object through a cast forgets the object
    /// when it is not one of them (the cast's own variable is).
    void settleAfterLabel(JITState& js, const std::vector<Operand>& vars) {
        std::set<const VObj*> seen;
        std::function<Box*(Box*)> fix = [&](Box* b) -> Box* {
            if (!b) return b;
            if (b->k == Box::K::Virtual && b->obj->forced) b = resolve(js, b);
            if (b->k == Box::K::Var && b->castBase.valid() &&
                std::find(vars.begin(), vars.end(), b->castBase) == vars.end()) {
                Box* c = js.comp->newBox();
                *c = *b;
                c->castBase = Operand();
                return c;
            }
            if (b->k == Box::K::Virtual && !b->obj->forced && seen.insert(b->obj).second) {
                for (auto& [key, fb] : b->obj->fields) fb = fix(fb);
                for (Box*& item : b->obj->items) item = fix(item);
            }
            return b;
        };
        for (Slot& sl : js.slots)
            if (sl.isBox) sl.box = fix(sl.box);
        js.excType = fix(js.excType);
        js.excValue = fix(js.excValue);
    }

    /// The constant fields known of the state's variables `vars`.
    std::vector<Fact> factsOf(JITState& js, const std::vector<Operand>& vars) {
        std::vector<Fact> facts;
        for (auto& [key, entry] : js.known) {
            if (key.second >= ((uint64_t)1 << 32)) continue; // (casts: redone cheaply)
            Box* v = resolve(js, entry.second);
            if (v->k != Box::K::Const) continue;
            auto it = std::find(vars.begin(), vars.end(), entry.first);
            if (it == vars.end()) continue;
            facts.push_back({(int)(it - vars.begin()), key.second, v->value, v->type});
        }
        return facts;
    }
    /// After a label: what is known is the state's facts, of its variables.
    void keepFacts(JITState& js, const std::vector<Fact>& facts, const std::vector<Operand>& vars) {
        js.known.clear();
        for (const Fact& f : facts) {
            const Operand& o = vars.at((size_t)f.var);
            js.known[{o.varId(), f.field}] = {o, constBox(js, f.type, f.value)};
        }
    }
    /// Whether a state reaching a label with `args` knows the label's facts.
    bool factsHold(JITState& js, const std::vector<Fact>& facts, const std::vector<Operand>& args) {
        for (const Fact& f : facts) {
            const Operand& o = args.at((size_t)f.var);
            if (!o.isVar()) return false;
            auto it = js.known.find({o.varId(), f.field});
            if (it == js.known.end()) return false;
            Box* v = resolve(js, it->second.second);
            if (v->k != Box::K::Const || !(v->value == f.value)) return false;
        }
        return true;
    }

    // --- promotion ---------------------------------------------------------------------------------

    int64_t promote(JITState& js, Box* b, size_t n, int rid, const LowLevelType* t) {
        b = resolve(js, b);
        js.slots.resize(n + 1);
        if (b->k == Box::K::Const) {
            js.slots[n] = Slot{false, b->value, nullptr};
            return 1;
        }
        // a virtual structure has no address before it exists: it is
        // allocated here and its address promoted (each run's object is
        // new, so each adds a case: promote() of a fresh object is costly)
        if (b->k == Box::K::Virtual) {
            operand(js, b);
            b = resolve(js, b);
        }
        Builder& bld = builder(js);
        std::vector<Operand> live = liveVars(js, n);
        live.push_back(b->var);
        codegen::Label label = bld.enterNextBlock(live);
        Operand value = b->var;
        Operand key = value;
        bool pointer = isPtr(t);
        if (pointer) {
            Operand adr = bld.op(Opcode::CastPtrToAdr, {value}, rtyper::Address);
            key = bld.op(Opcode::CastAdrToInt, {adr}, rtyper::Signed);
        } else if (rtyper::resolve(t) == rtyper::Float) {
            key = bld.op(Opcode::ConvertFloatBytesToLonglong, {value}, rtyper::Signed);
        } else if (t != rtyper::Signed) {
            key = bld.op(Opcode::CastPrimitive, {value}, rtyper::Signed);
        }
        std::vector<Operand> swLive = live;
        if (!(key == value)) swLive.push_back(key);
        codegen::Switch& sw = bld.flexswitch(key, std::span<const Operand>(swLive.data(), swLive.size()));
        PromoteSite& site = js.comp->sites.emplace_back();
        size_t siteNumber = sites.size();
        sites.push_back(&site);
        site.comp = js.comp;
        site.sw = &sw;
        site.slot = n;
        site.type = t;
        site.pointer = pointer;
        site.state = snapshot(js, n, rid);
        site.promoted = value;
        // the default path: ask the compiler for this value's case, then
        // switch again (the new case is there)
        Operand adrArg = pointer ? bld.op(Opcode::CastPtrToAdr, {value}, rtyper::Address)
                                 : backend.constant(rtyper::Address, LLValue::pointer(nullptr));
        bld.call(Operand::constant(continueFn),
                 {backend.intConst((int64_t)siteNumber), key, adrArg});
        bld.jump(label, std::span<const Operand>(live.data(), live.size()));
        js.builder = nullptr;
        js.comp->ops += 4;
        return 0;
    }

    /// From the residual code: the promoted value `key` reached `site`.
    void continueCompilation(PromoteSite& site, int64_t key, LLValue adr) {
        if (site.sw->hasCase(key)) return;
        try {
            compileCase(site, key, adr);
        } catch (const std::exception& e) {
            // (the residual code cannot go on without the case)
            throw llinterp::LLFatalError(std::string("jit: compiling the promoted value's case failed: ") + e.what());
        }
    }
    void compileCase(PromoteSite& site, int64_t key, LLValue adr) {
        Builder& b = backend.addCase(*site.sw, key);
        JITState state;
        JITState& js = state;
        js.rt = this;
        js.comp = site.comp;
        js.opsBase = site.comp->ops; // (a bridge has a budget of its own)
        js.builder = &b;
        b.start();
        std::map<const VObj*, VObj*> memo;
        Snapshot s;
        for (const Slot& sl : site.state.slots) {
            Slot c = sl;
            if (c.isBox) c.box = copyBox(js, c.box, memo);
            s.slots.push_back(c);
        }
        LLValue v = site.pointer ? adr : LLValue::integer(key);
        if (rtyper::resolve(site.type) == rtyper::Float) {
            double d;
            std::memcpy(&d, &key, sizeof d);
            v = LLValue::floating(d);
        }
        if (site.pointer) {
            v.aux = 0;
            self->promotedPointers_[key] = {site.type, v};
        }
        s.slots.resize(site.slot + 1);
        s.slots[site.slot] = Slot{false, v, nullptr};
        s.excType = copyBox(js, site.state.excType, memo);
        s.excValue = copyBox(js, site.state.excValue, memo);
        s.excInMemory = site.state.excInMemory;
        s.known = site.state.known;
        for (auto& [key, entry] : s.known)
            if (entry.second->k == Box::K::Var && entry.second->var == site.promoted)
                entry.second = constBox(js, entry.second->type, v);
        s.rid = site.state.rid;
        b.pause();
        s.builder = &b;
        js.builder = nullptr;
        js.pending.push_back(std::move(s));
        js.resuming = true;
        runGenext(js, {});
    }

    // --- the code cache ----------------------------------------------------------------------------

    void runGenext(JITState& js, const std::vector<LLValue>& args) {
        std::vector<LLValue> all{LLValue::integer((int64_t)(intptr_t)&js)};
        if (args.empty()) {
            for (const LowLevelType* t : tables.argTypes) {
                (void)t;
                all.push_back(LLValue::integer(0));
            }
            // (resuming: the start block goes straight to the dispatcher)
            for (size_t i = 0; i < tables.argTypes.size(); ++i)
                if (tables.greenArg[i]) all[1 + i] = rtyper::LLHeap::zero(tables.argTypes[i]);
        } else {
            all.insert(all.end(), args.begin(), args.end());
        }
        bool was = compiling;
        compiling = true;
        // A green operation that raises at compile time (a division by a
        // green zero on a path the residual code may never take) leaves its
        // exception in the program's exc_data: the compilation fails, and
        // the program's state is put back.
        rtyper::LLContainer* data = tables.excData ? tables.excData->llvalue.p : nullptr;
        std::vector<LLValue> saved = data ? data->slots : std::vector<LLValue>{};
        if (data)
            for (LLValue& v : data->slots) v = LLValue::pointer(nullptr);
        try {
            interp.call(genext, all);
        } catch (...) {
            compiling = was;
            if (data) data->slots = saved;
            throw;
        }
        compiling = was;
        bool raised = data && !data->slots.empty() && data->slots[0].tag == LLValue::Tag::Ptr && data->slots[0].p;
        if (data) data->slots = saved;
        if (raised) throw CompileFailure("an exception raised by green code at compile time");
    }

    CompiledCode* compile(const std::vector<LLValue>& greens) {
        auto key = keyOf(greens);
        auto it = cache.find(key);
        if (it != cache.end()) return it->second;
        auto code = std::make_unique<CompiledCode>();
        CompiledCode* cc = code.get();
        cc->greens = greens;
        self->order_.push_back(std::move(code));
        cache[key] = cc;
        // (a Void red argument — always None — is no input of the residual code)
        std::vector<const LowLevelType*> redTypes;
        for (size_t i = 0; i < tables.argTypes.size(); ++i)
            if (!tables.greenArg[i] && !isVoid(tables.argTypes[i])) redTypes.push_back(tables.argTypes[i]);
        std::string name = portal->name + "_residual" + std::to_string(self->order_.size());
        try {
            codegen::Unit& unit = backend.newUnit(redTypes, tables.resultType, name);
            cc->unit = &unit;
            Compilation& comp = compilations.emplace_back();
            comp.code = cc;
            comp.unit = &unit;
            JITState state;
            JITState& js = state;
            js.rt = this;
            js.comp = &comp;
            js.builder = &unit.entry();
            std::vector<LLValue> args;
            size_t g = 0, r = 0;
            for (size_t i = 0; i < tables.argTypes.size(); ++i) {
                if (tables.greenArg[i]) {
                    args.push_back(greens.at(g++));
                } else if (isVoid(tables.argTypes[i])) {
                    args.push_back(LLValue::integer((int64_t)(intptr_t)constBox(js, tables.argTypes[i], LLValue())));
                } else {
                    args.push_back(LLValue::integer((int64_t)(intptr_t)varBox(js, redTypes[r], unit.input(r))));
                    ++r;
                }
            }
            runGenext(js, args);
            backend.compile(unit);
            cc->residualOps = codegen::countOperations(*unit.graph()).total;
        } catch (const std::exception& e) {
            cc->failed = true;
            cc->error = e.what();
        } catch (const llinterp::LLException&) {
            cc->failed = true;
            cc->error = "an exception while compiling";
        }
        if (self->verbose)
            std::cerr << "jit: compiled " << name << (cc->failed ? " FAILED: " + cc->error : "") << "\n";
        return cc;
    }
};

// --- the runtime's external functions --------------------------------------------------------------

namespace {

JITState& stateOf(const LLValue& v) { return *reinterpret_cast<JITState*>((intptr_t)v.i); }
Box* boxOf(const LLValue& v) { return reinterpret_cast<Box*>((intptr_t)v.i); }
LLValue handle(const void* p) { return LLValue::integer((int64_t)(intptr_t)p); }

} // namespace

JitRuntime::JitRuntime(rtyper::LLContext& ctx, llinterp::LLInterpreter& interp, const ir::FunctionGraph* portal,
                       ir::FunctionGraph* genext, GenextTables tables)
    : impl_(std::make_unique<Impl>(ctx, interp, portal, genext, std::move(tables))) {
    impl_->self = this;
    impl_->continueFn = ctx.externalFunction(
        "ts_continue", ctx.types.makeFunc({rtyper::Signed, rtyper::Signed, rtyper::Address}, rtyper::Void));
}

JitRuntime::~JitRuntime() = default;

codegen::Backend& JitRuntime::backend() { return impl_->backend; }

CompiledCode* JitRuntime::compile(const std::vector<LLValue>& greens) { return impl_->compile(greens); }

void JitRuntime::install() {
    Impl& rt = *impl_;
    llinterp::LLInterpreter& in = rt.interp;
    using Args = std::vector<LLValue>;
    using FT = const rtyper::FuncType*;
    auto ext = [&](const char* name, std::function<LLValue(Args&)> f) {
        in.registerExternal(name, [f](llinterp::LLInterpreter&, FT, Args& a) { return f(a); });
    };
    Impl* r = impl_.get();
    ext("ts_const_int", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        return handle(r->constBox(js, r->tables.types.at(a[2].i), LLValue::integer(a[1].i)));
    });
    ext("ts_const_float", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        return handle(r->constBox(js, r->tables.types.at(a[2].i), a[1]));
    });
    ext("ts_const_adr", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        LLValue v = a[1];
        if (v.tag == LLValue::Tag::Int && v.i == 0) v = LLValue::pointer(nullptr);
        return handle(r->constBox(js, r->tables.types.at(a[2].i), v));
    });
    ext("ts_arg", [](Args& a) {
        stateOf(a[0]).args.push_back(boxOf(a[1]));
        return LLValue();
    });
    ext("ts_op", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        Box* b = r->op(js, (Opcode)a[1].i, r->tables.types.at(a[2].i), (int)a[3].i);
        return handle(b);
    });
    auto slot = [](JITState& js, int64_t i) -> Slot& {
        if ((size_t)i >= js.slots.size()) js.slots.resize((size_t)i + 1);
        return js.slots[(size_t)i];
    };
    ext("ts_save_box", [slot](Args& a) {
        slot(stateOf(a[0]), a[1].i) = Slot{true, LLValue(), boxOf(a[2])};
        return LLValue();
    });
    for (const char* n : {"ts_save_int", "ts_save_float", "ts_save_adr"})
        ext(n, [slot](Args& a) {
            slot(stateOf(a[0]), a[1].i) = Slot{false, a[2], nullptr};
            return LLValue();
        });
    ext("ts_restore_int", [](Args& a) {
        const Slot& s = stateOf(a[0]).slots.at((size_t)a[1].i);
        return s.isBox ? handle(s.box) : s.value;
    });
    ext("ts_restore_float", [](Args& a) { return stateOf(a[0]).slots.at((size_t)a[1].i).value; });
    ext("ts_restore_adr", [](Args& a) { return stateOf(a[0]).slots.at((size_t)a[1].i).value; });
    ext("ts_split", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        return LLValue::integer(r->split(js, boxOf(a[1]), (int)a[2].i, (size_t)a[3].i, (size_t)a[4].i));
    });
    ext("ts_merge", [r](Args& a) { return LLValue::integer(r->merge(stateOf(a[0]), (size_t)a[1].i, (int)a[2].i)); });
    ext("ts_return", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        r->ret(js, a[1].i ? boxOf(a[1]) : nullptr);
        return LLValue();
    });
    ext("ts_green_exc", [r](Args& a) {
        r->greenException(stateOf(a[0]));
        return LLValue();
    });
    ext("ts_dispatch", [r](Args& a) { return LLValue::integer(r->dispatch(stateOf(a[0]))); });
    ext("ts_resuming", [](Args& a) { return LLValue::integer(stateOf(a[0]).resuming ? 1 : 0); });
    ext("ts_promote", [r](Args& a) {
        JITState& js = stateOf(a[0]);
        return LLValue::integer(
            r->promote(js, boxOf(a[1]), (size_t)a[2].i, (int)a[3].i, r->tables.types.at(a[4].i)));
    });
    ext("ts_continue", [r](Args& a) {
        r->continueCompilation(*r->sites.at((size_t)a[0].i), a[1].i, a[2]);
        return LLValue();
    });

    // the portal, called by the program (or by residual code): its
    // residual code for the green arguments, compiled on first use
    const ir::FunctionGraph* portal = r->portal;
    in.callHook = [this, r, portal](const ir::FunctionGraph* g,
                                    const std::vector<LLValue>& args) -> std::optional<LLValue> {
        if (g != portal || r->compiling) return std::nullopt;
        std::vector<LLValue> greens, reds;
        for (size_t i = 0; i < args.size(); ++i)
            if (r->tables.greenArg[i]) greens.push_back(args[i]);
            else if (!isVoid(r->tables.argTypes[i])) reds.push_back(args[i]);
        auto key = r->keyOf(greens);
        if (!r->cache.count(key) && ++r->counts[key] <= threshold) return std::nullopt;
        CompiledCode* code = r->compile(greens);
        if (!code || code->failed) return std::nullopt;
        ++code->entries;
        return r->interp.call(code->unit->graph(), reds);
    };
}

} // namespace futamura::jitgen
