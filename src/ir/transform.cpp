//! Graph utilities shared by the stages: copying and the simplifications the
//! flow space applies to every graph it builds (PyPy's translator/simplify.py).
//!
//! Every utility keeps the graph in SSI form: when a block's input variables
//! disappear (a block merged into its predecessor, an empty block bypassed),
//! their uses are substituted with the arguments the entering link passed, and
//! when an input variable dies, the matching argument of every entering link
//! dies with it. Blocks that become unreachable simply drop out of
//! FunctionGraph::blocks(); their nodes stay in the arena.
#include "futamura/ir/transform.h"

#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace futamura::ir {

namespace {

// asVariable for const values.
const Variable* variableOf(const Value* v) {
    return v && v->isVariable() ? static_cast<const Variable*>(v) : nullptr;
}

// Replaces variables by values (a block's input variables by a link's arguments).
class Substitution {
public:
    Substitution(const std::vector<Variable*>& from, const std::vector<Value*>& to) {
        for (size_t i = 0; i < from.size() && i < to.size(); ++i)
            map_[from[i]] = to[i];
    }
    Value* operator()(Value* v) const {
        auto it = map_.find(asVariable(v));
        return it != map_.end() ? it->second : v;
    }
    void apply(std::vector<Value*>& values) const {
        for (Value*& v : values)
            v = (*this)(v);
    }

private:
    std::unordered_map<const Variable*, Value*> map_;
};

// The links entering each block, in canonical order.
std::unordered_map<Block*, std::vector<Link*>> enteringLinks(const FunctionGraph& graph) {
    std::unordered_map<Block*, std::vector<Link*>> entering;
    for (Link* link : graph.links())
        entering[link->target].push_back(link);
    return entering;
}

bool isSpecialBlock(const FunctionGraph& graph, const Block* block) {
    return block == graph.startblock || block == graph.returnblock || block == graph.exceptblock;
}

// Whether an operation may be deleted when its result is unused.
bool isRemovable(const Block* block, size_t index) {
    const Operation* op = block->operations[index];
    if (!isPure(op->opcode) || hasSideEffects(op->opcode)) return false;
    // The last operation of a raising block is what its exception exits catch.
    return !(block->raising && index + 1 == block->operations.size());
}

// The class of each bit of the `raises` column of opcodes.def.
PyObject* implicitExceptionClass(unsigned bit) {
    switch (bit) {
    case opexc::INDEX:
        return PyExc_IndexError;
    case opexc::KEY:
        return PyExc_KeyError;
    case opexc::ZERODIV:
        return PyExc_ZeroDivisionError;
    case opexc::OVERFLOW:
        return PyExc_OverflowError;
    case opexc::VALUE:
        return PyExc_ValueError;
    case opexc::STOPITER:
        return PyExc_StopIteration;
    default:
        return PyExc_Exception;
    }
}

// Whether an exception exit catching `exitcase` may be taken when `op` raises.
bool mayCatch(const Operation* op, const Constant* exitcase) {
    unsigned raises = implicitRaises(op->opcode);
    if (raises & opexc::ANY) return true;
    if (!exitcase || !PyExceptionClass_Check(exitcase->value())) return true; // not ours to judge
    for (unsigned bit = 1; bit < opexc::ANY; bit <<= 1) {
        if (!(raises & bit)) continue;
        PyObject* raised = implicitExceptionClass(bit);
        // Caught if the exit's class is a base of the raised one; also keep an
        // exit for a subclass of it, which a more precise analysis could refine.
        int a = PyObject_IsSubclass(raised, exitcase->value());
        int b = PyObject_IsSubclass(exitcase->value(), raised);
        if (a < 0 || b < 0) PyErr_Clear();
        if (a != 0 || b != 0) return true;
    }
    return false;
}

// Whether the exit case `exitcase` is selected by the constant switch value.
bool selects(const Constant* exitcase, const Constant* value) {
    if (exitcase == value) return true;
    PyObject *a = exitcase->value(), *b = value->value();
    if (Py_TYPE(a) != Py_TYPE(b)) return false;
    int eq = PyObject_RichCompareBool(a, b, Py_EQ);
    if (eq < 0) PyErr_Clear();
    return eq == 1;
}

} // namespace

