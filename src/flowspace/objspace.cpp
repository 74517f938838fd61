//! The flow space's entry points: building a function's graph, constant
//! folding, the builtins it turns into operations, and the rewriting of
//! `ovfcheck(x op y)` into overflow-checked operations.
#include "flowcontext.h"

#include "futamura/ir/checkgraph.h"
#include "futamura/ir/printer.h"
#include "futamura/ir/transform.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <opcode.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace futamura::flow {

using ir::Opcode;
using ir::Value;

std::string displayPath(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p(path), cwd = std::filesystem::current_path(ec);
    if (ec || !p.is_absolute()) return path;
    std::filesystem::path rel = p.lexically_relative(cwd);
    if (rel.empty() || *rel.begin() == "..") return path;
    return rel.string();
}

FlowingError::FlowingError(std::string file, int line, std::string message, std::string context)
    : std::runtime_error(displayPath(file) + ":" + std::to_string(line) + ": " + message +
                         (context.empty() ? "" : "\n" + context)),
      file_(displayPath(file)), line_(line), message_(std::move(message)),
      context_(std::move(context)) {}

// ---------------------------------------------------------------------------
// Constant folding

bool isFoldable(PyObject* obj) {
    if (obj == Py_None || obj == Py_Ellipsis || obj == Py_NotImplemented || PyBool_Check(obj) ||
        PyLong_CheckExact(obj) || PyFloat_CheckExact(obj) || PyComplex_CheckExact(obj) ||
        PyUnicode_CheckExact(obj) || PyBytes_CheckExact(obj) || PyType_Check(obj) ||
        PyModule_Check(obj) || PyFunction_Check(obj) || PyCFunction_Check(obj) ||
        PyCode_Check(obj) || Py_IS_TYPE(obj, &PyMethodDescr_Type) ||
        Py_IS_TYPE(obj, &PyWrapperDescr_Type) || Py_IS_TYPE(obj, &PyClassMethodDescr_Type))
        return true;
    if (PyTuple_CheckExact(obj) || PyFrozenSet_CheckExact(obj)) {
        py::PyRef it = py::PyRef::steal(py::check(PyObject_GetIter(obj)));
        while (py::PyRef item = py::PyRef::steal(PyIter_Next(it.get())))
            if (!isFoldable(item.get())) return false;
        if (PyErr_Occurred()) py::throwPythonError();
        return true;
    }
    if (PySlice_Check(obj)) {
        PySliceObject* s = (PySliceObject*)obj;
        return isFoldable(s->start) && isFoldable(s->stop) && isFoldable(s->step);
    }
    if (PyMethod_Check(obj)) return isFoldable(PyMethod_GET_SELF(obj));
    // A prebuilt instance that declares itself frozen (PyPy's `_freeze_`).
    py::PyRef freeze = py::getAttrOrNull((PyObject*)Py_TYPE(obj), "_freeze_");
    if (freeze) {
        py::PyRef r = py::PyRef::steal(PyObject_CallMethod(obj, "_freeze_", nullptr));
        if (!r) {
            PyErr_Clear();
            return false;
        }
        return r.get() == Py_True;
    }
    return false;
}

