//! pylltype: converts the Python lltype types to the C++ ones.
//!
//! System code written in Python declares its types with the emulation in
//! runtime/python/futamura/rtyper/lltype.py; the translator needs them as C++
//! LowLevelTypes. Each Python type is read through the attributes the
//! emulation defines (`_name`, `_names`, `_flds`, `_hints`, `OF`, `TO`, ...)
//! and rebuilt with the TypeFactory. A container is entered in the memo before
//! its children are converted: a child that refers back to it (necessarily
//! through a Ptr) gets a C++ ForwardReference, which becomes the container once
//! it is built, exactly as recursive types are built in C++.
#include "futamura/rtyper/pylltype.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <stdexcept>
#include <string>

namespace futamura::rtyper {

namespace {

[[noreturn]] void refuse(const std::string& why, PyObject* obj) {
    throw std::invalid_argument(why + ": " + py::repr(obj));
}

bool isGcType(PyObject* pyType) {
    return py::asString(py::getAttr(pyType, "_gckind").get()) == "gc";
}

/// Python's `len(seq)` and `seq[i]`, throwing on failure.
Py_ssize_t sequenceSize(PyObject* seq) {
    Py_ssize_t n = PySequence_Size(seq);
    if (n < 0) py::throwPythonError();
    return n;
}

py::PyRef sequenceItem(PyObject* seq, Py_ssize_t i) {
    return py::PyRef::steal(py::check(PySequence_GetItem(seq, i)));
}

} // namespace

void PyTypeBridge::loadModule() {
    if (!module_) module_ = py::importModule("futamura.rtyper.lltype");
}

bool PyTypeBridge::isInstance(PyObject* obj, const char* className) {
    py::PyRef cls = py::getAttr(module_.get(), className);
    int result = PyObject_IsInstance(obj, cls.get());
    if (result < 0) py::throwPythonError();
    return result == 1;
}

bool PyTypeBridge::isLowLevelType(PyObject* obj) {
    loadModule();
    return isInstance(obj, "LowLevelType");
}

const LowLevelType* PyTypeBridge::toLowLevel(PyObject* pyType) {
    loadModule();
    journal_.clear();
    try {
        const LowLevelType* type = convert(pyType);
        journal_.clear();
        return type;
    } catch (...) {
        // Drop what this failed conversion memoized: it may refer to forward
        // references that will never be resolved.
        for (PyObject* key : journal_)
            memo_.erase(key);
        journal_.clear();
        throw;
    }
}

Hints PyTypeBridge::convertHints(PyObject* pyType) {
    Hints hints;
    py::PyRef dict = py::getAttr(pyType, "_hints");
    PyObject* key;
    PyObject* value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict.get(), &pos, &key, &value)) {
        // As the emulation prints them: True, "" and None are flags.
        int isTrue = PyObject_RichCompareBool(value, Py_True, Py_EQ);
        if (isTrue < 0) py::throwPythonError();
        bool flag = isTrue || value == Py_None ||
                    (PyUnicode_Check(value) && PyUnicode_GetLength(value) == 0);
        hints[py::asString(key)] = flag ? std::string() : py::str(value);
    }
    return hints;
}

