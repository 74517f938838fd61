//! The stable text printer of flow graphs (syntax in printer.h).
#include "futamura/ir/printer.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <filesystem>
#include <sstream>

namespace futamura::ir {

namespace {

std::string qualifiedName(PyObject* obj, bool withModule) {
    py::PyRef qual = py::getAttrOrNull(obj, "__qualname__");
    if (!qual || !PyUnicode_Check(qual.get())) qual = py::getAttrOrNull(obj, "__name__");
    std::string name = qual && PyUnicode_Check(qual.get()) ? py::asString(qual.get()) : "?";
    if (!withModule) return name;
    py::PyRef mod = py::getAttrOrNull(obj, "__module__");
    if (mod && PyUnicode_Check(mod.get())) {
        std::string m = py::asString(mod.get());
        if (m != "builtins") return m + "." + name;
    }
    return name;
}

bool isLiteral(PyObject* obj) {
    if (obj == Py_None || PyBool_Check(obj) || PyLong_CheckExact(obj) || PyFloat_CheckExact(obj) ||
        PyUnicode_CheckExact(obj) || PyBytes_CheckExact(obj) || obj == Py_Ellipsis)
        return true;
    if (PyTuple_CheckExact(obj)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(obj); ++i)
            if (!isLiteral(PyTuple_GET_ITEM(obj, i))) return false;
        return true;
    }
    return false;
}

} // namespace

std::string formatConstant(PyObject* obj) {
    if (isLiteral(obj)) return py::repr(obj);
    if (PyTuple_CheckExact(obj)) {
        std::string s = "(";
        Py_ssize_t n = PyTuple_GET_SIZE(obj);
        for (Py_ssize_t i = 0; i < n; ++i) {
            if (i) s += ", ";
            s += formatConstant(PyTuple_GET_ITEM(obj, i));
        }
        return s + (n == 1 ? ",)" : ")");
    }
    if (PyType_Check(obj)) return "<class " + qualifiedName(obj, true) + ">";
    if (PyModule_Check(obj)) return "<module " + std::string(PyModule_GetName(obj)) + ">";
    if (PyFunction_Check(obj)) return "<function " + qualifiedName(obj, true) + ">";
    if (PyCFunction_Check(obj)) {
        py::PyRef self = py::getAttrOrNull(obj, "__self__");
        std::string name = qualifiedName(obj, false);
        if (self && !PyModule_Check(self.get()) && self.get() != Py_None)
            return "<builtin method " + name + " of " + formatConstant(self.get()) + ">";
        py::PyRef mod = py::getAttrOrNull(obj, "__module__");
        if (mod && PyUnicode_Check(mod.get()) && py::asString(mod.get()) != "builtins")
            return "<builtin " + py::asString(mod.get()) + "." + name + ">";
        return "<builtin " + name + ">";
    }
    if (PyMethod_Check(obj))
        return "<method " + qualifiedName(PyMethod_GET_FUNCTION(obj), true) + " of " +
               formatConstant(PyMethod_GET_SELF(obj)) + ">";
    if (PyCode_Check(obj)) return "<code " + qualifiedName(obj, false) + ">";
    if (PySlice_Check(obj)) {
        PySliceObject* s = (PySliceObject*)obj;
        return "slice(" + formatConstant(s->start) + ", " + formatConstant(s->stop) + ", " +
               formatConstant(s->step) + ")";
    }
    if (PyExceptionInstance_Check(obj)) {
        py::PyRef args = py::getAttr(obj, "args");
        return "<" + qualifiedName((PyObject*)Py_TYPE(obj), true) + " instance" +
               formatConstant(args.get()) + ">";
    }
    if (PyList_CheckExact(obj) || PyDict_CheckExact(obj) || PySet_CheckExact(obj) ||
        PyFrozenSet_CheckExact(obj))
        return "<prebuilt " + std::string(Py_TYPE(obj)->tp_name) + " of " +
               std::to_string(PyObject_Length(obj)) + ">";
    return "<" + qualifiedName((PyObject*)Py_TYPE(obj), true) + " object>";
}

