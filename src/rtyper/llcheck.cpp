//! The low-level graph verifier: on top of checkgraph's structural
//! invariants, every value of an ll graph is typed and every operation is
//! well typed.
//!
//!  1. every operation is a low-level one (flagged LL in opcodes.def);
//!  2. every variable has a concretetype; every constant is a low-level
//!     constant (a typed LLValue; Void constants carry field names, types,
//!     Python objects for system-code templates);
//!  3. arithmetic: int_* on Signed/SignedLongLong/Bool, uint_* on
//!     Unsigned/UnsignedLongLong, float_* on Float, char_* on Char/UniChar;
//!     comparisons and *_is_true produce Bool;
//!  4. memory: getfield/setfield name a field of the struct pointed to, with
//!     its type (getsubstruct for inlined containers); array access takes a
//!     Signed index and the item type; malloc's type argument matches the
//!     result; cast_pointer converts between pointers;
//!  5. calls: direct_call/indirect_call pass a function pointer, as many
//!     arguments as its FuncType has, each of the declared type, and return
//!     the declared result;
//!  6. links pass values of their target's input types (exception links
//!     pass the exception type and value); an exitswitch is Bool, integral
//!     or a char, and every non-default exit of a switch has an llexitcase.
#include "futamura/rtyper/llcheck.h"

#include "futamura/ir/checkgraph.h"
#include "futamura/ir/printer.h"
#include "futamura/python/interpreter.h"

namespace futamura::rtyper {

using ir::Opcode;
using ir::LLValue;

namespace {

struct Checker {
    const ir::FunctionGraph& graph;
    std::vector<std::string> errors;

    void fail(const ir::Block* b, const ir::Operation* op, const std::string& what) {
        std::string where = "graph " + graph.name;
        if (op) {
            where += ", operation '" + std::string(ir::opName(op->opcode)) + "'";
            if (op->pos.line) where += " (line " + std::to_string(op->pos.line) + ")";
        } else if (b) {
            where += ", a block";
        }
        errors.push_back(where + ": " + what);
    }

    static const LowLevelType* typeOf(ir::Value* v) {
        if (auto* c = ir::asConstant(v)) return static_cast<const LowLevelType*>(c->concretetype);
        return static_cast<const LowLevelType*>(ir::asVariable(v)->concretetype);
    }
    static std::string name(const LowLevelType* t) { return t ? t->shortName() : "<untyped>"; }

    static bool isInt(const LowLevelType* t) { return t == Signed || t == SignedLongLong || t == Bool; }
    static bool isUint(const LowLevelType* t) { return t == Unsigned || t == UnsignedLongLong; }
    static bool isCharT(const LowLevelType* t) { return t == Char || t == UniChar; }
    static const Ptr* ptr(const LowLevelType* t) { return t ? asType<Ptr>(t) : nullptr; }

    /// The Struct a pointer points to (null if not a struct pointer).
    static const Struct* structOf(const LowLevelType* t) {
        const Ptr* p = ptr(t);
        return p ? asType<Struct>(resolve(p->to())) : nullptr;
    }
    static const LowLevelType* resolve(const LowLevelType* t) {
        if (auto* f = asType<ForwardReference>(t); f && f->target()) return f->target();
        return t;
    }
    static std::string fieldName(ir::Value* v) {
        auto* c = ir::asConstant(v);
        if (!c || !c->value() || !PyUnicode_Check(c->value())) return "";
        return py::asString(c->value());
    }

    void checkValue(const ir::Block* b, const ir::Operation* op, ir::Value* v) {
        if (auto* c = ir::asConstant(v)) {
            if (!c->isLowLevel()) fail(b, op, "the constant " + ir::formatConstant(c->value()) + " is not low-level");
        } else if (!ir::asVariable(v)->concretetype) {
            fail(b, op, "the variable " + ir::asVariable(v)->name() + " has no concretetype");
        }
    }

    void expect(const ir::Block* b, const ir::Operation* op, ir::Value* v, const LowLevelType* want,
                const char* what) {
        const LowLevelType* have = typeOf(v);
        if (resolve(have) != resolve(want))
            fail(b, op, std::string(what) + " is " + name(have) + ", expected " + name(want));
    }

