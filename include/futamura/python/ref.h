//! Owning references to Python objects.
//!
//! PyRef holds one strong reference and releases it on destruction, so a
//! PyObject* obtained from the C API is wrapped at once and never leaks or is
//! decref'd twice. Construction says whether the reference is stolen (a "new
//! reference" returned by the API) or borrowed (incref'd here).
#pragma once

#include <Python.h>

#include <utility>

namespace futamura::py {

class PyRef {
public:
    PyRef() = default;
    /// Takes ownership of a new reference (may be null).
    static PyRef steal(PyObject* obj) { return PyRef(obj); }
    /// Adds a reference to a borrowed pointer (may be null).
    static PyRef borrow(PyObject* obj) {
        Py_XINCREF(obj);
        return PyRef(obj);
    }

    PyRef(const PyRef& other) : obj_(other.obj_) { Py_XINCREF(obj_); }
    PyRef(PyRef&& other) noexcept : obj_(std::exchange(other.obj_, nullptr)) {}
    PyRef& operator=(PyRef other) noexcept {
        std::swap(obj_, other.obj_);
        return *this;
    }
    ~PyRef() { Py_XDECREF(obj_); }

    PyObject* get() const { return obj_; }
    /// Gives up ownership: the caller now owns the reference.
    PyObject* release() { return std::exchange(obj_, nullptr); }
    explicit operator bool() const { return obj_ != nullptr; }
    bool operator==(const PyRef& other) const { return obj_ == other.obj_; }

private:
    explicit PyRef(PyObject* obj) : obj_(obj) {}
    PyObject* obj_ = nullptr;
};

} // namespace futamura::py
