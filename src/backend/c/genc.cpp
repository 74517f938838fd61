//! The C backend; see include/futamura/backend/c/genc.h.
//!
//! The database (class Database) walks the program once, in a deterministic
//! order: the entry point's graph, then every graph and prebuilt container
//! reachable from constants, depth first. It assigns C names (from the
//! Python names, made unique with a numeric suffix in walk order) and
//! records the types met. The writer then emits:
//!   common.h     struct declarations in dependency order (a struct inlining
//!                another comes after it), function pointer typedefs,
//!                prototypes, extern declarations of the prebuilt data;
//!   data.c       the prebuilt data, as static initializers (a var-sized
//!                object gets a struct of its exact length; pointers to it
//!                are cast to the general type);
//!   funcs_N.c    the functions, a few thousand lines per file;
//!   main.c       argv as a list of str, the entry point, uncaught
//!                exceptions, the external functions and the runtime's raise
//!                helpers;
//!   Makefile     CC, CFLAGS, -jN; the runtime (runtime/c) is copied in.
#include "futamura/backend/c/genc.h"

#include "futamura/ir/opcode.h"
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/llheap.h"
#include "futamura/transform/exceptiontransform.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace futamura::backend::c {

using ir::Block;
using ir::Constant;
using ir::FunctionGraph;
using ir::Link;
using ir::LLValue;
using ir::Opcode;
using ir::Operation;
using ir::Value;
using ir::Variable;
using namespace rtyper;

namespace {

const std::set<std::string>& cKeywords() {
    static const std::set<std::string> k{
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
        "union", "unsigned", "void", "volatile", "while", "main", "errno", "stdin", "stdout",
        "stderr", "exit", "free", "malloc", "calloc", "abs", "floor", "ceil", "sqrt", "pow", "log",
        "exp", "sin", "cos", "tan", "fmod", "write", "read", "open", "close", "time", "environ"};
    return k;
}

std::string sanitize(const std::string& s) {
    std::string out;
    for (char c : s) out += (std::isalnum((unsigned char)c) || c == '_') ? c : '_';
    if (out.empty() || std::isdigit((unsigned char)out[0])) out = "_" + out;
    if (cKeywords().count(out)) out += "_";
    return out;
}

const LowLevelType* resolved(const LowLevelType* t) {
    while (auto* f = t ? asType<ForwardReference>(t) : nullptr) {
        if (!f->target()) break;
        t = f->target();
    }
    return t;
}

/// Names unique in one namespace: the first `base`, then base_1, base_2...
class NameSpace {
public:
    std::string unique(const std::string& base) {
        std::string b = sanitize(base);
        int& n = used_[b];
        std::string name = n == 0 ? b : b + "_" + std::to_string(n);
        ++n;
        while (taken_.count(name)) name = b + "_" + std::to_string(n++);
        taken_.insert(name);
        return name;
    }

private:
    std::map<std::string, int> used_;
    std::set<std::string> taken_;
};

std::string floatLiteral(double d) {
    if (std::isnan(d)) return "__builtin_nan(\"\")";
    if (std::isinf(d)) return d > 0 ? "__builtin_inf()" : "(-__builtin_inf())";
    char buf[64];
    snprintf(buf, sizeof buf, "%a", d);
    return buf;
}

// --- the database ------------------------------------------------------------------------

class Database {
public:
    Database(const Program& p) : prog_(p), ctx_(*p.ctx), refcount_(p.ctx->refcounted), framework_(p.gcState != nullptr) {}

    // --- refcounting (gc=refcount) ------------------------------------------------------

    /// Whether a prebuilt container is a GC object: it then gets a header
    /// of its own, declared around it (struct rc_NAME { h; o; }).
    bool refcounting() const { return refcount_; }
    bool wrapped(LLContainer* outer) const { return (refcount_ || framework_) && !outer->parent && outer->type->isGc(); }
    /// The C expression allocating a GC object of type t for the runtime
    /// itself (argv, strings made by external functions).
    /// The C expression allocating a var-sized GC object of type t with n
    /// items from the runtime's C code, where the GC must not collect.
    std::string runtimeMallocVarsize(const LowLevelType* t, const std::string& n, const std::string& size) {
        if (!framework_) return runtimeMalloc(t, size);
        VarSizeLayout l = varSizeLayout(resolved(t));
        noteFunction(prog_.gcMallocVarsizeNoCollect->llvalue.p);
        return "(void*)" + functionName(prog_.gcMallocVarsizeNoCollect->llvalue.p) + "(" +
               address(prog_.gcState->llvalue.p, static_cast<const LowLevelType*>(prog_.gcState->concretetype)) + ", " +
               std::to_string(prog_.gcTypeId(resolved(t))) + "L, (Signed)(" + n + "), " + std::to_string(l.itemsOffset) +
               "L, " + std::to_string(l.itemSize) + "L, " + std::to_string(l.lengthOffset ? (long)*l.lengthOffset : -1L) + "L)";
    }
    std::string runtimeMalloc(const LowLevelType* t, const std::string& size) {
        if (framework_) return "RPyGcImmortal(" + size + ", " + std::to_string(prog_.gcImmortalHeader(resolved(t))) + "L)";
        return std::string(atomic(t) ? "RPY_MALLOC_ATOMIC" : "RPY_MALLOC") + "(" + size + ")";
    }

    /// The deallocator of objects allocated with type t: decrefs what they
    /// hold, then frees them (made on demand; RPyRcFree when they hold
    /// nothing).
    std::string deallocator(const LowLevelType* t) {
        t = resolved(t);
        auto it = deallocators_.find(t);
        if (it != deallocators_.end()) return it->second;
        std::string body;
        releaseInside("(*o)", t, body, "    ", 0);
        if (body.empty()) return deallocators_[t] = "RPyRcFree"; // it holds no GC pointer
        std::string name = names_.unique("rpy_dealloc_" + containerName(t).substr(7));
        deallocators_[t] = name;
        deallocatorBodies_[t] = body;
        deallocatorOrder_.push_back(t);
        return name;
    }

    /// The deallocators' definitions.
    std::string deallocatorDefinitions() {
        std::string out;
        for (const LowLevelType* t : deallocatorOrder_)
            out += "void " + deallocators_[t] + "(void* p) {\n    " + containerName(t) + "* o = (" + containerName(t) +
                   "*)p;\n" + deallocatorBodies_[t] + "    RPyRcFree(p);\n}\n\n";
        return out;
    }
    std::string deallocatorPrototypes() {
        std::string out;
        for (const LowLevelType* t : deallocatorOrder_) out += "void " + deallocators_[t] + "(void* p);\n";
        return out;
    }

private:
    /// Code decrefing every GC pointer in the container `lv` of type t.
    void releaseInside(const std::string& lv, const LowLevelType* t, std::string& out, const std::string& ind, int depth) {
        t = resolved(t);
        if (atomic(t)) return;
        if (auto* p = asType<Ptr>(t)) {
            if (p->isGcPointer()) out += ind + "OP_GC_DECREF(" + lv + ");\n";
            return;
        }
        if (auto* s = asType<Struct>(t)) {
            for (const Field& f : s->fields())
                if (resolved(f.type) != Void) releaseInside(lv + "." + fieldName(f.name), f.type, out, ind, depth);
            return;
        }
        const LowLevelType* item = nullptr;
        std::string count;
        if (auto* a = asType<Array>(t)) {
            if (!a->hasLength()) return; // (no length: what it holds leaks)
            item = a->itemType();
            count = lv + ".length";
        } else if (auto* f = asType<FixedSizeArray>(t)) {
            item = f->itemType();
            count = std::to_string(f->length());
        }
        if (!item) return;
        std::string i = "i" + std::to_string(depth);
        std::string inner;
        releaseInside(lv + ".items[" + i + "]", item, inner, ind + "    ", depth + 1);
        if (inner.empty()) return;
        out += ind + "for (Signed " + i + " = 0; " + i + " < " + count + "; ++" + i + ") {\n" + inner + ind + "}\n";
    }

public:

    // --- types --------------------------------------------------------------------------

    /// The C spelling of a value of type t.
    std::string ctype(const LowLevelType* t) {
        t = resolved(t);
        if (t == Signed) return "Signed";
        if (t == Unsigned) return "Unsigned";
        if (t == SignedLongLong) return "long long";
        if (t == UnsignedLongLong) return "unsigned long long";
        if (t == Float) return "double";
        if (t == Char) return "RPyChar";
        if (t == UniChar) return "RPyUniChar";
        if (t == Bool) return "bool_t";
        if (t == Address) return "RPyAddress";
        if (t == Void) return "void";
        if (auto* p = asType<Ptr>(t)) {
            const LowLevelType* to = resolved(p->to());
            if (auto* f = asType<FuncType>(to)) return funcTypeName(f);
            if (to->kind() == TypeKind::Opaque) return "void*";
            return containerName(to) + "*";
        }
        if (t->isContainer()) return containerName(t);
        throw std::logic_error("C backend: no C type for " + t->shortName());
    }