FunctionGraph* copyGraph(Arena& arena, const FunctionGraph& graph, const std::string& name) {
    std::unordered_map<const Variable*, Variable*> vars;
    auto copyVar = [&](const Variable* v) -> Variable* {
        if (!v) return nullptr;
        auto [it, inserted] = vars.try_emplace(v, nullptr);
        if (inserted) {
            it->second = arena.copyVariable(v);
            it->second->annotation = v->annotation;
            it->second->concretetype = v->concretetype;
        }
        return it->second;
    };
    auto copyValue = [&](Value* v) -> Value* {
        if (Variable* var = asVariable(v)) return copyVar(var);
        return v; // constants are shared
    };
    auto copyValues = [&](const std::vector<Value*>& values) {
        std::vector<Value*> result;
        for (Value* v : values)
            result.push_back(copyValue(v));
        return result;
    };

    std::vector<Block*> blocks = graph.blocks();
    std::unordered_map<const Block*, Block*> copies;
    Block* start = arena.newBlock();
    FunctionGraph* copy = arena.newGraph(name.empty() ? graph.name : name, start);
    copies[graph.startblock] = start;
    copies[graph.returnblock] = copy->returnblock;
    copies[graph.exceptblock] = copy->exceptblock;
    for (const Block* block : blocks)
        if (!copies.count(block)) copies[block] = arena.newBlock();

    for (const Block* block : blocks) {
        Block* target = copies[block];
        target->inputargs.clear();
        for (const Variable* v : block->inputargs)
            target->inputargs.push_back(copyVar(v));
        for (const Operation* op : block->operations)
            target->operations.push_back(
                arena.newOperation(op->opcode, copyValues(op->args), copyVar(op->result), op->pos));
        target->exitswitch = copyValue(block->exitswitch);
        target->raising = block->raising;
        std::vector<Link*> exits;
        for (const Link* link : block->exits) {
            // Define the link's own variables before its arguments use them.
            Value* lastException = copyValue(link->lastException);
            Variable* lastExcValue = copyVar(link->lastExcValue);
            Link* l = arena.newLink(copyValues(link->args), copies[link->target], link->exitcase);
            l->lastException = lastException;
            l->lastExcValue = lastExcValue;
            l->llexitcase = link->llexitcase;
            l->pos = link->pos;
            exits.push_back(l);
        }
        target->closeBlock(std::move(exits));
    }
    copy->func = graph.func;
    copy->filename = graph.filename;
    copy->firstline = graph.firstline;
    copy->argnames = graph.argnames;
    return copy;
}

unsigned mergeIdenticalInputs(FunctionGraph& graph) {
    unsigned removed = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        std::vector<Block*> blocks = graph.blocks();
        std::unordered_map<const Block*, std::vector<Link*>> incoming;
        for (Block* b : blocks)
            for (Link* l : b->exits) incoming[l->target].push_back(l);
        for (Block* b : blocks) {
            if (b == graph.startblock || b->isFinal() || b->inputargs.size() < 2) continue;
            auto& links = incoming[b];
            if (links.empty()) continue;
            for (size_t i = 0; i < b->inputargs.size() && !changed; ++i) {
                for (size_t j = i + 1; j < b->inputargs.size(); ++j) {
                    bool same = true;
                    for (Link* l : links) {
                        Value* x = l->args[i];
                        Value* y = l->args[j];
                        // (the link's own exception variables are not values of the block before)
                        if (x != y || x == l->lastExcValue || x == l->lastException) { same = false; break; }
                    }
                    if (!same) continue;
                    Variable* keep = b->inputargs[i];
                    Variable* drop = b->inputargs[j];
                    auto subst = [&](Value*& v) { if (v == drop) v = keep; };
                    for (Operation* op : b->operations)
                        for (Value*& a : op->args) subst(a);
                    if (b->exitswitch) subst(b->exitswitch);
                    for (Link* l : b->exits)
                        for (Value*& a : l->args) subst(a);
                    b->inputargs.erase(b->inputargs.begin() + (ptrdiff_t)j);
                    for (Link* l : links) l->args.erase(l->args.begin() + (ptrdiff_t)j);
                    ++removed;
                    changed = true;
                    break;
                }
            }
        }
    }
    return removed;
}

