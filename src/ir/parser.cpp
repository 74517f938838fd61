//! Reads the printer's text form (printer.h) back into graphs.
//!
//! The text is line oriented: a `graph` header, then per block a header at
//! column 0 followed by indented operation, switch/raising and exit lines. The
//! first block of a graph is its start block; `return(...)` and `except(...)`
//! name the graph's return and except blocks; other blocks may be referenced
//! before their header (forward references are resolved at the end of the
//! graph). Variables are scoped to the graph; a printed name `x_3` gives a
//! Variable with name hint `x`, `v3` one with hint `v`, so that printing a
//! parsed graph reproduces the text it was read from.
//!
//! Constants are read with Python's `ast.literal_eval` and must be literals the
//! printer prints as such (None, bools, ints, floats, strings, bytes, tuples);
//! the address-free forms of other objects cannot be read back, except
//! `<class NAME>` for a class of the builtins module (so that exception links,
//! whose exit case is an exception class, round-trip).
#include "futamura/ir/parser.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <cctype>
#include <cmath>
#include <map>
#include <optional>

namespace futamura::ir {

namespace {

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        --e;
    return s.substr(b, e - b);
}

bool isIdentifier(std::string_view s) {
    if (s.empty() || std::isdigit((unsigned char)s[0])) return false;
    for (char c : s)
        if (!std::isalnum((unsigned char)c) && c != '_') return false;
    return true;
}

// Identifiers that denote constants rather than variables.
bool isConstantName(std::string_view s) {
    return s == "None" || s == "True" || s == "False" || s == "Ellipsis" || s == "inf" ||
           s == "nan";
}

// The printer's own notion of a literal (see isLiteral in printer.cpp).
bool isLiteral(PyObject* obj) {
    if (obj == Py_None || PyBool_Check(obj) || PyLong_CheckExact(obj) || PyFloat_CheckExact(obj) ||
        PyUnicode_CheckExact(obj) || PyBytes_CheckExact(obj) || obj == Py_Ellipsis)
        return true;
    if (!PyTuple_CheckExact(obj)) return false;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(obj); ++i)
        if (!isLiteral(PyTuple_GET_ITEM(obj, i))) return false;
    return true;
}

// Which characters of a line are at bracket depth 0 and outside string
// literals. Brackets are (), [], {} and the <...> of the printer's
// address-free forms; `->` at depth 0 is the arrow of an exit, not a bracket.
class TopLevel {
public:
    TopLevel(std::string_view s, int line) : s_(s), top_(s.size(), false) {
        int depth = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (c == '\'' || c == '"') {
                size_t j = i + 1;
                while (j < s.size() && s[j] != c)
                    j += s[j] == '\\' ? 2 : 1;
                if (j >= s.size()) throw ParseError(line, "unterminated string literal");
                i = j; // string literals never count as depth 0
                continue;
            }
            if (depth == 0 && c == '-' && i + 1 < s.size() && s[i + 1] == '>') {
                top_[i] = top_[i + 1] = true;
                ++i;
                continue;
            }
            if (c == '(' || c == '[' || c == '{' || c == '<') {
                top_[i] = depth == 0;
                ++depth;
            } else if (c == ')' || c == ']' || c == '}' || c == '>') {
                if (depth == 0) throw ParseError(line, std::string("unbalanced '") + c + "'");
                top_[i] = --depth == 0;
            } else {
                top_[i] = depth == 0;
            }
        }
        if (depth != 0) throw ParseError(line, "unbalanced brackets");
    }

    /// First occurrence of `pat` at depth 0 at or after `from`, or npos.
    size_t find(std::string_view pat, size_t from = 0) const {
        for (size_t i = from; i + pat.size() <= s_.size(); ++i)
            if (top_[i] && s_.substr(i, pat.size()) == pat) return i;
        return std::string_view::npos;
    }
    /// Last occurrence of character `c` at depth 0, or npos.
    size_t rfind(char c) const {
        for (size_t i = s_.size(); i-- > 0;)
            if (top_[i] && s_[i] == c) return i;
        return std::string_view::npos;
    }

private:
    std::string_view s_;
    std::vector<bool> top_;
};

// Splits a comma-separated list at depth 0 into trimmed items.
std::vector<std::string_view> splitList(std::string_view s, int line) {
    std::vector<std::string_view> items;
    if (trim(s).empty()) return items;
    TopLevel top(s, line);
    size_t start = 0;
    for (;;) {
        size_t comma = top.find(",", start);
        std::string_view item = trim(s.substr(start, comma - start));
        if (item.empty()) throw ParseError(line, "empty item in a list");
        items.push_back(item);
        if (comma == std::string_view::npos) return items;
        start = comma + 1;
    }
}