    /// "struct NAME" of a struct, array or fixed-size array type.
    std::string containerName(const LowLevelType* t) {
        t = resolved(t);
        auto it = typeNames_.find(t);
        if (it != typeNames_.end()) return it->second;
        std::string base;
        if (auto* s = asType<Struct>(t)) base = s->name();
        else if (auto* a = asType<Array>(t)) base = "array_" + itemName(a->itemType());
        else if (auto* f = asType<FixedSizeArray>(t)) base = "fixedarray_" + itemName(f->itemType()) + "_" + std::to_string(f->length());
        else throw std::logic_error("C backend: not a container type: " + t->shortName());
        std::string name = "struct " + names_.unique(base);
        typeNames_[t] = name;
        types_.push_back(t);
        // Its fields' types too (inlined ones are dependencies).
        if (auto* s = asType<Struct>(t))
            for (const Field& f : s->fields()) noteValueType(f.type);
        if (auto* a = asType<Array>(t)) noteValueType(a->itemType());
        if (auto* f = asType<FixedSizeArray>(t)) noteValueType(f->itemType());
        return name;
    }

    std::string itemName(const LowLevelType* t) {
        t = resolved(t);
        if (t->kind() == TypeKind::Primitive) return sanitize(t->shortName());
        if (auto* p = asType<Ptr>(t)) {
            const LowLevelType* to = resolved(p->to());
            if (auto* s = asType<Struct>(to)) return s->name() + "_ptr";
            return "ptr";
        }
        if (auto* s = asType<Struct>(t)) return s->name();
        return "item";
    }

    void noteValueType(const LowLevelType* t) {
        t = resolved(t);
        if (t->kind() == TypeKind::Primitive) return;
        ctype(t);
    }

    std::string funcTypeName(const FuncType* f) {
        auto it = funcTypes_.find(f);
        if (it != funcTypes_.end()) return it->second;
        std::string name = names_.unique("fnptr");
        funcTypes_[f] = name;
        std::string decl = "typedef " + ctype(f->result()) + " (*" + name + ")(";
        bool first = true;
        for (const LowLevelType* a : f->args()) {
            if (resolved(a) == Void) continue;
            decl += (first ? "" : ", ") + ctype(a);
            first = false;
        }
        if (first) decl += "void";
        funcTypeDecls_.push_back(decl + ");");
        return name;
    }

    /// Whether objects of type t contain no GC pointers (Boehm: atomic).
    bool atomic(const LowLevelType* t) {
        t = resolved(t);
        if (asType<Ptr>(t)) return false;
        if (auto* s = asType<Struct>(t)) {
            for (const Field& f : s->fields())
                if (!atomic(f.type)) return false;
            return true;
        }
        if (auto* a = asType<Array>(t)) return atomic(a->itemType());
        if (auto* f = asType<FixedSizeArray>(t)) return atomic(f->itemType());
        return true;
    }

    /// For a var-sized type: the member path of its length and items
    /// (".length", ".items" or ".chars.length", ".chars.items") and the item
    /// type; whether the array has a length field.
    struct VarPath {
        std::string length, items;
        const LowLevelType* item = nullptr;
        bool hasLength = true;
    };
    VarPath varPath(const LowLevelType* t) {
        t = resolved(t);
        if (auto* a = asType<Array>(t)) return {".length", ".items", a->itemType(), a->hasLength()};
        if (auto* s = asType<Struct>(t); s && s->arrayField()) {
            VarPath inner = varPath(s->arrayField()->type);
            std::string f = "." + fieldName(s->arrayField()->name);
            return {f + inner.length, f + inner.items, inner.item, inner.hasLength};
        }
        throw std::logic_error("C backend: " + t->shortName() + " is not var-sized");
    }

    static std::string fieldName(const std::string& n) { return sanitize(n); }

    /// The definition of a container type; with `length` >= 0, the variant
    /// of a var-sized type with exactly that many items (for prebuilt data).
    std::string definition(const LowLevelType* t, long length, const std::string& name) {
        t = resolved(t);
        std::string out = name + " {\n";
        if (auto* s = asType<Struct>(t)) {
            bool any = false;
            for (const Field& f : s->fields()) {
                const LowLevelType* ft = resolved(f.type);
                if (ft == Void) continue;
                any = true;
                if (length >= 0 && s->arrayField() && &f == s->arrayField())
                    out += "    " + exactName(ft, length) + " " + fieldName(f.name) + ";\n";
                else
                    out += "    " + ctype(ft) + " " + fieldName(f.name) + ";\n";
            }
            if (!any) out += "    char _empty;\n";
        } else if (auto* a = asType<Array>(t)) {
            if (a->hasLength()) out += "    Signed length;\n";
            std::string n = length >= 0 ? std::to_string(length) : "";
            if (resolved(a->itemType()) != Void) out += "    " + ctype(a->itemType()) + " items[" + n + "];\n";
            else if (!a->hasLength()) out += "    char _empty;\n";
        } else if (auto* f = asType<FixedSizeArray>(t)) {
            out += "    " + ctype(f->itemType()) + " items[" + std::to_string(f->length()) + "];\n";
        }
        return out + "};\n";
    }

    /// The struct of a var-sized type with `length` items (declared on demand).
    std::string exactName(const LowLevelType* t, long length) {
        t = resolved(t);
        auto key = std::make_pair(t, length);
        auto it = exact_.find(key);
        if (it != exact_.end()) return it->second;
        std::string base = containerName(t).substr(7) + "_len" + std::to_string(length);
        std::string name = "struct " + names_.unique(base);
        exact_[key] = name;
        exactOrder_.push_back(key);
        if (auto* s = asType<Struct>(t); s && s->arrayField()) exactName(s->arrayField()->type, length);
        return name;
    }

    /// Struct definitions in dependency order (inlined containers first).
    std::string typeDefinitions() {
        std::string out;
        for (const LowLevelType* t : types_) out += containerName(t) + ";\n";
        for (auto& d : funcTypeDecls_) out += d + "\n";
        out += "\n";
        std::set<const LowLevelType*> done;
        std::function<void(const LowLevelType*)> emit = [&](const LowLevelType* t) {
            t = resolved(t);
            if (!t->isContainer() || asType<FuncType>(t) || done.count(t)) return;
            done.insert(t);
            if (auto* s = asType<Struct>(t))
                for (const Field& f : s->fields())
                    if (resolved(f.type)->isContainer()) emit(f.type);
            if (auto* a = asType<Array>(t); a && resolved(a->itemType())->isContainer()) emit(a->itemType());
            if (auto* f = asType<FixedSizeArray>(t); f && resolved(f->itemType())->isContainer()) emit(f->itemType());
            out += definition(t, -1, containerName(t));
        };
        for (const LowLevelType* t : types_) emit(t);
        for (auto& [t, n] : exactOrder_) {
            if (auto* s = asType<Struct>(t); s && s->arrayField()) {
                // its inlined array's exact variant first
                const LowLevelType* at = resolved(s->arrayField()->type);
                auto inner = std::make_pair(at, n);
                if (!exactDone_.count(inner)) {
                    exactDone_.insert(inner);
                    out += definition(at, n, exact_[inner]);
                }
            }
            if (exactDone_.count({t, n})) continue;
            exactDone_.insert({t, n});
            out += definition(t, n, exact_[{t, n}]);
        }
        return out;
    }

    // --- prebuilt containers ----------------------------------------------------------------

    /// Notes the container a pointer constant points to (and everything it
    /// references), giving its outermost container a global name.
    void noteContainer(LLContainer* c) {
        if (!c) return;
        if (c->type && c->type->kind() == TypeKind::Func) {
            noteFunction(c);
            return;
        }
        LLContainer* outer = c->outermost();
        if (globals_.count(outer)) return;
        std::string base = outer->name.empty() ? "g_" + containerName(outer->type).substr(7) : "g_" + outer->name;
        if (base.size() > 40) base = base.substr(0, 40);
        globals_[outer] = names_.unique(base);
        dataOrder_.push_back(outer);
        ctype(outer->type);
        if (outer->type->isVarSize()) exactName(outer->type, (long)lengthOf(outer));
        std::vector<LLContainer*> stack{outer};
        while (!stack.empty()) {
            LLContainer* x = stack.back();
            stack.pop_back();
            for (const LLValue& v : x->slots) {
                if (v.tag != LLValue::Tag::Ptr || !v.p) continue;
                if (v.p->outermost() == outer) stack.push_back(v.p); // an inlined part
                else noteContainer(v.p);
            }
        }
    }

    /// The number of items of a var-sized container.
    static size_t lengthOf(LLContainer* c) {
        if (asType<Array>(resolved(c->type))) return c->slots.size();
        return lengthOf(c->slots.back().p); // the inlined var-sized part
    }

    /// A C lvalue for the container (of its general type).
    std::string lvalue(LLContainer* c) {
        if (!c->parent) {
            std::string g = globals_.at(c) + (wrapped(c) ? ".o" : "");
            if (c->type->isVarSize()) return "(*(" + containerName(c->type) + "*)&" + g + ")";
            return g;
        }
        const LowLevelType* pt = resolved(c->parent->type);
        if (auto* s = asType<Struct>(pt)) return lvalue(c->parent) + "." + fieldName(s->fields()[c->parentIndex].name);
        return lvalue(c->parent) + ".items[" + std::to_string(c->parentIndex) + "]";
    }

