//! The timeshifter's graph transformation: the analysed portal becomes its
//! generating extension (see include/futamura/jitgen/timeshifter.h).
//!
//! Every block of the analysed graph has a twin in the generating extension,
//! whose first input is the compiler state `js` and whose red inputs are box
//! handles. Green operations are copied; red ones become calls of the
//! runtime (`ts_arg` per argument box, then `ts_op`). A red exit switch
//! saves the values the false branch needs and calls `ts_split`; the branch
//! the runtime queues is resumed later from the dispatcher, which restores
//! those values (a resume point per split). Returns go to `ts_return` and
//! then to the dispatcher, which ends the generating extension when nothing
//! is queued. The jit_merge_point block saves its inputs and asks `ts_merge`
//! whether this state closes a loop.
#include "futamura/jitgen/timeshifter.h"

#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llcheck.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

namespace futamura::jitgen {

using ir::Block;
using ir::Constant;
using ir::FunctionGraph;
using ir::Link;
using ir::LLValue;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::Variable;
using rtyper::LowLevelType;

namespace {

const LowLevelType* typeOf(const Value* v) {
    if (const auto* c = ir::asConstant(const_cast<Value*>(v)))
        return rtyper::resolve(static_cast<const LowLevelType*>(c->concretetype));
    return rtyper::resolve(static_cast<const LowLevelType*>(static_cast<const Variable*>(v)->concretetype));
}

std::string voidString(const Value* v) {
    const Constant* c = ir::asConstant(const_cast<Value*>(v));
    if (!c || !c->value() || !PyUnicode_Check(c->value())) return "";
    return py::asString(c->value());
}

enum class Kind { Void, Int, Float, Adr };

Kind kindOf(const LowLevelType* t) {
    if (t == rtyper::Void) return Kind::Void;
    if (t == rtyper::Float) return Kind::Float;
    if (t == rtyper::Address || (t && t->kind() == rtyper::TypeKind::Ptr)) return Kind::Adr;
    return Kind::Int;
}

} // namespace

struct GenextBuilder {
    GenextBuilder(rtyper::LLContext& c, HintAnnotator& h, GenextTables& t) : ctx(c), hints(h), tables(t) {}
    rtyper::LLContext& ctx;
    HintAnnotator& hints;
    GenextTables& tables;
    FunctionGraph* src = nullptr;
    FunctionGraph* out = nullptr;

    std::unordered_map<const Block*, Block*> twin;
    std::map<std::string, Constant*> externals;
    std::unordered_map<const LowLevelType*, int> typeIds;
    std::map<std::pair<const LowLevelType*, std::string>, int> fieldIds;
    std::unordered_map<const Constant*, int> functionIds;
    std::vector<Block*> resumeBlocks;
    Block* dispatcher = nullptr;
    Block* returnPath = nullptr;
    struct ById {
        bool operator()(const Block* a, const Block* b) const { return a->id() < b->id(); }
    };
    std::set<const Block*, ById> loopHeaders; // (but the portal's merge block)

    // --- the block being written ---------------------------------------------------------------
    Block* cur = nullptr;
    Variable* js = nullptr;
    std::unordered_map<const Value*, Value*> env;

    Variable* newVar(const LowLevelType* t, const std::string& name = "v") {
        Variable* v = ctx.arena.newVariable(name);
        v->concretetype = t;
        return v;
    }
    Constant* sconst(int64_t v) { return ctx.signedConst(v); }

    Constant* external(const std::string& name, std::vector<const LowLevelType*> args, const LowLevelType* result) {
        auto it = externals.find(name);
        if (it != externals.end()) return it->second;
        Constant* c = ctx.externalFunction(name, ctx.types.makeFunc(std::move(args), result));
        externals[name] = c;
        return c;
    }
    Value* call(const std::string& name, std::vector<Value*> args, const LowLevelType* result) {
        std::vector<const LowLevelType*> types;
        for (Value* a : args) types.push_back(typeOf(a));
        Constant* fn = external(name, types, result);
        args.insert(args.begin(), fn);
        Variable* r = newVar(result);
        cur->operations.push_back(ctx.arena.newOperation(Opcode::DirectCall, std::move(args), r));
        return r;
    }
    Value* op(Opcode opcode, std::vector<Value*> args, const LowLevelType* result) {
        Variable* r = newVar(result);
        cur->operations.push_back(ctx.arena.newOperation(opcode, std::move(args), r));
        return r;
    }

