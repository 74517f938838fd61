//! String formatting: f-string format specs, `%`-formatting and str()/repr()
//! of containers. The constant format is parsed here, at rtyping time; the
//! formatting itself is done by system helpers (ll_format_int,
//! ll_format_float, ll_format_str in runtime/python/futamura/rtyper/).
#include "futamura/python/interpreter.h"
#include "futamura/rtyper/rops.h"

#include <cctype>

namespace futamura::rtyper {

using ir::Opcode;
using annotator::SomeKind;

namespace {

/// A parsed format spec: [[fill]align][sign][#][0][width][grouping][.precision][type].
/// Characters are code points; 0 means "absent".
struct FormatSpec {
    int64_t fill = 0, align = 0, sign = 0, grouping = 0, type = 0;
    bool alternate = false, zero = false;
    int64_t width = 0, precision = -1;
};

std::vector<uint32_t> codePoints(const std::string& utf8) {
    py::PyRef u = py::PyRef::steal(PyUnicode_DecodeUTF8(utf8.data(), (Py_ssize_t)utf8.size(), "replace"));
    std::vector<uint32_t> out;
    for (Py_ssize_t i = 0; i < PyUnicode_GetLength(u.get()); ++i) out.push_back(PyUnicode_ReadChar(u.get(), i));
    return out;
}

bool isAlign(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

/// Parses `text`; returns an error message, empty when the spec is valid.
std::string parseSpec(const std::string& text, FormatSpec& f) {
    std::vector<uint32_t> s = codePoints(text);
    size_t i = 0, n = s.size();
    if (n >= 2 && isAlign(s[1])) {
        f.fill = s[0];
        f.align = s[1];
        i = 2;
    } else if (n >= 1 && isAlign(s[0])) {
        f.align = s[0];
        i = 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) f.sign = s[i++];
    if (i < n && s[i] == '#') { f.alternate = true; ++i; }
    if (i < n && s[i] == '0') { f.zero = true; ++i; }
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        f.width = f.width * 10 + (s[i++] - '0');
        if (f.width > 1000000) return "the width is too big";
    }
    if (i < n && (s[i] == ',' || s[i] == '_')) f.grouping = s[i++];
    if (i < n && s[i] == '.') {
        ++i;
        if (i >= n || s[i] < '0' || s[i] > '9') return "a precision needs digits";
        f.precision = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            f.precision = f.precision * 10 + (s[i++] - '0');
            if (f.precision > 1000) return "the precision is too big";
        }
    }
    if (i < n) f.type = s[i++];
    if (i != n) return "invalid format spec";
    return "";
}

bool isFloatType(int64_t t) { return t && std::strchr("eEfFgG%", (int)t); }

} // namespace

