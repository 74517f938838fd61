//! The `futamura` command line.
//!
//!   futamura flow FILE.py [FUNC ...] [--dot OUT.dot | --svg OUT.svg] [--stats] [--raw]
//!   futamura annotate TARGET.py [--show FUNC ...] [--dot OUT.dot | --svg OUT.svg] [--stats]
//!
//! Each verb (one file each) runs the pipeline up to its stage on a target
//! file and prints the result. Any error in the user's program is reported as
//! `file:line: message` on stderr with exit code 2; the translator never
//! aborts on user input.
#include "cli.h"
#include "futamura/jitgen/hintannotator.h"
#include "futamura/rtyper/rtyper.h"

#include "futamura/annotator/annotator.h"
#include "futamura/flowspace/flowspace.h"
#include "futamura/python/error.h"

#include <iostream>

using namespace futamura;
using namespace futamura::cli;

namespace futamura::cli {

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

} // namespace futamura::cli

namespace {

const char* kTopHelp =
    "usage: futamura VERB [OPTIONS] ...\n"
    "\n"
    "The RPython toolchain: translate an interpreter written in RPython.\n"
    "\n"
    "verbs:\n"
    "  flow FILE.py [FUNC ...]   build and print the flow graphs of a program's functions\n"
    "  annotate TARGET.py        infer the types of a program from its entry point\n"
    "  rtype TARGET.py           print the low-level graphs of a program\n"
    "  translate TARGET.py       translate a program into a standalone executable\n"
    "  run TARGET.py -- ARGS     translate a program and run it (--backend=llinterp|c)\n"
    "  hint TARGET.py            the JIT generator's binding-time analysis of an interpreter\n"
    "\n"
    "Run 'futamura VERB --help' for the options of a verb.\n"
    "Errors in the program are reported as 'file:line: message' with exit code 2.\n";

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
        if (verb == "rtype") return runRtype(args);
        if (verb == "run") return runRun(args);
        if (verb == "translate") return runTranslate(args);
        if (verb == "hint") return runHint(args);
        throw UsageError("unknown verb '" + verb + "' (see 'futamura --help')");
    } catch (const flow::FlowingError& e) {
        std::cerr << e.what() << "\n";
    } catch (const annotator::AnnotatorError& e) {
        std::cerr << e.what() << "\n";
    } catch (const jitgen::HintError& e) {
        std::cerr << e.what() << "\n";
    } catch (const rtyper::RTyperError& e) {
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