namespace {

// Folding must not build huge objects (`"x" * 10**9`, `1 << 10**6`).
bool tooLarge(Opcode op, const std::vector<PyObject*>& a) {
    auto bigInt = [](PyObject* o, long limit) {
        if (!PyLong_Check(o)) return false;
        int overflow = 0;
        long v = PyLong_AsLongAndOverflow(o, &overflow);
        return overflow || v > limit || v < -limit;
    };
    switch (op) {
    case Opcode::Mul:
    case Opcode::InplaceMul:
        return (PySequence_Check(a[0]) && bigInt(a[1], 4096)) ||
               (PySequence_Check(a[1]) && bigInt(a[0], 4096));
    case Opcode::Pow: case Opcode::InplacePow: return bigInt(a[1], 256);
    case Opcode::Lshift: case Opcode::InplaceLshift: return bigInt(a[1], 256);
    default: return false;
    }
}

PyObject* foldRaw(Opcode op, const std::vector<PyObject*>& a) {
    switch (op) {
    case Opcode::Is: return PyBool_FromLong(a[0] == a[1]);
    case Opcode::Type: return Py_NewRef((PyObject*)Py_TYPE(a[0]));
    case Opcode::Issubtype: {
        if (!PyType_Check(a[0])) return nullptr;
        int r = PyObject_IsSubclass(a[0], a[1]);
        return r < 0 ? nullptr : PyBool_FromLong(r);
    }
    case Opcode::Isinstance: {
        int r = PyObject_IsInstance(a[0], a[1]);
        return r < 0 ? nullptr : PyBool_FromLong(r);
    }
    case Opcode::Repr: return PyObject_Repr(a[0]);
    case Opcode::Str: return PyObject_Str(a[0]);
    case Opcode::Format: return PyObject_Format(a[0], a[1]);
    case Opcode::Len: {
        Py_ssize_t n = PyObject_Length(a[0]);
        return n < 0 ? nullptr : PyLong_FromSsize_t(n);
    }
    case Opcode::Bool:
    case Opcode::Not: {
        int r = PyObject_IsTrue(a[0]);
        return r < 0 ? nullptr : PyBool_FromLong(op == Opcode::Bool ? r : !r);
    }
    case Opcode::Int: return PyNumber_Long(a[0]);
    case Opcode::Float: return PyNumber_Float(a[0]);
    case Opcode::Ord: {
        py::PyRef builtins = py::PyRef::steal(PyImport_ImportModule("builtins"));
        return builtins ? PyObject_CallMethod(builtins.get(), "ord", "O", a[0]) : nullptr;
    }
    case Opcode::Abs: return PyNumber_Absolute(a[0]);
    case Opcode::Getattr: return PyObject_GetAttr(a[0], a[1]);
    case Opcode::Getitem: return PyObject_GetItem(a[0], a[1]);
    case Opcode::Getslice: {
        py::PyRef s = py::PyRef::steal(PySlice_New(a[1], a[2], nullptr));
        return s ? PyObject_GetItem(a[0], s.get()) : nullptr;
    }
    case Opcode::Contains: {
        int r = PySequence_Contains(a[0], a[1]);
        return r < 0 ? nullptr : PyBool_FromLong(r);
    }
    case Opcode::Pos: return PyNumber_Positive(a[0]);
    case Opcode::Neg: return PyNumber_Negative(a[0]);
    case Opcode::Invert: return PyNumber_Invert(a[0]);
    case Opcode::Add: return PyNumber_Add(a[0], a[1]);
    case Opcode::Sub: return PyNumber_Subtract(a[0], a[1]);
    case Opcode::Mul: return PyNumber_Multiply(a[0], a[1]);
    case Opcode::Truediv: return PyNumber_TrueDivide(a[0], a[1]);
    case Opcode::Floordiv: return PyNumber_FloorDivide(a[0], a[1]);
    case Opcode::Mod: return PyNumber_Remainder(a[0], a[1]);
    case Opcode::Divmod: return PyNumber_Divmod(a[0], a[1]);
    case Opcode::Pow: return PyNumber_Power(a[0], a[1], Py_None);
    case Opcode::Lshift: return PyNumber_Lshift(a[0], a[1]);
    case Opcode::Rshift: return PyNumber_Rshift(a[0], a[1]);
    case Opcode::And: return PyNumber_And(a[0], a[1]);
    case Opcode::Or: return PyNumber_Or(a[0], a[1]);
    case Opcode::Xor: return PyNumber_Xor(a[0], a[1]);
    case Opcode::InplaceAdd: return PyNumber_InPlaceAdd(a[0], a[1]);
    case Opcode::InplaceSub: return PyNumber_InPlaceSubtract(a[0], a[1]);
    case Opcode::InplaceMul: return PyNumber_InPlaceMultiply(a[0], a[1]);
    case Opcode::InplaceTruediv: return PyNumber_InPlaceTrueDivide(a[0], a[1]);
    case Opcode::InplaceFloordiv: return PyNumber_InPlaceFloorDivide(a[0], a[1]);
    case Opcode::InplaceMod: return PyNumber_InPlaceRemainder(a[0], a[1]);
    case Opcode::InplacePow: return PyNumber_InPlacePower(a[0], a[1], Py_None);
    case Opcode::InplaceLshift: return PyNumber_InPlaceLshift(a[0], a[1]);
    case Opcode::InplaceRshift: return PyNumber_InPlaceRshift(a[0], a[1]);
    case Opcode::InplaceAnd: return PyNumber_InPlaceAnd(a[0], a[1]);
    case Opcode::InplaceOr: return PyNumber_InPlaceOr(a[0], a[1]);
    case Opcode::InplaceXor: return PyNumber_InPlaceXor(a[0], a[1]);
    case Opcode::Lt: return PyObject_RichCompare(a[0], a[1], Py_LT);
    case Opcode::Le: return PyObject_RichCompare(a[0], a[1], Py_LE);
    case Opcode::Eq: return PyObject_RichCompare(a[0], a[1], Py_EQ);
    case Opcode::Ne: return PyObject_RichCompare(a[0], a[1], Py_NE);
    case Opcode::Gt: return PyObject_RichCompare(a[0], a[1], Py_GT);
    case Opcode::Ge: return PyObject_RichCompare(a[0], a[1], Py_GE);
    case Opcode::Newtuple: {
        PyObject* t = PyTuple_New((Py_ssize_t)a.size());
        if (!t) return nullptr;
        for (size_t i = 0; i < a.size(); ++i) PyTuple_SET_ITEM(t, i, Py_NewRef(a[i]));
        return t;
    }
    case Opcode::Newslice: return PySlice_New(a[0], a[1], a[2]);
    case Opcode::Buildstr: {
        for (PyObject* s : a)
            if (!PyUnicode_CheckExact(s)) return nullptr;
        py::PyRef list = py::PyRef::steal(PyList_New(0));
        if (!list) return nullptr;
        for (PyObject* s : a)
            if (PyList_Append(list.get(), s) < 0) return nullptr;
        py::PyRef empty = py::PyRef::steal(PyUnicode_FromString(""));
        return empty ? PyUnicode_Join(empty.get(), list.get()) : nullptr;
    }
    default: return nullptr; // hash and friends: never folded
    }
}

} // namespace