GraphNamer::GraphNamer(const FunctionGraph& graph) : graph_(graph) {
    unsigned counter = 0;
    auto define = [&](const Variable* v) {
        if (!v || vars_.count(v)) return;
        std::string name = v->name() == "v" ? "v" + std::to_string(counter)
                                            : v->name() + "_" + std::to_string(counter);
        ++counter;
        vars_.emplace(v, std::move(name));
    };
    unsigned blockNo = 0;
    for (const Block* block : graph.blocks()) {
        if (block == graph.returnblock || block == graph.exceptblock) continue;
        blocks_.emplace(block, "block" + std::to_string(blockNo++));
        for (const Variable* v : block->inputargs) define(v);
        for (const Operation* op : block->operations) define(op->result);
        for (const Link* link : block->exits) {
            define(asVariable(link->lastException));
            define(link->lastExcValue);
        }
    }
    blocks_.emplace(graph.returnblock, "return");
    blocks_.emplace(graph.exceptblock, "except");
}

std::string GraphNamer::value(const Value* v) const {
    if (!v) return "<null>";
    if (v->isConstant()) {
        const auto* c = static_cast<const Constant*>(v);
        if (c->isLowLevel()) {
            if (c->value()) return formatConstant(c->value());
            return c->concretetype->formatValue(c->llvalue);
        }
        return formatConstant(c->value());
    }
    auto it = vars_.find(static_cast<const Variable*>(v));
    if (it != vars_.end()) return it->second;
    // Not defined in this graph (a verifier error): still print something stable.
    return "?" + static_cast<const Variable*>(v)->name();
}

std::string GraphNamer::block(const Block* b) const {
    auto it = blocks_.find(b);
    return it != blocks_.end() ? it->second : "?block";
}

static std::string linkText(const GraphNamer& names, const Link* link) {
    std::string s = names.block(link->target) + "(";
    for (size_t i = 0; i < link->args.size(); ++i) {
        if (i) s += ", ";
        s += names.value(link->args[i]);
    }
    return s + ")";
}

void printGraph(std::ostream& out, const FunctionGraph& graph, const PrintOptions& options) {
    GraphNamer names(graph);
    out << "graph " << graph.name << "(";
    for (size_t i = 0; i < graph.argnames.size(); ++i) out << (i ? ", " : "") << graph.argnames[i];
    out << ")";
    if (!graph.filename.empty())
        out << "  # " << std::filesystem::path(graph.filename).filename().string() << ":"
            << graph.firstline;
    out << "\n";
    auto typed = [&](const Variable* v) {
        std::string s = names.value(v);
        if (options.tagger) {
            std::string tag = options.tagger(v);
            if (!tag.empty()) s += ": " + tag;
        } else if (options.annotations && v->concretetype) s += ": " + v->concretetype->str();
        else if (options.annotations && v->annotation) s += ": " + v->annotation->str();
        return s;
    };
    for (const Block* block : graph.blocks()) {
        if (block == graph.returnblock || block == graph.exceptblock) continue;
        out << names.block(block) << "(";
        for (size_t i = 0; i < block->inputargs.size(); ++i)
            out << (i ? ", " : "") << typed(block->inputargs[i]);
        out << "):\n";
        for (const Operation* op : block->operations) {
            out << "    " << typed(op->result) << " = " << opName(op->opcode) << "(";
            for (size_t i = 0; i < op->args.size(); ++i)
                out << (i ? ", " : "") << names.value(op->args[i]);
            out << ")";
            if (options.positions && op->pos.line) out << "  @" << op->pos.line;
            out << "\n";
        }
        if (block->raising) {
            out << "    raising\n";
        } else if (block->exitswitch) {
            out << "    switch " << names.value(block->exitswitch) << "\n";
        }
        bool indented = block->raising || block->exitswitch;
        for (const Link* link : block->exits) {
            out << (indented ? "      " : "    ");
            if (link->isExceptionLink()) {
                out << names.value(link->exitcase) << " [" << names.value(link->lastException)
                    << ", " << names.value(link->lastExcValue) << "] ";
            } else if (link->exitcase) {
                out << names.value(link->exitcase) << " ";
            }
            out << "-> " << linkText(names, link) << "\n";
        }
    }
}

std::string graphToString(const FunctionGraph& graph, const PrintOptions& options) {
    std::ostringstream out;
    printGraph(out, graph, options);
    return out.str();
}

} // namespace futamura::ir
