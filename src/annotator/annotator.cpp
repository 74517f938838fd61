//! The RPython annotator as a type system of the fixpoint engine: joins,
//! constants, exits, conditional types, caught exceptions, and errors.
#include "futamura/annotator/annotator.h"

#include "futamura/ir/printer.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

namespace futamura::annotator {

using ir::Opcode;

static const SomeValue* S(const Annotation* a) { return static_cast<const SomeValue*>(a); }

RPythonAnnotator::RPythonAnnotator(flow::FlowSpace& space, ir::Arena& arena)
    : engine_(*this, arena), bk_(space, engine_) {}

RPythonAnnotator::~RPythonAnnotator() = default;

const SomeValue* RPythonAnnotator::argvAnnotation() {
    if (!argv_) argv_ = bk_.newList(bk_.string(StrKind::Str));
    return argv_;
}

ir::FunctionGraph* RPythonAnnotator::annotate(PyObject* func,
                                               const std::vector<const SomeValue*>& args) {
    FunctionDesc* desc = bk_.functionDesc(func);
    ir::FunctionGraph* graph = bk_.graphFor(desc, "");
    std::vector<const Annotation*> inputs(args.begin(), args.end());
    if (inputs.size() != graph->startblock->inputargs.size())
        throw AnnotatorError(flow::displayPath(graph->filename), graph->firstline,
                             "the entry point '" + graph->name + "' must take " +
                                 std::to_string(args.size()) + " argument(s)",
                             "");
    engine_.addEntryPoint(graph, inputs);
    try {
        engine_.complete();
        const SomeValue* result = binding(graph->returnblock->inputargs[0]);
        if (!isInt(result) || result->intKind != IntKind::Signed)
            throw AnnotatorError(flow::displayPath(graph->filename), graph->firstline,
                                 "the entry point '" + graph->name +
                                     "' must return an int (the exit code), it returns " +
                                     result->str(),
                                 "");
    } catch (const BlockedError& e) {
        const ir::Operation* op = e.where.block->operations[e.where.opIndex];
        if (op->opcode == Opcode::Getattr) {
            const SomeValue* obj = binding(op->args[0]);
            const SomeValue* name = binding(op->args[1]);
            if (obj->kind == SomeKind::None && name->konst)
                bk_.error("cannot read attribute '" + py::asString(name->konst.get()) + "' of None");
            if (obj->kind == SomeKind::Instance && name->konst)
                bk_.error("attribute '" + py::asString(name->konst.get()) + "' of " +
                          obj->classdef->name +
                          " is read here but never assigned (nor defined in its class)");
        }
        std::string argsText;
        for (size_t i = 0; i < op->args.size(); ++i)
            argsText += (i ? ", " : "") + binding(op->args[i])->str();
        bk_.error(std::string("unreachable operation '") + std::string(ir::opName(op->opcode)) +
                  "' on (" + argsText +
                  "): some argument is never given a value, so this code can never run "
                  "(an attribute never assigned, or a list or dict never filled?)");
    }
    return graph;
}

std::string RPythonAnnotator::signature(const ir::FunctionGraph* graph) {
    std::string s = graph->name + "(";
    for (size_t i = 0; i < graph->startblock->inputargs.size(); ++i) {
        const ir::Variable* v = graph->startblock->inputargs[i];
        s += (i ? ", " : "") + (i < graph->argnames.size() ? graph->argnames[i] : v->name()) +
             ": " + binding(v)->str();
    }
    return s + ") -> " + binding(graph->returnblock->inputargs[0])->str();
}

// ---------------------------------------------------------------------------
// The lattice, for the engine

const Annotation* RPythonAnnotator::join(const Annotation* a, const Annotation* b) {
    return bk_.join(S(a), S(b));
}

bool RPythonAnnotator::contains(const Annotation* big, const Annotation* small) {
    return bk_.contains(S(big), S(small));
}

const Annotation* RPythonAnnotator::constant(const ir::Constant* c) {
    try {
        return bk_.immutableValue(c->value());
    } catch (const UnionError& e) {
        bk_.error("the prebuilt constant " + ir::formatConstant(c->value()) +
                  " is not RPython: " + e.what());
    }
}

bool RPythonAnnotator::mayNeverReturn(const ir::Operation& op) {
    return op.opcode == Opcode::SimpleCall || op.opcode == Opcode::CallArgs ||
           op.opcode == Opcode::Next || bk_.specialCall(&op); // a method that may always raise
}

bool RPythonAnnotator::exitPossible(const Annotation* switchValue, const ir::Link& link) {
    const SomeValue* s = S(switchValue);
    if (!s->konst || !link.exitcase) return true;
    int eq = PyObject_RichCompareBool(s->konst.get(), link.exitcase->value(), Py_EQ);
    if (eq < 0) PyErr_Clear();
    return eq == 1;
}

void RPythonAnnotator::refine(Engine& engine, const ir::Block& block, const ir::Link& link,
                              Refinements& out) {
    const SomeValue* s = S(engine.binding(block.exitswitch));
    if (s->kind != SomeKind::Bool || !link.exitcase) return;
    out = link.exitcase->value() == Py_True ? s->ifTrue : s->ifFalse;
}

const Annotation* RPythonAnnotator::narrow(const Annotation* value, const Annotation* constraint) {
    const SomeValue* v = S(value);
    const SomeValue* c = S(constraint);
    if (c->kind == SomeKind::None) return v->canBeNone() ? bk_.none() : bk_.impossible();
    if (v->kind == SomeKind::None) return c->canBeNone() ? v : bk_.impossible();
    if (c->kind == SomeKind::Instance && v->kind == SomeKind::Instance) {
        if (v->classdef->isSubclassOf(c->classdef))
            return c->nullable ? v : bk_.nonnoneify(v);
        if (c->classdef->isSubclassOf(v->classdef))
            return bk_.instance(c->classdef, c->nullable && v->nullable);
        return bk_.impossible();
    }
    if (c->kind == v->kind && !c->nullable) return bk_.nonnoneify(v);
    return v;
}

std::pair<const Annotation*, const Annotation*>
RPythonAnnotator::caughtException(Engine&, const ir::Operation&, const ir::Link& link) {
    // The instance caught is of the link's class (or a subclass).
    PyObject* cls = link.exitcase->value();
    ClassDef* cdef = bk_.getClassDef(cls);
    const SomeValue* value = bk_.instance(cdef);
    SomeValue* type = bk_.make(SomeKind::Type);
    type->classdef = cdef;
    if (link.lastExcValue) type->typeOf.push_back(link.lastExcValue);
    if (ir::asConstant(link.lastException)) type->konst = py::PyRef::borrow(cls);
    return {type, value};
}

const Annotation* RPythonAnnotator::renamed(const Annotation* a, const ir::Link& link,
                                            size_t argIndex) {
    const SomeValue* s = S(a);
    const ir::Value* arg = link.args[argIndex];
    // The type of a caught exception stays "the type of" the exception
    // value in the target block, so that `except E as e` narrows `e`.
    bool isExcType = link.lastException && arg == link.lastException;
    if (!isExcType && (s->kind != SomeKind::Type || s->typeOf.empty())) return a;
    SomeValue* t = bk_.make(SomeKind::Type);
    if (s->kind == SomeKind::Type) {
        *t = *s;
    } else if (s->kind == SomeKind::PBC && s->konst && PyType_Check(s->konst.get())) {
        t->classdef = bk_.getClassDef(s->konst.get());
        t->konst = s->konst;
    } else {
        return a;
    }
    std::vector<const ir::Variable*> sources = t->typeOf;
    if (isExcType && link.lastExcValue) sources.push_back(link.lastExcValue);
    t->typeOf.clear();
    for (const ir::Variable* v : sources)
        for (size_t i = 0; i < link.args.size(); ++i)
            if (link.args[i] == v) t->typeOf.push_back(link.target->inputargs[i]);
    return t;
}

// The line where the value passed as argument `i` of `link` comes from: the
// operation that computed it, or else where control leaves along the link.
static int valueLine(const ir::Link& link, size_t i) {
    for (const ir::Operation* op : link.prevblock->operations)
        if (op->result == link.args[i] && op->pos.line) return op->pos.line;
    if (link.pos.line) return link.pos.line;
    const ir::Block* b = link.prevblock;
    for (auto it = b->operations.rbegin(); it != b->operations.rend(); ++it)
        if ((*it)->pos.line) return (*it)->pos.line;
    return 0;
}

void RPythonAnnotator::onUnionError(Engine& engine, const ir::Link& link, size_t argIndex) {
    try {
        throw;
    } catch (const UnionError& e) {
        const ir::Variable* v = link.target->inputargs[argIndex];
        const ir::Link* first = engine.firstLinkTo(v);
        int here = valueLine(link, argIndex);
        int there = first ? valueLine(*first, argIndex) : 0;
        const ir::FunctionGraph* g0 = engine.position().graph;
        std::string name = g0 && link.target == g0->returnblock ? "the result of '" + g0->name + "'"
                           : v->name() == "v"                 ? std::string("a value")
                                                              : "variable '" + v->name() + "'";
        std::string msg = e.what();
        msg += ": " + name + " is " + S(engine.binding(v))->str();
        if (there) msg += " (from line " + std::to_string(there) + ")";
        msg += " and " + binding(link.args[argIndex])->str();
        if (here) msg += " (from line " + std::to_string(here) + ")";
        // Report at the later of the two sites: in source order, the one that
        // conflicts with what came before.
        const ir::FunctionGraph* g = engine.position().graph;
        int line = std::max(here, there);
        throw AnnotatorError(flow::displayPath(link.pos.file ? *link.pos.file : g->filename),
                             line ? line : g->firstline, msg, bk_.callChain());
    }
}

// ---------------------------------------------------------------------------
// Operations

const Annotation* RPythonAnnotator::transfer(Engine&, const ir::Operation& op,
                                             const std::vector<const Annotation*>& in) {
    Args a;
    a.reserve(in.size());
    for (const Annotation* x : in) a.push_back(S(x));
    try {
        return operation(op, a);
    } catch (const UnionError& e) {
        bk_.error(e.what());
    }
}

void RPythonAnnotator::unsupported(const std::string& what, const Args& args) {
    std::string s;
    for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i]->str();
    bk_.error(what + " is not supported on (" + s + ")");
}

} // namespace futamura::annotator
