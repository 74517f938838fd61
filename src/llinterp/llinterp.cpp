//! The ll-graph interpreter (llinterp.h).
#include "futamura/llinterp/llinterp.h"

#include "futamura/python/interpreter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace futamura::llinterp {

using ir::Opcode;
using rtyper::LLContainer;
using rtyper::LowLevelType;
using namespace rtyper; // the primitive type globals

struct LLInterpreter::Frame {
    const ir::FunctionGraph* graph;
    GraphInfo* info;
    std::vector<LLValue> slots;
    const ir::Block* block = nullptr;

    LLValue get(const ir::Value* v) const {
        if (const auto* c = ir::asConstant(const_cast<ir::Value*>(v))) return c->llvalue;
        auto it = info->slots.find(static_cast<const ir::Variable*>(v));
        if (it == info->slots.end() || it->second >= slots.size())
            throw LLFatalError("llinterp: " + static_cast<const ir::Variable*>(v)->name() + " read before it is set");
        return slots[it->second];
    }
    void set(const ir::Variable* v, LLValue x) {
        // (a variable of a block added after the graph first ran: a bridge
        // the JIT added to a residual graph)
        auto [it, fresh] = info->slots.try_emplace(v, (uint32_t)info->slots.size());
        (void)fresh;
        if (it->second >= slots.size()) slots.resize(it->second + 1);
        slots[it->second] = x;
    }
};

namespace {

const LowLevelType* typeOf(const ir::Value* v) {
    if (const auto* c = ir::asConstant(const_cast<ir::Value*>(v)))
        return static_cast<const LowLevelType*>(c->concretetype);
    return static_cast<const LowLevelType*>(static_cast<const ir::Variable*>(v)->concretetype);
}

size_t fieldIndex(const LLContainer* c, PyObject* name) {
    const auto* s = asType<Struct>(c->type);
    auto idx = s ? s->fieldIndex(py::asString(name)) : std::nullopt;
    if (!idx) throw LLFatalError("no field " + py::asString(name));
    return *idx;
}

int64_t floorDiv(int64_t x, int64_t y) {
    if (y == -1) return (int64_t)(0 - (uint64_t)x);
    int64_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
    return q;
}
int64_t floorMod(int64_t x, int64_t y) {
    if (y == -1) return 0;
    int64_t r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) r += y;
    return r;
}

std::string pythonFloatRepr(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    if (x == 0) return std::signbit(x) ? "-0.0" : "0.0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    // d[.ddd]e[+-]XX
    bool neg = sci[0] == '-';
    if (neg) sci = sci.substr(1);
    size_t epos = sci.find('e');
    std::string mant = sci.substr(0, epos);
    int exp10 = std::stoi(sci.substr(epos + 1));
    std::string digits;
    for (char c : mant)
        if (c != '.') digits += c;
    int decpt = exp10 + 1; // value = 0.DIGITS * 10^decpt
    std::string out;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out = "0." + std::string(-decpt, '0') + digits;
        } else if ((size_t)decpt >= digits.size()) {
            out = digits + std::string(decpt - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, decpt) + "." + digits.substr(decpt);
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        int e = decpt - 1;
        char eb[16];
        snprintf(eb, sizeof eb, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
        out += eb;
    }
    return neg ? "-" + out : out;
}

void appendUtf8(std::string& out, uint32_t c) {
    if (c < 0x80) out += (char)c;
    else if (c < 0x800) {
        out += (char)(0xC0 | (c >> 6));
        out += (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += (char)(0xE0 | (c >> 12));
        out += (char)(0x80 | ((c >> 6) & 0x3F));
        out += (char)(0x80 | (c & 0x3F));
    } else {
        out += (char)(0xF0 | (c >> 18));
        out += (char)(0x80 | ((c >> 12) & 0x3F));
        out += (char)(0x80 | ((c >> 6) & 0x3F));
        out += (char)(0x80 | (c & 0x3F));
    }
}

} // namespace

