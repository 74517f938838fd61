//! Decoding of CPython 3.11 code objects (see bytecode.h).
#include "futamura/flowspace/bytecode.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <opcode.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace futamura::flow {

namespace {

// Inline cache entries and names per opcode, read once from the embedded
// interpreter's own `opcode` module so that they always agree with the
// bytecode it compiled.
struct OpcodeTables {
    std::array<uint8_t, 256> caches{};
    std::array<std::string, 256> names;
    OpcodeTables() {
        py::PyRef mod = py::importModule("opcode");
        py::PyRef entries = py::getAttr(mod.get(), "_inline_cache_entries");
        py::PyRef opname = py::getAttr(mod.get(), "opname");
        for (int i = 0; i < 256; ++i) {
            if (i < PySequence_Length(entries.get())) {
                py::PyRef n = py::PyRef::steal(py::check(PySequence_GetItem(entries.get(), i)));
                caches[i] = (uint8_t)py::asLong(n.get());
            }
            py::PyRef name = py::PyRef::steal(py::check(PySequence_GetItem(opname.get(), i)));
            names[i] = py::asString(name.get());
        }
        // The switch in the flow space uses <opcode.h>: make sure it describes
        // the interpreter we embed.
        py::PyRef opmap = py::getAttr(mod.get(), "opmap");
        PyObject* v = PyDict_GetItemString(opmap.get(), "LOAD_FAST");
        PyObject* w = PyDict_GetItemString(opmap.get(), "CALL");
        if (!v || !w || py::asLong(v) != LOAD_FAST || py::asLong(w) != CALL)
            throw std::runtime_error("the embedded Python's opcodes differ from <opcode.h>");
    }
};

const OpcodeTables& tables() {
    static const OpcodeTables t;
    return t;
}

bool isRelativeJump(uint8_t op) {
    switch (op) {
    case JUMP_FORWARD:
    case JUMP_BACKWARD:
    case JUMP_BACKWARD_NO_INTERRUPT:
    case POP_JUMP_FORWARD_IF_FALSE:
    case POP_JUMP_FORWARD_IF_TRUE:
    case POP_JUMP_FORWARD_IF_NONE:
    case POP_JUMP_FORWARD_IF_NOT_NONE:
    case POP_JUMP_BACKWARD_IF_FALSE:
    case POP_JUMP_BACKWARD_IF_TRUE:
    case POP_JUMP_BACKWARD_IF_NONE:
    case POP_JUMP_BACKWARD_IF_NOT_NONE:
    case JUMP_IF_FALSE_OR_POP:
    case JUMP_IF_TRUE_OR_POP:
    case FOR_ITER:
    case SEND:
        return true;
    default:
        return false;
    }
}

bool isBackwardJump(uint8_t op) {
    return op == JUMP_BACKWARD || op == JUMP_BACKWARD_NO_INTERRUPT ||
           op == POP_JUMP_BACKWARD_IF_FALSE || op == POP_JUMP_BACKWARD_IF_TRUE ||
           op == POP_JUMP_BACKWARD_IF_NONE || op == POP_JUMP_BACKWARD_IF_NOT_NONE;
}

int intAttr(PyObject* code, const char* name) {
    py::PyRef v = py::getAttr(code, name);
    return (int)py::asLong(v.get());
}

std::string strAttr(PyObject* code, const char* name) {
    py::PyRef v = py::getAttr(code, name);
    return py::asString(v.get());
}

std::vector<std::string> strTuple(PyObject* tuple) {
    std::vector<std::string> out;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); ++i)
        out.push_back(py::asString(PyTuple_GET_ITEM(tuple, i)));
    return out;
}

} // namespace

const char* opcodeName(uint8_t op) { return tables().names[op].c_str(); }