py::PyRef foldOperation(Opcode op, const std::vector<PyObject*>& args) {
    if (tooLarge(op, args)) return py::PyRef();
    py::PyRef result = py::PyRef::steal(foldRaw(op, args));
    if (!result) PyErr_Clear(); // it raises: leave the operation in the graph
    // RPython ints are machine words: a result that does not fit is computed
    // at run time (where it wraps, or ovfcheck() raises OverflowError).
    else if (PyLong_CheckExact(result.get())) {
        int overflow = 0;
        PyLong_AsLongLongAndOverflow(result.get(), &overflow);
        if (overflow) return py::PyRef();
    }
    // A fold must give a value the flow space can keep as a constant.
    else if (op != Opcode::Getattr && op != Opcode::Getitem && op != Opcode::Type &&
             !isFoldable(result.get()))
        return py::PyRef();
    return result;
}

// ---------------------------------------------------------------------------
// The flow space

FlowSpace::FlowSpace(ir::Arena& arena) : arena_(arena), known_(std::make_unique<Known>()) {
    py::PyRef builtins = py::importModule("builtins");
    known_->builtins = py::PyRef::borrow(PyModule_GetDict(builtins.get()));
    auto b = [&](const char* name) { return py::getAttr(builtins.get(), name); };
    // Builtins that are operations of the flow graphs when called with exactly
    // this many positional arguments.
    const std::pair<const char*, std::pair<Opcode, int>> ops[] = {
        {"len", {Opcode::Len, 1}},         {"isinstance", {Opcode::Isinstance, 2}},
        {"issubclass", {Opcode::Issubtype, 2}}, {"type", {Opcode::Type, 1}},
        {"hash", {Opcode::Hash, 1}},       {"repr", {Opcode::Repr, 1}},
        {"str", {Opcode::Str, 1}},         {"bool", {Opcode::Bool, 1}},
        {"int", {Opcode::Int, 1}},         {"float", {Opcode::Float, 1}},
        {"abs", {Opcode::Abs, 1}},         {"ord", {Opcode::Ord, 1}},
        {"id", {Opcode::Id, 1}},           {"iter", {Opcode::Iter, 1}},
        {"next", {Opcode::Next, 1}},       {"getattr", {Opcode::Getattr, 2}},
        {"setattr", {Opcode::Setattr, 3}}, {"delattr", {Opcode::Delattr, 2}},
        {"divmod", {Opcode::Divmod, 2}},   {"pow", {Opcode::Pow, 2}},
        {"format", {Opcode::Format, 2}},
    };
    for (const auto& [name, op] : ops) {
        py::PyRef f = b(name);
        known_->func2op.emplace(f.get(), op); // builtins live as long as the interpreter
    }
    const std::pair<const char*, const char*> refused[] = {
        {"locals", "locals() is not RPython"},
        {"globals", "globals() is not RPython"},
        {"vars", "vars() is not RPython"},
        {"eval", "eval() is not RPython: the translated program has no compiler"},
        {"exec", "exec() is not RPython: the translated program has no compiler"},
        {"compile", "compile() is not RPython: the translated program has no compiler"},
        {"__import__", "__import__() is not RPython; import at module level"},
        {"open", "open() is not RPython; use os.open/os.read/os.write"},
        {"input", "input() is not RPython; use os.read"},
    };
    for (const auto& [name, why] : refused) {
        py::PyRef f = b(name);
        known_->refused.emplace(f.get(), why);
    }
    // The RPython library's special functions, if the runtime package is there.
    auto fromRlib = [&](const char* module, const char* name) {
        py::PyRef m = py::PyRef::steal(PyImport_ImportModule(module));
        if (!m) {
            PyErr_Clear();
            return py::PyRef();
        }
        return py::getAttrOrNull(m.get(), name);
    };
    known_->ovfcheck = fromRlib("futamura.rlib.rarithmetic", "ovfcheck");
    known_->weAreTranslated = fromRlib("futamura.rlib.objectmodel", "we_are_translated");
    known_->jitDriver = fromRlib("futamura.rlib.jit", "JitDriver");
    known_->jitHint = fromRlib("futamura.rlib.jit", "hint");
    known_->jitPromote = fromRlib("futamura.rlib.jit", "promote");
    known_->weAreJitted = fromRlib("futamura.rlib.jit", "we_are_jitted");
}

