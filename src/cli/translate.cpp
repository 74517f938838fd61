//! `futamura translate TARGET.py`: a standalone native executable, through
//! the driver's steps (annotate ... compile).
#include "cli.h"

#include "futamura/driver/driver.h"
#include "futamura/jitgen/timeshifter.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace futamura::cli {

namespace fs = std::filesystem;

namespace {

/// Reads -O0..-O3, --gc, --timings and --keep-c into `o`.
void addTranslateOptions(po::options_description& opts, driver::Options& o, std::string& keepC) {
    opts.add_options()
        ("gc", po::value(&o.gc)->value_name("NAME"), "the garbage collector: generational (default), boehm, refcount, marksweep or none")
        ("opt,O", po::value(&o.optLevel)->value_name("N"), "optimization level 0..3 (default 2)")
        ("timings", "print the seconds spent in each step")
        ("keep-c", po::value(&keepC)->value_name("DIR"), "keep the generated C sources in DIR");
}

void checkOptions(const driver::Options& o) {
    if (std::find(driver::kGcNames.begin(), driver::kGcNames.end(), o.gc) == driver::kGcNames.end())
        throw UsageError("unknown GC '" + o.gc + "' (" + driver::gcNameList() + ")");
    if (o.optLevel < 0 || o.optLevel > 3) throw UsageError("-O takes 0, 1, 2 or 3");
}

/// A fresh folder for generated C when --keep-c is not given.
std::string tempDir() {
    std::string base = (fs::temp_directory_path() / "futamura-XXXXXX").string();
    std::vector<char> buf(base.begin(), base.end());
    buf.push_back(0);
    if (!mkdtemp(buf.data())) throw std::runtime_error("cannot create a temporary folder");
    return buf.data();
}

} // namespace

/// Translates `target` into the executable `output`; the C sources go to
/// `keepC` (kept) or a temporary folder (removed).
void translateTo(const std::string& target, const std::string& output, driver::Options o,
                 const std::string& keepC, bool timings) {
    o.jobs = (int)std::max(2u, std::thread::hardware_concurrency());
    driver::Driver d(target, o);
    std::string dir = keepC.empty() ? tempDir() : keepC;
    try {
        d.source(dir);
        d.compile(dir, output);
    } catch (...) {
        if (keepC.empty()) fs::remove_all(dir);
        throw;
    }
    if (keepC.empty()) fs::remove_all(dir);
    if (timings) std::cerr << d.timingsTable();
}

/// The C definitions of the functions named `name` (or `name_N`) in the
/// generated files of `dir`.
std::string cFunctions(const std::string& dir, const std::string& name) {
    std::string out;
    std::vector<fs::path> files;
    for (auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("funcs_", 0) == 0) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (auto& f : files) {
        std::ifstream in(f);
        std::string line;
        bool inside = false;
        while (std::getline(in, line)) {
            if (!inside) {
                size_t paren = line.find('(');
                if (paren == std::string::npos || line.empty() || line[0] == ' ' || line.back() != '{') continue;
                size_t start = line.rfind(' ', paren);
                std::string fn = line.substr(start == std::string::npos ? 0 : start + 1, paren - (start + 1));
                while (!fn.empty() && fn[0] == '*') fn.erase(0, 1);
                bool match = fn == name || (fn.rfind(name + "_", 0) == 0 &&
                                            fn.find_first_not_of("0123456789", name.size() + 1) == std::string::npos);
                if (!match) continue;
                inside = true;
            }
            out += line + "\n";
            if (line == "}") {
                inside = false;
                out += "\n";
            }
        }
    }
    return out;
}

