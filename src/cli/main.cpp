//! The `futamura` command line.
//!
//!   futamura flow FILE.py [FUNC ...] [--dot OUT.dot | --svg OUT.svg] [--stats]
//!   futamura annotate TARGET.py [--show FUNC ...] [--dot OUT.dot | --svg OUT.svg] [--stats]
//!
//! Each verb runs the pipeline up to its stage on a target file and prints
//! the result. Any error in the user's program is reported as
//! `file:line: message` on stderr with exit code 2; the translator never
//! aborts on user input.
#include "futamura/annotator/annotator.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/dot.h"
#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace futamura;

namespace {

constexpr int kExitUserError = 2;

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* kTopHelp =
    "usage: futamura VERB [OPTIONS] ...\n"
    "\n"
    "The RPython toolchain: translate an interpreter written in RPython.\n"
    "\n"
    "verbs:\n"
    "  flow FILE.py [FUNC ...]   build and print the flow graphs of a program's functions\n"
    "  annotate TARGET.py        infer the types of a program from its entry point\n"
    "\n"
    "Run 'futamura VERB --help' for the options of a verb.\n"
    "Errors in the program are reported as 'file:line: message' with exit code 2.\n";

// Parses a verb's options; the positional arguments land in vm["args"].
po::variables_map parseVerbOptions(const po::options_description& opts,
                                   const std::vector<std::string>& args) {
    po::options_description hidden;
    hidden.add_options()("args", po::value<std::vector<std::string>>(), "");
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description positional;
    positional.add("args", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
    return vm;
}

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

// The entry point of a target: `entry_point(argv)`, or what `target()` returns.
py::PyRef entryPoint(PyObject* module, const std::string& file) {
    if (py::PyRef target = py::getAttrOrNull(module, "target")) {
        py::PyRef f = py::PyRef::steal(PyObject_CallNoArgs(target.get()));
        if (!f) py::throwPythonError();
        if (PyTuple_Check(f.get()) && PyTuple_GET_SIZE(f.get()) > 0)
            f = py::PyRef::borrow(PyTuple_GET_ITEM(f.get(), 0));
        if (!PyFunction_Check(f.get()))
            throw UsageError(file + ": target() must return the entry point function");
        return f;
    }
    py::PyRef f = py::getAttrOrNull(module, "entry_point");
    if (!f || !PyFunction_Check(f.get()))
        throw UsageError(file + ": no entry_point(argv) function and no target() returning one");
    return f;
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

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::cout << kTopHelp;
            return args.empty() ? kExitUserError : 0;
        }
        std::string verb = args[0];
        args.erase(args.begin());
        if (verb == "flow") return runFlow(args);
        if (verb == "annotate") return runAnnotate(args);
        throw UsageError("unknown verb '" + verb + "' (see 'futamura --help')");
    } catch (const flow::FlowingError& e) {
        std::cerr << e.what() << "\n";
    } catch (const annotator::AnnotatorError& e) {
        std::cerr << e.what() << "\n";
    } catch (const py::PythonError& e) {
        // An error raised by the target's own Python code (at import time).
        std::cerr << (e.file().empty() ? std::string("futamura")
                                       : flow::displayPath(e.file()) + ":" +
                                             std::to_string(e.line()))
                  << ": " << e.typeName() << ": " << e.message() << "\n"
                  << e.traceback();
    } catch (const UsageError& e) {
        std::cerr << "futamura: " << e.what() << "\n";
    } catch (const po::error& e) {
        std::cerr << "futamura: " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "futamura: " << e.what() << "\n";
    }
    return kExitUserError;
}