LLInterpreter::LLInterpreter(rtyper::LLContext& ctx) : ctx_(ctx) {
    writer = [](int fd, const std::string& data) {
        if (fd == 1) fflush(stdout);
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd, data.data() + done, data.size() - done);
            if (n <= 0) break;
            done += (size_t)n;
        }
    };
    registerExternal("ll_os_write", [](LLInterpreter& in, const FuncType*, std::vector<LLValue>& a) {
        std::string data = in.stringOf(a[1]);
        in.writer((int)a[0].i, data);
        return LLValue::integer((int64_t)data.size());
    });
    registerExternal("ll_os_read", [](LLInterpreter& in, const FuncType* ft, std::vector<LLValue>& a) {
        std::string buf(a[1].i > 0 ? (size_t)a[1].i : 0, '\0');
        ssize_t n = buf.empty() ? 0 : ::read((int)a[0].i, buf.data(), buf.size());
        buf.resize(n > 0 ? (size_t)n : 0);
        return in.makeString(ft->result(), buf);
    });
    registerExternal("ll_os_open", [](LLInterpreter& in, const FuncType*, std::vector<LLValue>& a) {
        std::string path = in.stringOf(a[0]);
        int fd = ::open(path.c_str(), (int)a[1].i, (int)a[2].i);
        if (fd < 0) in.raise(PyExc_OSError);
        return LLValue::integer(fd);
    });
    registerExternal("ll_os_close", [](LLInterpreter& in, const FuncType*, std::vector<LLValue>& a) {
        if (::close((int)a[0].i) < 0) in.raise(PyExc_OSError);
        return LLValue::integer(0);
    });
    auto clock = [](clockid_t id) {
        return [id](LLInterpreter&, const FuncType*, std::vector<LLValue>&) {
            timespec ts{};
            clock_gettime(id, &ts);
            return LLValue::floating((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
        };
    };
    registerExternal("ll_time_time", clock(CLOCK_REALTIME));
    registerExternal("ll_time_monotonic", clock(CLOCK_MONOTONIC));
    registerExternal("ll_time_perf_counter", clock(CLOCK_MONOTONIC));
    registerExternal("ll_float_repr", [](LLInterpreter& in, const FuncType* ft, std::vector<LLValue>& a) {
        return in.makeString(ft->result(), pythonFloatRepr(a[0].f));
    });
    // ll_float_format(x, code, precision): %.<precision><code> for code in
    // e, f, g, E, F, G (precision < 0: the default 6).
    registerExternal("ll_float_format", [](LLInterpreter& in, const FuncType* ft, std::vector<LLValue>& a) {
        char fmt[16];
        snprintf(fmt, sizeof fmt, "%%.%d%c", a[2].i < 0 ? 6 : (int)a[2].i, (char)a[1].i);
        int n = snprintf(nullptr, 0, fmt, a[0].f);
        std::string s((size_t)n, '\0');
        snprintf(s.data(), (size_t)n + 1, fmt, a[0].f);
        return in.makeString(ft->result(), s);
    });
    registerExternal("ll_str_to_float", [](LLInterpreter& in, const FuncType*, std::vector<LLValue>& a) {
        std::string s = in.stringOf(a[0]);
        char* end = nullptr;
        double d = strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) in.raise(PyExc_ValueError);
        return LLValue::floating(d);
    });
    // The C library's math functions with CPython's error rules: NaN from
    // non-NaN arguments is a domain error (ValueError); an infinity from
    // finite arguments is an OverflowError where the function can overflow,
    // else a pole (ValueError, like log(0.0)).
    struct MathFn { const char* name; double (*f1)(double); double (*f2)(double, double); bool canOverflow; };
    static const MathFn mathFns[] = {
        {"sqrt", [](double x) { return std::sqrt(x); }, nullptr, false},
        {"exp", [](double x) { return std::exp(x); }, nullptr, true},
        {"log", [](double x) { return std::log(x); }, nullptr, false},
        {"log10", [](double x) { return std::log10(x); }, nullptr, false},
        {"log2", [](double x) { return std::log2(x); }, nullptr, false},
        {"sin", [](double x) { return std::sin(x); }, nullptr, false},
        {"cos", [](double x) { return std::cos(x); }, nullptr, false},
        {"tan", [](double x) { return std::tan(x); }, nullptr, false},
        {"asin", [](double x) { return std::asin(x); }, nullptr, false},
        {"acos", [](double x) { return std::acos(x); }, nullptr, false},
        {"atan", [](double x) { return std::atan(x); }, nullptr, false},
        {"sinh", [](double x) { return std::sinh(x); }, nullptr, true},
        {"cosh", [](double x) { return std::cosh(x); }, nullptr, true},
        {"tanh", [](double x) { return std::tanh(x); }, nullptr, false},
        {"floor", [](double x) { return std::floor(x); }, nullptr, false},
        {"ceil", [](double x) { return std::ceil(x); }, nullptr, false},
        {"atan2", nullptr, [](double y, double x) { return std::atan2(y, x); }, false},
        {"pow", nullptr, [](double x, double y) { return std::pow(x, y); }, true},
        {"fmod", nullptr, [](double x, double y) { return std::fmod(x, y); }, false},
        {"hypot", nullptr, [](double x, double y) { return std::hypot(x, y); }, true},
        {"copysign", nullptr, [](double x, double y) { return std::copysign(x, y); }, false},
    };
    for (const MathFn& m : mathFns) {
        registerExternal(std::string("ll_math_") + m.name,
                         [m](LLInterpreter& in, const FuncType*, std::vector<LLValue>& a) {
            double x = a[0].f, y = m.f2 ? a[1].f : 0.0;
            double r = m.f1 ? m.f1(x) : m.f2(x, y);
            bool argNan = std::isnan(x) || std::isnan(y);
            bool argInf = std::isinf(x) || std::isinf(y);
            if (std::isnan(r) && !argNan) in.raise(PyExc_ValueError);
            if (std::isinf(r) && !argInf && !argNan) {
                // pow(0.0, negative) is a pole; other infinities overflow.
                bool pole = !m.canOverflow || (m.f2 && std::string(m.name) == "pow" && x == 0.0);
                in.raise(pole ? PyExc_ValueError : PyExc_OverflowError);
            }
            return LLValue::floating(r);
        });
    }
}

