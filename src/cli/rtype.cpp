//! `futamura rtype TARGET.py`: the low-level graphs of a program, and
//! `futamura run --backend=llinterp TARGET.py -- ARGS`: running them.
#include "cli.h"

#include "futamura/annotator/annotator.h"
#include "futamura/driver/driver.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/ir/checkgraph.h"
#include "futamura/rtyper/llcheck.h"
#include "futamura/transform/exceptiontransform.h"
#include "futamura/ir/dot.h"
#include "futamura/ir/printer.h"
#include "futamura/ir/transform.h"
#include "futamura/llinterp/llinterp.h"
#include "futamura/jitgen/timeshifter.h"

#include <algorithm>
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/rtyper.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <filesystem>
#include <functional>

extern char** environ;

namespace futamura::cli {

namespace {

/// Everything from importing the target to its low-level graphs.
struct Translation : driver::Driver {
    explicit Translation(const std::string& file, driver::Options o = {}) : driver::Driver(file, quiet(o)) { rtype(); }
    static driver::Options quiet(driver::Options o) {
        o.progress = false;
        return o;
    }
    double seconds(const char* step) const {
        for (auto& [n, s] : timings())
            if (n == step) return s;
        return 0;
    }
};

std::pair<std::vector<std::string>, std::vector<std::string>> splitDashDash(const std::vector<std::string>& args) {
    auto it = std::find(args.begin(), args.end(), "--");
    if (it == args.end()) return {args, {}};
    return {std::vector<std::string>(args.begin(), it), std::vector<std::string>(it + 1, args.end())};
}

/// Translates into the cache folder and runs the executable with `args`.
int runNative(const std::string& target, const std::vector<std::string>& args, const driver::Options& o,
              bool timings) {
    namespace fs = std::filesystem;
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : "/tmp") / ".cache";
    std::string key = fs::absolute(target).string() + "|" + o.gc + "|" + std::to_string(o.optLevel);
    fs::path dir = cache / "futamura" / "run" /
                   (fs::path(target).stem().string() + "-" + std::to_string(std::hash<std::string>{}(key) % 1000000007));
    fs::path exe = dir / "program.exe";
    translateTo(target, exe.string(), o, (dir / "c").string(), timings);
    std::vector<std::string> argv{target};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    std::fflush(stdout);
    pid_t pid;
    if (posix_spawn(&pid, exe.c_str(), nullptr, nullptr, cargv.data(), environ) != 0)
        throw std::runtime_error("cannot run " + exe.string());
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

} // namespace

int runRtype(const std::vector<std::string>& args) {
    po::options_description opts("options of 'futamura rtype'");
    std::string after = "rtype";
    driver::Options opts_;
    opts_.gc = "none"; // (the graphs before the GC transform are the same for every GC)
    std::string dotPath, svgPath;
    std::vector<std::string> show;
    opts.add_options()
        ("help,h", "show this help")
        ("show", po::value(&show)->value_name("FUNC")->composing(),
         "print the low-level graph of FUNC (repeatable; also system helpers like ll_append)")
        ("dot", po::value(&dotPath)->value_name("OUT.dot"), "write the graphs as Graphviz dot")
        ("svg", po::value(&svgPath)->value_name("OUT.svg"), "draw the graphs as SVG")
        ("stats", "print graph counts and times on stderr")
        ("after", po::value(&after)->value_name("STAGE"),
         "show the graphs after STAGE: rtype (default), backendopt, exceptions or gc")
        ("gc", po::value(&opts_.gc)->value_name("NAME"), "with --after gc: the GC transform of NAME (refcount)")
        ("opt,O", po::value(&opts_.optLevel)->value_name("N"), "the backend optimizations of -ON (default 2)")
        ("no-positions", "do not print the source line of each operation");
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura rtype TARGET.py [OPTIONS]\n\n"
                     "Annotates TARGET.py and turns its graphs into low-level graphs: every\n"
                     "variable and constant typed with an lltype, operations on structs,\n"
                     "arrays and primitives, and calls to system helpers.\n\n"
                  << opts;
        return 0;
    }
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.size() != 1)
        throw UsageError("rtype: expected exactly one TARGET.py (see 'futamura rtype --help')");
    if (after != "rtype" && after != "backendopt" && after != "exceptions" && after != "gc")
        throw UsageError("rtype: unknown stage '" + after + "' for --after (rtype, backendopt, exceptions, gc)");
    Translation t(names[0], opts_);
    if (after == "backendopt") t.backendopt();
    if (after == "exceptions") t.exceptions();
    if (after == "gc") t.gc();
    ir::PrintOptions popts;
    popts.positions = !vm.count("no-positions");
    std::vector<ir::FunctionGraph*> all = t.rtyper->allGraphs();
    std::vector<const ir::FunctionGraph*> shown;
    for (const std::string& name : show) {
        bool found = false;
        for (ir::FunctionGraph* g : all)
            if (g->name == name || g->name.rfind(name + "__", 0) == 0) {
                shown.push_back(g);
                found = true;
            }
        if (!found) throw UsageError("rtype: no graph named '" + name + "'");
    }
    std::vector<const ir::FunctionGraph*> drawn = shown;
    if (drawn.empty()) drawn.assign(all.begin(), all.end());
    if (!dotPath.empty()) ir::writeGraphFile(dotPath, drawn, popts);
    if (!svgPath.empty()) ir::writeGraphFile(svgPath, drawn, popts);
    if (shown.empty() && dotPath.empty() && svgPath.empty()) {
        for (const ir::FunctionGraph* g : all) {
            ir::printGraph(std::cout, *g, popts);
            std::cout << "\n";
        }
    }
    for (const ir::FunctionGraph* g : shown) {
        ir::printGraph(std::cout, *g, popts);
        std::cout << "\n";
    }
    if (vm.count("stats"))
        std::fprintf(stderr, "rtyped %zu graphs (%zu system helpers); annotate %.3f s, rtype %.3f s\n",
                     all.size(), t.rtyper->helpers().graphs().size(), t.seconds("annotate"), t.seconds("rtype"));
    return 0;
}