    int typeId(const LowLevelType* t) {
        auto [it, fresh] = typeIds.try_emplace(t, (int)tables.types.size());
        if (fresh) tables.types.push_back(t);
        return it->second;
    }
    int fieldId(const LowLevelType* ptrType, const std::string& name, const LowLevelType* ftype) {
        auto [it, fresh] = fieldIds.try_emplace({ptrType, name}, (int)tables.fields.size());
        if (fresh) tables.fields.push_back({ptrType, name, ftype});
        return it->second;
    }
    int functionId(Constant* fn) {
        auto [it, fresh] = functionIds.try_emplace(fn, (int)tables.functions.size());
        if (fresh) tables.functions.push_back(fn);
        return it->second;
    }

    bool green(const Value* v) {
        if (v->isConstant()) return true;
        if (typeOf(v) == rtyper::Void) return true;
        return hints.isGreen(v);
    }
    /// The generating extension's value for `v` (green: the value; red: its box).
    Value* get(const Value* v) {
        if (v->isConstant()) return const_cast<Value*>(v);
        auto it = env.find(v);
        if (it == env.end()) throw std::logic_error("timeshifter: no value for " + static_cast<const Variable*>(v)->name());
        return it->second;
    }
    /// A box for `v`, boxing a green value.
    Value* box(const Value* v) {
        if (!green(v)) return get(v);
        Value* g = get(v);
        const LowLevelType* t = typeOf(v);
        switch (kindOf(t)) {
        case Kind::Void: return sconst(0);
        case Kind::Int:
            if (t != rtyper::Signed) g = op(Opcode::CastPrimitive, {g}, rtyper::Signed);
            return call("ts_const_int", {js, g, sconst(typeId(t))}, rtyper::Signed);
        case Kind::Float: return call("ts_const_float", {js, g, sconst(typeId(t))}, rtyper::Signed);
        case Kind::Adr:
            if (t != rtyper::Address) g = op(Opcode::CastPtrToAdr, {g}, rtyper::Address);
            return call("ts_const_adr", {js, g, sconst(typeId(t))}, rtyper::Signed);
        }
        return nullptr;
    }
    /// Saves `v` (green value or red box) in slot `i` of the state.
    void save(size_t i, const Value* v) {
        Value* x = get(v);
        if (!green(v)) {
            call("ts_save_box", {js, sconst((int64_t)i), x}, rtyper::Void);
            return;
        }
        const LowLevelType* t = typeOf(v);
        switch (kindOf(t)) {
        case Kind::Void: call("ts_save_int", {js, sconst((int64_t)i), sconst(0)}, rtyper::Void); return;
        case Kind::Int:
            if (t != rtyper::Signed) x = op(Opcode::CastPrimitive, {x}, rtyper::Signed);
            call("ts_save_int", {js, sconst((int64_t)i), x}, rtyper::Void);
            return;
        case Kind::Float: call("ts_save_float", {js, sconst((int64_t)i), x}, rtyper::Void); return;
        case Kind::Adr:
            if (t != rtyper::Address) x = op(Opcode::CastPtrToAdr, {x}, rtyper::Address);
            call("ts_save_adr", {js, sconst((int64_t)i), x}, rtyper::Void);
            return;
        }
    }
    /// Restores slot `i` as the generating extension's value for a variable
    /// of type `t` and colour `isGreen`.
    Value* restore(size_t i, const LowLevelType* t, bool isGreen) {
        if (!isGreen) return call("ts_restore_int", {js, sconst((int64_t)i)}, rtyper::Signed);
        switch (kindOf(t)) {
        case Kind::Void: return ctx.voidConst(Py_None);
        case Kind::Int: {
            Value* x = call("ts_restore_int", {js, sconst((int64_t)i)}, rtyper::Signed);
            return t == rtyper::Signed ? x : op(Opcode::CastPrimitive, {x}, t);
        }
        case Kind::Float: return call("ts_restore_float", {js, sconst((int64_t)i)}, rtyper::Float);
        case Kind::Adr: {
            Value* x = call("ts_restore_adr", {js, sconst((int64_t)i)}, rtyper::Address);
            return t == rtyper::Address ? x : op(Opcode::CastAdrToPtr, {x}, t);
        }
        }
        return nullptr;
    }

