//! Conversion of pending Python exceptions into C++ PythonError values.
#include "futamura/python/error.h"

#include "futamura/python/interpreter.h"
#include "futamura/python/ref.h"

namespace futamura::py {

PythonError::PythonError(std::string typeName, std::string message, std::string traceback,
                         std::string file, int line)
    : std::runtime_error(typeName + ": " + message), typeName_(std::move(typeName)),
      message_(std::move(message)), traceback_(std::move(traceback)), file_(std::move(file)),
      line_(line) {}

namespace {

// Formats without throwing: used while an exception is being converted.
std::string safeStr(PyObject* obj) {
    if (!obj) return "";
    PyRef s = PyRef::steal(PyObject_Str(obj));
    if (!s) {
        PyErr_Clear();
        return "<unprintable>";
    }
    const char* utf8 = PyUnicode_AsUTF8(s.get());
    if (!utf8) {
        PyErr_Clear();
        return "<unprintable>";
    }
    return utf8;
}

} // namespace

void throwPythonError() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) throw PythonError("SystemError", "error return without an exception set", "", "", 0);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value) PyException_SetTraceback(value, tb);
    PyRef rtype = PyRef::steal(type), rvalue = PyRef::steal(value), rtb = PyRef::steal(tb);

    std::string name = ((PyTypeObject*)rtype.get())->tp_name;
    std::string message = safeStr(rvalue.get());
    std::string file;
    int line = 0;
    std::string formatted;

    // The innermost frame of the traceback, or a SyntaxError's own position.
    if (rvalue && PyErr_GivenExceptionMatches(rtype.get(), PyExc_SyntaxError)) {
        PyRef f = PyRef::steal(PyObject_GetAttrString(rvalue.get(), "filename"));
        PyRef l = PyRef::steal(PyObject_GetAttrString(rvalue.get(), "lineno"));
        PyRef m = PyRef::steal(PyObject_GetAttrString(rvalue.get(), "msg"));
        PyErr_Clear();
        if (f && f.get() != Py_None) file = safeStr(f.get());
        if (l && PyLong_Check(l.get())) line = (int)PyLong_AsLong(l.get());
        if (m && m.get() != Py_None) message = safeStr(m.get());
    }
    // (an error raised inside futamura.rlib — a JitDriver used wrongly — is
    // the caller's: the innermost frame outside the library, if any)
    std::string innerFile, userFile;
    int innerLine = 0, userLine = 0;
    for (PyTracebackObject* t = (PyTracebackObject*)rtb.get(); t; t = t->tb_next) {
        PyCodeObject* code = PyFrame_GetCode(t->tb_frame);
        std::string f = safeStr(code->co_filename);
        Py_DECREF(code);
        innerFile = f;
        innerLine = t->tb_lineno;
        if (f.find("/futamura/rlib/") == std::string::npos) {
            userFile = f;
            userLine = t->tb_lineno;
        }
    }
    if (file.empty()) {
        bool library = innerFile.find("/futamura/rlib/") != std::string::npos && !userFile.empty();
        file = library ? userFile : innerFile;
        line = library ? userLine : innerLine;
    }
    PyRef tbmod = PyRef::steal(PyImport_ImportModule("traceback"));
    if (tbmod) {
        PyRef lines = PyRef::steal(PyObject_CallMethod(tbmod.get(), "format_exception", "OOO",
                                                       rtype.get(),
                                                       rvalue ? rvalue.get() : Py_None,
                                                       rtb ? rtb.get() : Py_None));
        if (lines) {
            PyRef empty = PyRef::steal(PyUnicode_FromString(""));
            PyRef joined = PyRef::steal(PyUnicode_Join(empty.get(), lines.get()));
            if (joined) formatted = safeStr(joined.get());
        }
    }
    PyErr_Clear();
    throw PythonError(std::move(name), std::move(message), std::move(formatted), std::move(file),
                      line);
}

} // namespace futamura::py
