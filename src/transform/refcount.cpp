//! The refcounting GC transform; see include/futamura/transform/gctransform.h.
#include "futamura/transform/gctransform.h"

#include "futamura/ir/opcode.h"
#include "futamura/rtyper/lltype.h"

#include "handlers.h"

#include <map>
#include <set>
#include <unordered_map>

namespace futamura::transform {

using ir::Block;
using ir::Constant;
using ir::FunctionGraph;
using ir::Link;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::Variable;
using namespace rtyper;

namespace {

bool isGcPointer(const LowLevelType* t) {
    const auto* p = t ? asType<Ptr>(t) : nullptr;
    return p && p->isGcPointer();
}

bool isInteriorPointer(const LowLevelType* t) {
    const auto* p = t ? asType<Ptr>(t) : nullptr;
    return p && !p->isGcPointer();
}

/// Operations whose GC result is a new reference (the others borrow theirs).
bool returnsNewReference(Opcode opc) {
    return opc == Opcode::Malloc || opc == Opcode::MallocVarsize || opc == Opcode::DirectCall ||
           opc == Opcode::IndirectCall;
}

/// The read matching a store: getfield for setfield, getarrayitem for
/// setarrayitem.
Opcode readOf(Opcode store) { return store == Opcode::Setfield ? Opcode::Getfield : Opcode::Getarrayitem; }

class Refcounter {
public:
    Refcounter(LLContext& ctx, FunctionGraph& g, RefcountStats& stats) : ctx_(ctx), g_(g), stats_(stats) {}

    void run() {
        entryBlock();
        for (Block* b : g_.blocks())
            if (!b->isFinal()) block(b);
    }

private:
    Variable* var(const LowLevelType* t, const char* name) {
        Variable* v = ctx_.arena.newVariable(name);
        v->concretetype = t;
        return v;
    }
    Operation* refop(Opcode opc, Value* v) {
        opc == Opcode::GcIncref ? ++stats_.increfs : ++stats_.decrefs;
        return ctx_.arena.newOperation(opc, {v}, var(Void, "v"), {});
    }

    /// The arguments are borrowed: the graph takes its own references on
    /// entry (in a block of its own if something jumps back to the start).
    void entryBlock() {
        Block* start = g_.startblock;
        std::vector<Variable*> gcArgs;
        for (Variable* v : start->inputargs)
            if (isGcPointer(lltypeOf(v))) gcArgs.push_back(v);
        if (gcArgs.empty()) return;
        bool jumpedTo = false;
        for (Block* b : g_.blocks())
            for (Link* l : b->exits) jumpedTo |= l->target == start;
        if (jumpedTo) {
            std::vector<Variable*> ins;
            std::vector<Value*> pass;
            for (Variable* v : start->inputargs) {
                ins.push_back(var(lltypeOf(v), "a"));
                pass.push_back(ins.back());
            }
            Block* entry = ctx_.arena.newBlock(ins);
            entry->closeBlock({ctx_.arena.newLink(pass, start)});
            g_.startblock = entry;
            start = entry;
        }
        std::vector<Operation*> ops;
        for (Variable* v : start->inputargs)
            if (isGcPointer(lltypeOf(v))) ops.push_back(refop(Opcode::GcIncref, v));
        start->operations.insert(start->operations.begin(), ops.begin(), ops.end());
    }