const LowLevelType* PyTypeBridge::convert(PyObject* pyType) {
    if (auto it = memo_.find(pyType); it != memo_.end()) {
        Entry& entry = it->second;
        if (entry.type) return entry.type;
        // A reference back to a container being converted: a recursive type.
        if (!entry.pending)
            entry.pending = isGcType(pyType) ? factory_.makeGcForwardReference()
                                             : factory_.makeForwardReference();
        return entry.pending;
    }
    if (!isInstance(pyType, "LowLevelType")) refuse("not a low-level type", pyType);

    const LowLevelType* type = nullptr;
    if (isInstance(pyType, "ForwardReference")) {
        // Not memoized itself: its target may still be under conversion.
        py::PyRef target = py::getAttr(pyType, "_target");
        if (target.get() == Py_None)
            refuse("the forward reference has not become a real type yet", pyType);
        return convert(target.get());
    } else if (isInstance(pyType, "Primitive")) {
        // by name: the singletons of lltype.py, and Address of llmemory.py
        std::string pyName = py::asString(py::getAttr(pyType, "_name").get());
        for (const Primitive* primitive : allPrimitives())
            if (primitive->name() == pyName) type = primitive;
        if (!type) refuse("an unknown primitive type", pyType);
    } else if (isInstance(pyType, "Ptr")) {
        // Not entered before its target: a cycle always passes through the
        // container, which hands out the forward reference.
        py::PyRef to = py::getAttr(pyType, "TO");
        type = factory_.makePtr(convert(to.get()));
    } else if (isInstance(pyType, "OpaqueType")) {
        std::string tag = py::asString(py::getAttr(pyType, "tag").get());
        type = isGcType(pyType) ? factory_.makeGcOpaque(tag) : factory_.makeOpaque(tag);
    } else {
        return convertContainer(pyType);
    }
    memo_.insert_or_assign(pyType, Entry{py::PyRef::borrow(pyType), type, nullptr});
    journal_.push_back(pyType);
    return type;
}

const LowLevelType* PyTypeBridge::convertContainer(PyObject* pyType) {
    memo_.emplace(pyType, Entry{py::PyRef::borrow(pyType), nullptr, nullptr});
    journal_.push_back(pyType);

    const LowLevelType* type = nullptr;
    if (isInstance(pyType, "Struct")) {
        std::string name = py::asString(py::getAttr(pyType, "_name").get());
        py::PyRef names = py::getAttr(pyType, "_names");
        py::PyRef flds = py::getAttr(pyType, "_flds");
        std::vector<Field> fields;
        for (Py_ssize_t i = 0, n = sequenceSize(names.get()); i < n; ++i) {
            py::PyRef fieldName = sequenceItem(names.get(), i);
            py::PyRef fieldType =
                py::PyRef::steal(py::check(PyObject_GetItem(flds.get(), fieldName.get())));
            fields.push_back({py::asString(fieldName.get()), convert(fieldType.get())});
        }
        Hints hints = convertHints(pyType);
        type = isGcType(pyType)
                   ? factory_.makeGcStruct(std::move(name), std::move(fields), std::move(hints))
                   : factory_.makeStruct(std::move(name), std::move(fields), std::move(hints));
    } else if (isInstance(pyType, "Array")) {
        const LowLevelType* item = convert(py::getAttr(pyType, "OF").get());
        Hints hints = convertHints(pyType);
        type = isGcType(pyType) ? factory_.makeGcArray(item, std::move(hints))
                                : factory_.makeArray(item, std::move(hints));
    } else if (isInstance(pyType, "FixedSizeArray")) {
        const LowLevelType* item = convert(py::getAttr(pyType, "OF").get());
        long long length = py::asLong(py::getAttr(pyType, "length").get());
        type = factory_.makeFixedSizeArray(item, size_t(length));
    } else if (isInstance(pyType, "FuncType")) {
        py::PyRef pyArgs = py::getAttr(pyType, "ARGS");
        std::vector<const LowLevelType*> args;
        for (Py_ssize_t i = 0, n = sequenceSize(pyArgs.get()); i < n; ++i)
            args.push_back(convert(sequenceItem(pyArgs.get(), i).get()));
        const LowLevelType* result = convert(py::getAttr(pyType, "RESULT").get());
        type = factory_.makeFunc(std::move(args), result);
    } else {
        refuse("an unknown kind of low-level type", pyType);
    }

    // Look the entry up again: converting the children may have rehashed.
    Entry& entry = memo_.at(pyType);
    if (entry.pending) entry.pending->become(type);
    entry.type = type;
    return type;
}

} // namespace futamura::rtyper
