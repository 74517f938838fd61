//! `futamura annotate TARGET.py`: the RPython types of a program, inferred
//! from its entry point.
#include "cli.h"

#include "futamura/driver/driver.h"

#include "futamura/annotator/annotator.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/dot.h"
#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace futamura::cli {

py::PyRef entryPoint(PyObject* module, const std::string& file) {
    try {
        return driver::entryPoint(module, file);
    } catch (const py::PythonError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
}

int runAnnotate(const std::vector<std::string>& args) {
    po::options_description opts("options of 'futamura annotate'");
    std::string dotPath, svgPath;
    std::vector<std::string> show;
    opts.add_options()
        ("help,h", "show this help")
        ("show", po::value(&show)->value_name("FUNC")->composing(),
         "print the annotated graph of FUNC (repeatable; a graph name as in the signatures)")
        ("dot", po::value(&dotPath)->value_name("OUT.dot"),
         "write the annotated graphs (--show's, or all) as Graphviz dot")
        ("svg", po::value(&svgPath)->value_name("OUT.svg"),
         "draw the annotated graphs (--show's, or all) as SVG (needs Graphviz's 'dot')")
        ("stats", "print blocks, reflows per block and time on stderr")
        ("no-positions", "do not print the source line of each operation");
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura annotate TARGET.py [OPTIONS]\n\n"
                     "Imports TARGET.py and infers the RPython types of every function reached\n"
                     "from its entry point, entry_point(argv) with argv a list of str (or the\n"
                     "function that target() returns). Prints each function's signature.\n\n"
                  << opts;
        return 0;
    }
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.size() != 1)
        throw UsageError("annotate: expected exactly one TARGET.py (see 'futamura annotate --help')");
    if (!dotPath.empty() && !svgPath.empty()) throw UsageError("annotate: give --dot or --svg, not both");
    const std::string& file = names[0];

    py::Interpreter interpreter;
    ir::Arena arena;
    flow::FlowSpace space(arena);
    py::PyRef module = interpreter.importFile(file);
    space.checkModule(module.get());
    py::PyRef entry = entryPoint(module.get(), file);
    annotator::RPythonAnnotator ann(space, arena);
    auto t0 = std::chrono::steady_clock::now();
    ann.annotate(entry.get(), {ann.argvAnnotation()});
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    ir::PrintOptions popts;
    popts.positions = !vm.count("no-positions");
    std::vector<const ir::FunctionGraph*> shown;
    for (const std::string& name : show) {
        bool found = false;
        for (ir::FunctionGraph* g : ann.engine().graphs())
            if (g->name == name || g->name.rfind(name + "__", 0) == 0) {
                shown.push_back(g);
                found = true;
            }
        if (!found) throw UsageError("annotate: no reached function named '" + name + "'");
    }
    std::vector<const ir::FunctionGraph*> drawn = shown;
    if (drawn.empty())
        drawn.assign(ann.engine().graphs().begin(), ann.engine().graphs().end());
    if (!dotPath.empty()) ir::writeGraphFile(dotPath, drawn, popts);
    if (!svgPath.empty()) ir::writeGraphFile(svgPath, drawn, popts);
    for (ir::FunctionGraph* g : ann.engine().graphs()) std::cout << ann.signature(g) << "\n";
    for (const ir::FunctionGraph* g : shown) {
        std::cout << "\n";
        ir::printGraph(std::cout, *g, popts);
    }
    if (vm.count("stats")) {
        const annotator::EngineStats& st = ann.engine().stats();
        size_t blocks = 0;
        for (ir::FunctionGraph* g : ann.engine().graphs()) blocks += g->blocks().size() - 2;
        std::fprintf(stderr,
                     "annotated %llu graphs, %zu blocks; %llu block flows (%.2f per block, at "
                     "most %u for one block) in %.3f s\n",
                     (unsigned long long)st.graphs, blocks, (unsigned long long)st.blocksFlowed,
                     blocks ? (double)st.blocksFlowed / blocks : 0.0, st.maxReflows, seconds);
    }
    return 0;
}

} // namespace futamura::cli
