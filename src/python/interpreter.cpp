//! Starting the embedded CPython, checking its bytecode version, importing targets.
#include "futamura/python/interpreter.h"

#include "futamura/python/error.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#ifndef FUTAMURA_RUNTIME_PYTHON
#error "FUTAMURA_RUNTIME_PYTHON must name the runtime/python folder"
#endif

namespace futamura::py {

namespace fs = std::filesystem;

// Magic number of the 3.11 bytecode (Lib/importlib/_bootstrap_external.py):
// the flow space decodes exactly this instruction set.
static constexpr long kMagic311 = 3495;

std::string Interpreter::runtimePath() {
    if (const char* env = std::getenv("FUTAMURA_RUNTIME_PYTHON"); env && *env) return env;
    return FUTAMURA_RUNTIME_PYTHON;
}

Interpreter::Interpreter() {
    static_assert(PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION == 11,
                  "Futamura reads CPython 3.11 bytecode: build against Python 3.11");
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    config.write_bytecode = 0; // never leave __pycache__ folders in users' trees
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        throw std::runtime_error(std::string("cannot start the embedded Python: ") +
                                 (status.err_msg ? status.err_msg : "unknown error"));

    if (Py_Version >> 16 != 0x030b)
        throw std::runtime_error("the embedded Python is " + std::to_string(Py_Version >> 24) +
                                 "." + std::to_string((Py_Version >> 16) & 0xff) +
                                 "; Futamura reads only CPython 3.11 bytecode");
    PyRef util = importModule("importlib.util");
    PyRef magic = getAttr(util.get(), "MAGIC_NUMBER");
    const unsigned char* m = (const unsigned char*)PyBytes_AsString(magic.get());
    long number = m ? (m[0] | (m[1] << 8)) : -1;
    if (number != kMagic311)
        throw std::runtime_error("the embedded Python's bytecode magic number is " +
                                 std::to_string(number) + ", expected " +
                                 std::to_string(kMagic311) + " (CPython 3.11)");

    PyObject* path = PySys_GetObject("path"); // borrowed
    PyRef runtime = fromString(runtimePath());
    if (!path || PyList_Insert(path, 0, runtime.get()) < 0) throwPythonError();
}

Interpreter::~Interpreter() { Py_FinalizeEx(); }

PyRef Interpreter::importFile(const std::string& pathName) {
    fs::path file = fs::absolute(pathName);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw std::runtime_error(pathName + ": no such file");
    if (file.extension() != ".py")
        throw std::runtime_error(pathName + ": expected a Python file ending in .py");
    std::string stem = file.stem().string();
    PyRef name = fromString(stem);
    if (!PyUnicode_IsIdentifier(name.get()))
        throw std::runtime_error(pathName + ": '" + stem +
                                 "' is not a valid module name; rename the file");
    PyObject* path = PySys_GetObject("path");
    PyRef dir = fromString(file.parent_path().string());
    if (!path || PyList_Insert(path, 0, dir.get()) < 0) throwPythonError();
    PyRef module = PyRef::steal(check(PyImport_Import(name.get())));
    // A module of the same name may have been imported from elsewhere (e.g. the
    // standard library): refuse rather than translate the wrong file.
    PyRef loaded = getAttrOrNull(module.get(), "__file__");
    if (!loaded || loaded.get() == Py_None || fs::absolute(asString(loaded.get())) != file)
        throw std::runtime_error(pathName + ": importing '" + stem +
                                 "' found another module of that name" +
                                 (loaded && loaded.get() != Py_None
                                      ? " (" + asString(loaded.get()) + ")"
                                      : std::string()) +
                                 "; rename the file");
    return module;
}

std::string asString(PyObject* obj) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(obj, &size);
    if (!utf8) throwPythonError();
    return std::string(utf8, size);
}

std::string str(PyObject* obj) {
    PyRef s = PyRef::steal(check(PyObject_Str(obj)));
    return asString(s.get());
}

std::string repr(PyObject* obj) {
    PyRef s = PyRef::steal(check(PyObject_Repr(obj)));
    return asString(s.get());
}

std::string typeName(PyObject* obj) { return Py_TYPE(obj)->tp_name; }

PyRef getAttr(PyObject* obj, const char* name) {
    return PyRef::steal(check(PyObject_GetAttrString(obj, name)));
}

PyRef getAttrOrNull(PyObject* obj, const char* name) {
    PyObject* result = PyObject_GetAttrString(obj, name);
    if (!result) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) throwPythonError();
        PyErr_Clear();
    }
    return PyRef::steal(result);
}

PyRef importModule(const char* name) { return PyRef::steal(check(PyImport_ImportModule(name))); }

PyRef fromString(std::string_view s) {
    return PyRef::steal(check(PyUnicode_FromStringAndSize(s.data(), (Py_ssize_t)s.size())));
}

PyRef fromLong(long long v) { return PyRef::steal(check(PyLong_FromLongLong(v))); }

long long asLong(PyObject* obj) {
    long long v = PyLong_AsLongLong(obj);
    if (v == -1 && PyErr_Occurred()) throwPythonError();
    return v;
}

} // namespace futamura::py
