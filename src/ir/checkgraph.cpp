//! The graph verifier (checkgraph), after PyPy's flowspace/model.py.
//!
//! Every stage runs it on the graphs it produces, so a broken invariant is
//! reported by the stage that broke it rather than by a crash three stages
//! later. It collects every violation instead of stopping at the first one;
//! each message names the graph, the block (as the printer names it) and the
//! operation or link concerned. The invariants, in the order they are checked:
//!
//!  1. The graph has a start block, a return block and an except block, and
//!     they are three distinct blocks; no reachable block has a null exit or
//!     a null operation, and no link has a null target.
//!  2. The return block has exactly 1 input variable and the except block
//!     exactly 2; both have no operations, no exit switch, are not raising and
//!     have no exits.
//!  3. Only the return and except blocks are final: every other reachable
//!     block has at least one exit (a final block of another graph reached
//!     through a stray link is caught here).
//!  4. Every variable is defined exactly once in the graph: as an input
//!     variable of a block, as the result of an operation, or as the
//!     lastException / lastExcValue of an exception link. No input variable
//!     or lastExcValue is null.
//!  5. Every operation is non-null, has a valid opcode, a non-null result and,
//!     unless the opcode is variadic, exactly opInfo(op).arity arguments.
//!  6. Every argument of an operation is a non-null Constant or a Variable
//!     defined earlier in the same block (an input variable or the result of
//!     a previous operation): variables are local to one block (SSI).
//!  7. The exit switch, if any, is a Constant or a Variable defined in the
//!     block.
//!  8. For every exit: link.prevblock is the block; the link passes exactly as
//!     many arguments as its target has input variables; every argument is a
//!     non-null Constant or a Variable defined in the block, or the link's own
//!     lastException / lastExcValue.
//!  9. A block without exit switch that is not raising has exactly one exit,
//!     whose exit case is null.
//! 10. A block with an exit switch is not raising; each of its exits has a
//!     non-null exit case and the exit cases are pairwise distinct.
//! 11. A raising block has at least one operation (the last one is the one
//!     that may raise) and at least two exits; exits[0] is the normal exit,
//!     with a null exit case; every other exit is an exception link whose exit
//!     case is a Constant holding an exception class (pairwise distinct) and
//!     whose lastException and lastExcValue are set.
//! 12. Exception links do not pass on the result of the raising operation
//!     (it is not defined when the operation raises).
//! 13. lastException / lastExcValue appear only on the exception links of
//!     raising blocks.
#include "futamura/ir/checkgraph.h"

#include "futamura/ir/printer.h"

#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace futamura::ir {

namespace {

// asVariable for const values.
const Variable* variableOf(const Value* v) {
    return v && v->isVariable() ? static_cast<const Variable*>(v) : nullptr;
}

class Verifier {
public:
    explicit Verifier(const FunctionGraph& graph) : graph_(graph) {}

    std::vector<std::string> run() {
        if (!checkStructure()) return std::move(errors_);
        names_.emplace(graph_);
        blocks_ = graph_.blocks();
        checkFinalBlocks();
        collectDefinitions();
        for (const Block* block : blocks_)
            if (block != graph_.returnblock && block != graph_.exceptblock) checkBlock(block);
        return std::move(errors_);
    }

private:
    // Invariant 1, checked without GraphNamer (which needs a traversable graph).
    bool checkStructure() {
        std::string g = "graph " + graph_.name + ": ";
        if (!graph_.startblock) errors_.push_back(g + "has no start block");
        if (!graph_.returnblock) errors_.push_back(g + "has no return block");
        if (!graph_.exceptblock) errors_.push_back(g + "has no except block");
        if (!errors_.empty()) return false;
        if (graph_.startblock == graph_.returnblock || graph_.startblock == graph_.exceptblock ||
            graph_.returnblock == graph_.exceptblock)
            errors_.push_back(g + "the start, return and except blocks are not distinct");
        std::unordered_set<const Block*> seen{graph_.startblock};
        std::vector<const Block*> stack{graph_.startblock};
        while (!stack.empty()) {
            const Block* block = stack.back();
            stack.pop_back();
            for (size_t i = 0; i < block->operations.size(); ++i)
                if (!block->operations[i])
                    errors_.push_back(g + "block #" + std::to_string(block->id()) + ": operation " +
                                      std::to_string(i) + " is null");
            for (size_t i = 0; i < block->exits.size(); ++i) {
                const Link* link = block->exits[i];
                std::string where = g + "block #" + std::to_string(block->id()) + ", exit " +
                                    std::to_string(i) + ": ";
                if (!link)
                    errors_.push_back(where + "null link");
                else if (!link->target)
                    errors_.push_back(where + "link has a null target");
                else if (seen.insert(link->target).second)
                    stack.push_back(link->target);
            }
        }
        return errors_.empty();
    }

