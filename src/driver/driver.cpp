//! The translation driver; see include/futamura/driver/driver.h.
#include "futamura/driver/driver.h"

#include "futamura/backend/c/genc.h"
#include "futamura/python/error.h"
#include "futamura/rtyper/llcheck.h"
#include "futamura/transform/backendopt.h"
#include "futamura/transform/exceptiontransform.h"
#include "futamura/transform/gctransform.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#ifndef FUTAMURA_RUNTIME_C
#error "FUTAMURA_RUNTIME_C must name the runtime/c folder"
#endif

namespace futamura::driver {

namespace fs = std::filesystem;
using rtyper::asType;
using rtyper::LowLevelType;
using rtyper::Ptr;
using rtyper::resolve;
using rtyper::Struct;

std::string runtimeCDir() {
    if (const char* env = std::getenv("FUTAMURA_RUNTIME_C"); env && *env) return env;
    return FUTAMURA_RUNTIME_C;
}

py::PyRef entryPoint(PyObject* module, const std::string& file) {
    if (py::PyRef target = py::getAttrOrNull(module, "target")) {
        py::PyRef f = py::PyRef::steal(PyObject_CallNoArgs(target.get()));
        if (!f) py::throwPythonError();
        if (PyTuple_Check(f.get()) && PyTuple_GET_SIZE(f.get()) > 0)
            f = py::PyRef::borrow(PyTuple_GET_ITEM(f.get(), 0));
        if (!PyFunction_Check(f.get()))
            throw std::runtime_error(file + ": target() must return the entry point function");
        return f;
    }
    py::PyRef f = py::getAttrOrNull(module, "entry_point");
    if (!f || !PyFunction_Check(f.get()))
        throw std::runtime_error(file + ": no entry_point(argv) function and no target() returning one");
    return f;
}

namespace {

/// The exceptions the C runtime raises itself (RPyRaise<Name> in futamura.h).
const std::vector<std::pair<const char*, PyObject*>>& runtimeExceptions() {
    static const std::vector<std::pair<const char*, PyObject*>> list{
        {"ZeroDivisionError", PyExc_ZeroDivisionError}, {"OverflowError", PyExc_OverflowError},
        {"ValueError", PyExc_ValueError},               {"RecursionError", PyExc_RecursionError},
        {"OSError", PyExc_OSError},                     {"MemoryError", PyExc_MemoryError}};
    return list;
}

} // namespace

Driver::Driver(const std::string& target, Options options) : target_(target), options_(options) {}

Driver::~Driver() = default;

void Driver::step(const std::string& name, const std::function<void()>& body) {
    bool tty = options_.progress && isatty(2);
    if (tty) {
        std::fprintf(stderr, "[futamura] %s...", name.c_str());
        std::fflush(stderr);
    }
    auto t0 = std::chrono::steady_clock::now();
    body();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    timings_.push_back({name, s});
    if (tty) std::fprintf(stderr, "\r\033[K");
}

void Driver::verify(const char* after) {
    (void)after;
    for (ir::FunctionGraph* g : rtyper->allGraphs()) rtyper::checkLowLevelGraph(*g);
}

void Driver::annotate() {
    if (annotated_) return;
    annotated_ = true;
    step("annotate", [&] {
        py::PyRef module = interpreter.importFile(target_);
        space.checkModule(module.get());
        py::PyRef f = entryPoint(module.get(), target_);
        ann = std::make_unique<annotator::RPythonAnnotator>(space, arena);
        entry = ann->annotate(f.get(), {ann->argvAnnotation()});
    });
}

void Driver::rtype() {
    annotate();
    if (rtyped_) return;
    rtyped_ = true;
    step("rtype", [&] {
        ctx = std::make_unique<rtyper::LLContext>(arena, space, types);
        evaluator = std::make_unique<llinterp::LLInterpreter>(*ctx);
        ctx->evaluate = [this](const ir::Constant* fnptr, std::vector<ir::LLValue> args) {
            return evaluator->callPointer(fnptr->llvalue, std::move(args));
        };
        rtyper = std::make_unique<rtyper::RTyper>(*ann, *ctx);
        rtyper->specialize();
    });
    // The verifier after the rtyper: an ill-typed ll graph is a bug of the
    // translator, reported before anything runs or compiles it.
    step("verify", [&] { verify("rtype"); });
}

std::string gcNameList() {
    std::string s;
    for (const std::string& n : kGcNames) s += (s.empty() ? "" : ", ") + n;
    return s;
}

bool isFrameworkGC(const std::string& gc) { return gc == "marksweep" || gc == "generational"; }

void Driver::backendopt() {
    rtype();
    if (optimized_) return;
    optimized_ = true;
    step("backendopt", [&] {
        // Everything the backend will need exists before the transforms:
        // the allocators of the runtime's exceptions (their graphs are
        // optimized too, and the transforms read their classes).
        for (auto& [name, cls] : runtimeExceptions()) ctx->exceptions->allocatorOf(cls);
        // A framework GC is system code: specialized now, optimized with the rest.
        if (isFrameworkGC(options_.gc)) framework = transform::prepareFrameworkGC(*ctx, *rtyper, options_.gc);
        if (options_.optLevel <= 0) return;
        std::vector<ir::FunctionGraph*> graphs = rtyper->allGraphs();
        if (options_.optLevel >= 2) {
            transform::inlineCalls(*ctx, graphs, options_.optLevel >= 3 ? 100 : 32);
            verify("inlining");
            transform::removeMallocs(*ctx, graphs);
            verify("malloc removal");
        }
        transform::foldConstants(*ctx, graphs);
        if (options_.optLevel >= 2) {
            transform::removeRedundantChecks(graphs);
            verify("redundant checks");
        }
        transform::cleanupGraphs(graphs);
        verify("cleanup");
    });
}

void Driver::exceptions() {
    backendopt();
    if (transformed_) return;
    transformed_ = true;
    step("exceptions", [&] {
        if (framework) {
            // GC code must not raise: its fast paths are inlined where the
            // program expects no exception (a translator bug, not user error)
            std::vector<ir::FunctionGraph*> graphs = rtyper->allGraphs();
            auto raises = transform::raisingGraphs(*ctx, graphs, ctx->stackChecked);
            for (const ir::FunctionGraph* g : framework->gcGraphs)
                if (raises.count(g) && raises.at(g))
                    throw std::logic_error("the GC's function " + g->name + " can raise an exception (GC code must not)");
        }
        transform::transformExceptions(*ctx, rtyper->allGraphs());
        verify("exceptions");
    });
}

void Driver::gc() {
    exceptions();
    if (gced_) return;
    gced_ = true;
    step("gc", [&] {
        if (options_.gc == "refcount") {
            transform::transformRefcount(*ctx, rtyper->allGraphs());
            verify("gc");
        } else if (framework) {
            // what the runtime allocates itself: argv (a list of str), strings
            const LowLevelType* argvT = rtyper->signatureOf(entry).args.at(0)->ll;
            const auto* list = asType<Struct>(resolve(asType<Ptr>(argvT)->to()));
            std::vector<const LowLevelType*> extra{list, asType<Ptr>(resolve(list->fieldType("items")))->to(),
                                                   asType<Ptr>(rtyper->strType())->to(),
                                                   asType<Ptr>(rtyper->bytesType())->to()};
            transform::transformFramework(*ctx, rtyper->allGraphs(), *framework, extra);
            verify("gc");
        } else if (options_.gc != "boehm" && options_.gc != "none") {
            throw std::runtime_error("unknown GC '" + options_.gc + "' (" + gcNameList() + ")");
        }
    });
}

std::string Driver::source(const std::string& dir) {
    gc();
    std::vector<backend::c::Source> files;
    step("database+source", [&] {
        backend::c::Program p;
        p.ctx = ctx.get();
        p.entry = rtyper->functionPointer(entry);
        p.argvType = rtyper->signatureOf(entry).args.at(0)->ll;
        p.strType = rtyper->strType();
        for (auto& [name, cls] : runtimeExceptions())
            p.runtimeExceptions.push_back({name, ctx->exceptions->vtableOf(cls), ctx->exceptions->allocatorOf(cls)});
        if (framework) {
            p.gcState = framework->state;
            p.gcSetup = framework->setup;
            transform::FrameworkGC* fw = framework.get();
            p.gcMallocVarsizeNoCollect = framework->mallocVarsizeNoCollect;
            p.gcTypeId = [fw](const LowLevelType* t) {
                uint32_t id = fw->layout->idOf(t);
                if (!id) throw std::logic_error("the framework GC has no type id for " + t->shortName());
                return (int64_t)id;
            };
            p.gcImmortalHeader = [fw](const LowLevelType* t) {
                uint32_t id = fw->layout->idOf(t);
                if (!id) throw std::logic_error("the framework GC has no type id for " + t->shortName());
                return (int64_t)id | fw->prebuiltFlags;
            };
        }
        for (ir::FunctionGraph* g : extraGraphs) {
            std::vector<const LowLevelType*> args;
            for (const ir::Variable* v : g->startblock->inputargs)
                args.push_back(static_cast<const LowLevelType*>(v->concretetype));
            const auto* ret = static_cast<const LowLevelType*>(g->returnblock->inputargs[0]->concretetype);
            p.extraFunctions.push_back(ctx->functionPointer(g, types.makeFunc(args, ret)));
        }
        p.jit = jit;
        backend::c::Options o;
        o.gc = options_.gc;
        o.optLevel = options_.optLevel;
        files = backend::c::generateC(p, o, runtimeCDir());
        fs::create_directories(dir);
        for (const auto& f : files) {
            std::ofstream out(fs::path(dir) / f.name, std::ios::binary);
            out << f.contents;
            if (!out) throw std::runtime_error("cannot write " + (fs::path(dir) / f.name).string());
        }
    });
    return dir;
}

namespace {

/// `make TARGET` in `dir`; its warnings go to stderr.
void runMake(const std::string& dir, int jobs, const std::string& target) {
    std::string cmd = "make -s -C '" + dir + "' -j" + std::to_string(jobs) + " " + target + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("cannot run make");
    std::string log;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) log.append(buf, n);
    int rc = pclose(p);
    if (rc != 0) throw std::runtime_error("compiling the generated C failed (in " + dir + "):\n" + log);
    if (!log.empty()) std::fputs(log.c_str(), stderr); // warnings
}

/// `make TARGET` in `dir`, and the file it makes copied to `output`.
void makeAndCopy(const std::string& dir, int jobs, const std::string& target, const std::string& output) {
    runMake(dir, jobs, target);
    fs::path out(output);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    fs::remove(out); // (not overwritten in place: it may be running)
    fs::copy_file(fs::path(dir) / target, out);
}

} // namespace

void Driver::compile(const std::string& dir, const std::string& output) {
    step("compile", [&] { makeAndCopy(dir, options_.jobs, "program", output); });
}

void Driver::compileLibrary(const std::string& dir, const std::string& output) {
    step("compile", [&] { makeAndCopy(dir, options_.jobs, "program.a", output); });
}

std::string Driver::timingsTable() const {
    std::ostringstream out;
    double total = 0;
    for (auto& [n, s] : timings_) total += s;
    out << "step                  seconds      %\n";
    for (auto& [n, s] : timings_) {
        char line[96];
        std::snprintf(line, sizeof line, "%-20s %8.3f %6.1f\n", n.c_str(), s, total > 0 ? 100 * s / total : 0.0);
        out << line;
    }
    char line[96];
    std::snprintf(line, sizeof line, "%-20s %8.3f\n", "total", total);
    out << line;
    return out.str();
}

} // namespace futamura::driver
