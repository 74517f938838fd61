//! `futamura flow FILE.py [FUNC ...]`: the flow graphs of a program's functions.
#include "cli.h"

#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/dot.h"
#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace futamura::cli {

namespace {

// A function of the target to flow, with the name the user knows it by.
struct Target {
    std::string name;
    py::PyRef func;
};

bool definedIn(PyObject* obj, PyObject* moduleName) {
    py::PyRef mod = py::getAttrOrNull(obj, "__module__");
    return mod && PyUnicode_Check(mod.get()) &&
           PyUnicode_Compare(mod.get(), moduleName) == 0;
}

// The plain function behind a class attribute (methods, static and class methods).
py::PyRef functionOf(PyObject* attr) {
    if (PyFunction_Check(attr)) return py::PyRef::borrow(attr);
    if (Py_IS_TYPE(attr, &PyStaticMethod_Type) || Py_IS_TYPE(attr, &PyClassMethod_Type)) {
        py::PyRef f = py::getAttrOrNull(attr, "__func__");
        if (f && PyFunction_Check(f.get())) return f;
    }
    return py::PyRef();
}

// Functions marked @not_rpython (import-time helpers) are not flowed by default.
bool notRPython(PyObject* func) {
    py::PyRef mark = py::getAttrOrNull(func, "_not_rpython_");
    return mark && PyObject_IsTrue(mark.get()) == 1;
}

// Every function defined in the module, in definition order: module-level
// functions, then (in place of each class) the class's methods; not those
// marked @not_rpython.
std::vector<Target> allFunctions(PyObject* module) {
    std::vector<Target> out;
    py::PyRef name = py::getAttr(module, "__name__");
    PyObject* dict = PyModule_GetDict(module);
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        std::string k = py::asString(key);
        if (PyFunction_Check(value) && definedIn(value, name.get())) {
            if (!notRPython(value)) out.push_back({k, py::PyRef::borrow(value)});
        } else if (PyType_Check(value) && definedIn(value, name.get())) {
            PyObject* classDict = ((PyTypeObject*)value)->tp_dict;
            PyObject *mk, *mv;
            Py_ssize_t mpos = 0;
            while (PyDict_Next(classDict, &mpos, &mk, &mv))
                if (py::PyRef f = functionOf(mv); f && !notRPython(f.get()))
                    out.push_back({k + "." + py::asString(mk), f});
        }
    }
    return out;
}

Target findFunction(PyObject* module, const std::string& dotted, const std::string& file) {
    PyObject* obj = module;
    py::PyRef holder = py::PyRef::borrow(module);
    size_t start = 0;
    while (true) {
        size_t dot = dotted.find('.', start);
        std::string part = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
        py::PyRef next;
        if (PyType_Check(obj)) {
            // Look in the class dict to see static and class methods unwrapped.
            PyObject* raw = PyDict_GetItemString(((PyTypeObject*)obj)->tp_dict, part.c_str());
            if (raw) next = py::PyRef::borrow(raw);
        }
        if (!next) next = py::getAttrOrNull(obj, part.c_str());
        if (!next) throw UsageError(file + ": no function named '" + dotted + "'");
        holder = next;
        obj = holder.get();
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    py::PyRef f = functionOf(obj);
    if (!f) throw UsageError(file + ": '" + dotted + "' is not a Python function");
    return {dotted, f};
}

} // namespace

int runFlow(const std::vector<std::string>& args) {
    po::options_description opts("options of 'futamura flow'");
    std::string dotPath, svgPath;
    opts.add_options()
        ("help,h", "show this help")
        ("dot", po::value(&dotPath)->value_name("OUT.dot"), "also write the graphs as Graphviz dot")
        ("svg", po::value(&svgPath)->value_name("OUT.svg"),
         "also draw the graphs as SVG (needs Graphviz's 'dot')")
        ("stats", "print the number of graphs, blocks and bytecode instructions flowed, and the "
                  "time it took, on stderr")
        ("quiet,q", "do not print the graphs")
        ("raw", "print the graphs as built, before simplification (empty blocks, chains of "
                "blocks, unused operations and input variables remain)")
        ("no-positions", "do not print the source line of each operation");
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura flow FILE.py [FUNC ...] [OPTIONS]\n\n"
                     "Imports FILE.py, builds the flow graph of each named function (by default\n"
                     "every function and method defined in the file, except those marked\n"
                     "@not_rpython from futamura.rlib.objectmodel) and prints it. FUNC may\n"
                     "name a method as Class.method.\n\n"
                  << opts;
        return 0;
    }
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.empty()) throw UsageError("flow: missing FILE.py (see 'futamura flow --help')");
    if (!dotPath.empty() && !svgPath.empty()) throw UsageError("flow: give --dot or --svg, not both");
    std::string file = names.front();
    names.erase(names.begin());

    py::Interpreter interpreter;
    ir::Arena arena;
    flow::FlowSpace space(arena);
    space.setSimplify(!vm.count("raw"));
    py::PyRef module = interpreter.importFile(file);
    space.checkModule(module.get());
    std::vector<Target> targets;
    if (names.empty()) targets = allFunctions(module.get());
    for (const std::string& n : names) targets.push_back(findFunction(module.get(), n, file));

    std::vector<const ir::FunctionGraph*> graphs;
    auto t0 = std::chrono::steady_clock::now();
    for (Target& t : targets) {
        ir::FunctionGraph* g = space.buildFlowGraph(t.func.get());
        g->name = t.name;
        graphs.push_back(g);
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    ir::PrintOptions popts;
    popts.positions = !vm.count("no-positions");
    // Files first: a reader of stdout that stops early must not lose them.
    if (!dotPath.empty()) ir::writeGraphFile(dotPath, graphs, popts);
    if (!svgPath.empty()) ir::writeGraphFile(svgPath, graphs, popts);
    if (!vm.count("quiet")) {
        for (size_t i = 0; i < graphs.size(); ++i) {
            if (i) std::cout << "\n";
            ir::printGraph(std::cout, *graphs[i], popts);
        }
    }
    if (vm.count("stats")) {
        const flow::FlowStats& s = space.stats();
        std::fprintf(stderr,
                     "flowed %llu graphs (%llu blocks built, before simplification), %llu bytecode "
                     "instructions in %.3f s "
                     "(%.0f instructions/s)\n",
                     (unsigned long long)s.graphs, (unsigned long long)s.blocks,
                     (unsigned long long)s.instructions, seconds,
                     seconds > 0 ? s.instructions / seconds : 0.0);
    }
    return 0;
}

} // namespace futamura::cli
