//! The abstract interpreter of CPython 3.11 bytecode (see flowcontext.h).
//!
//! Blocks start at join points or after forks; a block's input variables are
//! the Variables of the frame state it starts in. At a join point that already
//! has blocks, the incoming state is merged with theirs: if the union adds no
//! generality the flow links to the existing block; otherwise a block for the
//! more general state replaces it, and the old block becomes a mere link to
//! the new one (its recorded operations are dropped). Since states only
//! generalize (a constant becomes a Variable, a defined local undefined),
//! every loop closes after a bounded number of reflows.
#include "flowcontext.h"

#include "futamura/ir/checkgraph.h"
#include "futamura/ir/printer.h"
#include "futamura/ir/transform.h"
#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <algorithm>
#include <map>
#include <opcode.h>


namespace futamura::flow {

using ir::Opcode;
using ir::Value;
using ir::Variable;

namespace {

constexpr int CO_GENERATOR_ = 0x20, CO_COROUTINE_ = 0x80, CO_ASYNC_GENERATOR_ = 0x200,
              CO_ITERABLE_COROUTINE_ = 0x100, CO_VARARGS_ = 0x04, CO_VARKEYWORDS_ = 0x08;

} // namespace

bool isExceptionClass(PyObject* obj) {
    return PyType_Check(obj) && PyType_IsSubtype((PyTypeObject*)obj,
                                                 (PyTypeObject*)PyExc_BaseException);
}

namespace {

// Builtin exception classes (and subclasses that add no __init__ of their
// own in Python) cannot raise while being instantiated.
bool instantiationCannotRaise(PyObject* cls) {
    if (!isExceptionClass(cls)) return false;
    py::PyRef init = py::getAttrOrNull(cls, "__init__");
    return init && !PyFunction_Check(init.get());
}

} // namespace

FlowContext::FlowContext(FlowSpace& space, PyObject* func)
    : space_(space), arena_(space.arena()), func_(py::PyRef::borrow(func)),
      code_(space.codeInfo(PyFunction_GET_CODE(func))) {
    globals_ = py::PyRef::borrow(PyFunction_GET_GLOBALS(func));
}

// ---------------------------------------------------------------------------
// Errors

std::string FlowContext::context() const {
    std::string s;
    if (state_.frames.size() > 1) {
        for (size_t i = state_.frames.size(); i-- > 1;)
            s += "  in " + state_.frames[i].code->name() + " inlined into '" +
                 state_.frames[i - 1].code->qualname() + "'\n";
    }
    s += "  in function '" + code_.qualname() + "' (" + displayPath(code_.filename()) + ":" +
         std::to_string(code_.firstline()) + ")";
    return s;
}

void FlowContext::error(const std::string& message) const {
    const CodeInfo* code = state_.frames.empty() ? &code_ : state_.top().code;
    int line = instr_ && instr_->line ? instr_->line : code->firstline();
    throw FlowingError(code->filename(), line, message, context());
}

std::string FlowContext::describe(Value* v) const {
    if (ir::Constant* c = ir::asConstant(v)) return ir::formatConstant(c->value());
    return "a variable";
}

// ---------------------------------------------------------------------------
// Blocks and join points

FlowContext::SpamBlock* FlowContext::newSpamBlock(const FrameState& state) {
    FrameState fresh = state.copyFresh(arena_);
    ir::Block* block = arena_.newBlock(fresh.variables());
    SpamBlock* spam = &spamBlocks_.emplace_back(SpamBlock{block, std::move(fresh)});
    pending_.push_back(spam);
    return spam;
}

bool FlowContext::isJoinPoint(const FrameState& state) const {
    const Frame& f = state.top();
    return f.phase == 0 && f.pc < f.code->instrs().size() && f.code->isJumpTarget(f.pc);
}

ir::Block* FlowContext::mergeAt(const FrameState& state, std::vector<Value*>& args) {
    Position key;
    for (const Frame& f : state.frames) key.emplace_back(f.code, f.pc);
    std::vector<SpamBlock*>& candidates = joinPoints_[key];
    for (size_t i = 0; i < candidates.size(); ++i) {
        SpamBlock* cand = candidates[i];
        std::optional<FrameState> merged = unionState(arena_, cand->state, state);
        if (!merged) continue;
        if (merged->matches(cand->state)) {
            args = state.outputArgs(cand->state);
            return cand->block;
        }
        // Generalize: a new block for the merged state replaces the candidate,
        // which becomes a link to it.
        ir::Block* block = arena_.newBlock(merged->variables());
        SpamBlock* spam = &spamBlocks_.emplace_back(SpamBlock{block, std::move(*merged)});
        pending_.push_back(spam);
        cand->dead = true;
        cand->block->operations.clear();
        cand->block->exitswitch = nullptr;
        cand->block->raising = false;
        cand->block->recloseBlock(
            {arena_.newLink(cand->state.outputArgs(spam->state), block)});
        candidates.erase(candidates.begin() + i);
        candidates.insert(candidates.begin(), spam);
        args = state.outputArgs(spam->state);
        return block;
    }
    SpamBlock* spam = newSpamBlock(state);
    candidates.insert(candidates.begin(), spam);
    args = state.outputArgs(spam->state);
    return spam->block;
}

ir::Link* FlowContext::makeLink(const FrameState& state, ir::Constant* exitcase) {
    std::vector<Value*> args;
    ir::Block* target;
    if (isJoinPoint(state)) {
        target = mergeAt(state, args);
    } else {
        SpamBlock* spam = newSpamBlock(state);
        target = spam->block;
        args = state.outputArgs(spam->state);
    }
    ir::Link* link = arena_.newLink(std::move(args), target, exitcase);
    link->pos = here();
    return link;
}

void FlowContext::closeCurrent(std::vector<ir::Link*> links, Value* exitswitch, bool raising) {
    // A join may have replaced the block being recorded by a more general one
    // (a loop that comes back to its own start): it is then already closed.
    if (spam_->dead) return;
    spam_->block->exitswitch = exitswitch;
    spam_->block->raising = raising;
    spam_->block->closeBlock(std::move(links));
}

void FlowContext::recordBlock(SpamBlock* spam) {
    spam_ = spam;
    state_ = spam->state;
    pendingFork_ = nullptr;
    kwnames_ = py::PyRef();
    bool first = true;
    for (;;) {
        if (!first && isJoinPoint(state_)) {
            closeCurrent({makeLink(state_, nullptr)});
            return;
        }
        first = false;
        Frame& f = frame();
        if (f.pc >= f.code->instrs().size()) error("control flow runs past the end of the bytecode");
        instrIndex_ = f.pc;
        instr_ = &f.code->instrs()[f.pc];
        phase_ = f.phase;
        f.pc = instr_->next;
        f.phase = 0;
        ++space_.stats().instructions;
        if (step(*instr_) == Next::Stop) return;
        if (pendingFork_) {
            doFork();
            return;
        }
    }
}

// ---------------------------------------------------------------------------
// Operations

ir::SourcePos FlowContext::here() const {
    const CodeInfo* code = state_.frames.empty() ? &code_ : state_.top().code;
    return ir::SourcePos{arena_.internFile(code->filename()), instr_ ? instr_->line : 0};
}

ir::Operation* FlowContext::producer(Value* v) const {
    if (!v || !v->isVariable()) return nullptr;
    auto& ops = spam_->block->operations;
    for (auto it = ops.rbegin(); it != ops.rend(); ++it)
        if ((*it)->result == v) return *it;
    return nullptr;
}

Value* FlowContext::record(Opcode op, std::vector<Value*> args, bool mayRaise) {
    if (ir::canFold(op)) {
        std::vector<PyObject*> objs;
        bool all = true;
        for (Value* a : args) {
            ir::Constant* c = ir::asConstant(a);
            if (!c || !isFoldable(c->value())) {
                all = false;
                break;
            }
            objs.push_back(c->value());
        }
        if (all) {
            py::PyRef result = foldOperation(op, objs);
            if (result) return constant(result.get());
            // Folding failed (getattr(None, 'x') on the first pass over a
            // loop whose variable is still the constant it starts as): the
            // operation is recorded; if it stays reachable once the loop
            // is generalized, the annotator refuses it.
        }
    }
    Variable* result = arena_.newVariable();
    ir::Operation* operation = arena_.newOperation(op, std::move(args), result, here());
    spam_->block->operations.push_back(operation);
    unsigned raises = ir::implicitRaises(op);
    // Division by a non-zero constant cannot raise ZeroDivisionError.
    if (raises == ir::opexc::ZERODIV && operation->args.size() == 2)
        if (ir::Constant* c = ir::asConstant(operation->args[1]);
            c && (PyLong_CheckExact(c->value()) || PyFloat_CheckExact(c->value())) &&
            PyObject_IsTrue(c->value()) == 1)
            raises = 0;
    if (mayRaise && raises && insideTry()) {
        if (pendingFork_) error("internal error: two raising operations in one instruction");
        pendingFork_ = operation;
    }
    return result;
}

bool FlowContext::insideTry() const {
    for (size_t d = state_.frames.size(); d-- > 0;) {
        const Frame& f = state_.frames[d];
        uint32_t at = d + 1 == state_.frames.size() ? instrIndex_ : f.callPc;
        if (f.code->handlerFor(at)) return true;
    }
    return false;
}

std::optional<FrameState> FlowContext::unwind(const FrameState& state, FlowValue exc) const {
    FrameState s = state;
    for (size_t d = s.frames.size(); d-- > 0;) {
        Frame& f = s.frames[d];
        uint32_t at = d + 1 == s.frames.size() ? instrIndex_ : f.callPc;
        const ExceptionEntry* e = f.code->handlerFor(at);
        if (!e) continue;
        s.frames.resize(d + 1);
        Frame& h = s.frames[d];
        if (h.stack.size() < e->depth) error("internal error: exception table depth too large");
        h.stack.resize(e->depth);
        if (e->lasti) {
            py::PyRef off = py::fromLong(h.code->instrs()[at].offset);
            h.stack.push_back(FlowValue::value(arena_.constant(off.get())));
        }
        h.stack.push_back(exc);
        h.pc = e->target;
        return s;
    }
    return std::nullopt;
}

void FlowContext::doFork() {
    ir::Operation* op = pendingFork_;
    pendingFork_ = nullptr;
    unsigned raises = ir::implicitRaises(op->opcode);
    std::vector<ir::Link*> links{makeLink(state_, nullptr)};
    static const std::pair<unsigned, PyObject**> kClasses[] = {
        {ir::opexc::INDEX, &PyExc_IndexError},       {ir::opexc::KEY, &PyExc_KeyError},
        {ir::opexc::ZERODIV, &PyExc_ZeroDivisionError}, {ir::opexc::OVERFLOW, &PyExc_OverflowError},
        {ir::opexc::VALUE, &PyExc_ValueError},       {ir::opexc::STOPITER, &PyExc_StopIteration},
        {ir::opexc::ANY, &PyExc_Exception},
    };
    for (auto [bit, cls] : kClasses) {
        if (!(raises & bit)) continue;
        ir::Constant* c = constant(*cls);
        // A specific class is known on its link; a catch-all gets a Variable.
        Value* etype = bit == ir::opexc::ANY ? static_cast<Value*>(arena_.newVariable("etype")) : c;
        Variable* evalue = arena_.newVariable("evalue");
        std::optional<FrameState> s = unwind(state_, FlowValue::exception(etype, evalue));
        if (!s) error("internal error: fork without a handler");
        ir::Link* link = makeLink(*s, c);
        link->lastException = etype;
        link->lastExcValue = evalue;
        links.push_back(link);
    }
    closeCurrent(std::move(links), nullptr, true);
}

// ---------------------------------------------------------------------------
// Control flow

FlowContext::Next FlowContext::raise(FlowValue exc) {
    if (std::optional<FrameState> s = unwind(state_, exc)) {
        closeCurrent({makeLink(*s, nullptr)});
    } else {
        ir::Link* link = arena_.newLink({exc.v, exc.w}, graph_->exceptblock);
        link->pos = here();
        closeCurrent({link});
    }
    return Next::Stop;
}

FlowContext::Next FlowContext::raiseValue(Value* v) {
    Value* etype;
    if (ir::Constant* c = ir::asConstant(v)) {
        if (PyType_Check(c->value())) {
            if (!isExceptionClass(c->value()))
                error("raise of " + describe(v) + ", which is not an exception class");
            etype = c;
            v = record(Opcode::SimpleCall, {c}, false); // `raise Cls` instantiates Cls
        } else if (PyExceptionInstance_Check(c->value())) {
            etype = constant((PyObject*)Py_TYPE(c->value()));
        } else {
            error("raise of " + describe(v) + ", which is not an exception");
        }
    } else if (ir::Operation* op = producer(v);
               op && op->opcode == Opcode::SimpleCall && op->args[0]->isConstant() &&
               isExceptionClass(ir::asConstant(op->args[0])->value())) {
        etype = op->args[0]; // just instantiated: its class is known exactly
    } else {
        etype = record(Opcode::Type, {v}, false);
    }
    return raise(FlowValue::exception(etype, v));
}

FlowContext::Next FlowContext::branch(Value* cond, FrameState ifFalse, FrameState ifTrue) {
    ir::Operation* op = producer(cond);
    if (!(op && ir::returnsBool(op->opcode))) cond = record(Opcode::Bool, {cond}, false);
    if (ir::Constant* c = ir::asConstant(cond)) {
        state_ = c->value() == Py_True ? std::move(ifTrue) : std::move(ifFalse);
        return Next::Continue;
    }
    ir::Link* no = makeLink(ifFalse, arena_.boolConstant(false));
    ir::Link* yes = makeLink(ifTrue, arena_.boolConstant(true));
    closeCurrent({no, yes}, cond);
    return Next::Stop;
}

FlowContext::Next FlowContext::doReturn(FlowValue result) {
    Value* v = valueOf(result);
    if (state_.frames.size() > 1) {
        // The end of an inlined comprehension: back in the calling frame.
        state_.frames.pop_back();
        pushValue(v);
        return Next::Continue;
    }
    ir::Link* link = arena_.newLink({v}, graph_->returnblock);
    link->pos = here();
    closeCurrent({link});
    return Next::Stop;
}

// ---------------------------------------------------------------------------
// Values on the stack

FlowValue FlowContext::pop() {
    auto& stack = frame().stack;
    if (stack.empty()) error("internal error: value stack underflow");
    FlowValue v = stack.back();
    stack.pop_back();
    return v;
}

FlowValue& FlowContext::peek(size_t n) {
    auto& stack = frame().stack;
    if (n == 0 || n > stack.size()) error("internal error: value stack underflow");
    return stack[stack.size() - n];
}

Value* FlowContext::valueOf(const FlowValue& fv) {
    switch (fv.kind) {
    case FlowValue::Kind::Value: return fv.v;
    case FlowValue::Kind::Exception: return fv.w;
    case FlowValue::Kind::Special:
        if (specials_[fv.aux].kind == Special::Kind::MadeFunction)
            error("a comprehension's function object used as a value");
        [[fallthrough]];
    default: error("internal error: not a value on the stack");
    }
}

Value* FlowContext::popValue() { return valueOf(pop()); }

int FlowContext::specialIndex(Special s) {
    for (size_t i = 0; i < specials_.size(); ++i) {
        const Special& t = specials_[i];
        if (t.kind == s.kind && t.depth == s.depth && t.slot == s.slot && t.cells == s.cells &&
            t.code == s.code)
            return (int)i;
    }
    specials_.push_back(std::move(s));
    return (int)specials_.size() - 1;
}

FlowValue& FlowContext::cellTarget(int idx) {
    for (;;) {
        const Special& s = specials_[idx];
        FlowValue& slot = state_.frames.at(s.depth).locals.at(s.slot);
        if (slot.kind == FlowValue::Kind::Special &&
            specials_[slot.aux].kind == Special::Kind::CellRef) {
            idx = slot.aux;
            continue;
        }
        return slot;
    }
}

// ---------------------------------------------------------------------------
// Calls

FlowContext::Next FlowContext::call(FlowValue callable, std::vector<Value*> args,
                                    PyObject* kwnames, Value* starArgs) {
    const auto& known = space_.known();
    if (callable.kind == FlowValue::Kind::Special) {
        const Special& made = specials_[callable.aux];
        if (made.kind != Special::Kind::MadeFunction || kwnames || starArgs || args.size() != 1)
            error("internal error: unexpected call of a comprehension");
        // Inline the comprehension: a new frame on top of this one.
        Frame inner;
        inner.code = made.code;
        inner.locals.assign(made.code->slotCount(), FlowValue::undefined());
        inner.locals[0] = FlowValue::value(args[0]);
        for (size_t i = 0; i < made.cells.size(); ++i)
            inner.locals[made.code->firstFreeSlot() + i] = FlowValue::special(made.cells[i]);
        frame().callPc = instrIndex_;
        state_.frames.push_back(std::move(inner));
        return Next::Continue;
    }
    Value* f = valueOf(callable);
    if (ir::Constant* c = ir::asConstant(f)) {
        PyObject* obj = c->value();
        if (auto it = known.refused.find(obj); it != known.refused.end()) error(it->second);
        if (obj == known.weAreTranslated.get() && args.empty() && !kwnames && !starArgs) {
            pushValue(arena_.boolConstant(true));
            return Next::Continue;
        }
        if (Next n; jitHintCall(obj, args, kwnames, starArgs, n)) return n;
        if (obj == (PyObject*)&PySuper_Type && args.empty())
            error("super() without arguments is not RPython; call the base class "
                  "explicitly: Base.method(self, ...)");
        if (auto it = known.func2op.find(obj);
            it != known.func2op.end() && !kwnames && !starArgs &&
            (int)args.size() == it->second.second) {
            pushValue(record(it->second.first, std::move(args)));
            return Next::Continue;
        }
    }
    Value* result;
    bool mayRaise = true;
    if (ir::Constant* c = ir::asConstant(f); c && instantiationCannotRaise(c->value()))
        mayRaise = false;
    if (!kwnames && !starArgs) {
        args.insert(args.begin(), f);
        result = record(Opcode::SimpleCall, std::move(args), mayRaise);
    } else {
        // call_args(f, shape, args...): shape = (positional count, keyword names, *args?)
        Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
        py::PyRef names = kwnames ? py::PyRef::borrow(kwnames)
                                  : py::PyRef::steal(py::check(PyTuple_New(0)));
        py::PyRef shape = py::PyRef::steal(
            py::check(Py_BuildValue("(nOO)", (Py_ssize_t)args.size() - nkw, names.get(),
                                    starArgs ? Py_True : Py_False)));
        std::vector<Value*> full{f, constant(shape.get())};
        full.insert(full.end(), args.begin(), args.end());
        if (starArgs) full.push_back(starArgs);
        result = record(Opcode::CallArgs, std::move(full), mayRaise);
    }
    pushValue(result);
    return Next::Continue;
}

/// The hints of futamura.rlib.jit become operations: jit_marker (the
/// driver's jit_merge_point and can_enter_jit, with the green and then the
/// red variables in the driver's order), hint (promote, concrete) and
/// jit_we_are_jitted. Returns false for any other call.
bool FlowContext::jitHintCall(PyObject* obj, const std::vector<Value*>& args, PyObject* kwnames, Value* starArgs,
                              Next& next) {
    const auto& known = space_.known();
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    size_t npos = args.size() - (size_t)nkw;
    auto kwname = [&](Py_ssize_t i) { return py::asString(PyTuple_GET_ITEM(kwnames, i)); };
    if (known.jitDriver && PyMethod_Check(obj) &&
        PyObject_IsInstance(PyMethod_GET_SELF(obj), known.jitDriver.get()) == 1) {
        PyObject* driver = PyMethod_GET_SELF(obj);
        std::string method = py::asString(py::getAttr(PyMethod_GET_FUNCTION(obj), "__name__").get());
        if (method != "jit_merge_point" && method != "can_enter_jit") return false;
        if (npos != 0 || starArgs)
            error("JitDriver." + method + "() takes the live variables as keyword arguments only (name=value)");
        std::vector<std::string> order;
        for (const char* kind : {"greens", "reds"}) {
            py::PyRef names = py::getAttr(driver, kind);
            for (Py_ssize_t i = 0; i < PyList_Size(names.get()); ++i)
                order.push_back(py::asString(PyList_GetItem(names.get(), i)));
        }
        std::map<std::string, Value*> given;
        for (Py_ssize_t i = 0; i < nkw; ++i) given[kwname(i)] = args[npos + (size_t)i];
        std::string missing, extra;
        for (const std::string& v : order)
            if (!given.count(v)) missing += (missing.empty() ? "" : ", ") + v;
        for (const auto& [name, v] : given)
            if (std::find(order.begin(), order.end(), name) == order.end()) extra += (extra.empty() ? "" : ", ") + name;
        if (!missing.empty() || !extra.empty()) {
            std::string declared;
            for (const std::string& v : order) declared += (declared.empty() ? "" : ", ") + v;
            error("JitDriver." + method + "() must name the driver's greens and reds (" + declared + "): " +
                  (missing.empty() ? "" : "missing " + missing) + (!missing.empty() && !extra.empty() ? "; " : "") +
                  (extra.empty() ? "" : "not declared " + extra));
        }
        py::PyRef name = py::fromString(method);
        std::vector<Value*> opArgs{constant(name.get()), constant(driver)};
        for (const std::string& v : order) opArgs.push_back(given.at(v));
        record(Opcode::JitMarker, std::move(opArgs), false);
        pushValue(constant(Py_None));
        next = Next::Continue;
        return true;
    }
    if (known.jitPromote && obj == known.jitPromote.get()) {
        if (args.size() != 1 || nkw || starArgs) error("promote() takes one argument");
        py::PyRef kind = py::fromString("promote");
        pushValue(record(Opcode::Hint, {args[0], constant(kind.get())}, false));
        next = Next::Continue;
        return true;
    }
    if (known.jitHint && obj == known.jitHint.get()) {
        std::string kind;
        for (Py_ssize_t i = 0; i < nkw; ++i) {
            ir::Constant* c = ir::asConstant(args[npos + (size_t)i]);
            if (!c || c->value() != Py_True || (kwname(i) != "concrete" && kwname(i) != "promote") || !kind.empty())
                error("hint() takes a value and one of concrete=True or promote=True");
            kind = kwname(i);
        }
        if (npos != 1 || kind.empty() || starArgs) error("hint() takes a value and one of concrete=True or promote=True");
        py::PyRef k = py::fromString(kind);
        pushValue(record(Opcode::Hint, {args[0], constant(k.get())}, false));
        next = Next::Continue;
        return true;
    }
    if (known.weAreJitted && obj == known.weAreJitted.get()) {
        if (!args.empty() || starArgs) error("we_are_jitted() takes no arguments");
        pushValue(record(Opcode::JitWeAreJitted, {}, false));
        next = Next::Continue;
        return true;
    }
    return false;
}

FlowContext::Next FlowContext::forIter(const Instr&) {
    Value* it = valueOf(peek(1));
    FrameState exhausted = state_;
    exhausted.top().stack.pop_back();
    exhausted.top().pc = frame().code->jumpTarget(instrIndex_);
    Value* item = record(Opcode::Next, {it}, false);
    if (item->isConstant()) error("internal error: next() folded");
    pushValue(item);
    ir::Link* normal = makeLink(state_, nullptr);
    ir::Constant* stop = constant(PyExc_StopIteration);
    Variable* evalue = arena_.newVariable("evalue");
    ir::Link* done = makeLink(exhausted, stop);
    done->lastException = stop;
    done->lastExcValue = evalue;
    closeCurrent({normal, done}, nullptr, true);
    return Next::Stop;
}

// ---------------------------------------------------------------------------
// The graph

ir::FunctionGraph* FlowContext::build() {
    const CodeInfo& code = code_;
    int flags = code.flags();
    if (flags & (CO_GENERATOR_ | CO_COROUTINE_ | CO_ASYNC_GENERATOR_ | CO_ITERABLE_COROUTINE_)) {
        // Point at the first yield or await.
        for (const Instr& i : code.instrs()) {
            if (i.op == YIELD_VALUE || i.op == GET_AWAITABLE || i.op == GET_YIELD_FROM_ITER ||
                i.op == ASYNC_GEN_WRAP || i.op == GET_AITER || i.op == BEFORE_ASYNC_WITH) {
                instr_ = &i;
                break;
            }
        }
        if (flags & (CO_COROUTINE_ | CO_ITERABLE_COROUTINE_))
            error("async functions are not RPython ('" + code.qualname() + "' is async)");
        if (flags & CO_ASYNC_GENERATOR_)
            error("async generators are not RPython ('" + code.qualname() + "')");
        error("generators are not RPython ('" + code.qualname() +
              "' contains yield); return a list instead");
    }
    if (flags & CO_VARKEYWORDS_)
        error("**kwargs parameters are not RPython ('" + code.qualname() + "')");

    // The start state: arguments as Variables, free variables as the
    // constants their cells hold at import time.
    Frame f;
    f.code = &code;
    f.locals.assign(code.slotCount(), FlowValue::undefined());
    int nargs = code.argcount() + code.kwonlyargcount() + ((flags & CO_VARARGS_) ? 1 : 0);
    std::vector<Variable*> inputs;
    std::vector<std::string> argnames;
    for (int i = 0; i < nargs; ++i) {
        Variable* v = arena_.newVariable(code.slotName(i));
        f.locals[i] = FlowValue::value(v);
        inputs.push_back(v);
        argnames.push_back(code.slotName(i));
    }
    PyObject* closure = PyFunction_GET_CLOSURE(func_.get());
    for (uint32_t i = code.firstFreeSlot(); i < code.slotCount(); ++i) {
        PyObject* cell = closure ? PyTuple_GetItem(closure, i - code.firstFreeSlot()) : nullptr;
        if (!cell) py::throwPythonError();
        PyObject* contents = PyCell_GET(cell);
        if (contents) f.locals[i] = FlowValue::value(constant(contents));
    }
    ir::Block* start = arena_.newBlock(inputs);
    state_.frames.push_back(std::move(f));
    SpamBlock* spam = &spamBlocks_.emplace_back(SpamBlock{start, state_});
    state_.frames.clear();
    pending_.push_back(spam);

    py::PyRef qualname = py::getAttr(func_.get(), "__qualname__");
    graph_ = arena_.newGraph(py::asString(qualname.get()), start);
    graph_->func = func_;
    graph_->filename = code.filename();
    graph_->firstline = code.firstline();
    graph_->argnames = argnames;

    while (!pending_.empty()) {
        SpamBlock* next = pending_.front();
        pending_.pop_front();
        if (next->dead) continue;
        recordBlock(next);
    }
    space_.stats().blocks += spamBlocks_.size();
    return graph_;
}

} // namespace futamura::flow
