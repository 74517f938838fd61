//! Malloc removal (scalar replacement) and constant folding of ll graphs;
//! see include/futamura/transform/backendopt.h.
//!
//! Malloc removal, as PyPy's: pointer variables connected by links form
//! families (union-find over link arguments and the target's inputs). A
//! family whose only source is one `malloc` of a plain struct (fields of
//! primitive or pointer type), and whose members are only read and written
//! field by field (getfield, setfield on them) or passed on along links, never
//! escapes: its struct is replaced by one variable per field, threaded
//! through the blocks, and the malloc disappears. The range iterators,
//! tuples and other temporaries of inlined helpers go this way.
#include "futamura/transform/backendopt.h"

#include "futamura/ir/opcode.h"
#include "futamura/python/interpreter.h"
#include "futamura/ir/transform.h"
#include "futamura/rtyper/llheap.h"

#include "handlers.h"

#include <map>
#include <set>
#include <unordered_map>

namespace futamura::transform {

using ir::Block;
using ir::Constant;
using ir::FunctionGraph;
using ir::Link;
using ir::LLValue;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::Variable;
using namespace rtyper;

namespace {

/// A plain struct: no inlined substructures or arrays (so that every field
/// becomes one variable), not var-sized.
const Struct* plainStruct(const LowLevelType* t) {
    auto* s = asType<Struct>(t);
    if (!s || s->isVarSize()) return nullptr;
    for (const Field& f : s->fields())
        if (f.type->isContainer()) return nullptr;
    return s;
}

bool isNull(const Constant* c) {
    return (c->llvalue.tag == LLValue::Tag::Ptr && !c->llvalue.p) || c->llvalue.tag == LLValue::Tag::Uninit;
}

class MallocRemover {
public:
    MallocRemover(LLContext& ctx, FunctionGraph& g) : ctx_(ctx), g_(g) {}

    size_t run() {
        size_t removed = 0;
        // One family at a time: the graph changes after each.
        for (;;) {
            if (!removeOne()) break;
            ++removed;
        }
        return removed;
    }

private:
    Variable* find(Variable* v) {
        auto it = parent_.find(v);
        if (it == parent_.end() || it->second == v) return v;
        return it->second = find(it->second);
    }
    void unite(Variable* a, Variable* b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[a] = b;
    }

    bool removeOne() {
        parent_.clear();
        std::vector<Block*> blocks = g_.blocks();
        // Families: links, and same_as of pointers.
        for (Block* b : blocks)
            for (Operation* op : b->operations)
                if (op->opcode == Opcode::SameAs && asType<Ptr>(lltypeOf(op->result)))
                    if (auto* v = ir::asVariable(op->args[0])) unite(v, op->result);
        for (Block* b : blocks)
            for (Link* l : b->exits)
                for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i)
                    if (auto* v = ir::asVariable(l->args[i]); v && asType<Ptr>(lltypeOf(v)) &&
                                                              v != l->lastException && v != l->lastExcValue)
                        unite(v, l->target->inputargs[i]);
        // Candidate mallocs, and what disqualifies a family.
        std::map<Variable*, Operation*> mallocOf; // family root -> its malloc
        std::set<Variable*> bad;
        for (Block* b : blocks) {
            for (Operation* op : b->operations) {
                if (op->opcode == Opcode::Malloc) {
                    const LowLevelType* t = ir::asConstant(op->args[0])->llvalue.type;
                    Variable* root = find(op->result);
                    if (!plainStruct(t) || mallocOf.count(root)) bad.insert(root);
                    else mallocOf[root] = op;
                }
                // Another source of pointers in the family: not removable.
                bool copy = op->opcode == Opcode::SameAs && ir::asVariable(op->args[0]);
                if (op->opcode != Opcode::Malloc && !copy && asType<Ptr>(lltypeOf(op->result)))
                    bad.insert(find(op->result));
                for (size_t k = 0; k < op->args.size(); ++k) {
                    auto* v = ir::asVariable(op->args[k]);
                    if (!v || !asType<Ptr>(lltypeOf(v))) continue;
                    bool ok = (op->opcode == Opcode::Getfield && k == 0) || (op->opcode == Opcode::Setfield && k == 0) ||
                              op->opcode == Opcode::SameAs;
                    if (!ok) bad.insert(find(v));
                }
            }
            if (b->exitswitch)
                if (auto* v = ir::asVariable(b->exitswitch)) bad.insert(find(v));
            for (Link* l : b->exits) {
                // Constants flowing into a family, or values leaving the graph.
                for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i) {
                    Variable* in = l->target->inputargs[i];
                    if (!asType<Ptr>(lltypeOf(in))) continue;
                    if (l->target == g_.returnblock || l->target == g_.exceptblock) {
                        if (auto* v = ir::asVariable(l->args[i])) bad.insert(find(v));
                        continue;
                    }
                    // (a null constant is no object: it comes with a pending
                    // exception, where an inlined call raised, and is not read)
                    bool null = ir::asConstant(l->args[i]) && isNull(ir::asConstant(l->args[i]));
                    if ((!ir::asVariable(l->args[i]) && !null) || l->args[i] == l->lastException ||
                        l->args[i] == l->lastExcValue)
                        bad.insert(find(in));
                }
            }
        }
        for (Variable* v : g_.startblock->inputargs) bad.insert(find(v));
        // One object of a family at a time in a block: at most one member
        // among its inputs and mallocs (else two objects could be alive).
        for (Block* b : blocks) {
            std::map<Variable*, int> count;
            for (Variable* v : b->inputargs)
                if (asType<Ptr>(lltypeOf(v))) ++count[find(v)];
            for (Operation* op : b->operations)
                if (op->opcode == Opcode::Malloc) ++count[find(op->result)];
            for (auto& [root, n] : count)
                if (n > 1) bad.insert(root);
        }
        for (auto& [root, op] : mallocOf) {
            if (bad.count(root)) continue;
            replace(root, op, blocks);
            return true;
        }
        return false;
    }

