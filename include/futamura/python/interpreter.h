//! The embedded CPython 3.11 interpreter.
//!
//! Target programs are imported, not parsed: module-level code runs in full
//! Python and the translator then reads the resulting function objects (section
//! 3.1 of the paper, footnote 3). Interpreter starts and stops the embedded
//! CPython, checks that its bytecode is the 3.11 bytecode this translator
//! understands, and puts the `futamura` runtime package on `sys.path`.
#pragma once

#include "futamura/python/ref.h"

#include <string>
#include <string_view>

namespace futamura::py {

class Interpreter {
public:
    /// Starts CPython. Throws std::runtime_error if the embedded interpreter is
    /// not CPython 3.11 (its bytecode is the only one the flow space reads).
    Interpreter();
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Imports the Python file at `path` as a module: its folder goes first on
    /// sys.path and the module is imported under its file stem.
    PyRef importFile(const std::string& path);

    /// The folder holding the `futamura` package (runtime/python).
    static std::string runtimePath();
};

// Small conveniences over the C API; all throw PythonError on failure.
std::string str(PyObject* obj);
std::string repr(PyObject* obj);
std::string typeName(PyObject* obj);
PyRef getAttr(PyObject* obj, const char* name);
PyRef getAttrOrNull(PyObject* obj, const char* name); // clears AttributeError
PyRef importModule(const char* name);
PyRef fromString(std::string_view s);
PyRef fromLong(long long v);
long long asLong(PyObject* obj);
std::string asString(PyObject* obj); // str -> utf-8

} // namespace futamura::py
