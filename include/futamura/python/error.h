//! Python exceptions as C++ errors.
//!
//! Whenever a C API call fails, `throwPythonError()` fetches the pending Python
//! exception and throws a PythonError carrying its type name, its message and
//! the formatted Python traceback, so that a failure while importing a target
//! program reads as it would on CPython.
#pragma once

#include <Python.h>

#include <stdexcept>
#include <string>

namespace futamura::py {

class PythonError : public std::runtime_error {
public:
    PythonError(std::string typeName, std::string message, std::string traceback,
                std::string file, int line);
    const std::string& typeName() const { return typeName_; }
    const std::string& message() const { return message_; }
    /// The formatted Python traceback ("Traceback (most recent call last): ...").
    const std::string& traceback() const { return traceback_; }
    /// Innermost frame of the traceback (or the SyntaxError's position); empty if unknown.
    const std::string& file() const { return file_; }
    int line() const { return line_; }

private:
    std::string typeName_, message_, traceback_, file_;
    int line_;
};

/// Fetches the pending Python exception, clears it, and throws it as a PythonError.
[[noreturn]] void throwPythonError();

/// Returns `obj` if non-null, else throws the pending Python exception.
inline PyObject* check(PyObject* obj) {
    if (!obj) throwPythonError();
    return obj;
}

} // namespace futamura::py