CodeInfo::CodeInfo(PyObject* code) : code_(py::PyRef::borrow(code)) {
    const OpcodeTables& t = tables();
    name_ = strAttr(code, "co_name");
    qualname_ = strAttr(code, "co_qualname");
    filename_ = strAttr(code, "co_filename");
    firstline_ = intAttr(code, "co_firstlineno");
    flags_ = intAttr(code, "co_flags");
    argcount_ = intAttr(code, "co_argcount");
    posonlyargcount_ = intAttr(code, "co_posonlyargcount");
    kwonlyargcount_ = intAttr(code, "co_kwonlyargcount");
    consts_ = py::getAttr(code, "co_consts");
    namesTuple_ = py::getAttr(code, "co_names");
    names_ = strTuple(namesTuple_.get());

    // Fast locals plus: locals, then cells that are not arguments, then free
    // variables (the order of CPython 3.11's compute_localsplus_info).
    py::PyRef varnames = py::getAttr(code, "co_varnames");
    py::PyRef cellvars = py::getAttr(code, "co_cellvars");
    py::PyRef freevars = py::getAttr(code, "co_freevars");
    slotNames_ = strTuple(varnames.get());
    slotKinds_.assign(slotNames_.size(), SlotKind::Local);
    for (const std::string& cell : strTuple(cellvars.get())) {
        auto it = std::find(slotNames_.begin(), slotNames_.end(), cell);
        if (it != slotNames_.end()) {
            slotKinds_[it - slotNames_.begin()] = SlotKind::Cell;
        } else {
            slotNames_.push_back(cell);
            slotKinds_.push_back(SlotKind::Cell);
        }
    }
    firstFree_ = (uint32_t)slotNames_.size();
    for (const std::string& free : strTuple(freevars.get())) {
        slotNames_.push_back(free);
        slotKinds_.push_back(SlotKind::Free);
    }

    // Instructions.
    PyObject* bytes = PyCode_GetCode((PyCodeObject*)code);
    py::PyRef codeBytes = py::PyRef::steal(py::check(bytes));
    const uint8_t* raw = (const uint8_t*)PyBytes_AS_STRING(codeBytes.get());
    size_t units = PyBytes_GET_SIZE(codeBytes.get()) / 2;
    indexByOffset_.assign(units + 1, -1);
    uint32_t extended = 0;
    int32_t prefixStart = -1;
    for (size_t unit = 0; unit < units;) {
        uint8_t op = raw[2 * unit];
        uint32_t arg = raw[2 * unit + 1] | (extended << 8);
        if (prefixStart < 0) prefixStart = (int32_t)unit;
        if (op == EXTENDED_ARG) {
            extended = arg;
            ++unit;
            continue;
        }
        Instr instr{};
        instr.offset = 2 * prefixStart;
        instr.opOffset = 2 * unit;
        instr.op = op;
        instr.arg = arg;
        uint32_t index = (uint32_t)instrs_.size();
        for (size_t u = prefixStart; u <= unit; ++u) indexByOffset_[u] = index;
        instrs_.push_back(instr);
        unit += 1 + t.caches[op];
        extended = 0;
        prefixStart = -1;
    }
    for (uint32_t i = 0; i < instrs_.size(); ++i) instrs_[i].next = i + 1;

    // Lines, from co_lines(): (start, end, line) byte ranges.
    py::PyRef lines = py::PyRef::steal(py::check(PyObject_CallMethod(code, "co_lines", nullptr)));
    py::PyRef it = py::PyRef::steal(py::check(PyObject_GetIter(lines.get())));
    while (py::PyRef item = py::PyRef::steal(PyIter_Next(it.get()))) {
        long start = PyLong_AsLong(PyTuple_GET_ITEM(item.get(), 0));
        long end = PyLong_AsLong(PyTuple_GET_ITEM(item.get(), 1));
        PyObject* line = PyTuple_GET_ITEM(item.get(), 2);
        if (line == Py_None) continue;
        int lineno = (int)PyLong_AsLong(line);
        for (long off = start; off < end; off += 2) {
            size_t u = off / 2;
            if (u < units && indexByOffset_[u] >= 0 && instrs_[indexByOffset_[u]].opOffset == (uint32_t)off)
                instrs_[indexByOffset_[u]].line = lineno;
        }
    }
    if (PyErr_Occurred()) py::throwPythonError();

    // Exception table: varint-encoded (start, length, target, depth<<1|lasti),
    // in code units.
    py::PyRef table = py::getAttr(code, "co_exceptiontable");
    const uint8_t* p = (const uint8_t*)PyBytes_AS_STRING(table.get());
    const uint8_t* endp = p + PyBytes_GET_SIZE(table.get());
    auto varint = [&]() {
        if (p >= endp) throw std::runtime_error("truncated exception table in " + qualname_);
        uint32_t b = *p++;
        uint32_t val = b & 63;
        while (b & 64) {
            if (p >= endp) throw std::runtime_error("truncated exception table in " + qualname_);
            b = *p++;
            val = (val << 6) | (b & 63);
        }
        return val;
    };
    while (p < endp) {
        uint32_t start = varint();
        uint32_t length = varint();
        uint32_t target = varint();
        uint32_t dl = varint();
        ExceptionEntry e{};
        e.start = indexAt(2 * start);
        e.end = start + length < units && indexByOffset_[start + length] >= 0
                    ? indexAt(2 * (start + length))
                    : (uint32_t)instrs_.size();
        e.target = indexAt(2 * target);
        e.depth = dl >> 1;
        e.lasti = dl & 1;
        exceptionTable_.push_back(e);
    }

    handlerIndex_.assign(instrs_.size(), -1);
    for (size_t k = exceptionTable_.size(); k-- > 0;)
        for (uint32_t i = exceptionTable_[k].start; i < exceptionTable_[k].end; ++i)
            handlerIndex_[i] = (int32_t)k;

    // Join points: targets of jumps and exception handlers.
    jumpTarget_.assign(instrs_.size(), false);
    for (uint32_t i = 0; i < instrs_.size(); ++i)
        if (isRelativeJump(instrs_[i].op)) jumpTarget_[jumpTarget(i)] = true;
    for (const ExceptionEntry& e : exceptionTable_) jumpTarget_[e.target] = true;
}