// `NAME(ARGS)TAIL`: splits at the first '(' and its matching ')'.
struct Call {
    std::string_view name, args, tail;
};

Call splitCall(std::string_view s, int line) {
    size_t open = s.find('(');
    if (open == std::string_view::npos)
        throw ParseError(line, "expected '(' in '" + std::string(s) + "'");
    TopLevel top(s.substr(open), line);
    size_t close = top.find(")");
    if (close == std::string_view::npos) throw ParseError(line, "expected ')'");
    return {trim(s.substr(0, open)), s.substr(open + 1, close - 1),
            trim(s.substr(open + close + 1))};
}

class Parser {
public:
    Parser(Arena& arena, const std::string& text) : arena_(arena) {
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            lines_.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        literalEval_ = py::getAttr(py::importModule("ast").get(), "literal_eval");
        builtins_ = py::importModule("builtins");
    }

    std::vector<FunctionGraph*> run() {
        for (size_t i = 0; i < lines_.size(); ++i) {
            line_ = (int)i + 1;
            std::string_view raw = lines_[i];
            std::string_view text = trim(raw);
            if (text.empty() || text[0] == '#') continue;
            bool indented = raw[0] == ' ' || raw[0] == '\t';
            if (!indented && text.substr(0, 6) == "graph ")
                parseGraphHeader(text);
            else if (!indented)
                parseBlockHeader(text);
            else
                parseBodyLine(text);
        }
        line_ = (int)lines_.size();
        finishGraph();
        return graphs_;
    }

private:
    enum class Phase { Operations, Exits, Links };
    struct BlockInfo {
        Block* block;
        int firstUse;
        bool defined;
    };

    [[noreturn]] void fail(const std::string& message) const { throw ParseError(line_, message); }

    void parseGraphHeader(std::string_view text) {
        finishGraph();
        inGraph_ = true;
        headerLine_ = line_;
        // The header's arguments are plain names, and the file name after `#`
        // may hold any character: no bracket matching here.
        std::string_view rest = text.substr(6);
        size_t open = rest.find('('), close = rest.find(')', open);
        if (open == std::string_view::npos || close == std::string_view::npos)
            fail("expected 'graph NAME(ARGS)'");
        Call call{trim(rest.substr(0, open)), rest.substr(open + 1, close - open - 1),
                  trim(rest.substr(close + 1))};
        if (call.name.empty()) fail("graph without a name");
        name_ = call.name;
        argnames_.clear();
        for (std::string_view arg : splitList(call.args, line_))
            argnames_.emplace_back(arg);
        filename_.clear();
        firstline_ = 0;
        if (!call.tail.empty()) {
            if (call.tail[0] != '#') fail("unexpected text after the graph header");
            std::string_view where = trim(call.tail.substr(1));
            size_t colon = where.rfind(':');
            if (colon == std::string_view::npos)
                fail("expected '# FILE:LINE' after the graph header");
            filename_ = where.substr(0, colon);
            firstline_ = parseInt(where.substr(colon + 1));
        }
    }

    void parseBlockHeader(std::string_view text) {
        if (!inGraph_) fail("block outside a graph (expected 'graph NAME(ARGS)')");
        if (text.back() != ':') fail("expected a block header 'LABEL(ARGS):'");
        Call call = splitCall(text.substr(0, text.size() - 1), line_);
        if (!call.tail.empty()) fail("unexpected text after the block's input variables");
        if (!isIdentifier(call.name) || call.name == "return" || call.name == "except")
            fail("invalid block label '" + std::string(call.name) + "'");
        finishBlock();
        std::vector<Variable*> inputs;
        for (std::string_view arg : splitList(call.args, line_))
            inputs.push_back(defineVariable(arg));
        Block* block;
        if (!graph_) {
            block = arena_.newBlock(std::move(inputs));
            graph_ = arena_.newGraph(name_, block);
            blocks_.emplace(std::string(call.name), BlockInfo{block, line_, true});
        } else {
            BlockInfo& info = blockInfo(call.name);
            if (info.defined) fail("block " + std::string(call.name) + " is defined twice");
            info.defined = true;
            block = info.block;
            block->inputargs = std::move(inputs);
        }
        block_ = block;
        phase_ = Phase::Operations;
    }

    void parseBodyLine(std::string_view text) {
        if (!block_) fail("indented line outside a block");
        TopLevel top(text, line_);
        if (text == "raising") {
            enterPhase(Phase::Exits);
            block_->raising = true;
        } else if (text.substr(0, 7) == "switch ") {
            enterPhase(Phase::Exits);
            block_->exitswitch = parseValue(text.substr(7));
        } else if (size_t arrow = top.find("->"); arrow != std::string_view::npos) {
            enterPhase(Phase::Links);
            parseLink(trim(text.substr(0, arrow)), trim(text.substr(arrow + 2)));
        } else {
            enterPhase(Phase::Operations);
            parseOperation(text);
        }
    }