unsigned propagateConstantInputs(FunctionGraph& graph) {
    // Lattice per input variable: unknown (absent) < one constant < varying (null).
    std::vector<Block*> blocks = graph.blocks();
    std::unordered_map<const Variable*, Value*> state; // Constant* or nullptr (varying)
    std::unordered_set<const Variable*> inputs;
    for (Block* b : blocks)
        if (b != graph.startblock)
            for (Variable* v : b->inputargs) inputs.insert(v);
    for (Variable* v : graph.startblock->inputargs) state[v] = nullptr;
    bool changed = true;
    while (changed) {
        changed = false;
        for (Block* b : blocks)
            for (Link* l : b->exits) {
                if (l->target->isFinal()) continue;
                for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i) {
                    Variable* in = l->target->inputargs[i];
                    if (!inputs.count(in)) continue;
                    Value* a = l->args[i];
                    Value* incoming;
                    if (a->isConstant()) {
                        incoming = a;
                    } else if (a == l->lastException || a == l->lastExcValue) {
                        incoming = nullptr;
                    } else {
                        auto* av = asVariable(a);
                        if (!inputs.count(av)) incoming = nullptr; // an operation's result
                        else {
                            auto it = state.find(av);
                            if (it == state.end()) continue; // unknown yet
                            incoming = it->second;
                        }
                    }
                    auto it = state.find(in);
                    if (it == state.end()) {
                        state[in] = incoming;
                        changed = true;
                    } else if (it->second && it->second != incoming) {
                        it->second = nullptr;
                        changed = true;
                    }
                }
            }
    }
    unsigned replaced = 0;
    for (Block* b : blocks) {
        if (b == graph.startblock || b->isFinal()) continue;
        for (size_t i = 0; i < b->inputargs.size(); ++i) {
            auto it = state.find(b->inputargs[i]);
            if (it == state.end() || !it->second) continue;
            Value* c = it->second;
            Variable* v = b->inputargs[i];
            for (Operation* op : b->operations)
                for (Value*& a : op->args)
                    if (a == v) a = c;
            if (b->exitswitch == v) b->exitswitch = c;
            for (Link* l : b->exits)
                for (Value*& a : l->args)
                    if (a == v) a = c;
            ++replaced;
        }
    }
    // (the inputs stay, unused: removeDeadOperations drops them)
    return replaced;
}

Block* splitBlockAfter(Arena& arena, Block* block, size_t index) {
    // Variables available at the split: the inputs and the results so far.
    std::unordered_set<const Variable*> defined(block->inputargs.begin(), block->inputargs.end());
    for (size_t i = 0; i <= index && i < block->operations.size(); ++i)
        defined.insert(block->operations[i]->result);
    std::vector<Operation*> tail(block->operations.begin() + (ptrdiff_t)index + 1, block->operations.end());
    block->operations.resize(index + 1);
    std::unordered_map<const Variable*, Variable*> renamed;
    std::vector<Variable*> inputs;
    std::vector<Value*> passed;
    auto rename = [&](Value* v) -> Value* {
        auto* var = asVariable(v);
        if (!var || !defined.count(var)) return v;
        auto it = renamed.find(var);
        if (it != renamed.end()) return it->second;
        Variable* nv = arena.copyVariable(var);
        nv->concretetype = var->concretetype;
        renamed[var] = nv;
        inputs.push_back(nv);
        passed.push_back(var);
        return nv;
    };
    for (Operation* op : tail)
        for (Value*& a : op->args) a = rename(a);
    Value* sw = block->exitswitch ? rename(block->exitswitch) : nullptr;
    std::vector<Link*> exits = block->exits;
    for (Link* l : exits)
        for (Value*& a : l->args)
            if (a != l->lastException && a != l->lastExcValue) a = rename(a);
    Block* next = arena.newBlock(inputs);
    next->operations = std::move(tail);
    next->exitswitch = sw;
    next->raising = block->raising;
    next->recloseBlock(exits);
    block->exitswitch = nullptr;
    block->raising = false;
    block->recloseBlock({arena.newLink(passed, next)});
    return next;
}

unsigned joinBlocks(FunctionGraph& graph) {
    std::unordered_map<const Block*, unsigned> entering;
    for (Link* link : graph.links())
        ++entering[link->target];
    unsigned joined = 0;
    std::unordered_set<const Block*> absorbed;
    for (Block* block : graph.blocks()) {
        if (absorbed.count(block)) continue;
        // Merging moves links but never retargets one: the counts stay valid.
        while (block->exits.size() == 1 && !block->exitswitch && !block->raising) {
            Link* link = block->exits[0];
            Block* next = link->target;
            if (next == block || isSpecialBlock(graph, next) || entering[next] != 1 ||
                link->args.size() != next->inputargs.size())
                break;
            Substitution subst(next->inputargs, link->args);
            for (Operation* op : next->operations) {
                subst.apply(op->args);
                block->operations.push_back(op);
            }
            block->exitswitch = subst(next->exitswitch);
            block->raising = next->raising;
            for (Link* exit : next->exits)
                subst.apply(exit->args);
            block->recloseBlock(std::move(next->exits));
            // Leave the absorbed block empty so that nothing is shared.
            next->operations.clear();
            next->exits.clear();
            next->exitswitch = nullptr;
            next->raising = false;
            absorbed.insert(next);
            ++joined;
        }
    }
    return joined;
}