    /// The twin's type of a variable of the analysed graph.
    const LowLevelType* twinType(const Variable* v) { return green(v) ? typeOf(v) : rtyper::Signed; }

    Block* twinOf(const Block* b) {
        auto it = twin.find(b);
        if (it != twin.end()) return it->second;
        std::vector<Variable*> ins{newVar(rtyper::Signed, "js")};
        for (const Variable* v : b->inputargs) ins.push_back(newVar(twinType(v), v->name()));
        Block* t = ctx.arena.newBlock(ins);
        twin[b] = t;
        return t;
    }

    /// Arguments for a link into the twin of `target` from the block being
    /// written (boxing greens that arrive at red inputs).
    std::vector<Value*> linkArgs(const Link* l) {
        std::vector<Value*> args{js};
        for (size_t i = 0; i < l->args.size(); ++i) {
            const Variable* in = l->target->inputargs[i];
            args.push_back(green(in) ? get(l->args[i]) : box(l->args[i]));
        }
        return args;
    }

    // --- operations ----------------------------------------------------------------------------

    void redOp(const Operation* o) {
        int token = -1;
        std::vector<const Value*> boxed;
        switch (o->opcode) {
        case Opcode::Getfield:
        case Opcode::Setfield:
        case Opcode::Getsubstruct: {
            const LowLevelType* ptr = typeOf(o->args[0]);
            std::string name = voidString(o->args[1]);
            const auto* s = rtyper::asType<rtyper::Struct>(rtyper::resolve(rtyper::asType<rtyper::Ptr>(ptr)->to()));
            token = fieldId(ptr, name, s ? s->fieldType(name) : nullptr);
            boxed = {o->args[0]};
            if (o->opcode == Opcode::Setfield) {
                if (typeOf(o->args[2]) == rtyper::Void) { // (stores nothing)
                    env[o->result] = ctx.voidConst(Py_None);
                    return;
                }
                boxed.push_back(o->args[2]);
            }
            break;
        }
        case Opcode::Malloc:
            token = typeId(static_cast<const LowLevelType*>(ir::asConstant(o->args[0])->llvalue.type));
            break;
        case Opcode::MallocVarsize:
            token = typeId(static_cast<const LowLevelType*>(ir::asConstant(o->args[0])->llvalue.type));
            boxed = {o->args[1]};
            break;
        case Opcode::DirectCall:
            token = functionId(ir::asConstant(o->args[0]));
            for (auto it = o->args.begin() + 1; it != o->args.end(); ++it)
                if (typeOf(*it) != rtyper::Void) boxed.push_back(*it);
            break;
        case Opcode::IndirectCall:
            for (auto it = o->args.begin(); it != o->args.end() - 1; ++it)
                if (typeOf(*it) != rtyper::Void) boxed.push_back(*it);
            break;
        default:
            for (const Value* a : o->args)
                if (typeOf(a) != rtyper::Void) boxed.push_back(a);
        }
        for (const Value* a : boxed) call("ts_arg", {js, box(a)}, rtyper::Void);
        const LowLevelType* rt = typeOf(o->result);
        Value* r = call("ts_op", {js, sconst((int64_t)o->opcode), sconst(typeId(rt)), sconst(token)}, rtyper::Signed);
        if (rt == rtyper::Void) env[o->result] = ctx.voidConst(Py_None);
        else env[o->result] = r;
    }