    /// Replaces the family `root` (created by `malloc`) by field variables.
    void replace(Variable* root, Operation* malloc, const std::vector<Block*>& blocks) {
        const Struct* st = plainStruct(ir::asConstant(malloc->args[0])->llvalue.type);
        std::vector<const Field*> fields;
        for (const Field& f : st->fields())
            if (f.type != Void) fields.push_back(&f);
        auto fieldIndex = [&](Value* name) -> size_t {
            std::string n = py::asString(ir::asConstant(name)->value());
            for (size_t i = 0; i < fields.size(); ++i)
                if (fields[i]->name == n) return i;
            return SIZE_MAX; // a Void field
        };
        auto inFamily = [&](Value* v) {
            auto* x = ir::asVariable(v);
            return x && asType<Ptr>(lltypeOf(x)) && find(x) == root;
        };
        // New inputs of the blocks that receive a member: one per field.
        std::unordered_map<Block*, std::vector<Value*>> fieldsIn;
        std::unordered_map<Block*, std::vector<bool>> memberIn; // which of its old inputs were members
        for (Block* b : blocks)
            for (Variable* v : b->inputargs) memberIn[b].push_back(inFamily(v));
        auto zeros = [&]() {
            std::vector<Value*> z;
            for (const Field* f : fields) {
                const LowLevelType* t = f->type;
                z.push_back(asType<Ptr>(t) ? ctx_.nullConst(t) : ctx_.arena.llconstant(t, LLHeap::zero(t)));
            }
            return z;
        };
        for (Block* b : blocks) {
            std::vector<Variable*> ins;
            for (Variable* v : b->inputargs) {
                if (!inFamily(v)) {
                    ins.push_back(v);
                    continue;
                }
                std::vector<Value*>& fv = fieldsIn[b];
                for (const Field* f : fields) {
                    Variable* x = ctx_.arena.newVariable(f->name);
                    x->concretetype = f->type;
                    fv.push_back(x);
                    ins.push_back(x);
                }
            }
            b->inputargs = ins;
        }
        for (Block* b : blocks) {
            // The current value of each field in this block.
            std::vector<Value*> current;
            bool holds = fieldsIn.count(b) != 0;
            if (holds) current = fieldsIn[b];
            std::vector<Operation*> out;
            for (Operation* op : b->operations) {
                if (op == malloc) {
                    current = zeros();
                    holds = true;
                    continue;
                }
                if (op->opcode == Opcode::SameAs && inFamily(op->args[0])) continue; // the same object
                if ((op->opcode == Opcode::Getfield || op->opcode == Opcode::Setfield) && inFamily(op->args[0])) {
                    size_t k = fieldIndex(op->args[1]);
                    if (op->opcode == Opcode::Setfield) {
                        if (k != SIZE_MAX) current[k] = op->args[2];
                        continue;
                    }
                    Value* v = k == SIZE_MAX ? (Value*)ctx_.voidConst(Py_None) : current[k];
                    out.push_back(ctx_.arena.newOperation(Opcode::SameAs, {v}, op->result, op->pos));
                    continue;
                }
                out.push_back(op);
            }
            b->operations = out;
            for (Link* l : b->exits) {
                std::vector<Value*> args;
                const std::vector<bool>& members = memberIn[l->target];
                for (size_t i = 0; i < l->args.size(); ++i) {
                    Value* a = l->args[i];
                    if (inFamily(a) && a != l->lastException && a != l->lastExcValue) {
                        if (!holds) throw std::logic_error("malloc removal: a family member without fields");
                        args.insert(args.end(), current.begin(), current.end());
                    } else if (i < members.size() && members[i]) {
                        std::vector<Value*> z = zeros(); // (a null constant: no object)
                        args.insert(args.end(), z.begin(), z.end());
                    } else {
                        args.push_back(a);
                    }
                }
                l->args = args;
            }
        }
    }

