//! The `futamura` command line: what the verbs share.
//!
//! One file per verb (flow.cpp, annotate.cpp); main.cpp dispatches and turns
//! every error into `file:line: message` with exit code 2.
#pragma once

#include "futamura/driver/driver.h"
#include "futamura/python/ref.h"

#include <boost/program_options.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace futamura::cli {

namespace po = boost::program_options;

constexpr int kExitUserError = 2;

/// A mistake on the command line (not in the program).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Parses a verb's options; the positional arguments land in vm["args"].
po::variables_map parseVerbOptions(const po::options_description& opts,
                                   const std::vector<std::string>& args);

/// The entry point of a target: `entry_point(argv)`, or what `target()` returns.
py::PyRef entryPoint(PyObject* module, const std::string& file);

/// Translates `target` into the executable `output` (translate.cpp).
void translateTo(const std::string& target, const std::string& output, driver::Options o,
                 const std::string& keepC, bool timings);

int runFlow(const std::vector<std::string>& args);
int runAnnotate(const std::vector<std::string>& args);
int runRtype(const std::vector<std::string>& args);
int runRun(const std::vector<std::string>& args);
int runTranslate(const std::vector<std::string>& args);
int runHint(const std::vector<std::string>& args);

} // namespace futamura::cli