    void block(Block* b) {
        std::vector<Variable*> owned; // in order of definition
        std::unordered_map<const Value*, Variable*> ownerOf; // interior pointer -> GC variable
        for (Variable* v : b->inputargs)
            if (isGcPointer(lltypeOf(v))) owned.push_back(v);
        std::vector<Operation*> out;
        for (Operation* op : b->operations) {
            bool store = (op->opcode == Opcode::Setfield || op->opcode == Opcode::Setarrayitem) &&
                         isGcPointer(lltypeOf(op->args.back()));
            if (store) {
                // incref the new value, store, decref the old one
                std::vector<Value*> where(op->args.begin(), op->args.end() - 1);
                Variable* old = var(lltypeOf(op->args.back()), "old");
                out.push_back(ctx_.arena.newOperation(readOf(op->opcode), where, old, op->pos));
                out.push_back(refop(Opcode::GcIncref, op->args.back()));
                out.push_back(op);
                out.push_back(refop(Opcode::GcDecref, old));
                continue;
            }
            out.push_back(op);
            Variable* r = op->result;
            if (isGcPointer(lltypeOf(r))) {
                if (!returnsNewReference(op->opcode)) out.push_back(refop(Opcode::GcIncref, r));
                owned.push_back(r);
            } else if (isInteriorPointer(lltypeOf(r)) && !op->args.empty()) {
                // a pointer into a GC object: a part of it, or a cast of such a pointer
                Value* src = op->args[0];
                bool part = op->opcode == Opcode::Getsubstruct || op->opcode == Opcode::Getarraysubstruct;
                bool copy = op->opcode == Opcode::CastPointer || op->opcode == Opcode::SameAs;
                if (part && isGcPointer(lltypeOf(src))) {
                    if (auto* sv = ir::asVariable(src)) ownerOf[r] = sv;
                } else if (auto it = ownerOf.find(src); (part || copy) && it != ownerOf.end()) {
                    ownerOf[r] = it->second;
                }
            }
        }
        b->operations = out;
        // Each exit passes its arguments' references on and drops the rest.
        std::vector<Link*> exits = b->exits;
        for (Link* l : exits) {
            std::map<const Value*, int> passed;
            std::set<const Variable*> kept;
            for (size_t k = 0; k < l->args.size(); ++k) {
                Value* a = l->args[k];
                ++passed[a];
                if (auto it = ownerOf.find(a); it != ownerOf.end()) kept.insert(it->second);
            }
            std::vector<Operation*> ops;
            for (Variable* v : owned) {
                int n = passed.count(v) ? passed[v] : 0;
                if (n == 0 && kept.count(v)) {
                    ++stats_.keptForInteriorPointers;
                    continue;
                }
                if (n == 0) ops.push_back(refop(Opcode::GcDecref, v));
                for (int i = 1; i < n; ++i) ops.push_back(refop(Opcode::GcIncref, v));
            }
            if (ops.empty()) continue;
            if (exits.size() == 1) {
                b->operations.insert(b->operations.end(), ops.begin(), ops.end());
                continue;
            }
            onLink(l, ops);
        }
    }

    /// Puts `ops` (on variables of the link's source block) on the link, in
    /// a new block between it and its target.
    void onLink(Link* l, std::vector<Operation*>& ops) {
        std::vector<Variable*> from;
        std::set<const Variable*> seen;
        auto note = [&](Value* v) {
            if (auto* x = ir::asVariable(v); x && seen.insert(x).second) from.push_back(x);
        };
        for (Value* a : l->args) note(a);
        for (Operation* op : ops) note(op->args[0]);
        std::unordered_map<const Value*, Value*> rename;
        std::vector<Variable*> ins;
        for (Variable* v : from) {
            Variable* c = var(lltypeOf(v), "v");
            rename[v] = c;
            ins.push_back(c);
        }
        Block* mid = ctx_.arena.newBlock(ins);
        for (Operation* op : ops) {
            op->args[0] = rename.at(op->args[0]);
            mid->operations.push_back(op);
        }
        std::vector<Value*> args;
        for (Value* a : l->args) args.push_back(rename.count(a) ? rename[a] : a);
        mid->closeBlock({ctx_.arena.newLink(args, l->target)});
        l->args.assign(from.begin(), from.end());
        l->target = mid;
    }

    LLContext& ctx_;
    FunctionGraph& g_;
    RefcountStats& stats_;
};

} // namespace

RefcountStats transformRefcount(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    RefcountStats stats;
    for (FunctionGraph* g : graphs) Refcounter(ctx, *g, stats).run();
    ctx.refcounted = true;
    return stats;
}

} // namespace futamura::transform