    /// A C constant expression for a pointer to the container, of type `ptr`.
    std::string address(LLContainer* c, const LowLevelType* ptr) {
        if (!c) return "NULL";
        if (c->type && c->type->kind() == TypeKind::Func) return functionName(c);
        noteContainer(c);
        std::string a;
        if (!c->parent && c->type->isVarSize())
            a = "((" + containerName(c->type) + "*)&" + globals_.at(c) + (wrapped(c) ? ".o" : "") +
                ")"; // declared with its exact length
        else
            a = "(&" + lvalue(c) + ")";
        const LowLevelType* want = resolved(ptr);
        if (auto* p = asType<Ptr>(want); p && resolved(p->to()) != resolved(c->type))
            a = "((" + ctype(want) + ")" + a + ")";
        return a;
    }

    /// A constant of type t.
    std::string value(const LLValue& v, const LowLevelType* t) {
        t = resolved(t);
        if (v.tag == LLValue::Tag::Uninit || v.tag == LLValue::Tag::Void) return asType<Ptr>(t) ? "NULL" : "0";
        if (t == Float) return floatLiteral(v.f);
        if (t == Bool) return v.i ? "1" : "0";
        if (asType<Ptr>(t)) return address(v.p, t);
        if (t == Signed) {
            if (v.i == INT64_MIN) return "LONG_MIN";
            return std::to_string(v.i) + "L";
        }
        if (t == Unsigned || t == UnsignedLongLong) return std::to_string((uint64_t)v.i) + "UL";
        if (t == Address) {
            if (v.tag == LLValue::Tag::Ptr && v.p) { // into prebuilt data
                noteContainer(v.p);
                if (v.aux == 0) return "((RPyAddress)&" + lvalue(v.p) + ")";
                const LowLevelType* ct = resolved(v.p->type);
                std::string slot = asType<Struct>(ct) ? "." + fieldName(asType<Struct>(ct)->fields()[v.aux - 1].name)
                                                      : ".items[" + std::to_string(v.aux - 1) + "]";
                return "((RPyAddress)&" + lvalue(v.p) + slot + ")";
            }
            if (v.i != 0) throw std::logic_error("C backend: a constant address other than NULL");
            return "((RPyAddress)NULL)";
        }
        return std::to_string(v.i);
    }

    /// The initializer of a container (general or exact type).
    std::string initializer(LLContainer* c) {
        const LowLevelType* t = resolved(c->type);
        if (auto* s = asType<Struct>(t)) {
            std::string out = "{";
            bool first = true;
            for (size_t i = 0; i < s->fields().size(); ++i) {
                const Field& f = s->fields()[i];
                const LowLevelType* ft = resolved(f.type);
                if (ft == Void) continue;
                out += first ? " " : ", ";
                first = false;
                out += "." + fieldName(f.name) + " = ";
                if (ft->isContainer()) out += initializer(c->slots[i].p);
                else out += value(c->slots[i], ft);
            }
            return out + (first ? "0 }" : " }");
        }
        if (auto* a = asType<Array>(t)) {
            std::string out = "{ ";
            const LowLevelType* it = resolved(a->itemType());
            if (it == Void) return a->hasLength() ? "{ .length = " + std::to_string(c->slots.size()) + " }" : "{0}";
            if (a->hasLength()) out += ".length = " + std::to_string(c->slots.size()) + ", ";
            out += ".items = {";
            for (size_t i = 0; i < c->slots.size(); ++i) {
                out += i ? ", " : " ";
                if (it->isContainer()) out += initializer(c->slots[i].p);
                else out += value(c->slots[i], it);
            }
            return out + " } }";
        }
        if (auto* f = asType<FixedSizeArray>(t)) {
            std::string out = "{ .items = {";
            const LowLevelType* it = resolved(f->itemType());
            for (size_t i = 0; i < c->slots.size(); ++i) {
                out += i ? ", " : " ";
                if (it->isContainer()) out += initializer(c->slots[i].p);
                else out += value(c->slots[i], it);
            }
            return out + " } }";
        }
        return "{0}";
    }

    /// The type a prebuilt global is declared with.
    std::string globalType(LLContainer* c) {
        if (wrapped(c)) return "struct rc_" + globals_.at(c);
        return innerGlobalType(c);
    }
    /// The definitions of the wrappers of prebuilt GC objects (refcount).
    std::string wrapperDefinitions() {
        std::string out;
        for (LLContainer* c : dataOrder_)
            if (wrapped(c))
                out += "struct rc_" + globals_.at(c) + " { " + (framework_ ? "Signed" : "RPyRcHeader") + " h; " +
                       innerGlobalType(c) + " o; };\n";
        return out;
    }
    /// A prebuilt global's initializer (with its header, wrapped).
    std::string globalInitializer(LLContainer* c) {
        if (wrapped(c) && framework_)
            return "{ " + std::to_string(prog_.gcImmortalHeader(resolved(c->type))) + "L, " + initializer(c) + " }";
        if (wrapped(c)) return "{ RPY_RC_STATIC_HEADER, " + initializer(c) + " }";
        return initializer(c);
    }
    std::string innerGlobalType(LLContainer* c) {
        if (c->type->isVarSize()) return exactName(c->type, (long)lengthOf(c));
        return containerName(c->type);
    }

    // --- functions ---------------------------------------------------------------------------

    void noteFunction(LLContainer* fn) {
        if (functionNames_.count(fn)) return;
        std::string base = fn->graph ? fn->graph->name : fn->external;
        functionNames_[fn] = names_.unique(fn->graph ? base : "ext_" + base);
        functionOrder_.push_back(fn);
        if (!fn->graph) return;
        // Everything the graph references.
        for (Block* b : fn->graph->blocks()) {
            for (Variable* v : b->inputargs) noteValueType(static_cast<const LowLevelType*>(v->concretetype));
            for (Operation* op : b->operations) {
                noteValueType(static_cast<const LowLevelType*>(op->result->concretetype));
                for (Value* a : op->args) noteConstant(a);
            }
            for (Link* l : b->exits)
                for (Value* a : l->args) noteConstant(a);
        }
    }

    void noteConstant(Value* v) {
        auto* c = ir::asConstant(v);
        if (!c || !c->isLowLevel()) return;
        if (c->llvalue.tag == LLValue::Tag::Type) {
            if (c->llvalue.type->isContainer()) ctype(c->llvalue.type);
            return;
        }
        const auto* t = static_cast<const LowLevelType*>(c->concretetype);
        noteValueType(t);
        if (asType<Ptr>(resolved(t)) && c->llvalue.tag == LLValue::Tag::Ptr && c->llvalue.p) noteContainer(c->llvalue.p);
    }

    std::string functionName(LLContainer* fn) {
        noteFunction(fn);
        return functionNames_.at(fn);
    }

    std::string prototype(LLContainer* fn) {
        auto* ft = asType<FuncType>(fn->type);
        std::string out = ctype(ft->result()) + " " + functionNames_.at(fn) + "(";
        bool first = true;
        if (fn->graph) {
            for (Variable* v : fn->graph->startblock->inputargs) {
                const auto* t = static_cast<const LowLevelType*>(v->concretetype);
                if (resolved(t) == Void) continue;
                out += (first ? "" : ", ") + ctype(t) + " " + localName(fn->graph, v);
                first = false;
            }
        } else {
            int i = 0;
            for (const LowLevelType* t : ft->args()) {
                if (resolved(t) == Void) continue;
                out += (first ? "" : ", ") + ctype(t) + " a" + std::to_string(i++);
                first = false;
            }
        }
        if (first) out += "void";
        return out + ")";
    }

    /// The C name of a variable of graph g: its Python name and a number
    /// counting the variables of that name in the graph, in block order
    /// (stable when other graphs change).
    std::string localName(const FunctionGraph* g, const Variable* v) {
        auto& names = localNames_[g];
        if (names.empty()) {
            std::map<std::string, int> counters;
            auto add = [&](const Variable* x) {
                if (!x || names.count(x)) return;
                std::string base = sanitize(x->name());
                names[x] = base + "_" + std::to_string(counters[base]++);
            };
            for (Block* b : g->blocks()) {
                for (Variable* x : b->inputargs) add(x);
                for (Operation* op : b->operations) add(op->result);
                for (Link* l : b->exits) add(l->lastExcValue);
            }
        }
        auto it = names.find(v);
        if (it == names.end()) throw std::logic_error("C backend: a variable outside its graph " + g->name);
        return it->second;
    }
    std::unordered_map<const FunctionGraph*, std::unordered_map<const Variable*, std::string>> localNames_;