    std::string where(const Block* block) const {
        return "graph " + graph_.name + ", " + names_->block(block) + ": ";
    }

    std::string opText(const Operation* op) const {
        std::string s = names_->value(op->result) + " = ";
        s += static_cast<unsigned>(op->opcode) < opcodeCount() ? std::string(opName(op->opcode))
                                                               : std::string("<bad opcode>");
        s += "(";
        for (size_t i = 0; i < op->args.size(); ++i)
            s += (i ? ", " : "") + names_->value(op->args[i]);
        return "operation '" + s + ")'";
    }

    std::string linkText(const Link* link) const {
        std::string s;
        if (link->exitcase) s += names_->value(link->exitcase) + " ";
        if (link->lastException || link->lastExcValue)
            s += "[" + names_->value(link->lastException) + ", " +
                 names_->value(link->lastExcValue) + "] ";
        s += "-> " + names_->block(link->target) + "(";
        for (size_t i = 0; i < link->args.size(); ++i)
            s += (i ? ", " : "") + names_->value(link->args[i]);
        return "exit '" + s + ")'";
    }

    void error(const Block* block, const std::string& message) {
        errors_.push_back(where(block) + message);
    }

    // Invariants 2 and 3.
    void checkFinalBlocks() {
        auto checkExitBlock = [&](const Block* b, const char* what, size_t inputs) {
            std::string w = "graph " + graph_.name + ", " + what + " block: ";
            if (b->inputargs.size() != inputs)
                errors_.push_back(w + "must have " + std::to_string(inputs) + " input variable" +
                                  (inputs == 1 ? "" : "s") + ", has " +
                                  std::to_string(b->inputargs.size()));
            if (!b->operations.empty()) errors_.push_back(w + "has operations");
            if (b->exitswitch) errors_.push_back(w + "has an exit switch");
            if (b->raising) errors_.push_back(w + "is raising");
            if (!b->exits.empty()) errors_.push_back(w + "has exits");
        };
        checkExitBlock(graph_.returnblock, "return", 1);
        checkExitBlock(graph_.exceptblock, "except", 2);
        for (const Block* block : blocks_)
            if (block->exits.empty() && block != graph_.returnblock && block != graph_.exceptblock)
                error(block, "has no exits but is not the return or except block of the graph "
                             "(a block of another graph?)");
    }

    // Invariant 4: one definition per variable in the whole graph.
    void define(const Variable* v, const Block* block, const std::string& what) {
        if (!v) {
            error(block, what + " is null");
            return;
        }
        auto [it, inserted] = definedIn_.try_emplace(v, block);
        if (!inserted)
            error(block, "variable " + names_->value(v) + " is defined twice (in " +
                             names_->block(it->second) + " and in " + names_->block(block) + ")");
    }

    void collectDefinitions() {
        for (const Block* block : blocks_) {
            for (const Variable* v : block->inputargs)
                define(v, block, "an input variable");
            for (const Operation* op : block->operations)
                if (op && op->result) define(op->result, block, "an operation result");
            for (const Link* link : block->exits) {
                if (!link->lastException && !link->lastExcValue) continue;
                if (const Variable* v = asVariable(link->lastException))
                    define(v, block, "lastException");
                if (link->lastExcValue) define(link->lastExcValue, block, "lastExcValue");
            }
        }
    }

    // Invariant 6 (and 7, 8 for switches and link arguments): `v` is usable
    // here when it is a Constant, defined in `local`, or one of `extra`.
    void checkUse(const Block* block, const Value* v, const std::string& user,
                  const std::unordered_set<const Variable*>& local, const Link* link = nullptr) {
        if (!v) {
            error(block, user + " has a null argument");
            return;
        }
        const Variable* var = variableOf(v);
        if (!var || local.count(var)) return;
        if (link && (var == link->lastException || var == link->lastExcValue)) return;
        auto it = definedIn_.find(var);
        if (it == definedIn_.end())
            error(block,
                  user + " uses " + names_->value(var) + ", which is not defined in this graph");
        else if (it->second != block)
            error(block, user + " uses " + names_->value(var) + ", which is defined in " +
                             names_->block(it->second) + " (variables are local to one block)");
        else
            error(block, user + " uses " + names_->value(var) +
                             ", which is not defined earlier in this block");
    }