/// `v` (of repr `x`) formatted as `f` says; `what` names the spec in errors.
static ir::Value* formatValue(HighLevelOp& h, ir::Value* v, const Repr* x, FormatSpec f,
                              const std::string& what) {
    RTyper& rt = h.rt;
    LLContext& ctx = h.ctx;
    const LowLevelType* st = rt.strType();
    auto bad = [&](const std::string& why) {
        rt.error(h.op, "the format " + what + " cannot format " +
                           (x->s ? x->s->str() : x->ll->shortName()) + ": " + why);
    };
    auto code = [&](int64_t c) { return ctx.signedConst(c); };
    if (x->kind == ReprKind::Bool) {
        v = h.genop(Opcode::CastPrimitive, {v}, Signed);
        x = rt.simpleRepr(ReprKind::Int, Signed);
    }
    if (x->kind == ReprKind::Int && !isFloatType(f.type)) {
        if (f.precision >= 0) bad("integers take no precision");
        if (f.type == 'n') f.type = 'd';
        if (f.type && !std::strchr("dxXobc", (int)f.type)) bad("unknown type for an integer");
        if (x->ll == Unsigned) v = h.genop(Opcode::CastPrimitive, {v}, Signed);
        return h.gencall("ll_str", "ll_format_int",
                         {h.typeArg(st), v, code(f.fill), code(f.align), code(f.sign),
                          ctx.boolConst(f.alternate), ctx.boolConst(f.zero), code(f.width),
                          code(f.grouping), code(f.type)});
    }
    if (x->kind == ReprKind::Int || x->kind == ReprKind::Float) {
        if (x->kind == ReprKind::Int) v = h.genop(Opcode::CastIntToFloat, {v}, Float);
        if (f.grouping && f.type == 'n') bad("grouping is not allowed with 'n'");
        if (f.type == 'n') f.type = 'g';
        if (f.type && !isFloatType(f.type)) bad("unknown type for a float");
        return h.gencall("ll_builtin", "ll_format_float",
                         {h.typeArg(st), v, code(f.fill), code(f.align), code(f.sign),
                          ctx.boolConst(f.alternate), ctx.boolConst(f.zero), code(f.width),
                          code(f.grouping), code(f.type), code(f.precision)});
    }
    if ((x->kind == ReprKind::Str && !x->isBytes) || x->kind == ReprKind::Char) {
        if (f.type && f.type != 's') bad("unknown type for a string");
        if (f.sign || f.alternate || f.grouping) bad("strings take no sign, '#' or grouping");
        if (x->kind == ReprKind::Char) v = h.gencall("ll_str", "ll_str_from_char", {h.typeArg(st), v});
        else if (x->nullable) v = h.gencall("ll_builtin", "ll_str_or_none", {v});
        if (f.zero && !f.fill) {
            f.fill = '0';
            if (!f.align) f.align = '=';
        }
        return h.gencall("ll_str", "ll_format_str",
                         {v, code(f.fill), code(f.align), code(f.width), code(f.precision)});
    }
    if (f.type) bad("only numbers and strings take a type");
    // Anything else: its str(), padded.
    ir::Value* s = h.toStr(v, x, false);
    return h.gencall("ll_str", "ll_format_str", {s, code(f.fill), code(f.align), code(f.width), code(-1)});
}