unsigned removeDeadOperations(FunctionGraph& graph) {
    std::vector<Block*> blocks = graph.blocks();
    auto entering = enteringLinks(graph);

    // Where each variable is defined, to propagate liveness backwards.
    std::unordered_map<const Variable*, const Operation*> definingOp;
    std::unordered_map<const Variable*, std::pair<Block*, size_t>> definingInput;
    for (Block* block : blocks) {
        for (size_t i = 0; i < block->inputargs.size(); ++i)
            definingInput[block->inputargs[i]] = {block, i};
        for (const Operation* op : block->operations)
            definingOp[op->result] = op;
    }

    std::unordered_set<const Variable*> live;
    std::vector<const Variable*> work;
    auto markLive = [&](const Value* v) {
        if (const Variable* var = variableOf(v); var && live.insert(var).second)
            work.push_back(var);
    };
    // Roots: arguments of operations that stay, exit switches, and the input
    // variables of blocks whose inputs are never removed.
    std::unordered_set<const Block*> fixedInputs;
    for (Block* block : blocks) {
        bool fixed = isSpecialBlock(graph, block);
        for (const Link* link : entering[block])
            fixed |= link->args.size() != block->inputargs.size(); // malformed: leave alone
        if (fixed) {
            fixedInputs.insert(block);
            for (const Variable* v : block->inputargs)
                markLive(v);
        }
        for (size_t i = 0; i < block->operations.size(); ++i)
            if (!isRemovable(block, i))
                for (const Value* arg : block->operations[i]->args)
                    markLive(arg);
        markLive(block->exitswitch);
    }
    while (!work.empty()) {
        const Variable* v = work.back();
        work.pop_back();
        if (auto op = definingOp.find(v); op != definingOp.end())
            for (const Value* arg : op->second->args)
                markLive(arg);
        if (auto in = definingInput.find(v); in != definingInput.end())
            for (const Link* link : entering[in->second.first])
                if (in->second.second < link->args.size()) markLive(link->args[in->second.second]);
    }

    unsigned removed = 0;
    for (Block* block : blocks) {
        auto& ops = block->operations;
        for (size_t i = ops.size(); i-- > 0;) {
            if (isRemovable(block, i) && !live.count(ops[i]->result)) {
                ops.erase(ops.begin() + (long)i);
                ++removed;
            }
        }
        if (fixedInputs.count(block)) continue;
        for (size_t i = block->inputargs.size(); i-- > 0;) {
            if (live.count(block->inputargs[i])) continue;
            block->inputargs.erase(block->inputargs.begin() + (long)i);
            for (Link* link : entering[block])
                link->args.erase(link->args.begin() + (long)i);
        }
    }
    return removed;
}

unsigned removeUnreachableBlocks(FunctionGraph& graph) {
    unsigned removed = 0;
    for (Block* block : graph.blocks()) {
        if (Constant* value = asConstant(block->exitswitch); value && !block->raising) {
            for (Link* link : block->exits) {
                if (!link->exitcase || !selects(link->exitcase, value)) continue;
                removed += (unsigned)block->exits.size() - 1;
                link->exitcase = nullptr;
                block->exitswitch = nullptr;
                block->recloseBlock({link});
                break;
            }
        }
        if (block->raising && !block->exits.empty()) {
            const Operation* last = block->operations.empty() ? nullptr : block->operations.back();
            std::vector<Link*> kept{block->exits[0]};
            for (size_t i = 1; i < block->exits.size(); ++i)
                if (last && mayCatch(last, block->exits[i]->exitcase))
                    kept.push_back(block->exits[i]);
            if (kept.size() == block->exits.size()) continue;
            removed += (unsigned)(block->exits.size() - kept.size());
            if (kept.size() == 1) block->raising = false;
            block->recloseBlock(std::move(kept));
        }
    }
    return removed;
}

unsigned removeEmptyBlocks(FunctionGraph& graph) {
    auto entering = enteringLinks(graph);
    unsigned removed = 0;
    for (Block* block : graph.blocks()) {
        if (isSpecialBlock(graph, block) || !block->operations.empty() || block->exitswitch ||
            block->raising || block->exits.size() != 1)
            continue;
        Link* exit = block->exits[0];
        if (exit->target == block) continue; // an empty infinite loop stays
        std::vector<Link*>& ins = entering[block];
        bool wellFormed = true;
        for (const Link* in : ins)
            wellFormed &= in->args.size() == block->inputargs.size();
        if (!wellFormed) continue;
        // Retarget every entering link past the block, substituting its
        // arguments for the block's input variables in the exit's arguments.
        std::vector<Link*>& targetIns = entering[exit->target];
        std::erase(targetIns, exit);
        for (Link* in : ins) {
            Substitution subst(block->inputargs, in->args);
            std::vector<Value*> args = exit->args;
            subst.apply(args);
            in->args = std::move(args);
            in->target = exit->target;
            // Control now reaches the target where the bypassed exit did.
            if (exit->pos.line) in->pos = exit->pos;
            targetIns.push_back(in);
        }
        ins.clear();
        ++removed;
    }
    return removed;
}

void simplifyGraph(FunctionGraph& graph) {
    removeUnreachableBlocks(graph);
    removeEmptyBlocks(graph);
    joinBlocks(graph);
    removeDeadOperations(graph);
}

} // namespace futamura::ir
