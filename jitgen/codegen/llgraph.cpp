//! The llgraph backend (codegen.h): residual code stays an ll graph, checked
//! by the verifiers so that llinterp can run it.
#include "futamura/jitgen/codegen.h"

#include "futamura/rtyper/llcheck.h"

namespace futamura::jitgen::codegen {

namespace {

void verify(const Unit& unit, const std::string& what) {
    // verifyLowLevelGraph runs ir::verifyGraph's structural checks first
    std::vector<std::string> errors = rtyper::verifyLowLevelGraph(*unit.graph());
    if (errors.empty()) return;
    std::string msg = "codegen (llgraph): " + what + " is not a well-formed low-level graph:";
    for (const std::string& e : errors) msg += "\n  " + e;
    throw CodegenError(msg);
}

} // namespace

void LLGraphBackend::compileUnit(Unit& unit) {
    verify(unit, "unit " + unit.name());
    ++unitCount_;
}

void LLGraphBackend::compileBridge(Unit& unit, Bridge& bridge) {
    // The whole graph is verified again: for its first 16 bridges, then at
    // every power of two (a unit with thousands of promoted values would
    // otherwise cost quadratic time in verification alone).
    size_t n = unit.bridges().size();
    if (n <= 16 || (n & (n - 1)) == 0)
        verify(unit, "unit " + unit.name() + " with the bridge for case " + std::to_string(bridge.caseValue));
    ++bridgeCount_;
}

} // namespace futamura::jitgen::codegen
