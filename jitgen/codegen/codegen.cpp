//! The recording side of the code-generation API (codegen.h): builders write
//! SSI low-level graphs; the Backend base class hands finished units and
//! bridges to its subclass.
#include "futamura/jitgen/codegen.h"

#include "futamura/ir/printer.h"

#include <algorithm>

namespace futamura::jitgen::codegen {

using namespace rtyper;

namespace {

std::string typeName(const LowLevelType* t) { return t ? t->shortName() : "<untyped>"; }

bool sameType(const LowLevelType* a, const LowLevelType* b) { return resolve(a) == resolve(b); }

/// The container a pointer type points to (null if `t` is not a pointer).
const LowLevelType* pointee(const LowLevelType* t) {
    const Ptr* p = t ? asType<Ptr>(t) : nullptr;
    return p ? resolve(p->to()) : nullptr;
}

bool isIntegral(const LowLevelType* t) {
    return t == Signed || t == Unsigned || t == SignedLongLong || t == UnsignedLongLong ||
           t == Char || t == UniChar || t == Bool;
}

} // namespace

// --- Operand, Switch ---------------------------------------------------------

Operand Operand::constant(ir::Constant* c) {
    if (!c || !c->isLowLevel()) throw CodegenError("codegen: an operand must be a low-level constant");
    Operand o;
    o.type_ = static_cast<const LowLevelType*>(c->concretetype);
    o.const_ = c;
    return o;
}

LLValue Operand::value() const {
    if (!const_) throw CodegenError("codegen: value() of an operand that is not a constant");
    return const_->llvalue;
}

std::vector<int64_t> Switch::cases() const {
    std::vector<int64_t> r;
    for (const auto& [v, link] : cases_) r.push_back(v);
    return r;
}

// --- Unit --------------------------------------------------------------------

Unit::Unit(Backend* backend, const FuncType* sig, std::string name, std::vector<std::string> argnames)
    : backend_(backend), sig_(sig) {
    ir::Arena& arena = backend->context().arena;
    if (!argnames.empty() && argnames.size() != sig->args().size())
        throw CodegenError("codegen: unit " + name + " has " + std::to_string(sig->args().size()) +
                           " arguments but " + std::to_string(argnames.size()) + " names");
    for (size_t i = 0; i < sig->args().size(); ++i)
        if (!sig->args()[i] || sig->args()[i] == Void)
            throw CodegenError("codegen: unit " + name + ": argument " + std::to_string(i) +
                               " must have a non-Void type");
    openInSegment_.push_back(0);
    std::unordered_map<uint32_t, ir::Variable*> env;
    std::vector<ir::Variable*> vars;
    for (size_t i = 0; i < sig->args().size(); ++i) {
        Operand o = newVar(sig->args()[i]);
        ir::Variable* v = arena.newVariable(argnames.empty() ? "a" + std::to_string(i) : argnames[i]);
        v->concretetype = o.type();
        inputs_.push_back(o);
        vars.push_back(v);
        env[o.varId()] = v;
    }
    ir::Block* start = arena.newBlock(vars);
    graph_ = arena.newGraph(std::move(name), start);
    graph_->argnames = argnames.empty() ? std::vector<std::string>{} : argnames;
    if (argnames.empty())
        for (size_t i = 0; i < vars.size(); ++i) graph_->argnames.push_back("a" + std::to_string(i));
    graph_->returnblock->inputargs[0]->concretetype = sig->result();
    ExceptionHost* exc = backend->context().exceptions;
    graph_->exceptblock->inputargs[0]->concretetype = exc ? exc->exceptionTypeType() : Void;
    graph_->exceptblock->inputargs[1]->concretetype = exc ? exc->exceptionValueType() : Void;
    Builder& b = newBuilder(start, 0);
    b.env_ = std::move(env);
    b.state_ = Builder::State::Writing;
    writing_ = &b;
}

Operand Unit::newVar(const LowLevelType* type) {
    Operand o;
    o.type_ = type;
    o.unit_ = this;
    o.var_ = nextVar_++;
    return o;
}

Builder& Unit::newBuilder(ir::Block* block, size_t segment) {
    builders_.push_back(std::unique_ptr<Builder>(new Builder(this, (uint32_t)builders_.size(), block, segment)));
    ++openInSegment_.at(segment);
    noteBlock(block, segment);
    return *builders_.back();
}

void Unit::noteBlock(ir::Block* block, size_t segment) {
    if (segment > 0) bridges_[segment - 1].blocks.push_back(block);
}

size_t Unit::openBuilders() const {
    size_t n = 0;
    for (size_t k : openInSegment_) n += k;
    return n;
}

ir::Constant* Unit::functionPointer() const {
    return backend_->context().functionPointer(graph_, sig_);
}

void Unit::builderFinished(Builder& b) {
    if (writing_ == &b) writing_ = nullptr;
    size_t& open = openInSegment_.at(b.segment_);
    --open;
    if (open == 0 && b.segment_ > 0) backend_->finishBridge(*this, bridges_[b.segment_ - 1]);
}

// --- Builder: states and operands --------------------------------------------

std::string Builder::describe() const {
    return "builder " + std::to_string(id_) + " of unit " + unit_->name();
}

void Builder::start() {
    if (state_ == State::Writing) return;
    if (state_ == State::Finished) throw CodegenError("codegen: " + describe() + " is finished; it cannot start again");
    if (unit_->writing_ && unit_->writing_ != this)
        throw CodegenError("codegen: " + describe() + " cannot start while " + unit_->writing_->describe() +
                           " is writing: pause it first (one builder of a unit is written at a time)");
    state_ = State::Writing;
    unit_->writing_ = this;
}

void Builder::pause() {
    if (state_ != State::Writing) return;
    state_ = State::Paused;
    unit_->writing_ = nullptr;
}

void Builder::checkWriting(const char* what) const {
    if (state_ == State::Writing) return;
    std::string why = state_ == State::Paused ? "it is paused (start() it first)" : "it is finished";
    throw CodegenError("codegen: " + std::string(what) + " in " + describe() + ": " + why);
}

ir::Value* Builder::use(const Operand& x, const char* what) const {
    if (!x.valid()) throw CodegenError("codegen: " + std::string(what) + " in " + describe() + ": an invalid operand");
    if (x.isConst()) return x.irConstant();
    if (x.unit() != unit_)
        throw CodegenError("codegen: " + std::string(what) + " in " + describe() + ": an operand of another unit");
    auto it = env_.find(x.varId());
    if (it == env_.end())
        throw CodegenError("codegen: " + std::string(what) + " in " + describe() + ": the value #" +
                           std::to_string(x.varId()) + " is not live in this block (pass it in the live "
                           "operands of the jump or label that opened the block)");
    return it->second;
}

void Builder::collectLive(std::span<const Operand> live, std::vector<Operand>& vars,
                          std::vector<ir::Value*>& values) const {
    for (const Operand& x : live) {
        ir::Value* v = use(x, "a live operand");
        if (x.isConst()) continue;
        if (std::find(vars.begin(), vars.end(), x) != vars.end()) continue;
        vars.push_back(x);
        values.push_back(v);
    }
}

ir::Block* Builder::newBlock(const std::vector<Operand>& vars,
                             std::unordered_map<uint32_t, ir::Variable*>& env) const {
    ir::Arena& arena = unit_->backend().context().arena;
    std::vector<ir::Variable*> inputs;
    for (const Operand& x : vars) {
        auto old = env_.find(x.varId());
        ir::Variable* v = arena.newVariable(old != env_.end() ? old->second->name() : "v");
        v->concretetype = x.type();
        inputs.push_back(v);
        env[x.varId()] = v;
    }
    return arena.newBlock(std::move(inputs));
}

ir::Variable* Builder::emit(Opcode opcode, std::vector<ir::Value*> args, const LowLevelType* result) {
    ir::Arena& arena = unit_->backend().context().arena;
    ir::Variable* v = arena.newVariable("v");
    v->concretetype = result;
    block_->operations.push_back(arena.newOperation(opcode, std::move(args), v));
    return v;
}

Operand Builder::resultOperand(ir::Variable* v, const LowLevelType* type) {
    Operand o = unit_->newVar(type);
    env_[o.varId()] = v;
    return o;
}

// --- Builder: operations -----------------------------------------------------

Operand Builder::op(Opcode opcode, std::span<const Operand> args, const LowLevelType* result) {
    checkWriting("an operation");
    std::string name(ir::opName(opcode));
    if (!ir::isLowLevel(opcode) && opcode != Opcode::SameAs)
        throw CodegenError("codegen: '" + name + "' is not a low-level operation");
    int arity = ir::opInfo(opcode).arity;
    if (arity >= 0 && (size_t)arity != args.size())
        throw CodegenError("codegen: '" + name + "' takes " + std::to_string(arity) + " arguments, " +
                           std::to_string(args.size()) + " given");
    if (!result) throw CodegenError("codegen: '" + name + "' needs a result type");
    std::vector<ir::Value*> values;
    for (const Operand& x : args) values.push_back(use(x, ("an argument of '" + name + "'").c_str()));
    return resultOperand(emit(opcode, std::move(values), result), result);
}

Operand Builder::sameAs(Operand x) { return op(Opcode::SameAs, {x}, x.type()); }

namespace {

const Struct* structOf(const Operand& p, std::string_view field, const char* opname) {
    const Struct* st = asType<Struct>(pointee(p.type()));
    if (!st)
        throw CodegenError("codegen: " + std::string(opname) + " of '" + std::string(field) + "' on " +
                           typeName(p.type()) + ", not a pointer to a struct");
    const LowLevelType* ft = st->fieldType(field);
    if (!ft) throw CodegenError("codegen: " + typeName(p.type()) + " has no field '" + std::string(field) + "'");
    if (resolve(ft)->isContainer())
        throw CodegenError("codegen: field '" + std::string(field) + "' of " + typeName(p.type()) +
                           " is an inlined container");
    return st;
}

const LowLevelType* itemOf(const Operand& a, const char* opname) {
    const LowLevelType* to = pointee(a.type());
    const LowLevelType* item = nullptr;
    if (auto* arr = to ? asType<Array>(to) : nullptr) item = arr->itemType();
    if (auto* arr = to ? asType<FixedSizeArray>(to) : nullptr) item = arr->itemType();
    if (!item)
        throw CodegenError("codegen: " + std::string(opname) + " on " + typeName(a.type()) +
                           ", not a pointer to an array");
    return item;
}

void expectType(const Operand& x, const LowLevelType* want, const std::string& what) {
    if (x.valid() && !sameType(x.type(), want))
        throw CodegenError("codegen: " + what + " is " + typeName(x.type()) + ", expected " + typeName(want));
}

} // namespace

Operand Builder::getfield(Operand p, std::string_view field) {
    checkWriting("getfield");
    const Struct* st = structOf(p, field, "getfield");
    Operand name = Operand::constant(unit_->backend().context().nameConst(std::string(field)));
    return op(Opcode::Getfield, {p, name}, st->fieldType(field));
}

void Builder::setfield(Operand p, std::string_view field, Operand value) {
    checkWriting("setfield");
    const Struct* st = structOf(p, field, "setfield");
    expectType(value, st->fieldType(field), "the value stored in '" + std::string(field) + "'");
    Operand name = Operand::constant(unit_->backend().context().nameConst(std::string(field)));
    op(Opcode::Setfield, {p, name, value}, Void);
}

Operand Builder::getarrayitem(Operand a, Operand index) {
    checkWriting("getarrayitem");
    const LowLevelType* item = itemOf(a, "getarrayitem");
    expectType(index, Signed, "the index");
    return op(Opcode::Getarrayitem, {a, index}, item);
}

void Builder::setarrayitem(Operand a, Operand index, Operand value) {
    checkWriting("setarrayitem");
    const LowLevelType* item = itemOf(a, "setarrayitem");
    expectType(index, Signed, "the index");
    expectType(value, item, "the stored item");
    op(Opcode::Setarrayitem, {a, index, value}, Void);
}

Operand Builder::getarraysize(Operand a) {
    checkWriting("getarraysize");
    itemOf(a, "getarraysize");
    return op(Opcode::Getarraysize, {a}, Signed);
}

Operand Builder::malloc(const LowLevelType* T) {
    checkWriting("malloc");
    if (!T || !resolve(T)->isContainer() || resolve(T)->isVarSize())
        throw CodegenError("codegen: malloc of " + typeName(T) + ": expected a fixed-size container type");
    LLContext& ctx = unit_->backend().context();
    return op(Opcode::Malloc, {Operand::constant(ctx.typeConst(T))}, ctx.types.makePtr(T));
}

Operand Builder::mallocVarsize(const LowLevelType* T, Operand length) {
    checkWriting("malloc_varsize");
    if (!T || !resolve(T)->isVarSize())
        throw CodegenError("codegen: malloc_varsize of " + typeName(T) + ": expected a var-sized type");
    expectType(length, Signed, "the length");
    LLContext& ctx = unit_->backend().context();
    return op(Opcode::MallocVarsize, {Operand::constant(ctx.typeConst(T)), length}, ctx.types.makePtr(T));
}

Operand Builder::call(Operand fn, std::span<const Operand> args) {
    checkWriting("a call");
    const FuncType* ft = asType<FuncType>(pointee(fn.type()));
    if (!ft) throw CodegenError("codegen: a call of " + typeName(fn.type()) + ", not a function pointer");
    if (args.size() != ft->args().size())
        throw CodegenError("codegen: a call passes " + std::to_string(args.size()) + " arguments to " +
                           typeName(ft));
    for (size_t i = 0; i < args.size(); ++i)
        expectType(args[i], ft->args()[i], "argument " + std::to_string(i + 1) + " of the call");
    std::vector<Operand> all{fn};
    all.insert(all.end(), args.begin(), args.end());
    if (fn.isConst()) return op(Opcode::DirectCall, all, ft->result());
    // the graphs an indirect call may reach: unknown
    all.push_back(Operand::constant(unit_->backend().context().voidConst(Py_None)));
    return op(Opcode::IndirectCall, all, ft->result());
}

Operand Builder::call(const Unit& callee, std::span<const Operand> args) {
    return call(Operand::constant(callee.functionPointer()), args);
}

// --- Builder: control flow ---------------------------------------------------

void Builder::finish() {
    state_ = State::Finished;
    env_.clear();
    unit_->builderFinished(*this);
}

Label Builder::enterNextBlock(std::vector<Operand>& live) {
    checkWriting("enterNextBlock");
    ir::Arena& arena = unit_->backend().context().arena;
    std::vector<ir::Value*> args;
    for (const Operand& x : live) args.push_back(use(x, "a live operand"));
    std::vector<Operand> vars;
    for (Operand& x : live) {
        // constants and repeats become fresh variables: jumps may pass others
        if (x.isConst() || std::find(vars.begin(), vars.end(), x) != vars.end()) x = unit_->newVar(x.type());
        vars.push_back(x);
    }
    std::unordered_map<uint32_t, ir::Variable*> env;
    ir::Block* next = newBlock(vars, env);
    block_->closeBlock({arena.newLink(std::move(args), next)});
    block_ = next;
    env_ = std::move(env);
    unit_->noteBlock(next, segment_);
    Label label;
    label.block_ = next;
    label.unit_ = unit_;
    for (const Operand& x : vars) label.types_.push_back(x.type());
    return label;
}

Builder& Builder::branch(Operand cond, std::span<const Operand> live, bool when) {
    checkWriting(when ? "jumpIfTrue" : "jumpIfFalse");
    if (!cond.valid() || cond.type() != Bool)
        throw CodegenError("codegen: a conditional jump on " + typeName(cond.type()) + ", expected Bool");
    LLContext& ctx = unit_->backend().context();
    ir::Value* sw = use(cond, "the condition");
    std::vector<Operand> vars;
    std::vector<ir::Value*> values;
    collectLive(live, vars, values);
    std::unordered_map<uint32_t, ir::Variable*> takenEnv, otherEnv;
    ir::Block* taken = newBlock(vars, takenEnv);
    ir::Block* other = newBlock(vars, otherEnv);
    ir::Link* no = ctx.arena.newLink(values, when ? other : taken, ctx.arena.boolConstant(false));
    no->llexitcase = ctx.boolConst(false);
    ir::Link* yes = ctx.arena.newLink(values, when ? taken : other, ctx.arena.boolConstant(true));
    yes->llexitcase = ctx.boolConst(true);
    block_->exitswitch = sw;
    block_->closeBlock({no, yes});
    block_ = other;
    env_ = std::move(otherEnv);
    unit_->noteBlock(other, segment_);
    Builder& b = unit_->newBuilder(taken, segment_);
    b.env_ = std::move(takenEnv);
    return b;
}

Builder& Builder::jumpIfTrue(Operand cond, std::span<const Operand> live) { return branch(cond, live, true); }
Builder& Builder::jumpIfFalse(Operand cond, std::span<const Operand> live) { return branch(cond, live, false); }

Switch& Builder::flexswitch(Operand value, std::span<const Operand> live) {
    checkWriting("flexswitch");
    if (!value.valid() || !isIntegral(value.type()))
        throw CodegenError("codegen: a switch on " + typeName(value.type()) + ", expected an integral type");
    LLContext& ctx = unit_->backend().context();
    ir::Value* sw = use(value, "the switched value");
    Switch& s = unit_->switches_.emplace_back();
    s.unit_ = unit_;
    s.block_ = block_;
    s.type_ = value.type();
    s.segment_ = segment_;
    collectLive(live, s.live_, s.liveValues_);
    std::unordered_map<uint32_t, ir::Variable*> env;
    ir::Block* dflt = newBlock(s.live_, env);
    block_->exitswitch = sw;
    block_->closeBlock({ctx.arena.newLink(s.liveValues_, dflt, ctx.nameConst("default"))});
    block_ = dflt;
    env_ = std::move(env);
    unit_->noteBlock(dflt, segment_);
    return s;
}

void Builder::jump(const Label& label, std::span<const Operand> args) {
    checkWriting("jump");
    if (label.unit() != unit_ || !label.block())
        throw CodegenError("codegen: jump in " + describe() + " to a label of another unit");
    if (args.size() != label.types().size())
        throw CodegenError("codegen: jump in " + describe() + " passes " + std::to_string(args.size()) +
                           " values to a label of " + std::to_string(label.types().size()));
    std::vector<ir::Value*> values;
    for (size_t i = 0; i < args.size(); ++i) {
        expectType(args[i], label.types()[i], "value " + std::to_string(i + 1) + " passed to the label");
        values.push_back(use(args[i], "a value passed to a label"));
    }
    block_->closeBlock({unit_->backend().context().arena.newLink(std::move(values), label.block())});
    finish();
}

void Builder::ret(Operand value) {
    checkWriting("ret");
    expectType(value, unit_->signature()->result(), "the returned value");
    ir::Value* v = use(value, "the returned value");
    block_->closeBlock({unit_->backend().context().arena.newLink({v}, unit_->graph()->returnblock)});
    finish();
}

// --- Backend -----------------------------------------------------------------

Backend::Backend(LLContext& ctx) : ctx_(ctx) {}
Backend::~Backend() = default;

Unit& Backend::newUnit(const FuncType* sig, std::string name, std::vector<std::string> argnames) {
    if (!sig) throw CodegenError("codegen: unit " + name + " without a signature");
    units_.push_back(std::unique_ptr<Unit>(new Unit(this, sig, std::move(name), std::move(argnames))));
    return *units_.back();
}

Unit& Backend::newUnit(std::vector<const LowLevelType*> args, const LowLevelType* result, std::string name,
                       std::vector<std::string> argnames) {
    return newUnit(ctx_.types.makeFunc(std::move(args), result), std::move(name), std::move(argnames));
}

Operand Backend::constant(const LowLevelType* type, LLValue value) {
    if (!type) throw CodegenError("codegen: a constant without a type");
    return Operand::constant(ctx_.arena.llconstant(type, value));
}

void Backend::compile(Unit& unit) {
    if (&unit.backend() != this) throw CodegenError("codegen: unit " + unit.name() + " belongs to another backend");
    if (unit.compiled_) throw CodegenError("codegen: unit " + unit.name() + " is already compiled");
    if (size_t open = unit.openInSegment_[0])
        throw CodegenError("codegen: unit " + unit.name() + " cannot be compiled: " + std::to_string(open) +
                           " of its builders are still open");
    compileUnit(unit);
    unit.compiled_ = true;
}

Builder& Backend::addCase(Switch& sw, int64_t value) {
    Unit& unit = sw.unit();
    if (&unit.backend() != this) throw CodegenError("codegen: a switch of another backend");
    if (sw.hasCase(value))
        throw CodegenError("codegen: the switch of unit " + unit.name() + " already has the case " +
                           std::to_string(value));
    ir::Constant* c = ctx_.arena.llconstant(sw.type(), LLValue::integer(value));
    // builders are made before the link so that a failure leaves no trace
    bool segmentCompiled = sw.segment_ == 0 ? unit.compiled_ : unit.bridges_[sw.segment_ - 1].compiled;
    size_t segment = sw.segment_;
    if (segmentCompiled) {
        unit.bridges_.emplace_back();
        unit.openInSegment_.push_back(0);
        segment = unit.bridges_.size();
    }
    std::unordered_map<uint32_t, ir::Variable*> env;
    std::vector<ir::Variable*> inputs;
    for (size_t i = 0; i < sw.live_.size(); ++i) {
        const Operand& x = sw.live_[i];
        ir::Variable* old = ir::asVariable(sw.liveValues_[i]);
        ir::Variable* v = ctx_.arena.newVariable(old ? old->name() : "v");
        v->concretetype = x.type();
        inputs.push_back(v);
        env[x.varId()] = v;
    }
    ir::Block* block = ctx_.arena.newBlock(std::move(inputs));
    ir::Link* link = ctx_.arena.newLink(sw.liveValues_, block, c);
    link->llexitcase = c;
    link->prevblock = sw.block_;
    sw.cases_[value] = link;
    if (segmentCompiled) {
        Bridge& bridge = unit.bridges_.back();
        bridge.site = &sw;
        bridge.caseValue = value;
        bridge.link = link; // linked into the switch when compiled
    } else {
        std::vector<ir::Link*> exits = sw.block_->exits;
        exits.insert(exits.end() - 1, link); // before the default
        sw.block_->recloseBlock(std::move(exits));
    }
    Builder& b = unit.newBuilder(block, segment);
    b.env_ = std::move(env);
    return b;
}

void Backend::finishBridge(Unit& unit, Bridge& bridge) {
    Switch& sw = *bridge.site;
    std::vector<ir::Link*> exits = sw.block_->exits;
    exits.insert(exits.end() - 1, bridge.link);
    sw.block_->recloseBlock(exits);
    try {
        compileBridge(unit, bridge);
    } catch (...) {
        exits.erase(std::find(exits.begin(), exits.end(), bridge.link));
        sw.block_->recloseBlock(std::move(exits));
        sw.cases_.erase(bridge.caseValue);
        throw;
    }
    bridge.compiled = true;
}

} // namespace futamura::jitgen::codegen
