//! Decoded CPython 3.11 code objects.
//!
//! The flow space reads the bytecode of imported function objects, never their
//! source (section 4.1 of the paper). CodeInfo decodes a code object once: its
//! instructions with EXTENDED_ARG folded in and inline CACHE entries skipped,
//! the line of each instruction, the exception table (3.11's zero-cost
//! exception handling: ranges of instructions mapped to a handler, a stack
//! depth and a flag for pushing the raising instruction's offset), the jump
//! targets (the flow space's join points), and the layout of the "fast locals
//! plus" array (locals, cells, free variables) that the *_FAST and *_DEREF
//! opcodes index.
#pragma once

#include "futamura/python/ref.h"

#include <cstdint>
#include <string>
#include <vector>

namespace futamura::flow {

struct Instr {
    uint32_t offset; // byte offset of the instruction (of its first EXTENDED_ARG prefix)
    uint32_t opOffset; // byte offset of the opcode itself
    uint8_t op;
    uint32_t arg;
    uint32_t next; // index of the next instruction (after inline caches)
    int line;      // 0 if the instruction has no line
};

struct ExceptionEntry {
    uint32_t start, end; // instruction indices, end exclusive
    uint32_t target;     // instruction index of the handler
    uint32_t depth;      // stack depth to unwind to
    bool lasti;          // push the offset of the raising instruction
};

enum class SlotKind : uint8_t { Local, Cell, Free };

class CodeInfo {
public:
    /// Decodes `code` (a code object). Throws std::runtime_error on bytecode it
    /// cannot decode.
    explicit CodeInfo(PyObject* code);

    PyObject* code() const { return code_.get(); }
    const std::string& name() const { return name_; }
    const std::string& qualname() const { return qualname_; }
    const std::string& filename() const { return filename_; }
    int firstline() const { return firstline_; }
    int flags() const { return flags_; }
    int argcount() const { return argcount_; }
    int posonlyargcount() const { return posonlyargcount_; }
    int kwonlyargcount() const { return kwonlyargcount_; }

    const std::vector<Instr>& instrs() const { return instrs_; }
    /// Index of the instruction at byte offset `offset`; throws if none starts there.
    uint32_t indexAt(uint32_t offset) const;
    /// The innermost handler covering instruction `index`, or null.
    const ExceptionEntry* handlerFor(uint32_t index) const;
    bool isJumpTarget(uint32_t index) const { return jumpTarget_[index]; }
    /// Target instruction index of the jump instruction at `index`.
    uint32_t jumpTarget(uint32_t index) const;

    size_t slotCount() const { return slotNames_.size(); }
    const std::string& slotName(uint32_t i) const { return slotNames_.at(i); }
    SlotKind slotKind(uint32_t i) const { return slotKinds_.at(i); }
    uint32_t firstFreeSlot() const { return firstFree_; }
    PyObject* constAt(uint32_t i) const;
    const std::string& nameAt(uint32_t i) const { return names_.at(i); }
    PyObject* nameObjAt(uint32_t i) const;

private:
    py::PyRef code_, consts_, namesTuple_;
    std::string name_, qualname_, filename_;
    int firstline_ = 0, flags_ = 0, argcount_ = 0, posonlyargcount_ = 0, kwonlyargcount_ = 0;
    std::vector<Instr> instrs_;
    std::vector<int32_t> indexByOffset_; // by code unit; -1 inside caches
    std::vector<ExceptionEntry> exceptionTable_;
    std::vector<int32_t> handlerIndex_; // per instruction: entry in exceptionTable_, or -1
    std::vector<bool> jumpTarget_;
    std::vector<std::string> slotNames_;
    std::vector<SlotKind> slotKinds_;
    uint32_t firstFree_ = 0;
    std::vector<std::string> names_;
};

/// Name of a CPython 3.11 opcode ("LOAD_FAST").
const char* opcodeName(uint8_t op);

} // namespace futamura::flow