FlowSpace::~FlowSpace() = default;

const CodeInfo& FlowSpace::codeInfo(PyObject* code) {
    auto it = codes_.find(code);
    if (it == codes_.end())
        it = codes_.emplace(code, std::make_unique<CodeInfo>(code)).first; // CodeInfo holds a ref
    return *it->second;
}

void FlowSpace::checkModule(PyObject* module) {
    // Module code is gone after import, but its code object is not needed:
    // the loader can give it back from the source.
    py::PyRef spec = py::getAttrOrNull(module, "__spec__");
    py::PyRef loader = spec && spec.get() != Py_None ? py::getAttrOrNull(spec.get(), "loader")
                                                     : py::PyRef();
    py::PyRef name = py::getAttr(module, "__name__");
    if (!loader) return;
    py::PyRef code = py::PyRef::steal(PyObject_CallMethod(loader.get(), "get_code", "O", name.get()));
    if (!code || code.get() == Py_None) {
        PyErr_Clear();
        return;
    }
    const CodeInfo& info = codeInfo(code.get());
    for (const Instr& i : info.instrs())
        if (i.op == IMPORT_STAR)
            throw FlowingError(info.filename(), i.line,
                               "'from ... import *' is not RPython; import the names explicitly",
                               "  in module '" + py::asString(name.get()) + "'");
}

