//! The shape of residual code: operations per opcode (codegen.h).
#include "futamura/jitgen/codegen.h"

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

} // namespace futamura::jitgen::codegen