    void operation(const Operation* o) {
        switch (o->opcode) {
        case Opcode::JitMarker: return; // (the merge point is handled at its block)
        case Opcode::JitWeAreJitted: env[o->result] = ctx.boolConst(true); return;
        case Opcode::Hint:
            if (green(o->args[0])) {
                env[o->result] = get(o->args[0]);
                return;
            }
            throw HintError("timeshifter: hint(concrete=True) on a red value");
        case Opcode::DirectCall:
            if (hints.callKind(*o) == CallKind::Green) break; // run at compile time
            redOp(o);
            return;
        case Opcode::IndirectCall: redOp(o); return;
        default: break;
        }
        bool compileTime = green(o->result) && typeOf(o->result) != rtyper::Void &&
                           (!ir::hasSideEffects(o->opcode) || o->opcode == Opcode::DirectCall);
        if (compileTime) {
            bool argsGreen = std::all_of(o->args.begin(), o->args.end(), [&](const Value* a) { return green(a); });
            if (!argsGreen) compileTime = false;
        }
        if (!compileTime) {
            redOp(o);
            return;
        }
        std::vector<Value*> args;
        for (const Value* a : o->args) args.push_back(get(a));
        Variable* r = newVar(typeOf(o->result), o->result->name());
        cur->operations.push_back(ctx.arena.newOperation(o->opcode, std::move(args), r, o->pos));
        env[o->result] = r;
        // green code that raises at compile time raises on this path at run
        // time too: its exception becomes a constant of the state (the
        // exception transform's test that follows folds on it)
        if (o->opcode == Opcode::DirectCall || ir::implicitRaises(o->opcode)) call("ts_green_exc", {js}, rtyper::Void);
    }

    /// promote(x) on a red x: the runtime knows the value now (a constant
    /// box) and the path goes on, or it emits a switch on the run-time value
    /// whose unknown cases call the compiler back, and this path stops: the
    /// continuation is a resume point, entered with the values live after
    /// the operation and the promoted value (a green) in the slot after them.
    void promote(const Block* b, size_t index) {
        const Operation* o = b->operations[index];
        std::vector<const Value*> live;
        auto use = [&](const Value* v) {
            if (!v || v->isConstant() || v == o->result) return;
            if (std::find(live.begin(), live.end(), v) == live.end()) live.push_back(v);
        };
        for (size_t j = index + 1; j < b->operations.size(); ++j)
            for (const Value* a : b->operations[j]->args) use(a);
        use(b->exitswitch);
        for (const Link* l : b->exits)
            for (const Value* a : l->args) use(a);
        // (values defined after the promote are not saved)
        std::vector<const Value*> saved;
        for (const Value* v : live)
            if (env.count(v)) saved.push_back(v);
        for (size_t k = 0; k < saved.size(); ++k) save(k, saved[k]);
        const LowLevelType* t = typeOf(o->result);
        int rid = (int)resumeBlocks.size();
        Value* goOn = call("ts_promote", {js, get(o->args[0]), sconst((int64_t)saved.size()), sconst(rid), sconst(typeId(t))},
                           rtyper::Signed);
        resumeBlocks.push_back(continueUnless(goOn, false));
        std::vector<std::pair<const Value*, Value*>> restored;
        for (size_t k = 0; k < saved.size(); ++k)
            restored.push_back({saved[k], restore(k, typeOf(saved[k]), green(saved[k]))});
        for (auto& [v, x] : restored) env[v] = x;
        env[o->result] = restore(saved.size(), t, true);
    }

    /// Closes the block being written on the runtime's answer `answer`
    /// (Signed): the dispatcher when it is `stopWhen`, else a new block of
    /// the same path, which becomes the block being written.
    Block* continueUnless(Value* answer, bool stopWhen) {
        Value* flag = op(Opcode::IntIsTrue, {answer}, rtyper::Bool);
        Block* next = ctx.arena.newBlock({newVar(rtyper::Signed, "js")});
        Link* no = ctx.arena.newLink({js}, stopWhen ? next : dispatcher, ctx.arena.constant(Py_False));
        no->llexitcase = ctx.boolConst(false);
        Link* yes = ctx.arena.newLink({js}, stopWhen ? dispatcher : next, ctx.arena.constant(Py_True));
        yes->llexitcase = ctx.boolConst(true);
        cur->exitswitch = flag;
        cur->closeBlock({no, yes});
        cur = next;
        js = next->inputargs[0];
        return next;
    }

