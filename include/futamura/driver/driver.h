//! The translation driver: the steps of the paper's table 2 as a straight
//! list, each a method, each timed:
//!
//!   annotate      flow graphs and types from the entry point
//!   rtype         low-level graphs, system helpers, prebuilt data
//!   backendopt    optimizations of ll graphs (-O1 and up)
//!   exceptions    the exception transform
//!   gc            the GC transform (none needed for boehm and none)
//!   database      the C backend's walk of graphs and prebuilt data
//!   source        the C files and Makefile
//!   compile       make -jN
//!
//! Every step that changes graphs runs the low-level verifier after itself.
#pragma once

#include "futamura/annotator/annotator.h"
#include "futamura/backend/c/genc.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/transform/gctransform.h"
#include "futamura/llinterp/llinterp.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/rtyper.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace futamura::driver {

/// The GC options, and the list of them for messages ("boehm, refcount, ...").
inline const std::vector<std::string> kGcNames = {"boehm", "refcount", "marksweep", "generational", "none"};
std::string gcNameList();
/// marksweep and generational: GCs written in low-level Python, translated with the program.
bool isFrameworkGC(const std::string& gc);

struct Options {
    std::string gc = "generational"; // one of kGcNames (the fastest overall: benchmarks/results)
    int optLevel = 2;         // 0..3: backend optimizations and the C compiler's -O
    bool timings = false;     // print the table of seconds per step
    bool progress = true;     // a progress line on long steps (stderr, on a terminal)
    int jobs = 2;             // make -jN
};

class Driver {
public:
    Driver(const std::string& target, Options options);
    ~Driver();

    // The steps, in order; each runs the ones before it if needed.
    void annotate();
    void rtype();
    void backendopt();
    void exceptions();
    void gc();
    /// Writes the C sources into `dir` (created) and returns it.
    std::string source(const std::string& dir);
    /// Compiles the sources in `dir` and copies the executable to `output`.
    void compile(const std::string& dir, const std::string& output);
    /// Compiles the sources in `dir` into a static library (the program
    /// and a generating extension, for the JIT runtime to be linked with)
    /// and copies it to `output`.
    void compileLibrary(const std::string& dir, const std::string& output);
    /// Graphs to translate beside the program's (source() makes them roots).
    std::vector<ir::FunctionGraph*> extraGraphs;
    /// A generating extension's tables (jit.c), when one is translated.
    std::optional<backend::c::Program::JitModule> jit;

    /// The table of seconds per step, for --timings.
    std::string timingsTable() const;
    const std::vector<std::pair<std::string, double>>& timings() const { return timings_; }

    // What the steps produce.
    py::Interpreter interpreter;
    ir::Arena arena;
    flow::FlowSpace space{arena};
    rtyper::TypeFactory types;
    std::unique_ptr<annotator::RPythonAnnotator> ann;
    std::unique_ptr<rtyper::LLContext> ctx;
    std::unique_ptr<llinterp::LLInterpreter> evaluator; // runs helpers at translation time
    std::unique_ptr<rtyper::RTyper> rtyper;
    ir::FunctionGraph* entry = nullptr;
    std::unique_ptr<transform::FrameworkGC> framework; // --gc=marksweep|generational

private:
    void step(const std::string& name, const std::function<void()>& body);
    void verify(const char* after);

    std::string target_;
    Options options_;
    std::vector<std::pair<std::string, double>> timings_;
    bool annotated_ = false, rtyped_ = false, optimized_ = false, transformed_ = false, gced_ = false;
};

/// The entry point of a target: `entry_point(argv)`, or what `target()` returns.
py::PyRef entryPoint(PyObject* module, const std::string& file);

/// The folder of runtime/c (FUTAMURA_RUNTIME_C, or the source tree's).
std::string runtimeCDir();

} // namespace futamura::driver