    void checkBlock(const Block* block) {
        std::unordered_set<const Variable*> local(block->inputargs.begin(), block->inputargs.end());
        // Invariants 5 and 6.
        for (size_t i = 0; i < block->operations.size(); ++i) {
            const Operation* op = block->operations[i];
            if (!op) {
                error(block, "operation " + std::to_string(i) + " is null");
                continue;
            }
            if (static_cast<unsigned>(op->opcode) >= opcodeCount()) {
                error(block, opText(op) + " has an invalid opcode " +
                                 std::to_string(static_cast<unsigned>(op->opcode)));
            } else if (int arity = opInfo(op->opcode).arity;
                       arity >= 0 && op->args.size() != (size_t)arity) {
                error(block, opText(op) + " has " + std::to_string(op->args.size()) +
                                 " arguments, expected " + std::to_string(arity));
            }
            for (const Value* arg : op->args)
                checkUse(block, arg, opText(op), local);
            if (!op->result)
                error(block, opText(op) + " has no result");
            else
                local.insert(op->result);
        }
        // Invariant 7.
        if (block->exitswitch) checkUse(block, block->exitswitch, "the exit switch", local);

        // Invariant 8.
        for (const Link* link : block->exits) {
            if (link->prevblock != block)
                error(block, linkText(link) + " has prevblock " +
                                 (link->prevblock ? names_->block(link->prevblock) : "null") +
                                 " instead of its block");
            if (link->args.size() != link->target->inputargs.size())
                error(block, linkText(link) + " passes " + std::to_string(link->args.size()) +
                                 " arguments to " + names_->block(link->target) + ", which has " +
                                 std::to_string(link->target->inputargs.size()) +
                                 " input variables");
            bool exceptional = block->raising && link != block->exits[0];
            for (const Value* arg : link->args)
                checkUse(block, arg, linkText(link), local, exceptional ? link : nullptr);
        }

        if (block->raising)
            checkRaisingBlock(block);
        else if (block->exitswitch)
            checkSwitchBlock(block);
        else if (block->exits.size() > 1)
            error(block, "has " + std::to_string(block->exits.size()) +
                             " exits but neither an exit switch nor raising");
        if (!block->raising && !block->exitswitch && block->exits.size() == 1 &&
            block->exits[0]->exitcase)
            error(block,
                  linkText(block->exits[0]) + " has an exit case but the block has no exit switch");
        // Invariant 13.
        for (size_t i = 0; i < block->exits.size(); ++i) {
            const Link* link = block->exits[i];
            if ((link->lastException || link->lastExcValue) && (!block->raising || i == 0))
                error(block, linkText(link) + " sets lastException/lastExcValue but is not an "
                                              "exception exit of a raising block");
        }
    }

    // Invariant 10.
    void checkSwitchBlock(const Block* block) {
        std::unordered_set<const Constant*> cases;
        for (const Link* link : block->exits) {
            if (!link->exitcase)
                error(block, linkText(link) + " of a switch has no exit case");
            else if (!cases.insert(link->exitcase).second)
                error(block,
                      linkText(link) + " repeats the exit case " + names_->value(link->exitcase));
        }
    }

    // Invariants 11 and 12.
    void checkRaisingBlock(const Block* block) {
        if (block->exitswitch) error(block, "a raising block has an exit switch");
        if (block->operations.empty()) error(block, "a raising block has no operations");
        if (block->exits.size() < 2)
            error(block, "a raising block has no exception exit (it should not be raising)");
        if (!block->exits.empty() && block->exits[0]->exitcase)
            error(block, "the normal " + linkText(block->exits[0]) +
                             " of a raising block has an exit case");
        const Operation* raisingOp = block->operations.empty() ? nullptr : block->operations.back();
        std::unordered_set<const Constant*> cases;
        for (size_t i = 1; i < block->exits.size(); ++i) {
            const Link* link = block->exits[i];
            if (!link->exitcase || !PyExceptionClass_Check(link->exitcase->value()))
                error(block, "the exception " + linkText(link) +
                                 " has an exit case that is not an exception class");
            else if (!cases.insert(link->exitcase).second)
                error(block, "the exception " + linkText(link) + " repeats the exit case " +
                                 names_->value(link->exitcase));
            if (!link->lastException || !link->lastExcValue)
                error(block,
                      "the exception " + linkText(link) + " lacks lastException or lastExcValue");
            if (raisingOp && raisingOp->result)
                for (const Value* arg : link->args)
                    if (arg == raisingOp->result)
                        error(block, "the exception " + linkText(link) +
                                         " uses the result of the raising operation");
        }
    }

    const FunctionGraph& graph_;
    std::optional<GraphNamer> names_;
    std::vector<Block*> blocks_;
    std::unordered_map<const Variable*, const Block*> definedIn_;
    std::vector<std::string> errors_;
};

} // namespace

std::vector<std::string> verifyGraph(const FunctionGraph& graph) {
    return Verifier(graph).run();
}

void checkgraph(const FunctionGraph& graph) {
    std::vector<std::string> errors = verifyGraph(graph);
    if (errors.empty()) return;
    std::ostringstream message;
    message << "graph " << graph.name << " is not well formed:";
    for (const std::string& e : errors)
        message << "\n  " << e;
    throw GraphError(message.str());
}

} // namespace futamura::ir
