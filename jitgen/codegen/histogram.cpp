//! The shape of residual code: operations per opcode (codegen.h).
#include "futamura/jitgen/codegen.h"

#include <functional>
#include <unordered_map>

namespace futamura::jitgen::codegen {

size_t OpHistogram::count(std::string_view opname) const {
    auto it = counts.find(std::string(opname));
    return it == counts.end() ? 0 : it->second;
}

std::string OpHistogram::str() const {
    std::string s;
    for (const auto& [name, n] : counts) s += (s.empty() ? "" : ", ") + name + ": " + std::to_string(n);
    return s;
}

OpHistogram countOperations(const ir::FunctionGraph& graph) {
    OpHistogram h;
    for (const ir::Block* b : graph.blocks())
        for (const ir::Operation* op : b->operations) {
            if (op->opcode == ir::Opcode::SameAs) continue;
            ++h.counts[std::string(ir::opName(op->opcode))];
            ++h.total;
        }
    return h;
}

OpHistogram countLoopOperations(const ir::FunctionGraph& graph) {
    // Tarjan's strongly connected components over the blocks
    std::vector<ir::Block*> blocks = graph.blocks();
    std::unordered_map<const ir::Block*, int> index, low;
    std::unordered_map<const ir::Block*, bool> onStack;
    std::vector<const ir::Block*> stack;
    std::unordered_map<const ir::Block*, bool> inLoop;
    int counter = 0;
    std::function<void(const ir::Block*)> visit = [&](const ir::Block* b) {
        index[b] = low[b] = counter++;
        stack.push_back(b);
        onStack[b] = true;
        for (const ir::Link* l : b->exits) {
            // (the default path of a switch is where new cases get compiled:
            // cold by construction, not part of the loop)
            if (b->exitswitch && !l->llexitcase && b->exits.size() > 1) continue;
            const ir::Block* t = l->target;
            if (t == b) inLoop[b] = true;
            if (!index.count(t)) {
                visit(t);
                low[b] = std::min(low[b], low[t]);
            } else if (onStack[t]) {
                low[b] = std::min(low[b], index[t]);
            }
        }
        if (low[b] == index[b]) {
            std::vector<const ir::Block*> scc;
            const ir::Block* x;
            do {
                x = stack.back();
                stack.pop_back();
                onStack[x] = false;
                scc.push_back(x);
            } while (x != b);
            if (scc.size() > 1)
                for (const ir::Block* y : scc) inLoop[y] = true;
        }
    };
    for (const ir::Block* b : blocks)
        if (!index.count(b)) visit(b);
    OpHistogram h;
    for (const ir::Block* b : blocks) {
        if (!inLoop[b]) continue;
        for (const ir::Operation* op : b->operations) {
            if (op->opcode == ir::Opcode::SameAs) continue;
            ++h.counts[std::string(ir::opName(op->opcode))];
            ++h.total;
        }
    }
    return h;
}

} // namespace futamura::jitgen::codegen