    void enterPhase(Phase phase) {
        if (phase < phase_ || (phase == Phase::Exits && phase_ == Phase::Exits)) {
            if (phase == Phase::Operations)
                fail("operation after the block's exit switch or exits");
            fail("'switch' or 'raising' out of place");
        }
        phase_ = phase;
    }

    void parseOperation(std::string_view text) {
        size_t eq = text.find(" = ");
        if (eq == std::string_view::npos)
            fail("expected 'RESULT = OPNAME(ARGS)', an exit or a switch");
        std::string_view result = trim(text.substr(0, eq));
        Call call = splitCall(text.substr(eq + 3), line_);
        std::optional<Opcode> opcode = opcodeByName(call.name);
        if (!opcode) fail("unknown operation '" + std::string(call.name) + "'");
        std::vector<Value*> args;
        for (std::string_view arg : splitList(call.args, line_))
            args.push_back(parseValue(arg));
        SourcePos pos;
        if (!call.tail.empty()) {
            if (call.tail[0] != '@') fail("unexpected text after the operation");
            pos.line = parseInt(call.tail.substr(1));
        }
        Variable* var = defineVariable(result);
        block_->operations.push_back(arena_.newOperation(*opcode, std::move(args), var, pos));
    }

    // `[CASE] [[ETYPE, EVALUE]] -> TARGET(ARGS)`
    void parseLink(std::string_view left, std::string_view right) {
        Constant* exitcase = nullptr;
        Value* lastException = nullptr;
        Variable* lastExcValue = nullptr;
        size_t bracket = std::string_view::npos;
        if (!left.empty() && left.back() == ']') bracket = TopLevel(left, line_).rfind('[');
        if (bracket != std::string_view::npos) {
            exitcase = parseExceptionClass(trim(left.substr(0, bracket)));
            auto vars = splitList(left.substr(bracket + 1, left.size() - bracket - 2), line_);
            if (vars.size() != 2) fail("expected '[ETYPE, EVALUE]' on an exception exit");
            lastException = isVariableName(vars[0]) ? defineVariable(vars[0])
                                                    : static_cast<Value*>(parseConstant(vars[0]));
            lastExcValue = defineVariable(vars[1]);
        } else if (!left.empty()) {
            if (isIdentifier(left) && !isConstantName(left))
                fail("an exit case must be a constant, not " + std::string(left));
            exitcase = parseConstant(left);
        }
        Call call = splitCall(right, line_);
        if (!call.tail.empty()) fail("unexpected text after the exit's target");
        Block* target;
        if (call.name == "return")
            target = graph_->returnblock;
        else if (call.name == "except")
            target = graph_->exceptblock;
        else if (isIdentifier(call.name))
            target = blockInfo(call.name).block;
        else
            fail("invalid block label '" + std::string(call.name) + "'");
        std::vector<Value*> args;
        for (std::string_view arg : splitList(call.args, line_))
            args.push_back(parseValue(arg));
        Link* link = arena_.newLink(std::move(args), target, exitcase);
        link->lastException = lastException;
        link->lastExcValue = lastExcValue;
        links_.push_back(link);
    }

    void finishBlock() {
        if (block_) block_->closeBlock(std::move(links_));
        links_.clear();
        block_ = nullptr;
    }

    void finishGraph() {
        if (!inGraph_) return;
        finishBlock();
        if (!graph_) throw ParseError(headerLine_, "graph " + name_ + " has no blocks");
        for (const auto& [label, info] : blocks_)
            if (!info.defined)
                throw ParseError(info.firstUse, "block " + label + " is never defined");
        graph_->argnames = std::move(argnames_);
        graph_->filename = std::move(filename_);
        graph_->firstline = firstline_;
        graphs_.push_back(graph_);
        graph_ = nullptr;
        inGraph_ = false;
        vars_.clear();
        blocks_.clear();
        argnames_.clear();
        filename_.clear();
    }

    BlockInfo& blockInfo(std::string_view label) {
        auto [it, inserted] =
            blocks_.try_emplace(std::string(label), BlockInfo{nullptr, line_, false});
        if (inserted) it->second.block = arena_.newBlock();
        return it->second;
    }

    // Variable names are identifiers, or Python's own hidden names such as
    // `.0` (a comprehension's iterator) with the printer's `_N` suffix.
    static bool isVariableName(std::string_view s) {
        if (s.empty() || std::isdigit((unsigned char)s[0]) || isConstantName(s)) return false;
        for (char c : s)
            if (!std::isalnum((unsigned char)c) && c != '_' && c != '.') return false;
        return true;
    }

