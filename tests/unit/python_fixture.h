//! What every unit test of the translator needs: the embedded interpreter,
//! started once per test program by a GoogleTest environment, and a way to
//! define a module from source text.
#pragma once

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace futamura::test {

/// Starts CPython before the first test and stops it after the last. Register
/// it once per test program: `FUTAMURA_PYTHON_ENVIRONMENT();` in one file.
class PythonEnvironment : public ::testing::Environment {
public:
    void SetUp() override { instance() = std::make_unique<py::Interpreter>(); }
    void TearDown() override { instance().reset(); }
    static std::unique_ptr<py::Interpreter>& instance() {
        static std::unique_ptr<py::Interpreter> interpreter;
        return interpreter;
    }
};

inline py::Interpreter& interpreter() { return *PythonEnvironment::instance(); }

/// Defines `source` as a fresh module named `name` (file `name.py`).
inline py::PyRef defineModule(const std::string& source, const std::string& name) {
    py::PyRef code = py::PyRef::steal(
        py::check(Py_CompileString(source.c_str(), (name + ".py").c_str(), Py_file_input)));
    return py::PyRef::steal(py::check(PyImport_ExecCodeModule(name.c_str(), code.get())));
}

} // namespace futamura::test

#define FUTAMURA_PYTHON_ENVIRONMENT()                                                          \
    [[maybe_unused]] static const auto* futamuraPythonEnvironment =                            \
        ::testing::AddGlobalTestEnvironment(new ::futamura::test::PythonEnvironment)