    // --- blocks --------------------------------------------------------------------------------

    void buildBlock(const Block* b) {
        Block* t = twinOf(b);
        cur = t;
        env.clear();
        js = t->inputargs[0];
        for (size_t i = 0; i < b->inputargs.size(); ++i) env[b->inputargs[i]] = t->inputargs[i + 1];

        // the merge point: save the inputs, ask ts_merge, restore (the
        // runtime may have renamed the red boxes)
        size_t first = 0;
        bool portalMerge = !b->operations.empty() && b->operations[0]->opcode == Opcode::JitMarker &&
                           voidString(b->operations[0]->args[0]) == "jit_merge_point";
        if (portalMerge || loopHeaders.count(b)) {
            // a merge point: the portal's (id 0, one state per green key) or
            // a loop of the interpreter's own code (a few states per key, so
            // that loops over compile-time values unroll, and others close)
            for (size_t i = 0; i < b->inputargs.size(); ++i) save(i, b->inputargs[i]);
            int mpid = portalMerge ? 0 : (int)(1 + std::distance(loopHeaders.begin(), loopHeaders.find(b)));
            Value* done = call("ts_merge", {js, sconst((int64_t)b->inputargs.size()), sconst(mpid)}, rtyper::Signed);
            continueUnless(done, true);
            for (size_t i = 0; i < b->inputargs.size(); ++i)
                env[b->inputargs[i]] = restore(i, typeOf(b->inputargs[i]), green(b->inputargs[i]));
            if (portalMerge) first = 1;
        }
        for (size_t i = first; i < b->operations.size(); ++i) {
            const Operation* o = b->operations[i];
            if (o->opcode == Opcode::Hint && !green(o->args[0]) && voidString(o->args[1]) == "promote") {
                promote(b, i);
                continue;
            }
            operation(o);
        }

        if (b->raising) throw HintError("timeshifter: a raising block (the graph must be exception-transformed)");
        std::vector<Link*> exits;
        // a switch on a constant of the generating extension
        // (we_are_jitted()): only its way is compiled, the others may not
        // even be analysed
        if (b->exitswitch && green(b->exitswitch))
            if (Constant* c = ir::asConstant(get(b->exitswitch))) {
                const Link* chosen = nullptr;
                for (const Link* l : b->exits)
                    if (l->llexitcase && l->llexitcase->llvalue.bits() == c->llvalue.bits()) chosen = l;
                for (const Link* l : b->exits)
                    if (!chosen && !l->llexitcase) chosen = l; // ('default')
                if (!chosen) throw HintError("timeshifter: a switch on a constant without its case");
                cur->closeBlock({exitLink(chosen)});
                return;
            }
        if (!b->exitswitch || green(b->exitswitch)) {
            for (const Link* l : b->exits) {
                Link* n = exitLink(l);
                n->exitcase = l->exitcase;
                n->llexitcase = l->llexitcase;
                exits.push_back(n);
            }
            if (b->exitswitch) cur->exitswitch = get(b->exitswitch);
            cur->closeBlock(std::move(exits));
            return;
        }
        // a red switch
        if (typeOf(b->exitswitch) != rtyper::Bool || b->exits.size() != 2)
            throw HintError("timeshifter: a red switch on " + typeOf(b->exitswitch)->shortName() +
                            " (only red conditions are supported; promote() the value)");
        const Link* onFalse = b->exits[0]->llexitcase->llvalue.i ? b->exits[1] : b->exits[0];
        const Link* onTrue = onFalse == b->exits[0] ? b->exits[1] : b->exits[0];
        // the false branch may be resumed later: its values go to the state
        // (and the true branch's, so that the runtime knows every value
        // both branches need)
        for (size_t i = 0; i < onFalse->args.size(); ++i) save(i, onFalse->args[i]);
        for (size_t i = 0; i < onTrue->args.size(); ++i) save(onFalse->args.size() + i, onTrue->args[i]);
        int rid = (int)resumeBlocks.size();
        Value* taken = call("ts_split", {js, get(b->exitswitch), sconst(rid), sconst((int64_t)onFalse->args.size()),
                                         sconst((int64_t)(onFalse->args.size() + onTrue->args.size()))},
                            rtyper::Signed);
        resumeBlocks.push_back(nullptr); // (filled below)
        Value* flag = op(Opcode::IntIsTrue, {taken}, rtyper::Bool);
        Link* lt = exitLink(onTrue);
        lt->exitcase = ctx.arena.constant(Py_True);
        lt->llexitcase = ctx.boolConst(true);
        Link* lf = exitLink(onFalse);
        lf->exitcase = ctx.arena.constant(Py_False);
        lf->llexitcase = ctx.boolConst(false);
        cur->exitswitch = flag;
        cur->closeBlock({lf, lt});
        // the resume point: restore the false branch's values
        Block* r = ctx.arena.newBlock({newVar(rtyper::Signed, "js")});
        Block* saved = cur;
        cur = r;
        js = r->inputargs[0];
        std::vector<Value*> args{js};
        for (size_t i = 0; i < onFalse->args.size(); ++i) {
            const Variable* in = onFalse->target->inputargs[i];
            const Value* a = onFalse->args[i];
            bool g = green(a);
            Value* x = restore(i, typeOf(a), g);
            if (!green(in) && g) {
                // (boxed on the way in: the target expects a box)
                env[a] = x;
                x = box(a);
            }
            args.push_back(x);
        }
        if (onFalse->target == src->returnblock) {
            bool value = !onFalse->args.empty() && typeOf(onFalse->args[0]) != rtyper::Void;
            r->closeBlock({ctx.arena.newLink({js, value ? args[1] : sconst(0)}, returnPath)});
        } else {
            r->closeBlock({ctx.arena.newLink(args, twinOf(onFalse->target))});
        }
        resumeBlocks[(size_t)rid] = r;
        cur = saved;
    }