    const Program& prog_;
    LLContext& ctx_;
    bool refcount_;
    bool framework_;
    std::map<const LowLevelType*, std::string> deallocators_, deallocatorBodies_;
    std::vector<const LowLevelType*> deallocatorOrder_;
    NameSpace names_;
    std::unordered_map<const LowLevelType*, std::string> typeNames_;
    std::vector<const LowLevelType*> types_;
    std::unordered_map<const FuncType*, std::string> funcTypes_;
    std::vector<std::string> funcTypeDecls_;
    std::map<std::pair<const LowLevelType*, long>, std::string> exact_;
    std::vector<std::pair<const LowLevelType*, long>> exactOrder_;
    std::set<std::pair<const LowLevelType*, long>> exactDone_;
    std::unordered_map<LLContainer*, std::string> globals_;
    std::vector<LLContainer*> dataOrder_;
    std::unordered_map<LLContainer*, std::string> functionNames_;
    std::vector<LLContainer*> functionOrder_;
};

// --- function bodies ---------------------------------------------------------------------------

class FunctionWriter {
public:
    /// `stackCheck`: the function checks the stack on entry (raising
    /// RecursionError); `recursive`: it is on a cycle of calls, so its calls
    /// in tail position stay calls (an infinite recursion overflows the
    /// stack, as in CPython, instead of looping forever).
    FunctionWriter(Database& db, LLContainer* fn, bool stackCheck, bool recursive)
        : db_(db), fn_(fn), g_(*fn->graph), stackCheck_(stackCheck), recursive_(recursive) {}

    std::string write() {
        std::vector<Block*> blocks = g_.blocks();
        for (size_t i = 0; i < blocks.size(); ++i) labels_[blocks[i]] = "block" + std::to_string(i);
        computeAliases(blocks);
        computeNeeded(blocks);
        for (Block* b : blocks)
            for (Link* l : b->exits)
                if (l->target != g_.returnblock) jumpedTo_.insert(l->target);
        out_ += (recursive_ ? "RPY_RECURSIVE " : "") + db_.prototype(fn_) + " {\n";
        // Locals: the variables something reads, but the parameters.
        std::set<const Variable*> params(g_.startblock->inputargs.begin(), g_.startblock->inputargs.end());
        auto declare = [&](Variable* v) {
            const auto* t = static_cast<const LowLevelType*>(v->concretetype);
            if (rep(v) != v) return; // shares another variable's local
            if (!t || resolved(t) == Void || params.count(v) || declared_.count(v) || !needed_.count(v)) return;
            declared_.insert(v);
            out_ += "    " + db_.ctype(t) + " " + db_.localName(&g_, v) + ";\n";
        };
        for (Block* b : blocks) {
            if (b != g_.startblock)
                for (Variable* v : b->inputargs) declare(v);
            for (Operation* op : b->operations) declare(op->result);
        }
        for (Variable* v : g_.startblock->inputargs)
            if (!needed_.count(rep(v)) && resolved(static_cast<const LowLevelType*>(v->concretetype)) != Void)
                out_ += "    (void)" + db_.localName(&g_, v) + ";\n";
        const auto* rt = static_cast<const LowLevelType*>(g_.returnblock->inputargs[0]->concretetype);
        if (stackCheck_) {
            out_ += "    if (RPY_STACK_CHECK()) {\n        RPyRaiseRecursionError();\n        return";
            if (resolved(rt) != Void) out_ += " " + zero(rt);
            out_ += ";\n    }\n";
        }
        for (Block* b : blocks)
            if (b == g_.startblock || jumpedTo_.count(b)) writeBlock(b);
        out_ += "}\n";
        return out_;
    }

private:
    /// Whether an operation writes no C at all (it moves a Void value).
    bool emitsNothing(Operation* op) {
        switch (op->opcode) {
        case Opcode::Getfield: case Opcode::Getarrayitem: case Opcode::SameAs:
            return typeOf(op->result) == Void;
        case Opcode::Setfield: case Opcode::Setarrayitem:
            return typeOf(op->args[2]) == Void;
        default: return false;
        }
    }
    /// Whether an operation matters when its result is not read.
    static bool hasEffect(Operation* op) {
        unsigned flags = ir::opInfo(op->opcode).flags;
        if ((flags & ir::opflag::PURE) && !ir::implicitRaises(op->opcode)) return false;
        switch (op->opcode) {
        case Opcode::Getfield: case Opcode::Getarrayitem: case Opcode::Getarraysize: case Opcode::SameAs:
        case Opcode::Malloc: case Opcode::MallocVarsize:
            return false;
        default: return true;
        }
    }

    /// The variables the C code reads: arguments of the operations that are
    /// written (they have an effect or a result that is read), switches,
    /// returned values, and link arguments passed to inputs that are read.
    void computeNeeded(const std::vector<Block*>& blocks) {
        auto note = [&](Value* v) {
            if (auto* x = ir::asVariable(v)) return needed_.insert(rep(x)).second;
            return false;
        };
        for (Block* b : blocks) {
            if (b->exitswitch) note(b->exitswitch);
            for (Link* l : b->exits)
                if (l->target == g_.returnblock)
                    for (Value* a : l->args) note(a);
        }
        bool changed = true;
        while (changed) {
            changed = false;
            for (Block* b : blocks) {
                for (Operation* op : b->operations) {
                    if (emitsNothing(op)) continue;
                    if (!hasEffect(op) && !needed_.count(op->result)) continue;
                    for (Value* a : op->args) changed |= note(a);
                }
                for (Link* l : b->exits) {
                    if (l->target == g_.returnblock) continue;
                    for (size_t i = 0; i < l->args.size() && i < l->target->inputargs.size(); ++i)
                        if (needed_.count(rep(l->target->inputargs[i]))) changed |= note(l->args[i]);
                }
            }
        }
    }

    std::string zero(const LowLevelType* t) {
        t = resolved(t);
        if (asType<Ptr>(t)) return "NULL";
        if (t == Float) return "0.0";
        return "0";
    }

    std::string val(Value* v) {
        if (auto* c = ir::asConstant(v)) {
            const auto* t = static_cast<const LowLevelType*>(c->concretetype);
            return db_.value(c->llvalue, t);
        }
        return db_.localName(&g_, rep(ir::asVariable(v)));
    }
    /// The variable whose C local holds v (itself unless v is an input that
    /// only ever receives one other variable).
    Variable* rep(Variable* v) {
        auto it = alias_.find(v);
        if (it == alias_.end()) return v;
        Variable* r = rep(it->second);
        it->second = r;
        return r;
    }
    /// Trivial phis: an input whose incoming links all pass the same
    /// variable (or the input itself, around a loop) shares that variable's
    /// C local, and its links move nothing. (Inlining passes the caller's
    /// variables through every block of the copy: this keeps the C small.)
    void computeAliases(const std::vector<Block*>& blocks) {
        std::unordered_map<const Block*, std::vector<Link*>> incoming;
        for (Block* b : blocks)
            for (Link* l : b->exits) incoming[l->target].push_back(l);
        bool changed = true;
        while (changed) {
            changed = false;
            for (Block* b : blocks) {
                if (b == g_.startblock || b->isFinal()) continue;
                for (size_t i = 0; i < b->inputargs.size(); ++i) {
                    Variable* y = b->inputargs[i];
                    if (rep(y) != y || typeOf(y) == Void) continue;
                    Variable* only = nullptr;
                    bool single = true;
                    for (Link* l : incoming[b]) {
                        auto* x = ir::asVariable(l->args[i]);
                        if (!x || x == l->lastExcValue || x == l->lastException) { single = false; break; }
                        x = rep(x);
                        if (x == y) continue;
                        if (only && only != x) { single = false; break; }
                        only = x;
                    }
                    if (!single || !only || typeOf(only) != typeOf(y)) continue;
                    alias_[y] = only;
                    changed = true;
                }
            }
        }
    }
    static const LowLevelType* typeOf(Value* v) {
        if (auto* c = ir::asConstant(v)) return resolved(static_cast<const LowLevelType*>(c->concretetype));
        return resolved(static_cast<const LowLevelType*>(ir::asVariable(v)->concretetype));
    }
    static std::string fieldOf(Value* name) {
        return Database::fieldName(py::asString(ir::asConstant(name)->value()));
    }

    void writeBlock(Block* b) {
        if (jumpedTo_.count(b)) out_ += labels_[b] + ":\n";
        if (b == g_.returnblock) return; // never jumped to: links return
        if (b == g_.exceptblock) {
            out_ += "    RPyFatal(\"an exception reached an untransformed exceptblock\");\n";
            return;
        }
        for (Operation* op : b->operations) writeOp(op);
        if (!b->exitswitch) {
            writeLink(b->exits.at(0), "    ");
            return;
        }
        const LowLevelType* st = typeOf(b->exitswitch);
        if (st == Bool) {
            Link* yes = nullptr;
            Link* no = nullptr;
            for (Link* l : b->exits) (l->llexitcase && l->llexitcase->llvalue.i ? yes : no) = l;
            if (isExceptionTest(b)) out_ += "    if (RPY_UNLIKELY(" + val(b->exitswitch) + ")) {\n";
            else out_ += "    if (" + val(b->exitswitch) + ") {\n";
            writeLink(yes, "        ");
            out_ += "    } else {\n";
            writeLink(no, "        ");
            out_ += "    }\n";
            return;
        }
        out_ += "    switch (" + val(b->exitswitch) + ") {\n";
        Link* dflt = nullptr;
        for (Link* l : b->exits) {
            if (!l->llexitcase) { dflt = l; continue; }
            out_ += "    case " + db_.value(l->llexitcase->llvalue, st) + ": {\n";
            writeLink(l, "        ");
            out_ += "    }\n";
        }
        out_ += "    default: {\n";
        if (dflt) writeLink(dflt, "        ");
        else out_ += "        RPyFatal(\"no exit for a switch value\");\n";
        out_ += "    }\n    }\n";
    }