uint32_t CodeInfo::indexAt(uint32_t offset) const {
    size_t u = offset / 2;
    if (offset % 2 || u >= indexByOffset_.size() || indexByOffset_[u] < 0 ||
        instrs_[indexByOffset_[u]].offset != offset)
        throw std::runtime_error("bad jump target " + std::to_string(offset) + " in " + qualname_);
    return (uint32_t)indexByOffset_[u];
}

uint32_t CodeInfo::jumpTarget(uint32_t index) const {
    const Instr& instr = instrs_[index];
    uint32_t nextUnit = instr.opOffset / 2 + 1; // jumps carry no inline caches
    int64_t unit = isBackwardJump(instr.op) ? (int64_t)nextUnit - instr.arg
                                            : (int64_t)nextUnit + instr.arg;
    if (unit < 0) throw std::runtime_error("bad jump in " + qualname_);
    return indexAt((uint32_t)(2 * unit));
}

const ExceptionEntry* CodeInfo::handlerFor(uint32_t index) const {
    int32_t k = handlerIndex_[index];
    return k < 0 ? nullptr : &exceptionTable_[k];
}

PyObject* CodeInfo::constAt(uint32_t i) const {
    if (i >= (uint32_t)PyTuple_GET_SIZE(consts_.get()))
        throw std::runtime_error("bad constant index in " + qualname_);
    return PyTuple_GET_ITEM(consts_.get(), i);
}

PyObject* CodeInfo::nameObjAt(uint32_t i) const {
    if (i >= (uint32_t)PyTuple_GET_SIZE(namesTuple_.get()))
        throw std::runtime_error("bad name index in " + qualname_);
    return PyTuple_GET_ITEM(namesTuple_.get(), i);
}

} // namespace futamura::flow