void LLInterpreter::registerExternal(const std::string& name, External impl) {
    externals_[name] = std::move(impl);
}

LLInterpreter::GraphInfo& LLInterpreter::info(const ir::FunctionGraph* graph) {
    auto it = infos_.find(graph);
    if (it != infos_.end()) return it->second;
    GraphInfo& gi = infos_[graph];
    auto def = [&](const ir::Variable* v) {
        if (v) gi.slots.emplace(v, (uint32_t)gi.slots.size());
    };
    for (const ir::Block* b : graph->blocks()) {
        for (const ir::Variable* v : b->inputargs) def(v);
        for (const ir::Operation* op : b->operations) def(op->result);
        for (const ir::Link* l : b->exits) {
            def(ir::asVariable(l->lastException));
            def(l->lastExcValue);
        }
    }
    return gi;
}

void LLInterpreter::raise(PyObject* cls) {
    if (!ctx_.exceptions) throw LLFatalError("an exception was raised without exception data");
    ir::Constant* alloc = ctx_.exceptions->allocatorOf(cls);
    LLValue inst = callPointer(alloc->llvalue, {});
    throw LLException{ctx_.exceptions->vtableOf(cls)->llvalue, inst};
}

std::string LLInterpreter::stringOf(LLValue s) {
    if (!s.p) throw LLFatalError("null string");
    const auto* st = asType<Struct>(s.p->type);
    auto idx = st ? st->fieldIndex("chars") : std::nullopt;
    if (!idx) throw LLFatalError("not a string: " + s.p->type->shortName());
    const LLContainer* chars = s.p->slots[*idx].p;
    const LowLevelType* item = asType<Array>(chars->type)->itemType();
    std::string out;
    for (const LLValue& c : chars->slots) {
        if (item == UniChar) appendUtf8(out, (uint32_t)c.i);
        else out += (char)c.i;
    }
    return out;
}