    LLContext& ctx_;
    FunctionGraph& g_;
    std::unordered_map<Variable*, Variable*> parent_;
};

/// Removes allocations that are only written: a malloc (or malloc_varsize)
/// whose pointer — with the casts, copies and interior pointers
/// (getsubstruct) of it in the same block — is only the target of stores.
/// An exception instance of an inlined `raise` whose handler does not look
/// at it, once the class test has folded; a string built for a method call
/// that no longer reads it. The malloc, the derived pointers and the stores
/// go.
size_t removeWriteOnlyMallocs(FunctionGraph& g) {
    auto derives = [](const Operation* o) {
        return o->opcode == Opcode::CastPointer || o->opcode == Opcode::SameAs || o->opcode == Opcode::Getsubstruct;
    };
    auto stores = [](const Operation* o) { return o->opcode == Opcode::Setfield || o->opcode == Opcode::Setarrayitem; };
    size_t removed = 0;
    std::unordered_map<const Value*, int> uses; // uses other than store targets and derived pointers
    for (Block* b : g.blocks()) {
        for (Operation* op : b->operations)
            for (size_t k = 0; k < op->args.size(); ++k) {
                bool benign = (stores(op) && k == 0) || (derives(op) && k == 0);
                if (!benign) ++uses[op->args[k]];
            }
        for (Link* l : b->exits)
            for (Value* a : l->args) ++uses[a];
        if (b->exitswitch) ++uses[b->exitswitch];
    }
    for (Block* b : g.blocks()) {
        for (Operation* op : b->operations) {
            if (op->opcode != Opcode::Malloc && op->opcode != Opcode::MallocVarsize) continue;
            // The family: the malloc's result and pointers derived from it in this block.
            std::set<const Value*> family{op->result};
            for (Operation* o : b->operations)
                if (derives(o) && family.count(o->args[0])) family.insert(o->result);
            bool ok = true;
            for (const Value* v : family) ok &= uses[v] == 0;
            // (a derived pointer used in another block is a use across a link: counted)
            if (!ok) continue;
            std::vector<Operation*> kept;
            for (Operation* o : b->operations) {
                bool drop = o == op || (derives(o) && family.count(o->result)) || (stores(o) && family.count(o->args[0]));
                if (!drop) kept.push_back(o);
            }
            b->operations = kept;
            ++removed;
            break; // the block changed: its other mallocs in the next round
        }
    }
    return removed;
}