    /// Whether the block ends with the exception transform's test of
    /// exc_data (ptr_nonzero(getfield(exc_data, 'exc_type'))): rarely true.
    bool isExceptionTest(Block* b) {
        if (b->operations.size() < 2) return false;
        Operation* nz = b->operations.back();
        Operation* get = b->operations[b->operations.size() - 2];
        return nz->opcode == Opcode::PtrNonZero && nz->result == b->exitswitch &&
               get->opcode == Opcode::Getfield && nz->args[0] == get->result &&
               get->args[0] == db_.ctx_.excData;
    }

    void writeLink(Link* l, const std::string& ind) {
        if (!l) {
            out_ += ind + "RPyFatal(\"missing exit\");\n";
            return;
        }
        Block* t = l->target;
        if (t == g_.returnblock) {
            const LowLevelType* rt = typeOf(t->inputargs[0]);
            if (rt == Void) out_ += ind + "return;\n";
            else out_ += ind + "return " + val(l->args[0]) + ";\n";
            return;
        }
        // Parallel assignment: through temporaries when a target input is
        // also read by this link.
        std::vector<std::pair<Variable*, Value*>> moves;
        std::set<const Variable*> targets;
        for (size_t i = 0; i < l->args.size(); ++i) {
            Variable* dst = rep(t->inputargs[i]);
            if (typeOf(dst) == Void || !needed_.count(dst)) continue;
            if (auto* sv = ir::asVariable(l->args[i]); sv && rep(sv) == dst) continue;
            moves.push_back({dst, l->args[i]});
            targets.insert(dst);
        }
        bool overlap = false;
        for (auto& [dst, src] : moves)
            if (auto* v = ir::asVariable(src); v && targets.count(rep(v))) overlap = true;
        if (overlap && moves.size() > 1) {
            out_ += ind + "{\n";
            for (size_t i = 0; i < moves.size(); ++i)
                out_ += ind + "    " + db_.ctype(typeOf(moves[i].first)) + " t" + std::to_string(i) + " = " + val(moves[i].second) + ";\n";
            for (size_t i = 0; i < moves.size(); ++i)
                out_ += ind + "    " + db_.localName(&g_, moves[i].first) + " = t" + std::to_string(i) + ";\n";
            out_ += ind + "}\n";
        } else {
            for (auto& [dst, src] : moves) out_ += ind + db_.localName(&g_, dst) + " = " + val(src) + ";\n";
        }
        out_ += ind + "goto " + labels_[t] + ";\n";
    }

    void assign(Operation* op, const std::string& expr) {
        if (typeOf(op->result) != Void && needed_.count(op->result)) {
            out_ += "    " + db_.localName(&g_, op->result) + " = " + expr + ";\n";
            return;
        }
        // The result is never read: only what the operation does matters.
        if (!hasEffect(op)) return;
        out_ += "    (void)" + expr + ";\n";
    }

    /// The allocation of an object of type t (`size` bytes).
    std::string mallocCall(const LowLevelType* t, const std::string& size) {
        if (db_.refcounting() && t->isGc()) return "RPY_RC_MALLOC(" + size + ", " + db_.deallocator(t) + ")";
        return std::string(db_.atomic(t) ? "RPY_MALLOC_ATOMIC" : "RPY_MALLOC") + "(" + size + ")";
    }

    void writeOp(Operation* op) {
        auto& a = op->args;
        const LowLevelType* rt = typeOf(op->result);
        std::string name(ir::opName(op->opcode));
        switch (op->opcode) {
        case Opcode::SameAs:
        case Opcode::Hint: // (the JIT generator's hints: nothing in a static translation)
            if (rt != Void) assign(op, val(a[0]));
            return;
        case Opcode::JitMarker: return;
        case Opcode::JitWeAreJitted: assign(op, "0"); return;
        case Opcode::Getfield:
            if (rt == Void) return;
            assign(op, val(a[0]) + "->" + fieldOf(a[1]));
            return;
        case Opcode::Setfield:
            if (typeOf(a[2]) == Void) return;
            out_ += "    " + val(a[0]) + "->" + fieldOf(a[1]) + " = " + val(a[2]) + ";\n";
            return;
        case Opcode::Getsubstruct:
            assign(op, "&" + val(a[0]) + "->" + fieldOf(a[1]));
            return;
        case Opcode::Getarrayitem:
            if (rt == Void) return;
            assign(op, val(a[0]) + "->items[" + val(a[1]) + "]");
            return;
        case Opcode::Setarrayitem:
            if (typeOf(a[2]) == Void) return;
            out_ += "    " + val(a[0]) + "->items[" + val(a[1]) + "] = " + val(a[2]) + ";\n";
            return;
        case Opcode::Getarraysubstruct:
            assign(op, "&" + val(a[0]) + "->items[" + val(a[1]) + "]");
            return;
        case Opcode::Getarraysize: {
            const LowLevelType* at = resolved(asType<Ptr>(typeOf(a[0]))->to());
            if (auto* f = asType<FixedSizeArray>(at)) assign(op, std::to_string(f->length()));
            else assign(op, val(a[0]) + "->length");
            return;
        }
        case Opcode::Malloc: {
            const LowLevelType* t = ir::asConstant(a[0])->llvalue.type;
            std::string sname = db_.containerName(t);
            assign(op, "(" + sname + "*)" + mallocCall(t, "sizeof(" + sname + ")"));
            return;
        }
        case Opcode::MallocVarsize: {
            const LowLevelType* t = ir::asConstant(a[0])->llvalue.type;
            std::string sname = db_.containerName(t);
            Database::VarPath vp = db_.varPath(t);
            std::string n = val(a[1]);
            std::string items = vp.items.substr(1);
            std::string size = resolved(vp.item) == Void
                                   ? "sizeof(" + sname + ")"
                                   : "offsetof(" + sname + ", " + items + ") + (size_t)(" + n + ") * sizeof(" +
                                         db_.ctype(vp.item) + ")";
            if (!needed_.count(op->result)) return;
            std::string r = db_.localName(&g_, op->result);
            out_ += "    " + r + " = (" + sname + "*)" + mallocCall(t, size) + ";\n";
            if (vp.hasLength) out_ += "    " + r + "->" + vp.length.substr(1) + " = " + n + ";\n";
            return;
        }
        case Opcode::CastPointer:
            assign(op, "(" + db_.ctype(rt) + ")" + val(a[0]));
            return;
        case Opcode::CastPrimitive:
            if (rt == Bool) assign(op, "(" + val(a[0]) + " != 0)");
            else assign(op, "(" + db_.ctype(rt) + ")" + val(a[0]));
            return;
        case Opcode::CastIntToFloat:
            assign(op, "(double)" + val(a[0]));
            return;
        case Opcode::CastFloatToInt:
            assign(op, "(" + db_.ctype(rt) + ")RPyCastFloatToInt(" + val(a[0]) + ")");
            return;
        case Opcode::ConvertFloatBytesToLonglong:
            assign(op, "RPyFloatBits(" + val(a[0]) + ")");
            return;
        case Opcode::DirectCall: case Opcode::IndirectCall: {
            std::string callee;
            if (op->opcode == Opcode::DirectCall && ir::asConstant(a[0]))
                callee = db_.functionName(ir::asConstant(a[0])->llvalue.p);
            else
                callee = val(a[0]);
            size_t end = a.size() - (op->opcode == Opcode::IndirectCall ? 1 : 0);
            std::string args;
            for (size_t i = 1; i < end; ++i) {
                if (typeOf(a[i]) == Void) continue;
                args += (args.empty() ? "" : ", ") + val(a[i]);
            }
            assign(op, callee + "(" + args + ")");
            return;
        }
        case Opcode::IdentityHash:
            assign(op, "OP_GC_IDENTITYHASH(" + val(a[0]) + ")");
            return;
        case Opcode::RawLoad:
            assign(op, "(*(" + db_.ctype(rt) + "*)(" + val(a[0]) + " + " + val(a[1]) + "))");
            return;
        case Opcode::RawStore: {
            const auto* vt = static_cast<const LowLevelType*>(ir::asVariable(a[2]) ? ir::asVariable(a[2])->concretetype
                                                                                  : ir::asConstant(a[2])->concretetype);
            out_ += "    *(" + db_.ctype(vt) + "*)(" + val(a[0]) + " + " + val(a[1]) + ") = " + val(a[2]) + ";\n";
            return;
        }
        case Opcode::CastPtrToAdr: case Opcode::CastIntToAdr:
            assign(op, "((RPyAddress)" + val(a[0]) + ")");
            return;
        case Opcode::CastAdrToPtr:
            assign(op, "((" + db_.ctype(rt) + ")" + val(a[0]) + ")");
            return;
        case Opcode::CastAdrToInt:
            assign(op, "((Signed)" + val(a[0]) + ")");
            return;
        case Opcode::DebugFatal:
            out_ += "    RPyFatal(\"debug_fatalerror\");\n";
            return;
        default: break;
        }
        if (!ir::isLowLevel(op->opcode))
            throw std::logic_error("C backend: '" + name + "' is not a low-level operation (in " + g_.name + ")");
        std::string macro = "OP_";
        for (char c : name) macro += (char)std::toupper((unsigned char)c);
        std::string args;
        for (Value* v : a) args += (args.empty() ? "" : ", ") + val(v);
        assign(op, macro + "(" + args + ")");
    }