LLValue LLInterpreter::makeString(const LowLevelType* ptrType, const std::string& utf8) {
    const auto* st = asType<Struct>(asType<Ptr>(ptrType)->to());
    const LowLevelType* item = asType<Array>(st->arrayField()->type)->itemType();
    std::vector<int64_t> codes;
    if (item == UniChar) {
        for (size_t i = 0; i < utf8.size();) {
            unsigned char c = utf8[i];
            uint32_t cp;
            int n;
            if (c < 0x80) { cp = c; n = 1; }
            else if (c < 0xE0) { cp = c & 0x1F; n = 2; }
            else if (c < 0xF0) { cp = c & 0x0F; n = 3; }
            else { cp = c & 0x07; n = 4; }
            for (int k = 1; k < n && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
            codes.push_back(cp);
            i += n;
        }
    } else {
        for (unsigned char c : utf8) codes.push_back(c);
    }
    LLContainer* c = ctx_.heap.allocate(st, codes.size());
    LLContainer* chars = c->slots.back().p;
    for (size_t i = 0; i < codes.size(); ++i) chars->slots[i] = LLValue::integer(codes[i]);
    return LLValue::pointer(c);
}

void LLInterpreter::fatal(const Frame& f, const ir::Operation* op, const std::string& message) {
    std::string where = f.graph->name;
    if (op && op->pos.file)
        where += " (" + *op->pos.file + ":" + std::to_string(op->pos.line) + ")";
    throw LLFatalError("llinterp: " + message + (op ? " in " + std::string(ir::opName(op->opcode)) : "") +
                       ", in " + where);
}

bool LLInterpreter::matches(LLValue etype, const ir::Constant* cls) {
    const LLContainer* e = etype.p;
    const LLContainer* k = cls->llvalue.p;
    if (!e || !k) return false;
    const auto* st = asType<Struct>(e->type);
    auto lo = st->fieldIndex("subclassrange_min");
    auto hi = st->fieldIndex("subclassrange_max");
    if (!lo || !hi) return e == k;
    int64_t id = e->slots[*lo].i;
    return k->slots[*lo].i <= id && id < k->slots[*hi].i;
}

LLValue LLInterpreter::callPointer(LLValue fnptr, std::vector<LLValue> args) {
    const LLContainer* fn = fnptr.p;
    if (!fn) throw LLFatalError("llinterp: call of a null function pointer");
    if (fn->graph) return call(fn->graph, std::move(args));
    auto it = externals_.find(fn->external);
    if (it == externals_.end())
        throw LLFatalError("llinterp: unknown external function " + fn->external);
    return it->second(*this, asType<FuncType>(fn->type), args);
}

LLValue LLInterpreter::callTopLevel(LLValue fnptr, std::vector<LLValue> args) {
    LLValue r = callPointer(fnptr, std::move(args));
    if (ctx_.excData) {
        LLContainer* data = ctx_.excData->llvalue.p;
        if (data->slots[0].p) {
            LLException e{data->slots[0], data->slots[1]};
            data->slots[0] = LLValue::pointer(nullptr);
            data->slots[1] = LLValue::pointer(nullptr);
            throw e;
        }
    }
    return r;
}

LLValue LLInterpreter::call(const ir::FunctionGraph* graph, std::vector<LLValue> args) {
    // After the exception transform only the stack-checked graphs raise
    // RecursionError (as in C); elsewhere nothing can catch it, and a
    // runaway recursion ends as the uncaught exception.
    bool checks = !ctx_.excData || ctx_.stackChecked.count(graph);
    if (depth_ >= maxDepth && !overflowing_ && checks) {
        // Allocating the RecursionError runs a graph too: a little room.
        overflowing_ = true;
        struct Reset {
            bool& b;
            ~Reset() { b = false; }
        } reset{overflowing_};
        raise(PyExc_RecursionError);
    }
    if (depth_ >= maxDepth + 64 && checks) throw LLFatalError("llinterp: stack overflow while raising RecursionError");
    if (depth_ >= maxDepth + 1024) throw LLFatalError("Fatal RPython error: RecursionError (stack overflow)");
    ++depth_;
    struct Guard {
        size_t& d;
        ~Guard() { --d; }
    } guard{depth_};
    return run(graph, args);
}

LLValue LLInterpreter::run(const ir::FunctionGraph* graph, std::vector<LLValue>& args) {
    if (callHook)
        if (std::optional<LLValue> r = callHook(graph, args)) return *r;
    Frame f{graph, &info(graph), {}, graph->startblock};
    f.slots.resize(f.info->slots.size());
    const ir::Block* b = graph->startblock;
    if (args.size() != b->inputargs.size())
        throw LLFatalError("llinterp: " + graph->name + " called with " + std::to_string(args.size()) +
                           " arguments");
    for (size_t i = 0; i < args.size(); ++i) f.set(b->inputargs[i], args[i]);
    std::vector<LLValue> tmp;
    for (;;) {
        f.block = b;
        if (b == graph->returnblock) return f.get(b->inputargs[0]);
        if (b == graph->exceptblock) throw LLException{f.get(b->inputargs[0]), f.get(b->inputargs[1])};
        const ir::Link* next = nullptr;
        size_t n = b->operations.size();
        if (b->raising && n > 0) {
            for (size_t i = 0; i + 1 < n; ++i) execute(f, *b->operations[i]);
            try {
                execute(f, *b->operations[n - 1]);
                next = b->exits[0];
            } catch (LLException& e) {
                for (size_t k = 1; k < b->exits.size(); ++k) {
                    const ir::Link* l = b->exits[k];
                    if (!l->llexitcase || matches(e.type, l->llexitcase)) {
                        if (auto* v = ir::asVariable(l->lastException)) f.set(v, e.type);
                        if (l->lastExcValue) f.set(l->lastExcValue, e.value);
                        next = l;
                        break;
                    }
                }
                if (!next) throw;
            }
        } else {
            if (ctx_.excData) {
                // Transformed graphs: an implicit exception (or one raised by
                // an external function) is stored in exc_data; the graph
                // tests it after the operation.
                for (const ir::Operation* op : b->operations) {
                    try {
                        execute(f, *op);
                    } catch (LLException& e) {
                        LLContainer* data = ctx_.excData->llvalue.p;
                        data->slots[0] = e.type;
                        data->slots[1] = e.value;
                        const auto* t = static_cast<const LowLevelType*>(op->result->concretetype);
                        f.set(op->result, t && t != Void ? LLHeap::zero(t) : LLValue());
                    }
                }
            } else {
                for (const ir::Operation* op : b->operations) execute(f, *op);
            }
            if (!b->exitswitch) {
                next = b->exits.at(0);
            } else {
                LLValue sw = f.get(b->exitswitch);
                for (const ir::Link* l : b->exits) {
                    if (!l->llexitcase) {
                        next = l; // default
                    } else if (l->llexitcase->llvalue.i == sw.i) {
                        next = l;
                        break;
                    }
                }
                if (!next) fatal(f, nullptr, "no exit for switch value " + std::to_string(sw.i));
            }
        }
        tmp.clear();
        for (const ir::Value* v : next->args) tmp.push_back(f.get(v));
        b = next->target;
        for (size_t i = 0; i < tmp.size(); ++i) f.set(b->inputargs[i], tmp[i]);
    }
}

LLInterpreter::RawBlock* LLInterpreter::rawFind(uint64_t address, size_t n, size_t& offset, std::string& error) {
    if (address == 0) {
        error = "raw access through NULL";
        return nullptr;
    }
    auto it = raw_.upper_bound(address);
    if (it == raw_.begin()) {
        error = "raw access at " + std::to_string(address) + ": outside any block";
        return nullptr;
    }
    --it;
    RawBlock& b = it->second;
    if (address + n > it->first + b.data.size()) {
        error = "raw access of " + std::to_string(n) + " bytes at " + std::to_string(address) + ": outside any block";
        return nullptr;
    }
    if (b.freed) {
        error = "raw access at " + std::to_string(address) + ": the block was freed";
        return nullptr;
    }
    offset = (size_t)(address - it->first);
    return &b;
}

void LLInterpreter::execute(Frame& f, const ir::Operation& op) {
    ++operationsExecuted;
    if (countByOpcode) {
        size_t k = (size_t)op.opcode;
        if (opcodeCounts.size() <= k) opcodeCounts.resize(k + 1);
        ++opcodeCounts[k];
    }
    const auto& a = op.args;
    auto I = [&](size_t k) { return f.get(a[k]).i; };
    auto U = [&](size_t k) { return (uint64_t)f.get(a[k]).i; };
    auto F = [&](size_t k) { return f.get(a[k]).f; };
    auto setI = [&](int64_t v) { f.set(op.result, LLValue::integer(v)); };
    auto setU = [&](uint64_t v) { f.set(op.result, LLValue::integer((int64_t)v)); };
    auto setF = [&](double v) { f.set(op.result, LLValue::floating(v)); };
    auto deref = [&](size_t k) {
        LLValue p = f.get(a[k]);
        if (p.tag == LLValue::Tag::Uninit) fatal(f, &op, "read of an uninitialized pointer");
        if (!p.p) fatal(f, &op, "null pointer dereference");
        if (p.p->freed) fatal(f, &op, "access to freed memory");
        return p.p;
    };
    auto checked = [&](LLValue v) {
        if (v.tag == LLValue::Tag::Uninit) fatal(f, &op, "read of uninitialized memory");
        return v;
    };
    auto index = [&](LLContainer* c, int64_t i) {
        if (i < 0 || (size_t)i >= c->slots.size())
            fatal(f, &op, "array index " + std::to_string(i) + " out of bounds (length " +
                              std::to_string(c->slots.size()) + ")");
        return (size_t)i;
    };
    auto ovf = [&]() { raise(PyExc_OverflowError); };
    auto zero = [&]() { raise(PyExc_ZeroDivisionError); };
    switch (op.opcode) {
    case Opcode::SameAs: f.set(op.result, f.get(a[0])); return;
    case Opcode::Hint: f.set(op.result, f.get(a[0])); return; // (the interpreter: no JIT)
    case Opcode::JitMarker: return;
    case Opcode::JitWeAreJitted: setI(0); return;
    case Opcode::IntAdd: setU(U(0) + U(1)); return;
    case Opcode::IntSub: setU(U(0) - U(1)); return;
    case Opcode::IntMul: setU(U(0) * U(1)); return;
    case Opcode::IntPyDiv: if (!I(1)) zero(); setI(floorDiv(I(0), I(1))); return;
    case Opcode::IntPyMod: if (!I(1)) zero(); setI(floorMod(I(0), I(1))); return;
    case Opcode::IntFloordiv: if (!I(1)) zero(); setI(I(1) == -1 ? (int64_t)(0 - U(0)) : I(0) / I(1)); return;
    case Opcode::IntMod: if (!I(1)) zero(); setI(I(1) == -1 ? 0 : I(0) % I(1)); return;
    case Opcode::IntLshift: setU(I(1) >= 64 || I(1) < 0 ? 0 : U(0) << I(1)); return;
    case Opcode::IntRshift: setI(I(0) >> (I(1) >= 64 || I(1) < 0 ? 63 : I(1))); return;
    case Opcode::IntAnd: setI(I(0) & I(1)); return;
    case Opcode::IntOr: setI(I(0) | I(1)); return;
    case Opcode::IntXor: setI(I(0) ^ I(1)); return;
    case Opcode::IntInvert: setI(~I(0)); return;
    case Opcode::IntNeg: setU(0 - U(0)); return;
    case Opcode::IntAbs: setU(I(0) < 0 ? 0 - U(0) : U(0)); return;
    case Opcode::IntIsTrue: setI(I(0) != 0); return;
    case Opcode::IntLt: setI(I(0) < I(1)); return;
    case Opcode::IntLe: setI(I(0) <= I(1)); return;
    case Opcode::IntEq: setI(I(0) == I(1)); return;
    case Opcode::IntNe: setI(I(0) != I(1)); return;
    case Opcode::IntGt: setI(I(0) > I(1)); return;
    case Opcode::IntGe: setI(I(0) >= I(1)); return;
    case Opcode::IntAddOvf: { int64_t r; if (__builtin_add_overflow(I(0), I(1), &r)) ovf(); setI(r); return; }
    case Opcode::IntSubOvf: { int64_t r; if (__builtin_sub_overflow(I(0), I(1), &r)) ovf(); setI(r); return; }
    case Opcode::IntMulOvf: { int64_t r; if (__builtin_mul_overflow(I(0), I(1), &r)) ovf(); setI(r); return; }
    case Opcode::IntNegOvf: if (I(0) == INT64_MIN) ovf(); setI(-I(0)); return;
    case Opcode::IntAbsOvf: if (I(0) == INT64_MIN) ovf(); setI(I(0) < 0 ? -I(0) : I(0)); return;
    case Opcode::IntLshiftOvf: {
        int64_t x = I(0), s = I(1);
        if (s < 0) raise(PyExc_ValueError);
        if (s >= 64 ? x != 0 : ((x << s) >> s) != x) ovf();
        setI(s >= 64 ? 0 : x << s);
        return;
    }
    case Opcode::IntPyDivOvf: if (!I(1)) zero(); if (I(0) == INT64_MIN && I(1) == -1) ovf(); setI(floorDiv(I(0), I(1))); return;
    case Opcode::IntPyModOvf: if (!I(1)) zero(); setI(floorMod(I(0), I(1))); return;
    case Opcode::UintAdd: setU(U(0) + U(1)); return;
    case Opcode::UintSub: setU(U(0) - U(1)); return;
    case Opcode::UintMul: setU(U(0) * U(1)); return;
    case Opcode::UintFloordiv: if (!U(1)) zero(); setU(U(0) / U(1)); return;
    case Opcode::UintMod: if (!U(1)) zero(); setU(U(0) % U(1)); return;
    case Opcode::UintLshift: setU(I(1) >= 64 ? 0 : U(0) << I(1)); return;
    case Opcode::UintRshift: setU(I(1) >= 64 ? 0 : U(0) >> I(1)); return;
    case Opcode::UintAnd: setU(U(0) & U(1)); return;
    case Opcode::UintOr: setU(U(0) | U(1)); return;
    case Opcode::UintXor: setU(U(0) ^ U(1)); return;
    case Opcode::UintInvert: setU(~U(0)); return;
    case Opcode::UintLt: setI(U(0) < U(1)); return;
    case Opcode::UintLe: setI(U(0) <= U(1)); return;
    case Opcode::UintEq: setI(U(0) == U(1)); return;
    case Opcode::UintNe: setI(U(0) != U(1)); return;
    case Opcode::UintGt: setI(U(0) > U(1)); return;
    case Opcode::UintGe: setI(U(0) >= U(1)); return;
    case Opcode::FloatAdd: setF(F(0) + F(1)); return;
    case Opcode::FloatSub: setF(F(0) - F(1)); return;
    case Opcode::FloatMul: setF(F(0) * F(1)); return;
    case Opcode::FloatTruediv: if (F(1) == 0.0) zero(); setF(F(0) / F(1)); return;
    case Opcode::FloatPyDiv: {
        if (F(1) == 0.0) zero();
        double x = F(0), y = F(1), m = std::fmod(x, y), d = (x - m) / y;
        if (m != 0 && ((y < 0) != (m < 0))) d -= 1.0;
        double fl = std::floor(d);
        if (d - fl > 0.5) fl += 1.0;
        setF(d == 0 ? std::copysign(0.0, x / y) : fl);
        return;
    }
    case Opcode::FloatPyMod: {
        if (F(1) == 0.0) zero();
        double x = F(0), y = F(1), m = std::fmod(x, y);
        if (m != 0) {
            if ((y < 0) != (m < 0)) m += y;
        } else {
            m = std::copysign(0.0, y);
        }
        setF(m);
        return;
    }
    case Opcode::FloatNeg: setF(-F(0)); return;
    case Opcode::FloatAbs: setF(std::fabs(F(0))); return;
    case Opcode::FloatIsTrue: setI(F(0) != 0.0); return;
    case Opcode::FloatLt: setI(F(0) < F(1)); return;
    case Opcode::FloatLe: setI(F(0) <= F(1)); return;
    case Opcode::FloatEq: setI(F(0) == F(1)); return;
    case Opcode::FloatNe: setI(F(0) != F(1)); return;
    case Opcode::FloatGt: setI(F(0) > F(1)); return;
    case Opcode::FloatGe: setI(F(0) >= F(1)); return;
    case Opcode::FloatPow: {
        double x = F(0), y = F(1);
        if (x == 0.0 && y < 0) zero();
        double r = std::pow(x, y);
        if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) ovf();
        if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) raise(PyExc_ValueError);
        setF(r);
        return;
    }
    case Opcode::CharLt: setI(U(0) < U(1)); return;
    case Opcode::CharLe: setI(U(0) <= U(1)); return;
    case Opcode::CharEq: setI(U(0) == U(1)); return;
    case Opcode::CharNe: setI(U(0) != U(1)); return;
    case Opcode::CharGt: setI(U(0) > U(1)); return;
    case Opcode::CharGe: setI(U(0) >= U(1)); return;
    case Opcode::BoolNot: setI(!I(0)); return;
    case Opcode::CastPrimitive: {
        const LowLevelType* to = typeOf(op.result);
        int64_t v = I(0);
        if (to == Bool) v = v != 0;
        else if (to == Char) v &= 0xFF;
        else if (to == UniChar) v &= 0xFFFFFFFF;
        setI(v);
        return;
    }
    case Opcode::CastIntToFloat:
        setF(typeOf(a[0]) == Unsigned ? (double)U(0) : (double)I(0));
        return;
    case Opcode::ConvertFloatBytesToLonglong: {
        double x = F(0);
        int64_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        setI(bits);
        return;
    }
    case Opcode::CastFloatToInt: {
        double x = F(0);
        if (!(x > -9.3e18 && x < 9.3e18)) setI(x < 0 || std::isnan(x) ? INT64_MIN : INT64_MAX);
        else setI((int64_t)x);
        return;
    }
    case Opcode::PtrEq: setI(f.get(a[0]).p == f.get(a[1]).p); return;
    case Opcode::PtrNe: setI(f.get(a[0]).p != f.get(a[1]).p); return;
    case Opcode::PtrIsZero: setI(f.get(a[0]).p == nullptr); return;
    case Opcode::PtrNonZero: setI(f.get(a[0]).p != nullptr); return;
    case Opcode::Malloc:
        f.set(op.result, LLValue::pointer(ctx_.heap.allocate(ir::asConstant(a[0])->llvalue.type)));
        return;
    case Opcode::MallocVarsize: {
        int64_t n = I(1);
        if (n < 0) raise(PyExc_MemoryError);
        if (n > (int64_t)1 << 32) raise(PyExc_MemoryError);
        f.set(op.result,
              LLValue::pointer(ctx_.heap.allocate(ir::asConstant(a[0])->llvalue.type, (size_t)n)));
        return;
    }
    case Opcode::Getfield: {
        LLContainer* c = deref(0);
        f.set(op.result, checked(c->slots[fieldIndex(c, ir::asConstant(a[1])->value())]));
        return;
    }
    case Opcode::Getsubstruct: {
        LLContainer* c = deref(0);
        f.set(op.result, c->slots[fieldIndex(c, ir::asConstant(a[1])->value())]);
        return;
    }
    case Opcode::Setfield: {
        LLContainer* c = deref(0);
        c->slots[fieldIndex(c, ir::asConstant(a[1])->value())] = f.get(a[2]);
        return;
    }
    case Opcode::Getarrayitem: {
        LLContainer* c = deref(0);
        f.set(op.result, checked(c->slots[index(c, I(1))]));
        return;
    }
    case Opcode::Getarraysubstruct: {
        LLContainer* c = deref(0);
        f.set(op.result, c->slots[index(c, I(1))]);
        return;
    }
    case Opcode::Setarrayitem: {
        LLContainer* c = deref(0);
        c->slots[index(c, I(1))] = f.get(a[2]);
        return;
    }
    case Opcode::Getarraysize: setI((int64_t)deref(0)->slots.size()); return;
    case Opcode::CastPointer: {
        LLValue p = f.get(a[0]);
        const LowLevelType* to = resolve(asType<Ptr>(typeOf(op.result))->to());
        LLContainer* c = p.p;
        if (!c) { f.set(op.result, p); return; }
        LLContainer* cast = LLHeap::castContainer(c, to);
        if (!cast)
            fatal(f, &op, "bad downcast: the object is a " + c->outermost()->type->shortName() +
                              ", not a " + to->shortName());
        f.set(op.result, LLValue::pointer(cast));
        return;
    }
    case Opcode::DirectCall:
    case Opcode::IndirectCall: {
        size_t end = a.size() - (op.opcode == Opcode::IndirectCall ? 1 : 0);
        std::vector<LLValue> args;
        args.reserve(end - 1);
        for (size_t k = 1; k < end; ++k) args.push_back(f.get(a[k]));
        f.set(op.result, callPointer(f.get(a[0]), std::move(args)));
        return;
    }
    case Opcode::IdentityHash: {
        LLContainer* c = f.get(a[0]).p;
        setI(c ? ctx_.heap.identityHash(c) : 0);
        return;
    }
    case Opcode::AdrAdd: setU(U(0) + U(1)); return;
    case Opcode::AdrSub: setU(U(0) - U(1)); return;
    case Opcode::AdrDelta: setU(U(0) - U(1)); return;
    case Opcode::AdrLt: setI(U(0) < U(1)); return;
    case Opcode::AdrLe: setI(U(0) <= U(1)); return;
    case Opcode::AdrEq: setI(U(0) == U(1)); return;
    case Opcode::AdrNe: setI(U(0) != U(1)); return;
    case Opcode::AdrGt: setI(U(0) > U(1)); return;
    case Opcode::AdrGe: setI(U(0) >= U(1)); return;
    case Opcode::CastAdrToInt: case Opcode::CastIntToAdr: setU(U(0)); return;
    case Opcode::CastPtrToAdr: {
        // The address of a whole container (the JIT's runtime passes
        // pointers as addresses); arithmetic on it is refused elsewhere.
        LLValue p = f.get(a[0]);
        if (p.tag != LLValue::Tag::Ptr || p.aux != 0)
            fatal(f, &op, "pointers and addresses do not mix on the ll-graph interpreter (a framework GC runs translated)");
        f.set(op.result, p);
        return;
    }
    case Opcode::CastAdrToPtr: {
        LLValue p = f.get(a[0]);
        if (p.tag == LLValue::Tag::Int && p.i == 0) p = LLValue::pointer(nullptr);
        if (p.tag != LLValue::Tag::Ptr || p.aux != 0)
            fatal(f, &op, "pointers and addresses do not mix on the ll-graph interpreter (a framework GC runs translated)");
        f.set(op.result, p);
        return;
    }
    case Opcode::RawMalloc: {
        if (I(0) < 0) fatal(f, &op, "raw_malloc of a negative size");
        uint64_t start = rawNext_;
        RawBlock& b = raw_[start];
        b.data.assign((size_t)I(0), 0);
        b.written.assign((size_t)I(0), I(1) ? 1 : 0);
        rawNext_ = (start + std::max<uint64_t>((uint64_t)I(0), 1) + 16 + 15) & ~(uint64_t)15;
        setU(start);
        return;
    }
    case Opcode::RawFree: {
        auto it = raw_.find(U(0));
        if (it == raw_.end()) fatal(f, &op, "raw_free of an address that is not a block's start");
        if (it->second.freed) fatal(f, &op, "raw_free twice");
        it->second.freed = true;
        return;
    }
    case Opcode::RawMemclear: case Opcode::RawMemcopy: {
        bool copy = op.opcode == Opcode::RawMemcopy;
        size_t n = (size_t)I(copy ? 2 : 1);
        if (n == 0) return;
        std::string err;
        size_t dOfs = 0, sOfs = 0;
        RawBlock* d = rawFind(U(copy ? 1 : 0), n, dOfs, err);
        if (!d) fatal(f, &op, err);
        if (!copy) {
            std::fill(d->data.begin() + dOfs, d->data.begin() + dOfs + n, 0);
            std::fill(d->written.begin() + dOfs, d->written.begin() + dOfs + n, 1);
            return;
        }
        RawBlock* s = rawFind(U(0), n, sOfs, err);
        if (!s) fatal(f, &op, err);
        // (through copies: the ranges may be in the same block)
        std::vector<uint8_t> data(s->data.begin() + sOfs, s->data.begin() + sOfs + n);
        std::vector<uint8_t> written(s->written.begin() + sOfs, s->written.begin() + sOfs + n);
        std::copy(data.begin(), data.end(), d->data.begin() + dOfs);
        std::copy(written.begin(), written.end(), d->written.begin() + dOfs);
        return;
    }
    case Opcode::RawLoad: case Opcode::RawStore: {
        bool load = op.opcode == Opcode::RawLoad;
        const auto* t = rtyper::resolve(static_cast<const rtyper::LowLevelType*>(
            load ? op.result->concretetype : (ir::asVariable(a[2]) ? ir::asVariable(a[2])->concretetype
                                                                   : ir::asConstant(a[2])->concretetype)));
        size_t n = rtyper::sizeOf(t);
        uint64_t adr = U(0) + U(1);
        if (n > 1 && adr % n) fatal(f, &op, "misaligned raw access at " + std::to_string(adr));
        std::string err;
        size_t ofs = 0;
        RawBlock* b = rawFind(adr, n, ofs, err);
        if (!b) fatal(f, &op, err);
        if (load) {
            for (size_t k = 0; k < n; ++k)
                if (!b->written[ofs + k]) fatal(f, &op, "raw read of memory never written at " + std::to_string(adr));
            uint64_t bits = 0;
            std::memcpy(&bits, b->data.data() + ofs, n);
            LLValue v;
            if (t == rtyper::Float) {
                double d;
                std::memcpy(&d, &bits, 8);
                v = LLValue::floating(d);
            } else if (t == rtyper::Bool) {
                v = LLValue::integer(bits != 0);
            } else {
                v = LLValue::integer((int64_t)bits);
            }
            f.set(op.result, v);
        } else {
            LLValue v = checked(f.get(a[2]));
            uint64_t bits = 0;
            if (t == rtyper::Float) std::memcpy(&bits, &v.f, 8);
            else bits = (uint64_t)v.i;
            std::memcpy(b->data.data() + ofs, &bits, n);
            std::fill(b->written.begin() + ofs, b->written.begin() + ofs + n, 1);
        }
        return;
    }
    case Opcode::GcIncref: case Opcode::GcDecref:
        return; // (memory is the heap's until the interpreter ends)
    case Opcode::DebugFatal:
        fatal(f, &op, "fatal error: " + stringOf(f.get(a[0])));
    default:
        fatal(f, &op, "not a low-level operation: '" + std::string(ir::opName(op.opcode)) + "'");
    }
}

} // namespace futamura::llinterp