PyObject* HighLevelOp::reprFunc(const Repr* x) {
    // A helper `f(value) -> STR` giving repr(value), synthesized per repr;
    // containers call their items' helpers.
    std::string key = "repr_" + std::to_string((uintptr_t)x);
    PyObject* strType = py::getAttr(py::importModule("futamura.rtyper.ll_str").get(), "STR").get();
    std::vector<std::pair<std::string, PyObject*>> g{
        {"STR", strType},
        {"ll_int2dec", rt.helper("ll_str", "ll_int2dec")},
        {"ll_str_repr", rt.helper("ll_str", "ll_str_repr")},
        {"ll_str_from_char", rt.helper("ll_str", "ll_str_from_char")},
        {"ll_bool2str", rt.helper("ll_builtin", "ll_bool2str")},
        {"ll_float_repr", rt.helper("ll_builtin", "ll_float_repr")},
        {"ll_none_str", rt.helper("ll_builtin", "ll_none_str")},
        {"ll_wrap", rt.helper("ll_builtin", "ll_wrap")},
        {"ll_comma_sep", rt.helper("ll_builtin", "ll_comma_sep")},
        {"ll_colon_join", rt.helper("ll_builtin", "ll_colon_join")},
        {"ll_join", rt.helper("ll_str", "ll_join")},
        {"ll_newlist", rt.helper("ll_list", "ll_newlist")},
        {"LISTSTR", rt.strListType()},
    };
    std::string body;
    bool nullable = x->nullable && asType<Ptr>(x->ll);
    switch (x->kind) {
    case ReprKind::Int:
        if (x->ll == Unsigned) rt.error(op, "str() of lists of r_uint is not supported");
        body = "    return ll_int2dec(STR, x)\n";
        break;
    case ReprKind::Bool: body = "    return ll_bool2str(STR, x)\n"; break;
    case ReprKind::Float: body = "    return ll_float_repr(x)\n"; break;
    case ReprKind::Char: body = "    return ll_str_repr(STR, ll_str_from_char(STR, x))\n"; break;
    case ReprKind::Str:
        if (x->isBytes) rt.error(op, "str() of containers of bytes is not supported");
        body = "    return ll_str_repr(STR, x)\n";
        break;
    case ReprKind::Void: body = "    return ll_none_str(STR)\n"; break;
    case ReprKind::List:
        g.emplace_back("R", reprFunc(x->item));
        body = "    n = x.length\n"
               "    parts = ll_newlist(LISTSTR, n)\n"
               "    i = 0\n"
               "    while i < n:\n"
               "        parts.items[i] = R(x.items[i])\n"
               "        i += 1\n"
               "    return ll_wrap(STR, 91, ll_join(ll_comma_sep(STR), parts), 93)\n";
        break;
    case ReprKind::Tuple: {
        body = "    parts = ll_newlist(LISTSTR, " + std::to_string(x->items.size()) + ")\n";
        for (size_t i = 0; i < x->items.size(); ++i) {
            std::string r = "R" + std::to_string(i);
            g.emplace_back(r, reprFunc(x->items[i]));
            std::string item = x->items[i]->ll == Void ? "None" : "x.item" + std::to_string(i);
            body += "    parts.items[" + std::to_string(i) + "] = " + r + "(" + item + ")\n";
        }
        body += "    s = ll_join(ll_comma_sep(STR), parts)\n";
        if (x->items.size() == 1) body += "    s = ll_append_ascii(s, 44, 0, 1)\n"; // (x,)
        body += "    return ll_wrap(STR, 40, s, 41)\n";
        g.emplace_back("ll_append_ascii", rt.helper("ll_builtin", "_ll_append_ascii"));
        break;
    }
    case ReprKind::Dict:
        g.emplace_back("RK", reprFunc(x->key));
        g.emplace_back("RV", reprFunc(x->value));
        body = "    n = x.num_ever_used_items\n"
               "    parts = ll_newlist(LISTSTR, x.num_live_items)\n"
               "    i = 0\n"
               "    j = 0\n"
               "    while i < n:\n"
               "        e = x.entries[i]\n"
               "        if e.f_valid:\n"
               "            parts.items[j] = ll_colon_join(RK(e.key), RV(e.value))\n"
               "            j += 1\n"
               "        i += 1\n"
               "    return ll_wrap(STR, 123, ll_join(ll_comma_sep(STR), parts), 125)\n";
        break;
    default:
        rt.error(op, "str() of " + (x->s ? x->s->str() : x->ll->shortName()) + " is not supported");
    }
    std::string src = "def ll_repr(x):\n";
    if (nullable) src += "    if not x:\n        return ll_none_str(STR)\n";
    src += body;
    return rt.synthesize(key, src, "ll_repr", g);
}

void HighLevelOp::rtypeFormat() {
    const SomeValue* spec = s(1);
    if (!spec->konst || !PyUnicode_Check(spec->konst.get()))
        rt.error(op, "the format spec of an f-string must be a constant");
    std::string text = py::asString(spec->konst.get());
    if (text.empty()) {
        finish(toStr(arg(0), r(0), false));
        return;
    }
    FormatSpec f;
    std::string err = parseSpec(text, f);
    if (!err.empty()) rt.error(op, "the format spec '" + text + "': " + err);
    finish(formatValue(*this, arg(0), r(0), f, "spec '" + text + "'"));
}