    void checkOp(const ir::Block* b, const ir::Operation* op) {
        if (!ir::isLowLevel(op->opcode) && op->opcode != Opcode::SameAs) {
            fail(b, op, "not a low-level operation");
            return;
        }
        for (ir::Value* a : op->args) checkValue(b, op, a);
        checkValue(b, op, op->result);
        const LowLevelType* rt = typeOf(op->result);
        auto arg = [&](size_t i) { return typeOf(op->args[i]); };
        std::string opname(ir::opName(op->opcode));
        auto startsWith = [&](const char* p) { return opname.rfind(p, 0) == 0; };
        auto endsWith = [&](const char* suffix) {
            std::string x(suffix);
            return opname.size() >= x.size() && opname.compare(opname.size() - x.size(), x.size(), x) == 0;
        };
        bool boolResult = endsWith("_lt") || endsWith("_le") || endsWith("_eq") || endsWith("_ne") ||
                          endsWith("_gt") || endsWith("_ge") || endsWith("_is_true") || endsWith("_iszero") ||
                          endsWith("_nonzero") || opname == "bool_not";
        if (op->opcode == Opcode::Getarraysize || op->opcode == Opcode::IdentityHash) boolResult = false;
        if (boolResult && rt != Bool) fail(b, op, "the result is " + name(rt) + ", expected Bool");
        if (startsWith("int_")) {
            for (size_t i = 0; i < op->args.size(); ++i)
                if (!isInt(arg(i))) fail(b, op, "argument " + std::to_string(i + 1) + " is " + name(arg(i)) + ", expected a signed integer");
            return;
        }
        if (startsWith("uint_")) {
            for (size_t i = 0; i < op->args.size(); ++i)
                if (!(isUint(arg(i)) || ((op->opcode == Opcode::UintLshift || op->opcode == Opcode::UintRshift) && i == 1 && isInt(arg(i)))))
                    fail(b, op, "argument " + std::to_string(i + 1) + " is " + name(arg(i)) + ", expected an unsigned integer");
            return;
        }
        if (startsWith("float_")) {
            for (size_t i = 0; i < op->args.size(); ++i)
                if (arg(i) != Float) fail(b, op, "argument " + std::to_string(i + 1) + " is " + name(arg(i)) + ", expected Float");
            if (!boolResult && rt != Float) fail(b, op, "the result is " + name(rt) + ", expected Float");
            return;
        }
        if (startsWith("char_")) {
            for (size_t i = 0; i < op->args.size(); ++i)
                if (!isCharT(arg(i))) fail(b, op, "argument " + std::to_string(i + 1) + " is " + name(arg(i)) + ", expected a char");
            return;
        }
        switch (op->opcode) {
        case Opcode::BoolNot:
            if (arg(0) != Bool) fail(b, op, "the argument is " + name(arg(0)) + ", expected Bool");
            return;
        case Opcode::SameAs:
            if (resolve(arg(0)) != resolve(rt)) fail(b, op, "same_as of " + name(arg(0)) + " into " + name(rt));
            return;
        case Opcode::Hint:
            if (resolve(arg(0)) != resolve(rt) || arg(1) != Void) fail(b, op, "hint of " + name(arg(0)) + " into " + name(rt));
            return;
        case Opcode::JitWeAreJitted:
            if (rt != Bool) fail(b, op, "jit_we_are_jitted gives a Bool");
            return;
        case Opcode::JitMarker:
            if (op->args.size() < 3 || arg(0) != Void || arg(1) != Void || rt != Void)
                fail(b, op, "expected (name, driver, live values...) -> Void");
            return;
        case Opcode::CastPrimitive:
            if (arg(0)->kind() != TypeKind::Primitive || rt->kind() != TypeKind::Primitive || arg(0) == Float ||
                rt == Float || rt == Void)
                fail(b, op, "cast_primitive from " + name(arg(0)) + " to " + name(rt));
            return;
        case Opcode::CastIntToFloat:
            if (rt != Float || arg(0)->kind() != TypeKind::Primitive) fail(b, op, "cast_int_to_float from " + name(arg(0)));
            return;
        case Opcode::CastFloatToInt:
            if (arg(0) != Float) fail(b, op, "cast_float_to_int of " + name(arg(0)));
            return;
        case Opcode::ConvertFloatBytesToLonglong:
            if (arg(0) != Float || rt != Signed) fail(b, op, "convert_float_bytes_to_longlong of " + name(arg(0)));
            return;
        case Opcode::PtrEq: case Opcode::PtrNe: case Opcode::PtrIsZero: case Opcode::PtrNonZero:
            for (size_t i = 0; i < op->args.size(); ++i)
                if (!ptr(arg(i))) fail(b, op, "argument " + std::to_string(i + 1) + " is " + name(arg(i)) + ", expected a pointer");
            if (op->args.size() == 2 && ptr(arg(0)) && ptr(arg(1)) && resolve(arg(0)) != resolve(arg(1)))
                fail(b, op, "compares " + name(arg(0)) + " with " + name(arg(1)));
            return;
        case Opcode::Malloc: case Opcode::MallocVarsize: {
            auto* c = ir::asConstant(op->args[0]);
            if (!c || c->llvalue.tag != LLValue::Tag::Type) { fail(b, op, "the first argument must be a type"); return; }
            const Ptr* p = ptr(rt);
            if (!p || resolve(p->to()) != resolve(c->llvalue.type)) fail(b, op, "the result is " + name(rt) + " for a " + name(c->llvalue.type));
            if (op->opcode == Opcode::MallocVarsize && arg(1) != Signed) fail(b, op, "the length is " + name(arg(1)));
            return;
        }
        case Opcode::Getfield: case Opcode::Setfield: case Opcode::Getsubstruct: {
            const Struct* st = structOf(arg(0));
            std::string f = fieldName(op->args[1]);
            if (!st) { fail(b, op, "the object is " + name(arg(0)) + ", not a pointer to a struct"); return; }
            const LowLevelType* ft = st->fieldType(f);
            if (!ft) { fail(b, op, name(arg(0)) + " has no field '" + f + "'"); return; }
            ft = resolve(ft);
            if (op->opcode == Opcode::Getsubstruct) {
                if (!ft->isContainer()) fail(b, op, "field '" + f + "' is not an inlined container");
                else if (!ptr(rt) || resolve(ptr(rt)->to()) != ft) fail(b, op, "the result is " + name(rt) + " for field '" + f + "'");
                return;
            }
            if (ft->isContainer()) { fail(b, op, "field '" + f + "' is an inlined container: use getsubstruct"); return; }
            if (op->opcode == Opcode::Getfield) {
                if (resolve(rt) != ft) fail(b, op, "the result is " + name(rt) + ", field '" + f + "' is " + name(ft));
            } else {
                expect(b, op, op->args[2], ft, ("the value stored in '" + f + "'").c_str());
            }
            return;
        }
        case Opcode::Getarrayitem: case Opcode::Setarrayitem: case Opcode::Getarraysubstruct:
        case Opcode::Getarraysize: {
            const Ptr* p = ptr(arg(0));
            const LowLevelType* to = p ? resolve(p->to()) : nullptr;
            const LowLevelType* item = nullptr;
            if (auto* a = to ? asType<Array>(to) : nullptr) item = a->itemType();
            if (auto* a = to ? asType<FixedSizeArray>(to) : nullptr) item = a->itemType();
            if (!item) { fail(b, op, "the object is " + name(arg(0)) + ", not a pointer to an array"); return; }
            item = resolve(item);
            if (op->opcode == Opcode::Getarraysize) {
                if (rt != Signed) fail(b, op, "the result is " + name(rt));
                return;
            }
            if (arg(1) != Signed) fail(b, op, "the index is " + name(arg(1)) + ", expected Signed");
            if (op->opcode == Opcode::Getarraysubstruct) {
                if (!item->isContainer() || !ptr(rt) || resolve(ptr(rt)->to()) != item)
                    fail(b, op, "the result is " + name(rt) + " for items " + name(item));
            } else if (op->opcode == Opcode::Getarrayitem) {
                if (resolve(rt) != item) fail(b, op, "the result is " + name(rt) + ", the items are " + name(item));
            } else {
                expect(b, op, op->args[2], item, "the stored item");
            }
            return;
        }
        case Opcode::CastPointer:
            if (!ptr(arg(0)) || !ptr(rt)) fail(b, op, "cast_pointer from " + name(arg(0)) + " to " + name(rt));
            return;
        case Opcode::DirectCall: case Opcode::IndirectCall: {
            const Ptr* p = ptr(arg(0));
            const FuncType* ft = p ? asType<FuncType>(resolve(p->to())) : nullptr;
            if (!ft) { fail(b, op, "calls " + name(arg(0)) + ", not a function pointer"); return; }
            size_t n = op->args.size() - 1 - (op->opcode == Opcode::IndirectCall ? 1 : 0);
            if (n != ft->args().size()) {
                fail(b, op, "passes " + std::to_string(n) + " arguments to " + name(ft));
                return;
            }
            for (size_t i = 0; i < n; ++i)
                expect(b, op, op->args[i + 1], ft->args()[i], ("argument " + std::to_string(i + 1)).c_str());
            if (resolve(rt) != resolve(ft->result())) fail(b, op, "the result is " + name(rt) + ", the function returns " + name(ft->result()));
            return;
        }
        case Opcode::IdentityHash:
            if (!ptr(arg(0)) || rt != Signed) fail(b, op, "gc_identityhash of " + name(arg(0)));
            return;
        case Opcode::AdrAdd: case Opcode::AdrSub:
            if (arg(0) != Address || arg(1) != Signed || rt != Address)
                fail(b, op, "expected (Address, Signed) -> Address, found (" + name(arg(0)) + ", " + name(arg(1)) + ") -> " + name(rt));
            return;
        case Opcode::AdrDelta:
            if (arg(0) != Address || arg(1) != Address || rt != Signed)
                fail(b, op, "expected (Address, Address) -> Signed");
            return;
        case Opcode::AdrLt: case Opcode::AdrLe: case Opcode::AdrEq:
        case Opcode::AdrNe: case Opcode::AdrGt: case Opcode::AdrGe:
            if (arg(0) != Address || arg(1) != Address) fail(b, op, "compares " + name(arg(0)) + " with " + name(arg(1)));
            return;
        case Opcode::RawLoad: case Opcode::RawStore: {
            const LowLevelType* t = op->opcode == Opcode::RawLoad ? rt : arg(2);
            if (arg(0) != Address || arg(1) != Signed) fail(b, op, "expected an Address and a Signed offset");
            if (!t || t->kind() != TypeKind::Primitive || t == Void)
                fail(b, op, "raw memory holds primitives and addresses, not " + name(t));
            return;
        }
        case Opcode::RawMalloc:
            if (arg(0) != Signed || arg(1) != Bool || rt != Address) fail(b, op, "expected (Signed size, Bool zero) -> Address");
            return;
        case Opcode::RawFree:
            if (arg(0) != Address) fail(b, op, "frees " + name(arg(0)));
            return;
        case Opcode::RawMemclear:
            if (arg(0) != Address || arg(1) != Signed) fail(b, op, "expected (Address, Signed)");
            return;
        case Opcode::RawMemcopy:
            if (arg(0) != Address || arg(1) != Address || arg(2) != Signed) fail(b, op, "expected (Address, Address, Signed)");
            return;
        case Opcode::CastPtrToAdr:
            if (!ptr(arg(0)) || rt != Address) fail(b, op, "cast_ptr_to_adr of " + name(arg(0)));
            return;
        case Opcode::CastAdrToPtr:
            if (arg(0) != Address || !ptr(rt)) fail(b, op, "cast_adr_to_ptr to " + name(rt));
            return;
        case Opcode::CastAdrToInt:
            if (arg(0) != Address || rt != Signed) fail(b, op, "cast_adr_to_int of " + name(arg(0)));
            return;
        case Opcode::CastIntToAdr:
            if (arg(0) != Signed || rt != Address) fail(b, op, "cast_int_to_adr of " + name(arg(0)));
            return;
        default: return;
        }
    }

