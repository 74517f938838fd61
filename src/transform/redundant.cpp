//! Removal of redundant checks; see include/futamura/transform/backendopt.h.
//!
//! Values are numbered across blocks: a block with one predecessor receives
//! the values its link passes (its input variables are those values), a
//! pure operation — and a read of a field nothing writes, or of an object's
//! class — is numbered by its opcode and its arguments' numbers, so two
//! computations of `i < n` on the same i and n get the same number. A
//! switch whose condition has the number of a condition already tested by a
//! dominating block, on a path that only the outcome X leaves, is known to
//! be X: the block jumps instead of testing (after inlining: a second
//! isinstance of the same object, the same bounds test twice).
#include "futamura/transform/backendopt.h"

#include "futamura/ir/opcode.h"
#include "futamura/ir/transform.h"
#include "futamura/rtyper/lltype.h"

#include "handlers.h"

#include <map>
#include <unordered_map>
#include <vector>

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

class RedundantChecks {
public:
    RedundantChecks(FunctionGraph& g, const WrittenFields& written) : g_(g), written_(written) {}

    size_t run() {
        order();
        dominators();
        number();
        size_t folded = 0;
        for (Block* b : rpo_)
            if (fold(b)) ++folded;
        return folded;
    }

private:
    // --- the blocks in reverse postorder, predecessors, dominators -------------------------

    void order() {
        std::vector<std::pair<Block*, size_t>> stack{{g_.startblock, 0}};
        std::unordered_map<Block*, bool> seen{{g_.startblock, true}};
        std::vector<Block*> post;
        while (!stack.empty()) {
            auto& [b, i] = stack.back();
            if (i < b->exits.size()) {
                Link* l = b->exits[i++];
                preds_[l->target].push_back(l);
                linkSource_[l] = b;
                if (!seen[l->target]) {
                    seen[l->target] = true;
                    stack.push_back({l->target, 0});
                }
                continue;
            }
            post.push_back(b);
            stack.pop_back();
        }
        rpo_.assign(post.rbegin(), post.rend());
        for (size_t i = 0; i < rpo_.size(); ++i) index_[rpo_[i]] = i;
    }

    /// Cooper, Harvey and Kennedy's iterative dominators.
    void dominators() {
        idom_[g_.startblock] = g_.startblock;
        bool changed = true;
        while (changed) {
            changed = false;
            for (Block* b : rpo_) {
                if (b == g_.startblock) continue;
                Block* d = nullptr;
                for (Link* l : preds_[b]) {
                    Block* p = source(l);
                    if (!idom_.count(p)) continue;
                    d = d ? intersect(d, p) : p;
                }
                if (d && idom_[b] != d) {
                    idom_[b] = d;
                    changed = true;
                }
            }
        }
    }
    Block* intersect(Block* a, Block* b) {
        while (a != b) {
            while (index_[a] > index_[b]) a = idom_[a];
            while (index_[b] > index_[a]) b = idom_[b];
        }
        return a;
    }
    bool dominates(Block* a, Block* b) {
        for (;;) {
            if (a == b) return true;
            if (b == g_.startblock) return false;
            b = idom_[b];
        }
    }
    Block* source(Link* l) { return linkSource_.at(l); }

    // --- value numbers ------------------------------------------------------------------