/// Folds operations whose arguments are all constants (integer, char,
/// bool and pointer comparisons and arithmetic that cannot raise, reads
/// of fields of prebuilt data that nothing writes: the vtable fields of a
/// class test) and exit switches on constants.
size_t foldConstants(LLContext& ctx, FunctionGraph& g, const WrittenFields& written) {
    size_t folded = 0;
    std::unordered_map<const Variable*, Constant*> known;
    auto valueOf = [&](Value* v) -> Constant* {
        if (auto* c = ir::asConstant(v)) return c->isLowLevel() ? c : nullptr;
        auto it = known.find(ir::asVariable(v));
        return it == known.end() ? nullptr : it->second;
    };
    for (Block* b : g.blocks()) {
        std::vector<Operation*> out;
        for (Operation* op : b->operations) {
            // Uses of known constants become the constants.
            for (Value*& a : op->args)
                if (auto* v = ir::asVariable(a); v && known.count(v) &&
                                                 known[v]->concretetype == v->concretetype)
                    a = known[v];
            std::vector<Constant*> cs;
            bool all = true;
            for (Value* a : op->args) {
                Constant* c = valueOf(a);
                if (!c) { all = false; break; }
                cs.push_back(c);
            }
            Constant* r = nullptr;
            if (all) {
                auto I = [&](size_t k) { return cs[k]->llvalue.i; };
                const auto* rt = lltypeOf(op->result);
                switch (op->opcode) {
                case Opcode::SameAs: r = cs[0]; break;
                case Opcode::Getfield: {
                    LLContainer* c = cs[0]->llvalue.tag == LLValue::Tag::Ptr ? cs[0]->llvalue.p : nullptr;
                    const Struct* st = pointee(cs[0]);
                    std::string name = fieldName(cs[1]);
                    if (!c || !st || c->type != st || !c->outermost()->prebuilt || written.count({st, name})) break;
                    auto k = st->fieldIndex(name);
                    if (!k || *k >= c->slots.size() || !rt || rt == Void) break;
                    const LLValue& slot = c->slots[*k];
                    if (slot.tag == LLValue::Tag::Int || slot.tag == LLValue::Tag::Float || slot.tag == LLValue::Tag::Ptr)
                        r = ctx.arena.llconstant(rt, slot);
                    break;
                }
                case Opcode::PtrIsZero: r = ctx.boolConst(cs[0]->llvalue.p == nullptr); break;
                case Opcode::PtrNonZero: r = ctx.boolConst(cs[0]->llvalue.p != nullptr); break;
                case Opcode::PtrEq: r = ctx.boolConst(cs[0]->llvalue.p == cs[1]->llvalue.p); break;
                case Opcode::PtrNe: r = ctx.boolConst(cs[0]->llvalue.p != cs[1]->llvalue.p); break;
                case Opcode::BoolNot: r = ctx.boolConst(!I(0)); break;
                case Opcode::IntIsTrue: r = ctx.boolConst(I(0) != 0); break;
                case Opcode::IntLt: r = ctx.boolConst(I(0) < I(1)); break;
                case Opcode::IntLe: r = ctx.boolConst(I(0) <= I(1)); break;
                case Opcode::IntEq: r = ctx.boolConst(I(0) == I(1)); break;
                case Opcode::IntNe: r = ctx.boolConst(I(0) != I(1)); break;
                case Opcode::IntGt: r = ctx.boolConst(I(0) > I(1)); break;
                case Opcode::IntGe: r = ctx.boolConst(I(0) >= I(1)); break;
                case Opcode::IntAdd:
                    if (rt == Signed) r = ctx.signedConst((int64_t)((uint64_t)I(0) + (uint64_t)I(1)));
                    break;
                case Opcode::IntSub:
                    if (rt == Signed) r = ctx.signedConst((int64_t)((uint64_t)I(0) - (uint64_t)I(1)));
                    break;
                case Opcode::IntAnd:
                    if (rt == Bool) r = ctx.boolConst(I(0) && I(1));
                    else if (rt == Signed) r = ctx.signedConst(I(0) & I(1));
                    break;
                default: break;
                }
            }
            if (r && r->concretetype == op->result->concretetype) {
                known[op->result] = r;
                ++folded;
                out.push_back(ctx.arena.newOperation(Opcode::SameAs, {r}, op->result, op->pos));
                continue;
            }
            out.push_back(op);
        }
        b->operations = out;
        for (Link* l : b->exits)
            for (Value*& a : l->args)
                if (auto* v = ir::asVariable(a); v && a != l->lastExcValue && known.count(v) &&
                                                 known[v]->concretetype == v->concretetype)
                    a = known[v];
        // A switch on a known value keeps only the exit taken.
        if (b->exitswitch && !b->raising) {
            if (Constant* c = valueOf(b->exitswitch)) {
                Link* taken = nullptr;
                Link* dflt = nullptr;
                for (Link* l : b->exits) {
                    if (!l->llexitcase) dflt = l;
                    else if (l->llexitcase->llvalue.i == c->llvalue.i) taken = l;
                }
                if (!taken) taken = dflt;
                if (taken) {
                    taken->exitcase = nullptr;
                    taken->llexitcase = nullptr;
                    b->exitswitch = nullptr;
                    b->recloseBlock({taken});
                    ++folded;
                }
            }
        }
    }
    return folded;
}

} // namespace

size_t removeMallocs(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    size_t n = 0;
    WrittenFields written = writtenFields(graphs);
    for (FunctionGraph* g : graphs) {
        for (int round = 0; round < 4; ++round) {
            ir::mergeIdenticalInputs(*g);
            size_t r = MallocRemover(ctx, *g).run();
            r += removeWriteOnlyMallocs(*g);
            size_t f = ir::propagateConstantInputs(*g);
            f += foldConstants(ctx, *g, written);
            n += r;
            if (!r && !f) break;
            ir::removeEmptyBlocks(*g);
            ir::joinBlocks(*g);
            ir::removeDeadOperations(*g);
        }
    }
    return n;
}

size_t foldConstants(LLContext& ctx, const std::vector<FunctionGraph*>& graphs) {
    size_t n = 0;
    WrittenFields written = writtenFields(graphs);
    for (FunctionGraph* g : graphs) n += foldConstants(ctx, *g, written);
    return n;
}

} // namespace futamura::transform