    Link* exitLink(const Link* l) {
        if (l->target == src->exceptblock)
            throw HintError("timeshifter: a link to the except block (the graph must be exception-transformed)");
        if (l->target == src->returnblock) {
            Value* b = l->args.empty() ? sconst(0) : box(l->args[0]);
            return ctx.arena.newLink({js, b}, returnPath);
        }
        return ctx.arena.newLink(linkArgs(l), twinOf(l->target));
    }

    FunctionGraph* build(FunctionGraph* analysed) {
        src = analysed;
        // the start: (js, greens..., red boxes...); a compilation resumed
        // from the residual code (promotion) goes to the dispatcher at once
        Block* first = twinOf(src->startblock);
        std::vector<Variable*> ins;
        for (Variable* v : first->inputargs) ins.push_back(newVar(static_cast<const LowLevelType*>(v->concretetype), v->name()));
        Block* start = ctx.arena.newBlock(ins);
        out = ctx.arena.newGraph(src->name + "_genext", start);
        dispatcher = ctx.arena.newBlock({newVar(rtyper::Signed, "js")});
        {
            cur = start;
            js = ins[0];
            Value* resuming = call("ts_resuming", {js}, rtyper::Signed);
            Value* flag = op(Opcode::IntIsTrue, {resuming}, rtyper::Bool);
            Link* no = ctx.arena.newLink(std::vector<Value*>(ins.begin(), ins.end()), first, ctx.arena.constant(Py_False));
            no->llexitcase = ctx.boolConst(false);
            Link* yes = ctx.arena.newLink({js}, dispatcher, ctx.arena.constant(Py_True));
            yes->llexitcase = ctx.boolConst(true);
            start->exitswitch = flag;
            start->closeBlock({no, yes});
        }
        out->returnblock->inputargs[0]->concretetype = rtyper::Void;
        out->exceptblock->inputargs[0]->concretetype = ctx.exceptions->exceptionTypeType();
        out->exceptblock->inputargs[1]->concretetype = ctx.exceptions->exceptionValueType();
        out->func = src->func;
        out->filename = src->filename;
        out->firstline = src->firstline;
        out->argnames = {"js"};
        for (const std::string& n : src->argnames) out->argnames.push_back(n);

        returnPath = ctx.arena.newBlock({newVar(rtyper::Signed, "js"), newVar(rtyper::Signed, "result")});
        {
            cur = returnPath;
            js = returnPath->inputargs[0];
            call("ts_return", {js, returnPath->inputargs[1]}, rtyper::Void);
            returnPath->closeBlock({ctx.arena.newLink({js}, dispatcher)});
        }
        {
            std::set<const Block*> onPath, done;
            std::function<void(const Block*)> dfs = [&](const Block* b) {
                onPath.insert(b);
                for (const Link* l : b->exits) {
                    if (onPath.count(l->target)) loopHeaders.insert(l->target);
                    else if (!done.count(l->target)) dfs(l->target);
                }
                onPath.erase(b);
                done.insert(b);
            };
            dfs(src->startblock);
            for (auto it = loopHeaders.begin(); it != loopHeaders.end();) {
                const Block* h = *it;
                bool portal = !h->operations.empty() && h->operations[0]->opcode == Opcode::JitMarker;
                it = portal ? loopHeaders.erase(it) : std::next(it);
            }
        }
        for (const Block* b : src->blocks()) {
            if (b == src->returnblock || b == src->exceptblock) continue;
            buildBlock(b);
        }
        // the dispatcher: the next queued branch, or the end
        cur = dispatcher;
        js = dispatcher->inputargs[0];
        Value* rid = call("ts_dispatch", {js}, rtyper::Signed);
        std::vector<Link*> exits;
        for (size_t k = 0; k < resumeBlocks.size(); ++k) {
            Link* l = ctx.arena.newLink({js}, resumeBlocks[k], ctx.arena.constant(py::PyRef::steal(PyLong_FromLong((long)k))));
            l->llexitcase = sconst((int64_t)k);
            exits.push_back(l);
        }
        Link* end = ctx.arena.newLink({ctx.voidConst(Py_None)}, out->returnblock, ctx.nameConst("default"));
        exits.push_back(end);
        dispatcher->exitswitch = rid;
        dispatcher->closeBlock(std::move(exits));
        return out;
    }
};

Timeshifter::Timeshifter(rtyper::LLContext& ctx, HintAnnotator& hints) : ctx_(ctx), hints_(hints) {}

ir::FunctionGraph* Timeshifter::transform() {
    FunctionGraph* entry = hints_.portalEntry();
    GenextBuilder b(ctx_, hints_, tables_);
    tables_.greenArg = hints_.greenArgs();
    for (const Variable* v : entry->startblock->inputargs) tables_.argTypes.push_back(typeOf(v));
    tables_.resultType = typeOf(entry->returnblock->inputargs[0]);
    tables_.excData = ctx_.excData;
    FunctionGraph* fb = hints_.mergePointEntry();
    for (const Variable* v : fb->startblock->inputargs) tables_.fallbackTypes.push_back(typeOf(v));
    tables_.fallback = ctx_.functionPointer(fb, ctx_.types.makeFunc(tables_.fallbackTypes, tables_.resultType));
    tables_.mergeOrder = hints_.mergeOrder();
    return b.build(entry);
}

JitGenerator::JitGenerator(rtyper::LLContext& ctx, const std::vector<FunctionGraph*>& graphs)
    : hints(ctx), shifter(ctx, hints) {
    HintAnnotator::Options options;
    options.functionEntry = true;
    options.inlineFollowed = true;
    hints.annotate(graphs, options);
    genext = shifter.transform();
    std::vector<std::string> problems = rtyper::verifyLowLevelGraph(*genext);
    if (!problems.empty()) throw std::logic_error("the generating extension is malformed: " + problems[0]);
}

} // namespace futamura::jitgen
