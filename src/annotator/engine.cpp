//! The fixpoint engine (algorithm in engine.h).
#include "futamura/annotator/engine.h"

#include <cassert>

namespace futamura::annotator {

using ir::Block;
using ir::FunctionGraph;
using ir::Link;
using ir::Operation;
using ir::Value;
using ir::Variable;

namespace {

// Thrown inside flowIn when an operation cannot proceed yet.
struct Blocked {
    int opIndex;
    bool mayNeverReturn;
};

} // namespace

Engine::Engine(TypeSystem& ts, ir::Arena& arena) : ts_(ts), arena_(arena) {}

const Annotation* Engine::binding(const Value* v) {
    if (const ir::Constant* c = ir::asConstant(const_cast<Value*>(v))) return ts_.constant(c);
    uint32_t id = v->id();
    if (id < bindings_.size() && bindings_[id]) return bindings_[id];
    return ts_.bottom();
}

bool Engine::hasBinding(const Variable* v) const {
    return v->id() < bindings_.size() && bindings_[v->id()];
}

void Engine::setBinding(const Variable* v, const Annotation* a) {
    if (v->id() >= bindings_.size()) bindings_.resize(std::max<size_t>(v->id() + 1, 2 * bindings_.size()));
    bindings_[v->id()] = a;
    const_cast<Variable*>(v)->annotation = a;
}

FunctionGraph* Engine::graphOf(const Block* block) const {
    auto it = blockGraph_.find(block);
    return it == blockGraph_.end() ? nullptr : it->second;
}

Position Engine::callerOf(const FunctionGraph* graph) const {
    auto it = firstCaller_.find(graph);
    return it == firstCaller_.end() ? Position{} : it->second;
}

const Link* Engine::firstLinkTo(const Variable* v) const {
    auto it = firstLink_.find(v);
    return it == firstLink_.end() ? nullptr : it->second;
}

unsigned Engine::flowCount(const Block* block) const {
    auto it = flowCount_.find(block);
    return it == flowCount_.end() ? 0 : it->second;
}

void Engine::noteGraph(FunctionGraph* graph, const Position& caller) {
    if (firstCaller_.count(graph)) return;
    firstCaller_.emplace(graph, caller);
    graphOrder_.push_back(graph);
    ++stats_.graphs;
    for (Block* b : graph->blocks()) blockGraph_.emplace(b, graph);
}

void Engine::schedule(FunctionGraph* graph, Block* block) {
    bool& pending = isPending_[block];
    if (pending) return;
    pending = true;
    pending_.emplace_back(graph, block);
}

void Engine::mergeInputs(FunctionGraph* graph, Block* block,
                         const std::vector<const Annotation*>& inputs, const Link* via) {
    assert(inputs.size() == block->inputargs.size());
    bool grew = !blockGraph_.count(block) || flowCount(block) == 0;
    blockGraph_.emplace(block, graph);
    for (size_t i = 0; i < inputs.size(); ++i) {
        const Variable* v = block->inputargs[i];
        const Annotation* old = hasBinding(v) ? bindings_[v->id()] : nullptr;
        const Annotation* merged;
        if (!old) {
            merged = inputs[i];
            if (via) firstLink_.emplace(v, via);
        } else {
            try {
                merged = via ? ts_.joinOnLink(old, inputs[i], *via, i) : ts_.join(old, inputs[i]);
            } catch (...) {
                if (via) ts_.onUnionError(*this, *via, i);
                throw;
            }
        }
        if (!old || !ts_.contains(old, merged)) {
            setBinding(v, merged);
            grew = true;
        }
    }
    if (grew) schedule(graph, block);
}

void Engine::addEntryPoint(FunctionGraph* graph, const std::vector<const Annotation*>& args) {
    noteGraph(graph, Position{});
    mergeInputs(graph, graph->startblock, args, nullptr);
}

const Annotation* Engine::call(FunctionGraph* graph, const std::vector<const Annotation*>& args) {
    noteGraph(graph, position_);
    returnListeners_[graph].insert(position_);
    if (args.size() != graph->startblock->inputargs.size())
        throw std::logic_error("call of " + graph->name + " with the wrong number of arguments");
    mergeInputs(graph, graph->startblock, args, nullptr);
    return binding(graph->returnblock->inputargs[0]);
}

void Engine::reflowFrom(const Position& where) {
    if (where.block && flowCount(where.block) > 0) schedule(where.graph, where.block);
}

void Engine::complete() {
    while (!pending_.empty()) {
        auto [graph, block] = pending_.front();
        pending_.pop_front();
        isPending_[block] = false;
        if (block == graph->returnblock) {
            // The result grew: the callers' blocks read it again.
            ++flowCount_[block];
            auto it = returnListeners_.find(graph);
            if (it != returnListeners_.end())
                for (const Position& p : it->second) reflowFrom(p);
            continue;
        }
        if (block == graph->exceptblock) {
            ++flowCount_[block];
            continue;
        }
        flowIn(graph, block);
    }
    if (!blocked_.empty()) { // the first one, in graph and block order
        const Position& where = *blocked_.begin();
        const Operation* op = where.block->operations[where.opIndex];
        position_ = where;
        throw BlockedError(where, "operation '" + std::string(ir::opName(op->opcode)) +
                                      "' can never succeed: this code is unreachable or "
                                      "an argument's type is never known");
    }
}

void Engine::flowIn(FunctionGraph* graph, Block* block) {
    unsigned& count = ++flowCount_[block];
    stats_.maxReflows = std::max(stats_.maxReflows, count);
    ++stats_.blocksFlowed;
    for (int i = 0; i < (int)block->operations.size(); ++i) blocked_.erase({graph, block, i});

    std::vector<const Annotation*> args;
    int i = 0;
    try {
        for (; i < (int)block->operations.size(); ++i) {
            const Operation* op = block->operations[i];
            position_ = Position{graph, block, i};
            args.clear();
            for (const Value* a : op->args) {
                const Annotation* s = binding(a);
                if (s == ts_.bottom()) throw Blocked{i, false};
                args.push_back(s);
            }
            const Annotation* result = ts_.transfer(*this, *op, args);
            if (result == ts_.bottom()) throw Blocked{i, ts_.mayNeverReturn(*op)};
            const Annotation* old = hasBinding(op->result) ? bindings_[op->result->id()] : nullptr;
            // Results only grow: a reflow sees arguments at least as general,
            // and transfer functions are monotonic; join only if one is not.
            if (old && !ts_.contains(result, old)) result = ts_.join(old, result);
            setBinding(op->result, result);
        }
    } catch (const Blocked& b) {
        bool raisingOp = block->raising && b.opIndex == (int)block->operations.size() - 1;
        if (raisingOp) {
            // The raising operation always raises: only the exception exits.
            position_ = Position{graph, block, -1};
            for (Link* link : block->exits)
                if (link->exitcase) followLink(graph, link, {}, block->operations.back());
            return;
        }
        if (!b.mayNeverReturn) blocked_.insert({graph, block, b.opIndex});
        return;
    }

    position_ = Position{graph, block, -1};
    const Annotation* switchValue = block->exitswitch ? binding(block->exitswitch) : nullptr;
    for (Link* link : block->exits) {
        if (block->raising) {
            followLink(graph, link, {},
                       link->exitcase ? block->operations.back() : nullptr);
            continue;
        }
        if (switchValue && !ts_.exitPossible(switchValue, *link)) continue;
        Refinements refinements;
        if (block->exitswitch) ts_.refine(*this, *block, *link, refinements);
        followLink(graph, link, refinements, nullptr);
    }
}

void Engine::followLink(FunctionGraph* graph, Link* link,
                        const Refinements& refinements, const Operation* raisingOp) {
    if (raisingOp) {
        auto [etype, evalue] = ts_.caughtException(*this, *raisingOp, *link);
        if (etype == ts_.bottom() || evalue == ts_.bottom()) return; // cannot raise that
        if (const Variable* v = ir::asVariable(link->lastExcValue)) {
            const Annotation* old = hasBinding(v) ? bindings_[v->id()] : nullptr;
            setBinding(v, old ? ts_.join(old, evalue) : evalue);
        }
        if (const Variable* v = ir::asVariable(link->lastException)) {
            const Annotation* old = hasBinding(v) ? bindings_[v->id()] : nullptr;
            setBinding(v, old ? ts_.join(old, etype) : etype);
        }
    }
    std::vector<const Annotation*> inputs;
    inputs.reserve(link->args.size());
    for (size_t index = 0; index < link->args.size(); ++index) {
        const Value* a = link->args[index];
        const Annotation* s = binding(a);
        for (const auto& [var, constraint] : refinements) {
            if (var == a) {
                s = ts_.narrow(s, constraint);
                if (s == ts_.bottom()) return; // this exit passes an impossible value
            }
        }
        inputs.push_back(ts_.renamed(s, *link, index));
    }
    mergeInputs(graph, link->target, inputs, link);
}

} // namespace futamura::annotator