    void number() {
        size_t epochs = 0;
        for (Block* b : rpo_) {
            const auto& ps = preds_[b];
            // The memory state: the predecessor's at its end, or a new one.
            size_t epoch = b != g_.startblock && ps.size() == 1 ? exitEpoch_[source(ps[0])] : ++epochs;
            if (b != g_.startblock && ps.size() == 1)
                for (size_t i = 0; i < b->inputargs.size() && i < ps[0]->args.size(); ++i) {
                    vn_[b->inputargs[i]] = vn(ps[0]->args[i]);
                    neg_[b->inputargs[i]] = neg(ps[0]->args[i]);
                }
            for (Operation* op : b->operations) {
                if (op->opcode == Opcode::SameAs || op->opcode == Opcode::BoolNot) {
                    vn_[op->result] = vn(op->args[0]);
                    neg_[op->result] = neg(op->args[0]) != (op->opcode == Opcode::BoolNot);
                    continue;
                }
                bool readsMemory = false;
                if (!numbered(op, readsMemory)) {
                    if (ir::opInfo(op->opcode).flags & ir::opflag::SIDE) epoch = ++epochs; // (stores, calls)
                    continue;
                }
                // Comparisons in one form: a > b is b < a, a >= b is not a < b,
                // a <= b is not b < a, a != b is not a == b.
                Opcode opc = op->opcode;
                std::vector<Value*> args = op->args;
                bool negated = false;
                switch (opc) {
                case Opcode::IntGt: opc = Opcode::IntLt; std::swap(args[0], args[1]); break;
                case Opcode::IntGe: opc = Opcode::IntLt; negated = true; break;
                case Opcode::IntLe: opc = Opcode::IntLt; std::swap(args[0], args[1]); negated = true; break;
                case Opcode::IntNe: opc = Opcode::IntEq; negated = true; break;
                default: break;
                }
                // (opcode, result type, argument numbers)
                std::vector<const void*> key{reinterpret_cast<const void*>(static_cast<uintptr_t>(opc) + 1),
                                             op->result->concretetype};
                for (Value* a : args) key.push_back(vn(a));
                if (readsMemory) key.push_back(reinterpret_cast<const void*>(epoch));
                auto [it, inserted] = exprs_.try_emplace(key, op->result);
                vn_[op->result] = inserted ? op->result : it->second;
                neg_[op->result] = negated; // (the value is the key's, negated or not)
            }
            exitEpoch_[b] = epoch;
        }
    }
    const Value* vn(const Value* v) {
        auto it = vn_.find(v);
        return it == vn_.end() ? v : it->second;
    }
    /// Whether a Bool is the negation of its number's value.
    bool neg(const Value* v) {
        auto it = neg_.find(v);
        return it != neg_.end() && it->second;
    }
    /// Operations whose result depends only on their arguments (and, for
    /// `readsMemory`, on the memory state: reads of fields and items).
    bool numbered(const Operation* op, bool& readsMemory) {
        readsMemory = false;
        switch (op->opcode) {
        case Opcode::Getfield: {
            // an object's class never changes; fields nothing writes neither
            std::string f = fieldName(op->args[1]);
            const Struct* st = pointee(op->args[0]);
            readsMemory = !(f == "typeptr" || (st && !written_.count({st, f})));
            return true;
        }
        case Opcode::Getarraysize: return true; // (arrays do not change size)
        case Opcode::Getarrayitem: readsMemory = true; return true;
        default: return ir::isPure(op->opcode) && ir::isLowLevel(op->opcode) && ir::implicitRaises(op->opcode) == 0;
        }
    }

    // --- folding ------------------------------------------------------------------------

    /// If a dominating block already tested b's condition, b jumps.
    bool fold(Block* b) {
        if (!b->exitswitch || b->raising || b->exits.size() < 2) return false;
        const Value* cond = vn(b->exitswitch);
        if (ir::asConstant(const_cast<Value*>(cond))) return false; // (constant folding's job)
        for (Block* d = b; d != g_.startblock;) {
            d = idom_[d];
            if (!d->exitswitch || d->raising || vn(d->exitswitch) != cond) continue;
            for (Link* taken : d->exits) {
                Block* t = taken->target;
                if (preds_[t].size() != 1 || !dominates(t, b)) continue;
                // b is only reached through `taken`: its condition has that
                // value (negated if one of the two tests is the negation)
                if (!taken->llexitcase) return false;
                int64_t value = taken->llexitcase->llvalue.i;
                if (neg(b->exitswitch) != neg(d->exitswitch)) {
                    if (lltypeOf(b->exitswitch) != Bool) return false;
                    value = !value;
                }
                Link* keep = nullptr;
                for (Link* l : b->exits)
                    if (l->llexitcase && l->llexitcase->llvalue.i == value) keep = l;
                if (!keep) return false;
                keep->exitcase = nullptr;
                keep->llexitcase = nullptr;
                b->exitswitch = nullptr;
                b->recloseBlock({keep});
                return true;
            }
        }
        return false;
    }

    FunctionGraph& g_;
    const WrittenFields& written_;
    std::vector<Block*> rpo_;
    std::unordered_map<Block*, size_t> index_;
    std::unordered_map<Block*, std::vector<Link*>> preds_;
    std::unordered_map<Block*, Block*> idom_;
    std::unordered_map<Link*, Block*> linkSource_;
    std::unordered_map<const Value*, const Value*> vn_;
    std::unordered_map<const Value*, bool> neg_;
    std::unordered_map<Block*, size_t> exitEpoch_;
    std::map<std::vector<const void*>, const Value*> exprs_;
};

} // namespace

size_t removeRedundantChecks(const std::vector<FunctionGraph*>& graphs) {
    WrittenFields written = writtenFields(graphs);
    size_t n = 0;
    for (FunctionGraph* g : graphs) n += RedundantChecks(*g, written).run();
    return n;
}

} // namespace futamura::transform