    Variable* defineVariable(std::string_view name) {
        if (name.find(':') != std::string_view::npos)
            fail("annotations (': TYPE') cannot be read back: '" + std::string(name) + "'");
        if (!isVariableName(name)) fail("invalid variable name '" + std::string(name) + "'");
        if (vars_.count(std::string(name)))
            fail("variable " + std::string(name) + " is defined twice");
        // `x_3` has hint `x`, `v3` hint `v`; other names are their own hint.
        std::string hint(name);
        size_t underscore = name.rfind('_');
        auto digits = [](std::string_view s) {
            return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
        };
        if (underscore != std::string_view::npos && digits(name.substr(underscore + 1)))
            hint = name.substr(0, underscore);
        else if (name[0] == 'v' && digits(name.substr(1)))
            hint = "v";
        Variable* var = arena_.newVariable(hint);
        vars_.emplace(std::string(name), var);
        return var;
    }

    Value* parseValue(std::string_view text) {
        text = trim(text);
        if (text.empty()) fail("missing value");
        // Defined names first: `.0_5` is a variable here, not the float 0.05.
        if (auto it = vars_.find(std::string(text)); it != vars_.end()) return it->second;
        if (isIdentifier(text) && !isConstantName(text))
            fail("undefined variable " + std::string(text));
        return parseConstant(text);
    }

    Constant* parseConstant(std::string_view text) {
        std::string s(text);
        if (s.size() > 8 && s.substr(0, 7) == "<class " && s.back() == '>') {
            if (PyObject* cls = builtinClass(s.substr(7, s.size() - 8)))
                return arena_.constant(cls);
        } else if (s == "Ellipsis") {
            return arena_.constant(Py_Ellipsis);
        } else if (s == "inf" || s == "-inf" || s == "nan") {
            double v = s == "nan" ? NAN : s == "inf" ? INFINITY : -INFINITY;
            return arena_.constant(py::PyRef::steal(py::check(PyFloat_FromDouble(v))));
        } else if (s[0] != '<') {
            try {
                py::PyRef str = py::fromString(s);
                py::PyRef obj =
                    py::PyRef::steal(py::check(PyObject_CallOneArg(literalEval_.get(), str.get())));
                if (isLiteral(obj.get())) return arena_.constant(obj);
            } catch (const py::PythonError&) {
            }
        }
        fail("cannot read back constant " + s);
    }

    // The class `name` of the builtins module, or null.
    PyObject* builtinClass(const std::string& name) {
        if (!isIdentifier(name)) return nullptr;
        py::PyRef cls = py::getAttrOrNull(builtins_.get(), name.c_str());
        return cls && PyType_Check(cls.get()) ? cls.get() : nullptr; // builtins keeps it alive
    }

    // An exception link's exit case: `<class IndexError>` or `IndexError`.
    Constant* parseExceptionClass(std::string_view text) {
        std::string name(text);
        if (name.size() > 8 && name.substr(0, 7) == "<class " && name.back() == '>')
            name = name.substr(7, name.size() - 8);
        PyObject* cls = builtinClass(name);
        if (!cls || !PyExceptionClass_Check(cls))
            fail("the exit case '" + std::string(text) +
                 "' of an exception exit is not a builtin "
                 "exception class");
        return arena_.constant(cls);
    }

    int parseInt(std::string_view text) {
        text = trim(text);
        int value = 0;
        if (text.empty() || text.size() > 9 ||
            text.find_first_not_of("0123456789") != std::string_view::npos)
            fail("expected a line number, got '" + std::string(text) + "'");
        for (char c : text)
            value = value * 10 + (c - '0');
        return value;
    }

    Arena& arena_;
    std::vector<std::string> lines_;
    int line_ = 0;
    py::PyRef literalEval_, builtins_;
    std::vector<FunctionGraph*> graphs_;

    // The graph being read; it is created at its first block header.
    bool inGraph_ = false;
    int headerLine_ = 0;
    std::string name_, filename_;
    std::vector<std::string> argnames_;
    int firstline_ = 0;
    FunctionGraph* graph_ = nullptr;
    std::map<std::string, Variable*> vars_;
    std::map<std::string, BlockInfo> blocks_;

    // The block being read.
    Block* block_ = nullptr;
    Phase phase_ = Phase::Operations;
    std::vector<Link*> links_;
};

} // namespace

std::vector<FunctionGraph*> parseGraphs(Arena& arena, const std::string& text) {
    return Parser(arena, text).run();
}

} // namespace futamura::ir