namespace {

std::optional<Opcode> overflowChecked(Opcode op) {
    switch (op) {
    case Opcode::Add: return Opcode::AddOvf;
    case Opcode::Sub: return Opcode::SubOvf;
    case Opcode::Mul: return Opcode::MulOvf;
    case Opcode::Floordiv: return Opcode::FloordivOvf;
    case Opcode::Mod: return Opcode::ModOvf;
    case Opcode::Lshift: return Opcode::LshiftOvf;
    case Opcode::Neg: return Opcode::NegOvf;
    case Opcode::Abs: return Opcode::AbsOvf;
    default: return std::nullopt;
    }
}

// Replaces uses of `from` by `to` in a block (its operations and exits).
void substitute(ir::Block* block, Value* from, Value* to) {
    for (ir::Operation* op : block->operations)
        for (Value*& a : op->args)
            if (a == from) a = to;
    if (block->exitswitch == from) block->exitswitch = to;
    for (ir::Link* link : block->exits)
        for (Value*& a : link->args)
            if (a == from) a = to;
}

// `ovfcheck(x op y)` becomes `op_ovf(x, y)`, which raises OverflowError. As
// in PyPy, the call's exception exits (if it is inside a try) move to the
// checked operation; when that operation ended the previous block (it could
// raise itself), the two blocks are joined first.
void transformOvfcheck(ir::FunctionGraph& graph, PyObject* ovfcheck) {
    if (!ovfcheck) return;
    for (bool again = true; again;) {
        again = false;
        for (ir::Block* block : graph.blocks()) {
            auto& ops = block->operations;
            for (size_t i = ops.size(); i-- > 0;) {
                ir::Operation* call = ops[i];
                if (call->opcode != Opcode::SimpleCall || !call->args[0]->isConstant() ||
                    ir::asConstant(call->args[0])->value() != ovfcheck)
                    continue;
                auto fail = [&](const std::string& why) {
                    throw FlowingError(call->pos.file ? *call->pos.file : graph.filename,
                                       call->pos.line, why,
                                       "  in function '" + graph.name + "' (" +
                                           displayPath(graph.filename) +
                                           ":" + std::to_string(graph.firstline) + ")");
                };
                if (call->args.size() != 2) fail("ovfcheck() takes exactly one argument");
                Value* arg = call->args[1];
                if (arg->isConstant()) {
                    call->opcode = Opcode::SameAs;
                    call->args = {arg};
                    continue;
                }
                if (i == 0) {
                    // The operation ended the previous block: drop its own
                    // exception exits (the call's cover them) and join.
                    ir::Block* prev = nullptr;
                    for (ir::Block* b : graph.blocks())
                        for (ir::Link* l : b->exits)
                            if (l->target == block) prev = prev ? prev : b;
                    auto in = std::find(block->inputargs.begin(), block->inputargs.end(), arg);
                    if (prev && prev->raising && prev->exits[0]->target == block &&
                        in != block->inputargs.end() && !prev->operations.empty() &&
                        prev->exits[0]->args[in - block->inputargs.begin()] ==
                            prev->operations.back()->result) {
                        prev->raising = false;
                        prev->recloseBlock({prev->exits[0]});
                        ir::joinBlocks(graph);
                        again = true;
                        break;
                    }
                    fail("ovfcheck() must be applied directly to an arithmetic operation "
                         "(+, -, *, //, %, <<, unary -, abs)");
                }
                ir::Operation* op = ops[i - 1];
                std::optional<Opcode> checked = op->result == arg ? overflowChecked(op->opcode)
                                                                  : std::nullopt;
                if (!checked)
                    fail("ovfcheck() must be applied directly to an arithmetic operation "
                         "(+, -, *, //, %, <<, unary -, abs)");
                op->opcode = *checked;
                op->pos = call->pos;
                Value* result = call->result;
                ops.erase(ops.begin() + i);
                substitute(block, result, arg);
            }
            if (again) break;
        }
    }
}

} // namespace

ir::FunctionGraph* FlowSpace::buildFlowGraph(PyObject* func) {
    if (!PyFunction_Check(func))
        throw std::invalid_argument("buildFlowGraph needs a Python function object");
    FlowContext ctx(*this, func);
    ir::FunctionGraph* graph = ctx.build();
    transformOvfcheck(*graph, known_->ovfcheck.get());
    if (simplify_) ir::simplifyGraph(*graph);
    ir::checkgraph(*graph);
    ++stats_.graphs;
    return graph;
}

} // namespace futamura::flow