int runRun(const std::vector<std::string>& allArgs) {
    auto [args, programArgs] = splitDashDash(allArgs);
    po::options_description opts("options of 'futamura run'");
    std::string backend = "llinterp";
    std::string after = "rtype";
    driver::Options o;
    opts.add_options()
        ("gc", po::value(&o.gc)->value_name("NAME"),
         "c: the garbage collector (generational, the default, boehm, refcount, marksweep, none); "
         "llinterp: with --after gc, refcount")
        ("opt,O", po::value(&o.optLevel)->value_name("N"), "c: optimization level 0..3")
        ("timings", "c: print the seconds spent in each translation step")
        ("count-ops", "llinterp: print on stderr the operations executed, in all and per opcode")
        ("jit", "llinterp: with the JIT: the portal (jit_merge_point) runs residual code made by its "
                "generating extension, per green key (implies --after exceptions)")
        ("jit-stats", "llinterp, --jit: print on stderr the residual operations of each compiled green key")
        ("jit-show", "llinterp, --jit: print on stderr the residual graphs")
        ("jit-threshold", po::value<unsigned>()->value_name("N"), "llinterp, --jit: calls of the portal with a green key before that key is compiled (default 0)")
        ("jit-budget", po::value<size_t>()->value_name("N"), "llinterp, --jit: residual operations of a compilation before it falls back to the interpreter (default 20000)")
        ("help,h", "show this help")
        ("backend", po::value(&backend)->value_name("NAME"),
         "llinterp (the ll-graph interpreter, default) or c (translate to an executable, cached)")
        ("after", po::value(&after)->value_name("STAGE"),
         "llinterp: run the graphs as they are after STAGE: rtype (default), backendopt "
         "(the optimizations of -O), exceptions (the exception transform) or gc (the GC transform of --gc)");
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura run [--backend=llinterp|c] TARGET.py -- ARGS...\n\n"
                     "Translates TARGET.py and runs it with ARGS. Its output and exit code are\n"
                     "those of `python3 TARGET.py ARGS`; an uncaught RPython exception prints\n"
                     "its class name and exits with code 1.\n\n"
                  << opts;
        return 0;
    }
    if (backend != "llinterp" && backend != "c") throw UsageError("run: unknown backend '" + backend + "' (llinterp, c)");
    if (after != "rtype" && after != "backendopt" && after != "exceptions" && after != "gc")
        throw UsageError("run: unknown stage '" + after + "' for --after (rtype, backendopt, exceptions, gc)");
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.size() != 1) throw UsageError("run: expected exactly one TARGET.py");
    if (backend == "c") return runNative(names[0], programArgs, o, vm.count("timings") != 0);
    if (!vm.count("gc")) o.gc = "none"; // (llinterp: the graphs before the GC transform are the same for every GC)
    if (after == "gc" && o.gc != "refcount")
        throw UsageError("run: the ll-graph interpreter runs the graphs of --gc=refcount after the GC transform; "
                         "a framework GC (--gc=" + o.gc + ") runs translated: use --backend=c");
    Translation t(names[0], o);

    // argv: a prebuilt list of str.
    py::PyRef argv = py::PyRef::steal(PyList_New(0));
    PyList_Append(argv.get(), py::fromString(names[0]).get());
    for (const std::string& a : programArgs) PyList_Append(argv.get(), py::fromString(a).get());
    const rtyper::Repr* argvRepr = t.rtyper->signatureOf(t.entry).args.at(0);
    ir::Constant* argvConst = t.rtyper->convertConst(argv.get(), argvRepr);
    bool jit = vm.count("jit") != 0;
    if (jit && after == "gc") throw UsageError("run: --jit runs the graphs after the exception transform (not --after gc)");
    if (jit) after = "exceptions";
    if (after == "backendopt") t.backendopt();
    if (after == "exceptions") t.exceptions();
    if (after == "gc") t.gc();

    llinterp::LLInterpreter interp(*t.ctx);
    interp.countByOpcode = vm.count("count-ops") != 0;
    std::unique_ptr<jitgen::JitGenerator> generator;
    std::unique_ptr<jitgen::JitRuntime> jitRuntime;
    if (jit) {
        generator = std::make_unique<jitgen::JitGenerator>(*t.ctx, t.rtyper->allGraphs());
        jitRuntime = std::make_unique<jitgen::JitRuntime>(*t.ctx, interp, generator->hints.portal(), generator->genext,
                                                          generator->shifter.tables());
        if (vm.count("jit-threshold")) jitRuntime->threshold = vm["jit-threshold"].as<unsigned>();
        if (vm.count("jit-budget")) jitRuntime->budget = vm["jit-budget"].as<size_t>();
        jitRuntime->install();
    }
    struct Job {
        llinterp::LLInterpreter* interp;
        ir::Constant* entry;
        ir::LLValue argv;
        int exitCode = 0;
        std::string error;
    } job{&interp, t.rtyper->functionPointer(t.entry), argvConst->llvalue, 0, {}};
    auto body = [](void* p) -> void* {
        auto* j = static_cast<Job*>(p);
        try {
            ir::LLValue r = j->interp->callTopLevel(j->entry->llvalue, {j->argv});
            j->exitCode = (int)r.i;
        } catch (llinterp::LLException& e) {
            std::string name = "exception";
            const auto* st = rtyper::asType<rtyper::Struct>(e.type.p->type);
            if (auto idx = st->fieldIndex("name")) name = j->interp->stringOf(e.type.p->slots[*idx]);
            fflush(stdout);
            std::fprintf(stderr, "Fatal RPython error: %s\n", name.c_str());
            j->exitCode = 1;
        } catch (const llinterp::LLFatalError& e) {
            fflush(stdout);
            std::fprintf(stderr, "%s\n", e.what());
            j->exitCode = 1;
        } catch (const std::exception& e) {
            j->error = e.what();
        }
        return nullptr;
    };
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)1 << 30);
    pthread_t th;
    if (pthread_create(&th, &attr, body, &job) != 0) body(&job);
    else pthread_join(th, nullptr);
    pthread_attr_destroy(&attr);
    fflush(stdout);
    if (!job.error.empty()) throw std::runtime_error(job.error);
    if (jitRuntime && (vm.count("jit-stats") || vm.count("jit-show"))) {
        for (const auto& code : jitRuntime->compiled()) {
            std::string greens;
            for (size_t i = 0; i < code->greens.size(); ++i) {
                const auto* gt = generator->shifter.tables().argTypes[0];
                for (size_t k = 0, g = 0; k < generator->shifter.tables().argTypes.size(); ++k)
                    if (generator->shifter.tables().greenArg[k] && g++ == i) gt = generator->shifter.tables().argTypes[k];
                greens += (i ? ", " : "") + gt->formatValue(code->greens[i]);
            }
            if (code->failed) {
                std::fprintf(stderr, "jit: (%s): not compiled: %s\n", greens.c_str(), code->error.c_str());
                continue;
            }
            jitgen::codegen::OpHistogram h = jitgen::codegen::countOperations(*code->unit->graph());
            jitgen::codegen::OpHistogram loops = jitgen::codegen::countLoopOperations(*code->unit->graph());
            std::fprintf(stderr, "jit: (%s): %zu residual operations, entered %u times: %s%s\n", greens.c_str(), h.total,
                         code->entries, h.str().c_str(), code->error.empty() ? "" : (" [" + code->error + "]").c_str());
            std::fprintf(stderr, "jit:   in loops: %zu: %s\n", loops.total, loops.str().c_str());
            if (vm.count("jit-show")) {
                ir::PrintOptions po;
                po.tagger = [](const ir::Variable* v) -> std::string {
                    const auto* t = static_cast<const rtyper::LowLevelType*>(v->concretetype);
                    return t && t != rtyper::Void ? t->shortName() : "";
                };
                // (a copy without the empty blocks the builders leave between
                // labels: the residual code as it reads)
                ir::FunctionGraph* shown = ir::copyGraph(t.arena, *code->unit->graph());
                ir::removeEmptyBlocks(*shown);
                ir::joinBlocks(*shown);
                // (a promoted pointer's case shows the object, not its
                // address: the same text in every run)
                for (ir::Block* b : shown->blocks())
                    for (ir::Link* l : b->exits) {
                        ir::Constant* c = l->exitcase;
                        if (!c || !l->llexitcase || c->llvalue.tag != ir::LLValue::Tag::Int) continue;
                        auto it = jitRuntime->promotedPointers().find(c->llvalue.i);
                        if (it != jitRuntime->promotedPointers().end())
                            l->exitcase = l->llexitcase = t.arena.llconstant(it->second.first, it->second.second);
                    }
                std::cerr << ir::graphToString(*shown, po) << "\n";
            }
        }
    }
    if (interp.countByOpcode) {
        std::vector<std::pair<uint64_t, std::string>> counts;
        for (size_t k = 0; k < interp.opcodeCounts.size(); ++k)
            if (interp.opcodeCounts[k]) counts.push_back({interp.opcodeCounts[k], std::string(ir::opName((ir::Opcode)k))});
        std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        std::fprintf(stderr, "llinterp: %llu operations executed\n", (unsigned long long)interp.operationsExecuted);
        for (const auto& [n, name] : counts) std::fprintf(stderr, "  %12llu %s\n", (unsigned long long)n, name.c_str());
    }
    return job.exitCode;
}

} // namespace futamura::cli