    Database& db_;
    LLContainer* fn_;
    const FunctionGraph& g_;
    bool stackCheck_;
    bool recursive_;
    std::string out_;
    std::unordered_map<const Block*, std::string> labels_;
    std::set<const Variable*> declared_;
    std::set<const Variable*> needed_;
    std::set<const Block*> jumpedTo_;
    std::unordered_map<Variable*, Variable*> alias_;
};

// --- a generating extension's tables -----------------------------------------------------------

/// jit.c: RPyJit_tables (runtime/c/futamura_jit.h) — the types, fields and
/// functions a generating extension's runtime calls name by number, with
/// their sizes and offsets in this program's C types.
class JitTablesWriter {
public:
    JitTablesWriter(Database& db, const Program& prog) : db_(db), prog_(prog), m_(*prog.jit) {}

    std::string write() {
        for (const LowLevelType* t : m_.types) add(t); // (the calls' type numbers come first)
        std::vector<std::string> fields;
        for (const auto& f : m_.fields) fields.push_back(field(f));
        std::string fns;
        for (ir::Constant* c : m_.functions) {
            LLContainer* fn = c->llvalue.p;
            std::string name = db_.functionName(fn);
            fns += "    {\"" + name + "\", (RPyJitCode)&" + name + ", " +
                   std::to_string(index(static_cast<const LowLevelType*>(c->concretetype))) + "},\n";
        }
        auto ints = [&](const std::vector<const LowLevelType*>& ts) {
            std::string out;
            for (const LowLevelType* t : ts) out += std::to_string(index(t)) + ", ";
            return out;
        };
        std::string args = ints(m_.argTypes), fallback = ints(m_.fallbackTypes);
        int result = index(m_.resultType);
        int excType = index(static_cast<const LowLevelType*>(prog_.ctx->excData->concretetype));
        std::string greens, merge;
        for (bool g : m_.greenArg) greens += g ? "1, " : "0, ";
        for (size_t k : m_.mergeOrder) merge += std::to_string(k) + ", ";
        std::string ops;
        for (unsigned k = 0; k < ir::opcodeCount(); ++k)
            ops += "    \"" + std::string(ir::opName((ir::Opcode)k)) + "\",\n";

        std::string out = "#include \"common.h\"\n#include <stddef.h>\n\n";
        out += "static const RPyJitType types[] = {\n";
        for (const std::string& e : entries_) out += e;
        out += "};\n";
        out += "static const RPyJitField fields[] = {\n";
        for (const std::string& f : fields) out += f;
        if (fields.empty()) out += "    {0, 0, 0, 0, 0},\n";
        out += "};\n";
        out += "static const RPyJitFunction functions[] = {\n" + (fns.empty() ? "    {0, 0, 0},\n" : fns) + "};\n";
        out += "static const char* const opnames[] = {\n" + ops + "};\n";
        out += "static const int arg_types[] = {" + args + "-1};\n";
        out += "static const unsigned char green_arg[] = {" + greens + "0};\n";
        out += "static const long merge_order[] = {" + merge + "-1};\n";
        out += "static const int fallback_types[] = {" + fallback + "-1};\n\n";
        out += "const RPyJitTables RPyJit_tables = {\n";
        out += "    (RPyJitCode)&" + db_.functionName(m_.genext->llvalue.p) + ",\n";
        out += "    (RPyJitCode)&" + db_.functionName(m_.portal->llvalue.p) + ",\n";
        out += "    " + std::to_string(m_.types.size()) + ", " + std::to_string(count_) + ", types,\n";
        out += "    " + std::to_string(m_.fields.size()) + ", fields,\n";
        out += "    " + std::to_string(m_.functions.size()) + ", functions,\n";
        out += "    " + std::to_string(ir::opcodeCount()) + ", opnames,\n";
        out += "    (void*)" + db_.address(prog_.ctx->excData->llvalue.p,
                                           static_cast<const LowLevelType*>(prog_.ctx->excData->concretetype)) +
               ", " + std::to_string(excType) + ",\n";
        out += "    " + std::to_string(m_.argTypes.size()) + ", arg_types, green_arg, " + std::to_string(result) + ",\n";
        out += "    " + std::to_string(m_.mergeOrder.size()) + ", merge_order, fallback_types,\n};\n";
        return out;
    }

private:
    /// The number of a type (a new entry the first time; those it refers
    /// to are added after it).
    int index(const LowLevelType* t) {
        t = resolved(t);
        auto it = index_.find(t);
        if (it != index_.end()) return it->second;
        return add(t);
    }
    /// A new entry for t (a type number may name a type twice: the calls'
    /// numbers are positions, each gets its entry).
    int add(const LowLevelType* t) {
        t = resolved(t);
        int k = count_++;
        index_.try_emplace(t, k);
        std::string name = t->shortName();
        std::string cname, kind;
        int to = -1, item = -1;
        std::string size = "0", itemsOff = "-1", lengthOff = "-1", itemSize = "0";
        int immutable = 0;
        if (t->kind() == TypeKind::Primitive) {
            kind = t == Void       ? "RPYJIT_VOID"
                   : t == Bool     ? "RPYJIT_BOOL"
                   : t == Char     ? "RPYJIT_CHAR"
                   : t == UniChar  ? "RPYJIT_UNICHAR"
                   : t == Signed   ? "RPYJIT_SIGNED"
                   : t == Unsigned ? "RPYJIT_UNSIGNED"
                   : t == SignedLongLong   ? "RPYJIT_LONGLONG"
                   : t == UnsignedLongLong ? "RPYJIT_ULONGLONG"
                   : t == Float    ? "RPYJIT_FLOAT"
                                   : "RPYJIT_ADDRESS";
            if (t != Void) size = "sizeof(" + db_.ctype(t) + ")";
        } else if (auto* p = asType<Ptr>(t)) {
            kind = "RPYJIT_PTR";
            size = "sizeof(void*)";
            to = index(p->to());
        } else if (t->kind() == TypeKind::Func) {
            kind = "RPYJIT_FUNC";
        } else if (t->kind() == TypeKind::Opaque) {
            kind = "RPYJIT_OPAQUE";
        } else {
            std::string c = db_.containerName(t);
            size = "sizeof(" + c + ")";
            if (auto* f = asType<FixedSizeArray>(t)) {
                kind = "RPYJIT_FIXEDARRAY";
                item = index(f->itemType());
                if (resolved(f->itemType()) != Void) itemSize = "sizeof(" + db_.ctype(f->itemType()) + ")";
            } else {
                kind = asType<Array>(t) ? "RPYJIT_ARRAY" : "RPYJIT_STRUCT";
                if (auto* a = asType<Array>(t)) immutable = rtyper::isImmutableArray(a) ? 1 : 0;
                if (t->isVarSize()) {
                    Database::VarPath vp = db_.varPath(t);
                    item = index(vp.item);
                    if (resolved(vp.item) != Void) {
                        itemsOff = "(long)offsetof(" + c + ", " + vp.items.substr(1) + ")";
                        itemSize = "sizeof(" + db_.ctype(vp.item) + ")";
                    }
                    if (vp.hasLength) lengthOff = "(long)offsetof(" + c + ", " + vp.length.substr(1) + ")";
                }
            }
        }
        entries_.resize((size_t)count_);
        entries_[(size_t)k] = "    {\"" + escape(name) + "\", " + kind + ", " + std::to_string(to) + ", " + size + ", " +
                              std::to_string(item) + ", " + itemsOff + ", " + lengthOff + ", " + itemSize + ", " +
                              std::to_string(immutable) + "},\n";
        return k;
    }

    std::string field(const Program::JitModule::Field& f) {
        const auto* p = asType<Ptr>(resolved(f.ptrType));
        const auto* s = p ? asType<Struct>(resolved(p->to())) : nullptr;
        if (!s) throw std::logic_error("C backend: a JIT field of a non-struct pointer " + f.ptrType->shortName());
        const LowLevelType* ft = s->fieldType(f.name);
        if (!ft) throw std::logic_error("C backend: no field " + f.name + " in " + s->shortName());
        std::string offset = resolved(ft) == Void ? "-1"
                                                  : "(long)offsetof(" + db_.containerName(s) + ", " +
                                                        Database::fieldName(f.name) + ")";
        return "    {\"" + escape(f.name) + "\", " + std::to_string(index(s)) + ", " + std::to_string(index(ft)) + ", " +
               offset + ", " + (rtyper::isImmutableField(s, f.name) ? "1" : "0") + "},\n";
    }

    static std::string escape(const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '"' || c == '\\') out += '\\';
            if ((unsigned char)c < 0x20) continue;
            out += c;
        }
        return out;
    }

    Database& db_;
    const Program& prog_;
    const Program::JitModule& m_;
    std::map<const LowLevelType*, int> index_;
    std::vector<std::string> entries_;
    int count_ = 0;
};

// --- externals -------------------------------------------------------------------------------

