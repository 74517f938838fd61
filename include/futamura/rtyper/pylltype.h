//! pylltype: the Python lltype types (runtime/python/futamura/rtyper/lltype.py)
//! converted to the C++ types of lltype.h.
//!
//! System code written in Python (ll_append, the dict implementation, the GCs)
//! declares its structs, arrays and pointers with the Python emulation of
//! lltype, so that it runs on plain CPython; the translator needs those same
//! types as C++ LowLevelTypes to type and generate the code. PyTypeBridge
//! reads the Python type objects and builds them through a TypeFactory.
//! Conversions are memoized by the identity of the Python object (which is
//! kept alive), and the factory interns the results, so structurally equal
//! Python types give the same C++ type. Recursive types built in Python with
//! ForwardReference.become() are rebuilt with a C++ ForwardReference.
#pragma once

#include "futamura/python/ref.h"
#include "futamura/rtyper/lltype.h"

#include <Python.h>

#include <unordered_map>
#include <vector>

namespace futamura::rtyper {

/// Converts Python lltype types to C++ ones. Needs the embedded interpreter
/// (and the GIL) for its whole lifetime, destruction included.
class PyTypeBridge {
public:
    explicit PyTypeBridge(TypeFactory& factory) : factory_(factory) {}
    PyTypeBridge(const PyTypeBridge&) = delete;
    PyTypeBridge& operator=(const PyTypeBridge&) = delete;

    /// The C++ type for a Python lltype type: a primitive, Struct, GcStruct,
    /// Array, GcArray, FixedSizeArray, Ptr, FuncType, OpaqueType,
    /// GcOpaqueType, or a forward reference that became one of them (the
    /// result is then its real type). Throws std::invalid_argument, with the
    /// object's repr, for anything else or an unresolved forward reference.
    const LowLevelType* toLowLevel(PyObject* pyType);

    /// Whether `obj` is a Python lltype type (an instance of LowLevelType).
    bool isLowLevelType(PyObject* obj);

private:
    /// A Python type converted, or being converted: `pending` is the C++
    /// forward reference handed out for a reference back to it from inside.
    struct Entry {
        py::PyRef key;
        const LowLevelType* type = nullptr;
        ForwardReference* pending = nullptr;
    };

    void loadModule();
    const LowLevelType* convert(PyObject* pyType);
    const LowLevelType* convertContainer(PyObject* pyType);
    bool isInstance(PyObject* obj, const char* className);
    Hints convertHints(PyObject* pyType);

    TypeFactory& factory_;
    py::PyRef module_;
    std::unordered_map<PyObject*, Entry> memo_;
    /// Keys added by the conversion under way, dropped again if it fails.
    std::vector<PyObject*> journal_;
};

} // namespace futamura::rtyper