    void checkLinks(const ir::Block* b) {
        if (b->exitswitch) {
            checkValue(b, nullptr, b->exitswitch);
            const LowLevelType* t = typeOf(b->exitswitch);
            if (!b->raising && t != Bool && !isInt(t) && !isUint(t) && !isCharT(t))
                fail(b, nullptr, "switches on " + name(t));
        }
        for (const ir::Link* l : b->exits) {
            if (b->exitswitch && !b->raising && l->exitcase && !l->llexitcase &&
                std::string(ir::formatConstant(l->exitcase->value())) != "'default'")
                fail(b, nullptr, "an exit without a low-level exit case");
            for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i) {
                ir::Value* v = l->args[i];
                if (v == l->lastException || v == l->lastExcValue) continue;
                checkValue(b, nullptr, v);
                const LowLevelType* have = typeOf(v);
                const LowLevelType* want = static_cast<const LowLevelType*>(l->target->inputargs[i]->concretetype);
                if (want && resolve(have) != resolve(want))
                    fail(b, nullptr, "a link passes " + name(have) + " to an input of type " + name(want));
            }
        }
    }
};

} // namespace

std::vector<std::string> verifyLowLevelGraph(const ir::FunctionGraph& graph) {
    std::vector<std::string> errors = ir::verifyGraph(graph);
    Checker c{graph, {}};
    for (const ir::Block* b : graph.blocks()) {
        for (const ir::Variable* v : b->inputargs)
            if (!v->concretetype) c.fail(b, nullptr, "the input " + v->name() + " has no concretetype");
        for (const ir::Operation* op : b->operations) c.checkOp(b, op);
        c.checkLinks(b);
    }
    errors.insert(errors.end(), c.errors.begin(), c.errors.end());
    return errors;
}

void checkLowLevelGraph(const ir::FunctionGraph& graph) {
    std::vector<std::string> errors = verifyLowLevelGraph(graph);
    if (errors.empty()) return;
    std::string msg = "the low-level graph " + graph.name + " is not well formed:";
    for (const std::string& e : errors) msg += "\n  " + e;
    throw ir::GraphError(msg);
}

} // namespace futamura::rtyper