void HighLevelOp::rtypePercent() {
    const SomeValue* fs = s(0);
    if (!fs->konst || !PyUnicode_Check(fs->konst.get()))
        rt.error(op, "the rtyper supports '%' only with a constant str format");
    std::string text = py::asString(fs->konst.get());
    // The values: the items of a tuple, or one value.
    std::vector<std::pair<ir::Value*, const Repr*>> values;
    const Repr* ar = r(1);
    if (ar->kind == ReprKind::Tuple) {
        ir::Value* t = arg(1);
        for (size_t i = 0; i < ar->items.size(); ++i)
            values.emplace_back(genop(Opcode::Getfield, {t, ctx.nameConst("item" + std::to_string(i))},
                                      ar->items[i]->ll),
                                ar->items[i]);
    } else {
        values.emplace_back(arg(1), ar);
    }
    const Repr* sr = rt.reprOf(rt.annotator().bookkeeper().string());
    std::vector<ir::Value*> pieces;
    std::string literal;
    auto flush = [&]() {
        if (!literal.empty()) pieces.push_back(rt.stringConst(literal, false));
        literal.clear();
    };
    size_t next = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') { literal += text[i]; continue; }
        size_t j = i + 1;
        if (j < text.size() && text[j] == '%') { literal += '%'; i = j; continue; }
        FormatSpec f;
        bool left = false;
        for (; j < text.size() && std::strchr("-+ #0", text[j]); ++j) {
            switch (text[j]) {
            case '-': left = true; break;
            case '+': f.sign = '+'; break;
            case ' ': if (f.sign != '+') f.sign = ' '; break;
            case '#': f.alternate = true; break;
            case '0': f.zero = true; break;
            }
        }
        for (; j < text.size() && std::isdigit((unsigned char)text[j]); ++j) f.width = f.width * 10 + (text[j] - '0');
        if (j < text.size() && text[j] == '.') {
            f.precision = 0;
            for (++j; j < text.size() && std::isdigit((unsigned char)text[j]); ++j)
                f.precision = f.precision * 10 + (text[j] - '0');
        }
        if (j >= text.size() || next >= values.size())
            rt.error(op, "the format '" + text + "' does not match its arguments");
        char conv = text[j];
        i = j;
        flush();
        auto [v, x] = values[next++];
        std::string what = std::string("'%") + conv + "' in '" + text + "'";
        // printf alignment: right unless '-'; '0' pads after the sign.
        f.align = left ? '<' : '>';
        if (f.zero && !left) { f.fill = '0'; f.align = '='; }
        f.zero = false;
        switch (conv) {
        case 'd': case 'i': case 'u':
            if (x->kind == ReprKind::Float) {
                v = genop(Opcode::CastFloatToInt, {v}, Signed);
                x = rt.simpleRepr(ReprKind::Int, Signed);
            }
            if (f.precision >= 0) rt.error(op, what + ": a precision of integers is not supported");
            f.type = 'd';
            pieces.push_back(formatValue(*this, v, x, f, what));
            break;
        case 'x': case 'X': case 'o':
            if (f.precision >= 0) rt.error(op, what + ": a precision of integers is not supported");
            f.type = conv;
            pieces.push_back(formatValue(*this, v, x, f, what));
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
            f.type = conv;
            if (f.precision < 0) f.precision = 6;
            pieces.push_back(formatValue(*this, v, x, f, what));
            break;
        case 's': case 'r': case 'a': {
            ir::Value* s = toStr(v, x, conv != 's');
            if (f.fill == '0') f.fill = 0, f.align = '>';
            f.sign = 0;
            pieces.push_back(gencall("ll_str", "ll_format_str",
                                     {s, cnst(f.fill), cnst(f.align), cnst(f.width), cnst(f.precision)}));
            break;
        }
        case 'c': {
            ir::Value* s;
            if (x->kind == ReprKind::Char) s = convert(v, x, sr);
            else s = gencall("ll_str", "ll_str_from_char",
                             {typeArg(rt.strType()), gencall("ll_builtin", "ll_chr", {convert(v, x, rt.simpleRepr(ReprKind::Int, Signed))})});
            pieces.push_back(gencall("ll_str", "ll_format_str",
                                     {s, cnst(0), cnst(f.align), cnst(f.width), cnst(-1)}));
            break;
        }
        default:
            rt.error(op, "unsupported format character '" + std::string(1, conv) + "' in '" + text + "'");
        }
    }
    flush();
    if (next != values.size()) rt.error(op, "the format '" + text + "' does not match its arguments");
    if (pieces.empty()) { finish(rt.stringConst("", false)); return; }
    ir::Value* acc = pieces[0];
    for (size_t i = 1; i < pieces.size(); ++i) acc = gencall("ll_str", "ll_strconcat", {acc, pieces[i]});
    finish(acc);
}

} // namespace futamura::rtyper
