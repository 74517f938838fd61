//! `futamura hint TARGET.py`: the binding-time analysis of an interpreter —
//! every variable of the graphs reachable from its portal, green or red, and
//! how each call is treated (the research view of the JIT generator).
#include "cli.h"

#include "futamura/ir/dot.h"
#include "futamura/ir/printer.h"
#include "futamura/jitgen/hintannotator.h"

#include <iostream>

namespace futamura::cli {

namespace {

std::string signature(jitgen::HintAnnotator& ha, const ir::FunctionGraph* g) {
    std::string s = g->name + "(";
    const auto& in = g->startblock->inputargs;
    for (size_t i = 0; i < in.size(); ++i) {
        s += (i ? ", " : "") + (i < g->argnames.size() ? g->argnames[i] : in[i]->name()) + ": " +
             ha.colourOf(in[i]);
    }
    const ir::Variable* ret = g->returnblock->inputargs[0];
    s += ") -> " + (ret->concretetype == rtyper::Void ? std::string("Void") : ha.colourOf(ret));
    return s;
}

} // namespace

int runHint(const std::vector<std::string>& args) {
    po::options_description opts("options of 'futamura hint'");
    driver::Options o;
    o.gc = "none";
    std::string dotPath, svgPath;
    std::vector<std::string> show;
    opts.add_options()
        ("help,h", "show this help")
        ("show", po::value(&show)->value_name("FUNC")->composing(),
         "print only the analysed graphs of FUNC (repeatable)")
        ("dot", po::value(&dotPath)->value_name("OUT.dot"), "write the analysed graphs as Graphviz dot")
        ("svg", po::value(&svgPath)->value_name("OUT.svg"), "draw the analysed graphs as SVG")
        ("opt,O", po::value(&o.optLevel)->value_name("N"), "the backend optimizations run first (default 2)")
        ("function-entry", "enter the portal at its start, its arguments named as driver greens green "
                           "(as the timeshifter does), not at the merge point")
        ("inline", "inline the calls the analysis follows and devirtualize indirect ones first "
                   "(as the timeshifter does)")
        ("no-positions", "do not print the source line of each operation");
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura hint TARGET.py [OPTIONS]\n\n"
                     "Runs the JIT generator's binding-time analysis (the hint annotator) on the\n"
                     "low-level graphs reachable from the portal, the function holding\n"
                     "jit_merge_point(), entered at its merge point. Prints every analysed graph\n"
                     "with each variable's colour:\n"
                     "  G!  green by a hint: hint(x, concrete=True), promote(x)'s result is G\n"
                     "  G=  green because a concrete hint or a JitDriver green needs it (fixed)\n"
                     "  G   green: computed at compile time from green values\n"
                     "  R   red: known only when the residual code runs\n"
                     "  B   red, a structure allocated here that does not escape: virtual at compile\n"
                     "      time, its fields red or green one by one\n"
                     "then each call's treatment (green: run at compile time; inlined: its\n"
                     "generating extension runs inline; residual: called by the residual code)\n"
                     "and the signature of every analysed graph.\n\n"
                  << opts;
        return 0;
    }
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.size() != 1) throw UsageError("hint: expected exactly one TARGET.py (see 'futamura hint --help')");
    o.progress = false;
    driver::Driver d(names[0], o);
    d.exceptions();
    jitgen::HintAnnotator ha(*d.ctx);
    jitgen::HintAnnotator::Options hopts;
    hopts.functionEntry = vm.count("function-entry") != 0;
    hopts.inlineFollowed = vm.count("inline") != 0;
    ha.annotate(d.rtyper->allGraphs(), hopts);

    std::vector<const ir::FunctionGraph*> shown;
    for (ir::FunctionGraph* g : ha.copies()) {
        const ir::FunctionGraph* orig = ha.originalOf(g);
        bool match = show.empty();
        for (const std::string& n : show)
            if (orig->name == n || orig->name.rfind(n + "__", 0) == 0) match = true;
        if (match) shown.push_back(g);
    }
    for (const std::string& n : show) {
        bool found = false;
        for (ir::FunctionGraph* g : ha.copies())
            if (ha.originalOf(g)->name == n || ha.originalOf(g)->name.rfind(n + "__", 0) == 0) found = true;
        if (!found) throw UsageError("hint: no analysed graph named '" + n + "'");
    }
    ir::PrintOptions popts;
    popts.positions = !vm.count("no-positions");
    popts.tagger = [&](const ir::Variable* v) -> std::string {
        const auto* t = static_cast<const rtyper::LowLevelType*>(v->concretetype);
        if (!t || t == rtyper::Void) return "";
        return t->shortName() + " " + ha.colourOf(v);
    };
    ir::PrintOptions drawing = popts;
    drawing.colorOf = [&](const ir::Variable* v) -> std::string {
        const auto* t = static_cast<const rtyper::LowLevelType*>(v->concretetype);
        if (!t || t == rtyper::Void) return "";
        if (ha.isVirtualCandidate(v)) return "#1f4fbf";
        return ha.isGreen(v) ? "#1a7f1a" : "#c00000";
    };
    if (!dotPath.empty()) ir::writeGraphFile(dotPath, shown, drawing);
    if (!svgPath.empty()) ir::writeGraphFile(svgPath, shown, drawing);
    if (!dotPath.empty() || !svgPath.empty()) return 0;

    const ir::FunctionGraph* entry = ha.portalEntry();
    std::cout << "# portal " << ha.portal()->name
              << (hopts.functionEntry ? ", entered at its start" : ", entered at its jit_merge_point") << ": greens (";
    std::string reds;
    bool firstGreen = true;
    for (size_t i = 0; i < entry->argnames.size() && i < ha.greenArgs().size(); ++i) {
        if (ha.greenArgs()[i]) {
            std::cout << (firstGreen ? "" : ", ") << entry->argnames[i];
            firstGreen = false;
        } else {
            reds += (reds.empty() ? "" : ", ") + entry->argnames[i];
        }
    }
    std::cout << "), reds (" << reds << ")\n\n";
    for (const ir::FunctionGraph* g : shown) {
        std::string key = ha.keyOf(g);
        std::cout << "# " << (g == entry ? (hopts.functionEntry ? "the portal" : "the portal at its merge point")
                                           : "specialization " + (key.empty() ? std::string("(default)") : key))
                  << "\n";
        ir::printGraph(std::cout, *g, popts);
        std::cout << "\n";
    }
    std::cout << "# calls\n";
    for (const ir::FunctionGraph* g : shown)
        for (const ir::Block* b : g->blocks())
            for (const ir::Operation* op : b->operations) {
                if (op->opcode != ir::Opcode::DirectCall && op->opcode != ir::Opcode::IndirectCall) continue;
                std::string target;
                if (op->opcode == ir::Opcode::DirectCall) {
                    const ir::FunctionGraph* c = rtyper::LLContext::graphOf(ir::asConstant(op->args[0]));
                    const auto* fnT = static_cast<const rtyper::LowLevelType*>(ir::asConstant(op->args[0])->concretetype);
                    target = c ? c->name : fnT->formatValue(ir::asConstant(op->args[0])->llvalue);
                    if (ir::FunctionGraph* copy = ha.calledCopy(*op)) target = copy->name;
                } else {
                    target = "(indirect)";
                }
                // (file:line: after inlining by backendopt, a call may come
                // from a helper's file)
                std::string at = op->pos.file ? ha.where(g, op) : "?";
                if (size_t slash = at.rfind('/'); slash != std::string::npos) at = at.substr(slash + 1);
                std::cout << g->name << ": " << target << " " << jitgen::callKindName(ha.callKind(*op)) << "  @" << at
                          << "\n";
            }
    std::cout << "\n# signatures\n";
    for (const ir::FunctionGraph* g : shown) std::cout << signature(ha, g) << "\n";
    return 0;
}

} // namespace futamura::cli