int runTranslate(const std::vector<std::string>& args) {
    po::options_description opts("options of 'futamura translate'");
    driver::Options o;
    std::string output, keepC;
    std::vector<std::string> showC;
    opts.add_options()
        ("help,h", "show this help")
        ("output,o", po::value(&output)->value_name("OUT"), "the executable (default: TARGET without .py)")
        ("show-c", po::value(&showC)->value_name("FUNC")->composing(),
         "print the generated C of FUNC instead of compiling (repeatable)")
        ("genext", "translate the portal's generating extension (the JIT generator's output) and its "
                   "tables with the program into a static library OUT (default TARGET_genext.a) for the "
                   "JIT runtime to be linked with (--gc=boehm or none)");
    addTranslateOptions(opts, o, keepC);
    po::variables_map vm = parseVerbOptions(opts, args);
    if (vm.count("help")) {
        std::cout << "usage: futamura translate TARGET.py [-o OUT] [--gc=generational|boehm|refcount|marksweep|none] [-O0..-O3] [--timings] "
                     "[--keep-c DIR]\n\n"
                     "Translates TARGET.py into a standalone executable: annotation, rtyping,\n"
                     "backend optimizations, the exception transform, the GC, C sources and\n"
                     "their compilation (CC and CFLAGS from the environment apply).\n\n"
                  << opts;
        return 0;
    }
    checkOptions(o);
    std::vector<std::string> names =
        vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (names.size() != 1) throw UsageError("translate: expected exactly one TARGET.py");
    if (vm.count("genext")) {
        if (o.gc != "boehm" && o.gc != "none")
            throw UsageError("translate --genext: --gc=boehm or --gc=none (the GC transforms do not see the "
                             "generating extension yet)");
        o.progress = false;
        o.jobs = (int)std::max(2u, std::thread::hardware_concurrency());
        driver::Driver d(names[0], o);
        d.exceptions();
        jitgen::JitGenerator jit(*d.ctx, d.rtyper->allGraphs());
        ir::FunctionGraph* genext = jit.genext;
        d.extraGraphs.push_back(genext);
        const jitgen::GenextTables& t = jit.shifter.tables();
        backend::c::Program::JitModule m;
        std::vector<const rtyper::LowLevelType*> genextArgs;
        for (const ir::Variable* v : genext->startblock->inputargs)
            genextArgs.push_back(static_cast<const rtyper::LowLevelType*>(v->concretetype));
        m.genext = d.ctx->functionPointer(genext, d.ctx->types.makeFunc(genextArgs, rtyper::Void));
        m.portal = t.fallback;
        m.types = t.types;
        for (const auto& f : t.fields) m.fields.push_back({f.ptrType, f.name});
        m.functions = t.functions;
        m.argTypes = t.argTypes;
        m.greenArg = t.greenArg;
        m.resultType = t.resultType;
        m.mergeOrder = t.mergeOrder;
        m.fallbackTypes = t.fallbackTypes;
        d.jit = std::move(m);
        if (output.empty()) output = fs::path(names[0]).stem().string() + "_genext.a";
        std::string dir = keepC.empty() ? tempDir() : keepC;
        try {
            d.source(dir);
            for (const std::string& f : showC) std::cout << cFunctions(dir, f);
            d.compileLibrary(dir, output);
        } catch (...) {
            if (keepC.empty()) fs::remove_all(dir);
            throw;
        }
        size_t ops = 0, blocks = 0;
        for (const ir::Block* b : genext->blocks()) {
            ++blocks;
            ops += b->operations.size();
        }
        std::cout << "translate: the generating extension " << genext->name << " (" << blocks << " blocks, " << ops
                  << " operations) compiled to C with the program" << (keepC.empty() ? "" : " in " + keepC)
                  << ", with its tables (jit.c): " << output
                  << "; it calls the JIT runtime's ext_ts_* functions (runtime/c/futamura_jit.h)\n";
        if (keepC.empty()) fs::remove_all(dir);
        if (vm.count("timings")) std::cerr << d.timingsTable();
        return 0;
    }
    if (!showC.empty()) {
        o.progress = false;
        driver::Driver d(names[0], o);
        std::string dir = keepC.empty() ? tempDir() : keepC;
        d.source(dir);
        for (const std::string& f : showC) {
            std::string text = cFunctions(dir, f);
            if (text.empty()) throw UsageError("translate: no C function named '" + f + "'");
            std::cout << text;
        }
        if (keepC.empty()) fs::remove_all(dir);
        return 0;
    }
    if (output.empty()) output = fs::path(names[0]).stem().string();
    translateTo(names[0], output, o, keepC, vm.count("timings") != 0);
    return 0;
}

} // namespace futamura::cli