std::string externalBody(Database& db, LLContainer* fn, const Program& prog) {
    const std::string& n = fn->external;
    auto* ft = asType<FuncType>(fn->type);
    auto str = [&](const LowLevelType* ptr) {
        // (type name, items path, length path) of a STR/BYTES pointer type
        Database::VarPath vp = db.varPath(resolved(asType<Ptr>(resolved(ptr))->to()));
        return vp;
    };
    auto makeString = [&](const LowLevelType* ptr, const std::string& src, const std::string& len, bool narrow) {
        std::string sname = db.containerName(resolved(asType<Ptr>(resolved(ptr))->to()));
        Database::VarPath vp = str(ptr);
        std::string code = "    " + sname + "* r = (" + sname + "*)" +
                           db.runtimeMallocVarsize(asType<Ptr>(resolved(ptr))->to(), len,
                                                   "offsetof(" + sname + ", " + vp.items.substr(1) + ") + (size_t)(" + len +
                                                       ") * sizeof(" + db.ctype(vp.item) + ")") + ";\n";
        code += "    r->" + vp.length.substr(1) + " = " + len + ";\n";
        code += "    for (Signed i = 0; i < (Signed)(" + len + "); ++i) r->" + vp.items.substr(1) + "[i] = (" +
                db.ctype(vp.item) + ")(" + (narrow ? "(unsigned char)" : "") + src + "[i]);\n";
        return code;
    };
    (void)prog;
    if (n == "ll_os_write") {
        Database::VarPath vp = str(ft->args()[1]);
        return "    return RPyWrite(a0, a1->" + vp.items.substr(1) + ", a1->" + vp.length.substr(1) + ");\n";
    }
    if (n == "ll_os_read") {
        return "    Signed len;\n    unsigned char* buf = RPyRead(a0, a1, &len);\n" +
               makeString(ft->result(), "buf", "len", true) + "    free(buf);\n    return r;\n";
    }
    if (n == "ll_os_open") {
        Database::VarPath vp = str(ft->args()[0]);
        return "    return RPyOpen(a0->" + vp.items.substr(1) + ", a0->" + vp.length.substr(1) + ", a1, a2);\n";
    }
    if (n == "ll_os_close") return "    return RPyClose(a0);\n";
    if (n == "ll_time_time") return "    return RPyTime(0);\n";
    if (n == "ll_time_monotonic" || n == "ll_time_perf_counter") return "    return RPyTime(1);\n";
    if (n == "ll_float_repr")
        return "    char buf[64];\n    int len = RPyFloatRepr(a0, buf);\n" + makeString(ft->result(), "buf", "len", true) +
               "    return r;\n";
    if (n == "ll_float_format")
        return "    int len = RPyFloatFormat(a0, (int)a1, a2, NULL, 0);\n    char* buf = malloc((size_t)len + 1);\n"
               "    if (!buf) RPyFatal(\"MemoryError\");\n    RPyFloatFormat(a0, (int)a1, a2, buf, (size_t)len + 1);\n" +
               makeString(ft->result(), "buf", "len", true) + "    free(buf);\n    return r;\n";
    if (n == "ll_str_to_float") {
        Database::VarPath vp = str(ft->args()[0]);
        std::string items = "a0->" + vp.items.substr(1), len = "a0->" + vp.length.substr(1);
        return "    Signed n = " + len + ";\n    char* buf = malloc((size_t)n + 1);\n    if (!buf) RPyFatal(\"MemoryError\");\n"
               "    int ok = 1;\n    for (Signed i = 0; i < n; ++i) {\n        if (" + items + "[i] >= 128) ok = 0;\n"
               "        buf[i] = (char)" + items + "[i];\n    }\n    buf[n] = 0;\n    double d = 0.0;\n"
               "    if (ok) d = RPyStrToFloat(buf, &ok);\n    free(buf);\n    if (!ok) RPyRaiseValueError();\n    return d;\n";
    }
    if (n == "ll_math_sqrt") // (inlined into its callers: n-body-like code)
        return "    if (RPY_UNLIKELY(a0 < 0.0)) {\n        RPyRaiseValueError();\n        return 0.0;\n    }\n    return sqrt(a0);\n";
    if (n.rfind("ll_math_", 0) == 0) {
        std::string m = n.substr(8);
        std::string upper;
        for (char c : m) upper += (char)std::toupper((unsigned char)c);
        if (ft->args().size() == 1) return "    return RPyMath1(RPY_M_" + upper + ", a0);\n";
        return "    return RPyMath2(RPY_M_" + upper + ", a0, a1);\n";
    }
    throw std::runtime_error("the C backend has no implementation of the external function " + n);
}

} // namespace

