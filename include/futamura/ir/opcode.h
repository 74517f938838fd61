//! Opcodes of the flow graphs and their properties, derived from opcodes.def.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace futamura::ir {

enum class Opcode : uint16_t {
#define OP(Name, str, arity, flags, raises) Name,
#include "futamura/ir/opcodes.def"
#undef OP
};

namespace opflag {
enum : unsigned { PURE = 1, FOLD = 2, SIDE = 4, BOOL = 8, LL = 16 };
}

/// Implicit exceptions, as a bit set (see the `raises` column).
namespace opexc {
enum : unsigned {
    NONE = 0,
    INDEX = 1,    // IndexError
    KEY = 2,      // KeyError
    ZERODIV = 4,  // ZeroDivisionError
    OVERFLOW = 8, // OverflowError
    VALUE = 16,   // ValueError
    STOPITER = 32,// StopIteration
    ANY = 64,     // any Exception (calls)
};
}

struct OpInfo {
    std::string_view name;
    int arity; // -1: variadic
    unsigned flags;
    unsigned raises;
};

const OpInfo& opInfo(Opcode op);
inline std::string_view opName(Opcode op) { return opInfo(op).name; }
inline bool isPure(Opcode op) { return opInfo(op).flags & opflag::PURE; }
inline bool canFold(Opcode op) { return opInfo(op).flags & opflag::FOLD; }
inline bool hasSideEffects(Opcode op) { return opInfo(op).flags & opflag::SIDE; }
inline bool returnsBool(Opcode op) { return opInfo(op).flags & opflag::BOOL; }
inline bool isLowLevel(Opcode op) { return opInfo(op).flags & opflag::LL; }
inline unsigned implicitRaises(Opcode op) { return opInfo(op).raises; }
std::optional<Opcode> opcodeByName(std::string_view name);
/// Number of opcodes in the table.
unsigned opcodeCount();

} // namespace futamura::ir