std::vector<Source> generateC(const Program& prog, const Options& opts, const std::string& runtimeDir) {
    LLContext& ctx = *prog.ctx;
    if (!ctx.excData) throw std::logic_error("C backend: the graphs must be exception-transformed first");
    Database db(prog);
    // Roots: the entry point, exc_data, what the runtime raises.
    LLContainer* entry = prog.entry->llvalue.p;
    db.noteFunction(entry);
    db.noteContainer(ctx.excData->llvalue.p);
    if (prog.gcState) {
        db.noteContainer(prog.gcState->llvalue.p);
        db.noteFunction(prog.gcSetup->llvalue.p);
    }
    for (auto& e : prog.runtimeExceptions) {
        db.noteContainer(e.vtable->llvalue.p);
        db.noteFunction(e.allocator->llvalue.p);
    }
    for (ir::Constant* f : prog.extraFunctions) db.noteFunction(f->llvalue.p);
    if (prog.jit) {
        db.noteFunction(prog.jit->portal->llvalue.p);
        for (ir::Constant* f : prog.jit->functions) db.noteFunction(f->llvalue.p);
    }
    db.ctype(prog.argvType);
    db.ctype(prog.strType);

    // Function bodies and data initializers name more functions, types and
    // data as they are written: until nothing new appears.
    std::vector<std::pair<LLContainer*, std::string>> bodies;
    std::vector<std::pair<LLContainer*, std::string>> data;
    const std::set<const FunctionGraph*>& checked = prog.ctx->stackChecked;
    std::set<const FunctionGraph*> recursive;
    size_t checkedForRecursion = 0;
    while (bodies.size() < db.functionOrder_.size() || data.size() < db.dataOrder_.size()) {
        if (checkedForRecursion < db.functionOrder_.size()) {
            std::vector<FunctionGraph*> graphs;
            for (LLContainer* fn : db.functionOrder_)
                if (fn->graph) graphs.push_back(const_cast<FunctionGraph*>(fn->graph));
            recursive = transform::recursiveGraphs(*prog.ctx, graphs);
            checkedForRecursion = db.functionOrder_.size();
        }
        while (bodies.size() < db.functionOrder_.size()) {
            LLContainer* fn = db.functionOrder_[bodies.size()];
            std::string body;
            if (fn->graph)
                body = FunctionWriter(db, fn, checked.count(fn->graph) != 0, recursive.count(fn->graph) != 0).write();
            else if (fn->external.rfind("ts_", 0) == 0) body = ""; // (the JIT runtime's: declared only)
            else body = db.prototype(fn) + " {\n" + externalBody(db, fn, prog) + "}\n";
            bodies.push_back({fn, body});
        }
        while (data.size() < db.dataOrder_.size()) {
            LLContainer* c = db.dataOrder_[data.size()];
            data.push_back({c, db.globalInitializer(c)});
        }
    }

    // (before the type definitions: the tables may name more types)
    std::string jitc = prog.jit ? JitTablesWriter(db, prog).write() : "";

    std::vector<Source> out;
    const char* header = "/* Generated by futamura: do not edit. */\n";
    // common.h
    std::string common = std::string(header) + "#ifndef RPY_COMMON_H\n#define RPY_COMMON_H\n#include \"futamura.h\"\n" +
                         (prog.jit ? "#include \"futamura_jit.h\"\n" : "") + "\n";
    common += db.typeDefinitions();
    common += db.wrapperDefinitions();
    common += "\n/* functions */\n";
    for (auto& [fn, body] : bodies) common += db.prototype(fn) + ";\n";
    common += db.deallocatorPrototypes();
    common += "\n/* prebuilt data */\n";
    for (LLContainer* c : db.dataOrder_) common += "extern " + db.globalType(c) + " " + db.globals_.at(c) + ";\n";
    common += "\n#endif\n";
    // data.c
    std::string datac = std::string(header) + "#include \"common.h\"\n\n";
    for (auto& [c, init] : data) datac += db.globalType(c) + " " + db.globals_.at(c) + " = " + init + ";\n";
    // funcs_N.c
    std::vector<std::string> funcFiles;
    std::string cur;
    size_t lines = 0;
    auto flush = [&]() {
        if (cur.empty()) return;
        std::string name = "funcs_" + std::to_string(funcFiles.size() + 1) + ".c";
        out.push_back({name, std::string(header) + "#include \"common.h\"\n\n" + cur});
        funcFiles.push_back(name);
        cur.clear();
        lines = 0;
    };
    for (auto& [fn, body] : bodies) {
        if (body.empty()) continue;
        cur += body + "\n";
        lines += (size_t)std::count(body.begin(), body.end(), '\n');
        if (lines >= opts.linesPerFile) flush();
    }
    cur += db.deallocatorDefinitions();
    flush();
    // main.c: the raise helpers, argv, the entry point, uncaught exceptions.
    std::string mainc = std::string(header) + "#include \"common.h\"\n#include <stdio.h>\n\n";
    const std::string excType = db.ctype(ctx.exceptions->exceptionTypeType());
    const std::string excValue = db.ctype(ctx.exceptions->exceptionValueType());
    std::string excData = db.lvalue(ctx.excData->llvalue.p->outermost());
    for (auto& e : prog.runtimeExceptions) {
        mainc += "void RPyRaise" + e.name + "(void) {\n";
        mainc += "    " + excValue + " v = (" + excValue + ")" + db.functionName(e.allocator->llvalue.p) + "();\n";
        mainc += "    " + excData + ".exc_type = " + db.address(e.vtable->llvalue.p, ctx.exceptions->exceptionTypeType()) + ";\n";
        mainc += "    " + excData + ".exc_value = v;\n}\n\n";
    }
    {
        // argv: a list of str
        const LowLevelType* listT = resolved(asType<Ptr>(resolved(prog.argvType))->to());
        auto* listS = asType<Struct>(listT);
        const LowLevelType* itemsPtr = resolved(listS->fieldType("items"));
        const LowLevelType* itemsT = resolved(asType<Ptr>(itemsPtr)->to());
        const LowLevelType* strT = resolved(asType<Ptr>(resolved(prog.strType))->to());
        Database::VarPath sp = db.varPath(strT);
        std::string ln = db.containerName(listT), an = db.containerName(itemsT), sn = db.containerName(strT);
        mainc += "static " + ln + "* rpy_argv(int argc, char** argv) {\n";
        mainc += "    " + ln + "* l = (" + ln + "*)" + db.runtimeMalloc(listT, "sizeof(" + ln + ")") + ";\n";
        mainc += "    " + an + "* items = (" + an + "*)" +
                 db.runtimeMalloc(itemsT, "offsetof(" + an + ", items) + (size_t)argc * sizeof(" + sn + "*)") + ";\n";
        mainc += "    items->length = argc;\n    l->length = argc;\n    l->items = items;\n";
        mainc += "    for (int i = 0; i < argc; ++i) {\n";
        mainc += "        size_t n = strlen(argv[i]);\n";
        mainc += "        " + sn + "* s = (" + sn + "*)" +
                 db.runtimeMalloc(strT, "offsetof(" + sn + ", " + sp.items.substr(1) + ") + n * sizeof(RPyUniChar)") + ";\n";
        mainc += "        s->" + sp.length.substr(1) + " = (Signed)RPyUtf8Decode(argv[i], n, s->" + sp.items.substr(1) + ");\n";
        mainc += "        items->items[i] = s;\n    }\n    return l;\n}\n\n";
        // uncaught exception: its class name
        mainc += "static void rpy_report(" + excType + " t) {\n";
        mainc += "    " + sn + "* name = t->name;\n";
        mainc += "    char* buf = malloc((size_t)name->" + sp.length.substr(1) + " * 4 + 1);\n";
        mainc += "    size_t n = buf ? RPyUtf8Encode(name->" + sp.items.substr(1) + ", (size_t)name->" + sp.length.substr(1) + ", buf) : 0;\n";
        mainc += "    fflush(stdout);\n    fprintf(stderr, \"Fatal RPython error: %.*s\\n\", (int)n, buf ? buf : \"\");\n}\n\n";
    }
    mainc += "int main(int argc, char** argv) {\n    RPY_GC_INIT();\n    RPyStackInit();\n";
    if (prog.gcState) {
        std::string st = db.address(prog.gcState->llvalue.p, static_cast<const LowLevelType*>(prog.gcState->concretetype));
        const auto* gs = asType<Struct>(resolved(asType<Ptr>(resolved(static_cast<const LowLevelType*>(prog.gcState->concretetype)))->to()));
        // the settings from the environment, then setup()
        mainc += "    {\n        const char* d = getenv(\"RPY_GC_DEBUG\"); /* collect at every allocation */\n";
        mainc += "        if (d && *d && strcmp(d, \"0\") != 0) " + st + "->debug = 1;\n    }\n";
        mainc += "    " + st + "->root_stack_base = " + st + "->root_stack_top = RPyShadowStack();\n";
        if (gs->fieldType("nursery_size"))
            mainc += "    " + st + "->nursery_size = RPyEnvSize(\"RPY_GC_NURSERY\"); /* bytes, or with k/M/G */\n";
        mainc += "    " + db.functionName(prog.gcSetup->llvalue.p) + "(" + st + ");\n";
    }
    mainc += "    Signed r = " + db.functionName(entry) + "(rpy_argv(argc, argv));\n";
    mainc += "    fflush(stdout);\n";
    if (prog.gcState) {
        // statistics on request; a failed heap check (RPY_GC_DEBUG) is fatal
        std::string st = db.address(prog.gcState->llvalue.p, static_cast<const LowLevelType*>(prog.gcState->concretetype));
        const auto* gs = asType<Struct>(resolved(asType<Ptr>(resolved(static_cast<const LowLevelType*>(prog.gcState->concretetype)))->to()));
        mainc += "    if (getenv(\"RPY_GC_STATS\")) {\n";
        for (const Field& f : gs->fields()) {
            if (f.name.rfind("stat_", 0) != 0 && f.name != "live_bytes") continue;
            std::string name = f.name.rfind("stat_", 0) == 0 ? f.name.substr(5) : f.name;
            if (resolved(f.type) == Float)
                mainc += "        fprintf(stderr, \"gc: " + name + " %.3f\\n\", " + st + "->" + f.name + ");\n";
            else
                mainc += "        fprintf(stderr, \"gc: " + name + " %ld\\n\", (long)" + st + "->" + f.name + ");\n";
        }
        mainc += "    }\n";
        if (gs->fieldType("stat_heap_errors"))
            mainc += "    if (" + st + "->stat_heap_errors) {\n        fprintf(stderr, \"Fatal RPython error: the GC's heap check "
                     "found %ld bad pointers\\n\", (long)" + st + "->stat_heap_errors);\n        return 70;\n    }\n";
    }
    mainc += "    if (" + excData + ".exc_type) {\n        rpy_report(" + excData + ".exc_type);\n        return 1;\n    }\n";
    mainc += "    return (int)r;\n}\n";

    out.push_back({"common.h", common});
    out.push_back({"data.c", datac});
    out.push_back({"main.c", mainc});
    if (prog.jit) out.push_back({"jit.c", std::string(header) + jitc});
    // the runtime, copied in
    std::vector<const char*> runtimeFiles{"futamura.h", "futamura.c"};
    if (prog.jit) runtimeFiles.push_back("futamura_jit.h");
    for (const char* f : runtimeFiles) {
        std::ifstream in(runtimeDir + "/" + f);
        if (!in) throw std::runtime_error("cannot read the C runtime " + runtimeDir + "/" + f);
        std::stringstream ss;
        ss << in.rdbuf();
        out.push_back({f, ss.str()});
    }
    // Makefile
    std::string objs = std::string("main.o data.o futamura.o") + (prog.jit ? " jit.o" : "");
    for (auto& f : funcFiles) objs += " " + f.substr(0, f.size() - 2) + ".o";
    std::string gcflags = opts.gc == "boehm"      ? "-DRPY_GC_BOEHM"
                          : opts.gc == "refcount" ? "-DRPY_GC_REFCOUNT"
                          : prog.gcState          ? "-DRPY_GC_FRAMEWORK"
                                                  : "";
    std::string libs = opts.gc == "boehm" ? "-lgc -lm" : "-lm";
    std::string mk = "# Generated by futamura. `make -jN`; CC and CFLAGS can be overridden.\n";
    mk += "CC ?= cc\nCFLAGS ?= -O" + std::to_string(opts.optLevel) + "\n";
    mk += "# struct pointers are cast between a struct and its first-field ancestors\n";
    mk += "# prebuilt var-sized objects are declared with their exact length and read\n";
    mk += "# through the general type: GCC's -Warray-bounds then sees false overruns\n";
    mk += "RPY_CFLAGS = " + gcflags + " -fno-strict-aliasing -fno-math-errno -Wall -Wextra -Wno-array-bounds\n";
    mk += "LIBS = " + libs + "\n";
    mk += "OBJS = " + objs + "\n\n";
    mk += "program: $(OBJS)\n\t$(CC) $(CFLAGS) -o $@ $(OBJS) $(LIBS)\n\n";
    mk += "objects: $(OBJS)\n\n";
    mk += "# the program as a library: a generating extension waits there for the JIT runtime\n";
    mk += "program.a: $(OBJS)\n\trm -f $@\n\t$(AR) rcs $@ $(OBJS)\n\n";
    mk += std::string("%.o: %.c common.h futamura.h") + (prog.jit ? " futamura_jit.h" : "") +
          "\n\t$(CC) $(CFLAGS) $(RPY_CFLAGS) -c $< -o $@\n\n";
    mk += "clean:\n\trm -f $(OBJS) program program.a\n";
    out.push_back({"Makefile", mk});
    return out;
}

} // namespace futamura::backend::c
