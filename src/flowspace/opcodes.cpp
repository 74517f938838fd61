//! One case per CPython 3.11 opcode: what each instruction does to the
//! abstract frame state, and which operations it records.
//!
//! Opcodes that only ordinary RPython code compiles to are handled; every other
//! opcode is refused with a message naming the construct it comes from
//! (generators, async, `match`, nested classes, `except*`, ...).
#include "flowcontext.h"

#include "futamura/python/error.h"
#include "futamura/python/interpreter.h"

#include <opcode.h>

namespace futamura::flow {

using ir::Opcode;
using ir::Value;

namespace {

const Opcode kBinaryOps[] = {Opcode::Add, Opcode::And, Opcode::Floordiv, Opcode::Lshift,
                             Opcode::Add /* @, refused */, Opcode::Mul, Opcode::Mod, Opcode::Or,
                             Opcode::Pow, Opcode::Rshift, Opcode::Sub, Opcode::Truediv,
                             Opcode::Xor};
const Opcode kInplaceOps[] = {Opcode::InplaceAdd, Opcode::InplaceAnd, Opcode::InplaceFloordiv,
                              Opcode::InplaceLshift, Opcode::InplaceAdd /* @=, refused */,
                              Opcode::InplaceMul, Opcode::InplaceMod, Opcode::InplaceOr,
                              Opcode::InplacePow, Opcode::InplaceRshift, Opcode::InplaceSub,
                              Opcode::InplaceTruediv, Opcode::InplaceXor};
const Opcode kCompareOps[] = {Opcode::Lt, Opcode::Le, Opcode::Eq, Opcode::Ne, Opcode::Gt,
                              Opcode::Ge};
constexpr unsigned NB_MATRIX_MULTIPLY_ = 4, NB_INPLACE_MATRIX_MULTIPLY_ = 17;

} // namespace

FlowContext::Next FlowContext::step(const Instr& instr) {
    const CodeInfo& code = *frame().code;
    const uint32_t arg = instr.arg;
    auto localName = [&](uint32_t i) { return "'" + code.slotName(i) + "'"; };

    switch (instr.op) {
    // --- no-ops -----------------------------------------------------------
    case NOP:
    case RESUME:
    case CACHE:
    case PRECALL:
    case COPY_FREE_VARS: // the free variables are set when the frame is made
    case MAKE_CELL:      // a cell's contents live in its slot
        return Next::Continue;

    // --- locals, constants, globals, cells --------------------------------
    case LOAD_FAST: {
        const FlowValue& v = frame().locals.at(arg);
        if (v.kind == FlowValue::Kind::Undefined) {
            if (v.aux)
                error("local variable " + localName(arg) +
                      " is read after 'del' on some path; RPython needs it defined");
            error("local variable " + localName(arg) +
                  " may be used before it is assigned; assign it on every path");
        }
        push(v);
        return Next::Continue;
    }
    case STORE_FAST: {
        FlowValue v = pop();
        if (v.kind == FlowValue::Kind::Special)
            error("local function " + localName(arg) + " defined inside '" + code.qualname() +
                  "' is not RPython; define it at module level");
        frame().locals.at(arg) = v;
        return Next::Continue;
    }
    case DELETE_FAST:
        frame().locals.at(arg) = FlowValue::undefined(true);
        return Next::Continue;
    case LOAD_CONST:
        pushValue(constant(code.constAt(arg)));
        return Next::Continue;
    case LOAD_GLOBAL: {
        PyObject* name = code.nameObjAt(arg >> 1);
        PyObject* v = PyDict_GetItemWithError(globals_.get(), name);
        if (!v && !PyErr_Occurred())
            v = PyDict_GetItemWithError(space_.known().builtins.get(), name);
        if (!v) {
            if (PyErr_Occurred()) py::throwPythonError();
            error("global name '" + code.nameAt(arg >> 1) + "' is not defined");
        }
        if (arg & 1) push(FlowValue::null());
        pushValue(constant(v));
        return Next::Continue;
    }
    case STORE_GLOBAL:
    case DELETE_GLOBAL:
        error(std::string(instr.op == STORE_GLOBAL ? "assignment to" : "deletion of") +
              " global '" + code.nameAt(arg) +
              "': module globals are constants in RPython; keep mutable state in a prebuilt "
              "instance");
    case LOAD_CLOSURE: {
        FlowValue& slot = frame().locals.at(arg);
        if (slot.kind == FlowValue::Kind::Special &&
            specials_[slot.aux].kind == Special::Kind::CellRef) {
            push(slot); // a cell of an outer frame, passed on
        } else {
            Special s;
            s.kind = Special::Kind::CellRef;
            s.depth = (int)state_.frames.size() - 1;
            s.slot = (int)arg;
            push(FlowValue::special(specialIndex(s)));
        }
        return Next::Continue;
    }
    case LOAD_DEREF: {
        FlowValue& slot = frame().locals.at(arg);
        const FlowValue& v = (slot.kind == FlowValue::Kind::Special &&
                              specials_[slot.aux].kind == Special::Kind::CellRef)
                                 ? cellTarget(slot.aux)
                                 : slot;
        if (v.kind == FlowValue::Kind::Undefined)
            error("free variable " + localName(arg) + " is not defined when it is read");
        push(v);
        return Next::Continue;
    }
    case STORE_DEREF:
    case DELETE_DEREF: {
        FlowValue& slot = frame().locals.at(arg);
        bool outer = slot.kind == FlowValue::Kind::Special &&
                     specials_[slot.aux].kind == Special::Kind::CellRef;
        if (code.slotKind(arg) == SlotKind::Free || outer)
            error("assignment to " + localName(arg) +
                  " of an enclosing function: closures over mutated variables are not RPython");
        FlowValue v = instr.op == STORE_DEREF ? pop() : FlowValue::undefined(true);
        slot = v;
        return Next::Continue;
    }
    case LOAD_CLASSDEREF:
    case LOAD_NAME:
    case STORE_NAME:
    case DELETE_NAME:
        error("module-level or class-body code is not flowed ('" + std::string(opcodeName(instr.op)) +
              "')");
    case IMPORT_NAME: {
        PyObject* name = code.nameObjAt(arg);
        Value* fromlist = popValue();
        Value* level = popValue();
        py::PyRef module = py::PyRef::steal(PyImport_ImportModuleLevelObject(
            name, globals_.get(), nullptr, ir::asConstant(fromlist)->value(),
            (int)py::asLong(ir::asConstant(level)->value())));
        if (!module) {
            try {
                py::throwPythonError();
            } catch (const py::PythonError& e) {
                error("import of '" + code.nameAt(arg) + "' failed: " + e.what());
            }
        }
        pushValue(constant(module.get()));
        return Next::Continue;
    }
    case IMPORT_FROM: {
        Value* module = valueOf(peek(1));
        pushValue(record(Opcode::Getattr, {module, constant(code.nameObjAt(arg))}, false));
        return Next::Continue;
    }
    case IMPORT_STAR:
        error("'from ... import *' is not RPython; import the names explicitly");

    // --- the stack ----------------------------------------------------------
    case POP_TOP:
        pop();
        return Next::Continue;
    case PUSH_NULL:
        push(FlowValue::null());
        return Next::Continue;
    case COPY:
        push(peek(arg));
        return Next::Continue;
    case SWAP:
        std::swap(peek(1), peek(arg));
        return Next::Continue;

    // --- attributes and items -----------------------------------------------
    case LOAD_ATTR: {
        Value* obj = popValue();
        pushValue(record(Opcode::Getattr, {obj, constant(code.nameObjAt(arg))}));
        return Next::Continue;
    }
    case LOAD_METHOD: {
        Value* obj = popValue();
        Value* meth = record(Opcode::Getattr, {obj, constant(code.nameObjAt(arg))});
        push(FlowValue::null());
        pushValue(meth);
        return Next::Continue;
    }
    case STORE_ATTR: {
        Value* obj = popValue();
        Value* v = popValue();
        record(Opcode::Setattr, {obj, constant(code.nameObjAt(arg)), v});
        return Next::Continue;
    }
    case DELETE_ATTR: {
        Value* obj = popValue();
        record(Opcode::Delattr, {obj, constant(code.nameObjAt(arg))});
        return Next::Continue;
    }
    case BINARY_SUBSCR:
    case STORE_SUBSCR:
    case DELETE_SUBSCR: {
        Value* key = popValue();
        Value* obj = popValue();
        Value* v = instr.op == STORE_SUBSCR ? popValue() : nullptr;
        // obj[a:b] builds a slice just before: use the slice operations.
        Value *start = nullptr, *stop = nullptr;
        ir::Operation* made = producer(key);
        auto& ops = spam_->block->operations;
        if (made && made->opcode == Opcode::Newslice && made == ops.back() &&
            made->args[2] == arena_.noneConstant()) {
            start = made->args[0];
            stop = made->args[1];
            ops.pop_back();
        } else if (ir::Constant* c = ir::asConstant(key); c && PySlice_Check(c->value()) &&
                                                          ((PySliceObject*)c->value())->step ==
                                                              Py_None) {
            start = constant(((PySliceObject*)c->value())->start);
            stop = constant(((PySliceObject*)c->value())->stop);
        }
        if (instr.op == BINARY_SUBSCR)
            pushValue(start ? record(Opcode::Getslice, {obj, start, stop})
                            : record(Opcode::Getitem, {obj, key}));
        else if (instr.op == STORE_SUBSCR)
            start ? record(Opcode::Setslice, {obj, start, stop, v})
                  : record(Opcode::Setitem, {obj, key, v});
        else
            start ? record(Opcode::Delslice, {obj, start, stop})
                  : record(Opcode::Delitem, {obj, key});
        return Next::Continue;
    }

    // --- arithmetic and comparisons ------------------------------------------
    case BINARY_OP: {
        Value* right = popValue();
        Value* left = popValue();
        if (arg == NB_MATRIX_MULTIPLY_ || arg == NB_INPLACE_MATRIX_MULTIPLY_)
            error("the matrix multiplication operator '@' is not RPython");
        if (arg >= 26) error("internal error: unknown BINARY_OP " + std::to_string(arg));
        Opcode op = arg < 13 ? kBinaryOps[arg] : kInplaceOps[arg - 13];
        pushValue(record(op, {left, right}));
        return Next::Continue;
    }
    case UNARY_POSITIVE:
        pushValue(record(Opcode::Pos, {popValue()}));
        return Next::Continue;
    case UNARY_NEGATIVE:
        pushValue(record(Opcode::Neg, {popValue()}));
        return Next::Continue;
    case UNARY_INVERT:
        pushValue(record(Opcode::Invert, {popValue()}));
        return Next::Continue;
    case UNARY_NOT:
        pushValue(record(Opcode::Not, {popValue()}));
        return Next::Continue;
    case COMPARE_OP: {
        Value* right = popValue();
        Value* left = popValue();
        if (arg >= 6) error("internal error: unknown COMPARE_OP " + std::to_string(arg));
        pushValue(record(kCompareOps[arg], {left, right}));
        return Next::Continue;
    }
    case IS_OP: {
        Value* right = popValue();
        Value* left = popValue();
        Value* r = record(Opcode::Is, {left, right});
        pushValue(arg ? record(Opcode::Not, {r}) : r);
        return Next::Continue;
    }
    case CONTAINS_OP: {
        Value* container = popValue();
        Value* item = popValue();
        Value* r = record(Opcode::Contains, {container, item});
        pushValue(arg ? record(Opcode::Not, {r}) : r);
        return Next::Continue;
    }

    // --- building values -----------------------------------------------------
    case BUILD_TUPLE: {
        // A tuple of cells is the closure of a comprehension about to be made.
        if (arg > 0 && peek(1).kind == FlowValue::Kind::Special) {
            Special closure;
            closure.kind = Special::Kind::Closure;
            std::vector<FlowValue> items(arg);
            for (uint32_t i = arg; i-- > 0;) items[i] = pop();
            for (const FlowValue& fv : items) {
                if (fv.kind != FlowValue::Kind::Special) error("internal error: mixed closure");
                closure.cells.push_back(fv.aux);
            }
            push(FlowValue::special(specialIndex(closure)));
            return Next::Continue;
        }
        [[fallthrough]];
    }
    case BUILD_LIST:
    case BUILD_SET:
    case BUILD_STRING: {
        std::vector<Value*> items(arg);
        for (uint32_t i = arg; i-- > 0;) items[i] = popValue();
        Opcode op = instr.op == BUILD_TUPLE  ? Opcode::Newtuple
                    : instr.op == BUILD_LIST ? Opcode::Newlist
                    : instr.op == BUILD_SET  ? Opcode::Newset
                                             : Opcode::Buildstr;
        pushValue(record(op, std::move(items)));
        return Next::Continue;
    }
    case BUILD_MAP: {
        std::vector<Value*> items(2 * arg);
        for (uint32_t i = 2 * arg; i-- > 0;) items[i] = popValue();
        pushValue(record(Opcode::Newdict, std::move(items)));
        return Next::Continue;
    }
    case BUILD_CONST_KEY_MAP: {
        ir::Constant* keys = ir::asConstant(popValue());
        if (!keys || !PyTuple_Check(keys->value()) || PyTuple_GET_SIZE(keys->value()) != arg)
            error("internal error: bad BUILD_CONST_KEY_MAP");
        std::vector<Value*> values(arg);
        for (uint32_t i = arg; i-- > 0;) values[i] = popValue();
        std::vector<Value*> items;
        for (uint32_t i = 0; i < arg; ++i) {
            items.push_back(constant(PyTuple_GET_ITEM(keys->value(), i)));
            items.push_back(values[i]);
        }
        pushValue(record(Opcode::Newdict, std::move(items)));
        return Next::Continue;
    }
    case BUILD_SLICE: {
        Value* step = arg == 3 ? popValue() : arena_.noneConstant();
        Value* stop = popValue();
        Value* start = popValue();
        pushValue(record(Opcode::Newslice, {start, stop, step}));
        return Next::Continue;
    }
    case LIST_APPEND:
    case SET_ADD: {
        Value* v = popValue();
        Value* target = valueOf(peek(arg));
        const char* name = instr.op == LIST_APPEND ? "append" : "add";
        py::PyRef n = py::fromString(name);
        Value* meth = record(Opcode::Getattr, {target, constant(n.get())}, false);
        record(Opcode::SimpleCall, {meth, v}, false);
        return Next::Continue;
    }
    case MAP_ADD: {
        Value* v = popValue();
        Value* k = popValue();
        record(Opcode::Setitem, {valueOf(peek(arg)), k, v}, false);
        return Next::Continue;
    }
    case LIST_EXTEND:
    case SET_UPDATE: {
        Value* iterable = popValue();
        Value* target = valueOf(peek(arg));
        // [1, 2, 3] compiles to BUILD_LIST 0; LIST_EXTEND (1, 2, 3): keep a literal.
        ir::Operation* made = producer(target);
        ir::Constant* c = ir::asConstant(iterable);
        if (made && made == spam_->block->operations.back() && c &&
            (made->opcode == Opcode::Newlist || made->opcode == Opcode::Newset) &&
            (PyTuple_Check(c->value()) || PyFrozenSet_Check(c->value()))) {
            py::PyRef items = py::PyRef::steal(py::check(PySequence_Tuple(c->value())));
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items.get()); ++i)
                made->args.push_back(constant(PyTuple_GET_ITEM(items.get(), i)));
            return Next::Continue;
        }
        py::PyRef n = py::fromString(instr.op == LIST_EXTEND ? "extend" : "update");
        Value* meth = record(Opcode::Getattr, {target, constant(n.get())}, false);
        record(Opcode::SimpleCall, {meth, iterable}, false);
        return Next::Continue;
    }
    case LIST_TO_TUPLE: {
        Value* list = popValue();
        pushValue(record(Opcode::SimpleCall, {constant((PyObject*)&PyTuple_Type), list}, false));
        return Next::Continue;
    }
    case DICT_UPDATE: {
        // {**d} and long dict displays (3.11 builds those with several maps)
        Value* other = popValue();
        Value* target = valueOf(peek(arg));
        py::PyRef n = py::fromString("update");
        Value* meth = record(Opcode::Getattr, {target, constant(n.get())}, false);
        record(Opcode::SimpleCall, {meth, other}, false);
        return Next::Continue;
    }
    case DICT_MERGE:
        error("'**' unpacking of a dict in a call is not RPython");
    case FORMAT_VALUE: {
        Value* spec = (arg & 0x04) ? popValue() : nullptr;
        Value* v = popValue();
        switch (arg & 0x03) {
        case 1: v = record(Opcode::Str, {v}); break;
        case 2: v = record(Opcode::Repr, {v}); break;
        case 3: error("the !a conversion in f-strings is not RPython");
        default: break;
        }
        if (spec) v = record(Opcode::Format, {v, spec});
        else if ((arg & 0x03) == 0) v = record(Opcode::Str, {v});
        pushValue(v);
        return Next::Continue;
    }
    case UNPACK_SEQUENCE: {
        Value* seq = popValue();
        std::vector<Value*> items;
        ir::Operation* made = producer(seq);
        if (ir::Constant* c = ir::asConstant(seq); c && (PyTuple_Check(c->value()) ||
                                                         PyList_Check(c->value()))) {
            if (PySequence_Length(c->value()) != (Py_ssize_t)arg)
                error("cannot unpack " + describe(seq) + " into " + std::to_string(arg) +
                      " values");
            for (uint32_t i = 0; i < arg; ++i) {
                py::PyRef item = py::PyRef::steal(py::check(PySequence_GetItem(c->value(), i)));
                items.push_back(constant(item.get()));
            }
        } else if (made && made->opcode == Opcode::Newtuple && made->args.size() == arg) {
            items = made->args;
        } else {
            // Phase 0 checks the length, as CPython does; phase 1 unpacks;
            // phase 2 raises the ValueError of a mismatch.
            if (phase_ == 2) return raiseValue(constant(PyExc_ValueError));
            if (phase_ == 0) {
                py::PyRef n = py::fromLong(arg);
                Value* len = record(Opcode::Len, {seq}, false);
                Value* ok = record(Opcode::Eq, {len, constant(n.get())}, false);
                FrameState unpack = state_, mismatch = state_;
                for (FrameState* s : {&unpack, &mismatch}) {
                    s->top().stack.push_back(FlowValue::value(seq));
                    s->top().pc = instrIndex_;
                }
                unpack.top().phase = 1;
                mismatch.top().phase = 2;
                return branch(ok, std::move(mismatch), std::move(unpack));
            }
            for (uint32_t i = 0; i < arg; ++i) {
                py::PyRef index = py::fromLong(i);
                items.push_back(record(Opcode::Getitem, {seq, constant(index.get())}, false));
            }
        }
        for (uint32_t i = arg; i-- > 0;) pushValue(items[i]);
        return Next::Continue;
    }
    case UNPACK_EX:
        error("starred assignment (a, *b = ...) is not RPython");

    // --- calls and functions ---------------------------------------------------
    case KW_NAMES:
        kwnames_ = py::PyRef::borrow(code.constAt(arg));
        return Next::Continue;
    case CALL: {
        std::vector<Value*> args(arg);
        for (uint32_t i = arg; i-- > 0;) args[i] = popValue();
        FlowValue second = pop();
        FlowValue first = pop();
        FlowValue callable = second;
        if (first.kind != FlowValue::Kind::Null) {
            // [callable, self, args...] after LOAD_METHOD of a method descriptor
            callable = first;
            args.insert(args.begin(), valueOf(second));
        }
        py::PyRef kw = std::move(kwnames_);
        kwnames_ = py::PyRef();
        return call(callable, std::move(args), kw.get(), nullptr);
    }
    case CALL_FUNCTION_EX: {
        // f(*args) and f(*args, k=v): the keywords arrive as a dict built just
        // before with constant string keys; anything else is `**` unpacking.
        std::vector<Value*> kwvalues;
        py::PyRef kwnames;
        if (arg & 1) {
            Value* kwargs = popValue();
            ir::Operation* made = producer(kwargs);
            auto& ops = spam_->block->operations;
            if (!made || made != ops.back() || made->opcode != Opcode::Newdict)
                error("calls with '**' arguments are not RPython");
            kwnames = py::PyRef::steal(py::check(PyTuple_New(made->args.size() / 2)));
            for (size_t i = 0; i < made->args.size(); i += 2) {
                ir::Constant* key = ir::asConstant(made->args[i]);
                if (!key || !PyUnicode_Check(key->value()))
                    error("calls with '**' arguments are not RPython");
                PyTuple_SET_ITEM(kwnames.get(), i / 2, Py_NewRef(key->value()));
                kwvalues.push_back(made->args[i + 1]);
            }
            ops.pop_back();
        }
        Value* star = popValue();
        FlowValue callable = pop();
        FlowValue null = pop();
        if (null.kind != FlowValue::Kind::Null) error("internal error: CALL_FUNCTION_EX layout");
        // f(a, b, *t) compiles to tuple([a, b] + t): undo that, so that the
        // call keeps its shape (positional arguments, then *t).
        std::vector<Value*> positional;
        auto& ops = spam_->block->operations;
        size_t n = ops.size();
        if (n >= 4 && ops[n - 1]->result == star && ops[n - 1]->opcode == Opcode::SimpleCall &&
            ops[n - 1]->args.size() == 2 &&
            ops[n - 1]->args[0] == constant((PyObject*)&PyTuple_Type) &&
            ops[n - 4]->opcode == Opcode::Newlist && ops[n - 1]->args[1] == ops[n - 4]->result &&
            ops[n - 3]->opcode == Opcode::Getattr && ops[n - 3]->args[0] == ops[n - 4]->result &&
            ops[n - 2]->opcode == Opcode::SimpleCall && ops[n - 2]->args.size() == 2 &&
            ops[n - 2]->args[0] == ops[n - 3]->result) {
            ir::Constant* meth = ir::asConstant(ops[n - 3]->args[1]);
            if (meth && PyUnicode_Check(meth->value()) &&
                PyUnicode_CompareWithASCIIString(meth->value(), "extend") == 0) {
                positional = ops[n - 4]->args;
                star = ops[n - 2]->args[1];
                ops.resize(n - 4);
            }
        }
        positional.insert(positional.end(), kwvalues.begin(), kwvalues.end());
        return call(callable, std::move(positional), kwnames.get(), star);
    }
    case MAKE_FUNCTION: {
        ir::Constant* codeObj = ir::asConstant(popValue());
        if (!codeObj || !PyCode_Check(codeObj->value()))
            error("internal error: MAKE_FUNCTION without a code object");
        const CodeInfo& inner = space_.codeInfo(codeObj->value());
        FlowValue closure = (arg & 0x08) ? pop() : FlowValue::undefined();
        if (arg & 0x04) pop(); // annotations
        const std::string& name = inner.name();
        if (name == "<genexpr>")
            error("generator expressions are not RPython; use a list comprehension [...]");
        // A nested function that assigns a variable of this one (`nonlocal`).
        for (const Instr& i : inner.instrs())
            if ((i.op == STORE_DEREF || i.op == DELETE_DEREF) &&
                inner.slotKind(i.arg) == SlotKind::Free)
                error("closures over mutated variables are not RPython ('" +
                      inner.slotName(i.arg) + "' of '" + code.qualname() + "' is assigned in '" +
                      inner.qualname() + "')");
        if ((name != "<listcomp>" && name != "<dictcomp>" && name != "<setcomp>") ||
            (arg & 0x03))
            error("nested function '" + (name == "<lambda>" ? std::string("lambda") : name) +
                  "' defined inside '" + code.qualname() +
                  "' is not RPython; define it at module level");
        Special made;
        made.kind = Special::Kind::MadeFunction;
        made.code = &inner;
        if (closure.kind == FlowValue::Kind::Special) made.cells = specials_[closure.aux].cells;
        push(FlowValue::special(specialIndex(made)));
        return Next::Continue;
    }
    case LOAD_BUILD_CLASS:
        error("class definitions inside a function are not RPython; define the class at "
              "module level");
    case RETURN_VALUE:
        return doReturn(pop());

    // --- iteration -------------------------------------------------------------
    case GET_ITER:
        pushValue(record(Opcode::Iter, {popValue()}));
        return Next::Continue;
    case FOR_ITER:
        return forIter(instr);

    // --- jumps ----------------------------------------------------------------
    case JUMP_FORWARD:
    case JUMP_BACKWARD:
    case JUMP_BACKWARD_NO_INTERRUPT:
        frame().pc = code.jumpTarget(instrIndex_);
        return Next::Continue;
    case POP_JUMP_FORWARD_IF_FALSE:
    case POP_JUMP_BACKWARD_IF_FALSE:
    case POP_JUMP_FORWARD_IF_TRUE:
    case POP_JUMP_BACKWARD_IF_TRUE:
    case POP_JUMP_FORWARD_IF_NONE:
    case POP_JUMP_BACKWARD_IF_NONE:
    case POP_JUMP_FORWARD_IF_NOT_NONE:
    case POP_JUMP_BACKWARD_IF_NOT_NONE: {
        Value* v = popValue();
        bool jumpIfTrue = instr.op == POP_JUMP_FORWARD_IF_TRUE ||
                          instr.op == POP_JUMP_BACKWARD_IF_TRUE ||
                          instr.op == POP_JUMP_FORWARD_IF_NONE ||
                          instr.op == POP_JUMP_BACKWARD_IF_NONE;
        if (instr.op == POP_JUMP_FORWARD_IF_NONE || instr.op == POP_JUMP_BACKWARD_IF_NONE ||
            instr.op == POP_JUMP_FORWARD_IF_NOT_NONE || instr.op == POP_JUMP_BACKWARD_IF_NOT_NONE)
            v = record(Opcode::Is, {v, arena_.noneConstant()});
        FrameState jump = state_;
        jump.top().pc = code.jumpTarget(instrIndex_);
        return jumpIfTrue ? branch(v, state_, std::move(jump)) : branch(v, std::move(jump), state_);
    }
    case JUMP_IF_FALSE_OR_POP:
    case JUMP_IF_TRUE_OR_POP: {
        // Jump keeping the value, or pop it and fall through.
        Value* v = valueOf(peek(1));
        FrameState jump = state_;
        jump.top().pc = code.jumpTarget(instrIndex_);
        FrameState through = state_;
        through.top().stack.pop_back();
        return instr.op == JUMP_IF_TRUE_OR_POP ? branch(v, std::move(through), std::move(jump))
                                               : branch(v, std::move(jump), std::move(through));
    }

    // --- exceptions -------------------------------------------------------------
    case RAISE_VARARGS: {
        if (arg == 0) {
            if (frame().excInfo.kind != FlowValue::Kind::Exception)
                error("bare 'raise' outside an except clause");
            return raise(frame().excInfo);
        }
        if (arg == 2) popValue(); // the cause of `raise X from Y`
        return raiseValue(popValue());
    }
    case RERAISE: {
        FlowValue exc = pop();
        if (exc.kind != FlowValue::Kind::Exception) error("internal error: RERAISE of a non-exception");
        return raise(exc);
    }
    case PUSH_EXC_INFO: {
        FlowValue exc = pop();
        push(frame().excInfo);
        frame().excInfo = exc;
        push(exc);
        return Next::Continue;
    }
    case POP_EXCEPT:
        frame().excInfo = pop();
        return Next::Continue;
    case CHECK_EXC_MATCH: {
        Value* cls = popValue();
        const FlowValue& exc = peek(1);
        if (exc.kind != FlowValue::Kind::Exception) error("internal error: CHECK_EXC_MATCH");
        ir::Constant* c = ir::asConstant(cls);
        if (!c) error("'except' needs a class known at translation time, found a variable");
        PyObject* obj = c->value();
        bool ok = PyTuple_Check(obj) ? PyTuple_GET_SIZE(obj) > 0 : isExceptionClass(obj);
        if (PyTuple_Check(obj))
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(obj); ++i)
                ok = ok && isExceptionClass(PyTuple_GET_ITEM(obj, i));
        if (!ok) error("'except' of " + describe(cls) + ", which is not an exception class");
        pushValue(record(Opcode::Issubtype, {exc.v, cls}, false));
        return Next::Continue;
    }
    case LOAD_ASSERTION_ERROR:
        pushValue(constant(PyExc_AssertionError));
        return Next::Continue;
    case BEFORE_WITH: {
        Value* mgr = popValue();
        py::PyRef exitName = py::fromString("__exit__"), enterName = py::fromString("__enter__");
        Value* exit = record(Opcode::Getattr, {mgr, constant(exitName.get())}, false);
        Value* enter = record(Opcode::Getattr, {mgr, constant(enterName.get())}, false);
        pushValue(exit);
        pushValue(record(Opcode::SimpleCall, {enter}));
        return Next::Continue;
    }
    case WITH_EXCEPT_START: {
        // [exit, lasti, previous exception, exception]: exit(value, value, None).
        // As in PyPy, the exception value stands for its type too: the normal
        // exit passes None for both, and a type cannot be None in RPython.
        const FlowValue& exc = peek(1);
        Value* exit = valueOf(peek(4));
        if (exc.kind != FlowValue::Kind::Exception) error("internal error: WITH_EXCEPT_START");
        pushValue(record(Opcode::SimpleCall, {exit, exc.w, exc.w, arena_.noneConstant()}));
        return Next::Continue;
    }
    case CHECK_EG_MATCH:
    case PREP_RERAISE_STAR:
        error("'except*' is not RPython");

    // --- refused constructs ---------------------------------------------------
    case RETURN_GENERATOR:
    case YIELD_VALUE:
    case SEND:
    case GET_YIELD_FROM_ITER:
    case ASYNC_GEN_WRAP:
        error("generators are not RPython");
    case GET_AWAITABLE:
    case GET_AITER:
    case GET_ANEXT:
    case BEFORE_ASYNC_WITH:
    case END_ASYNC_FOR:
        error("async code is not RPython");
    case MATCH_CLASS:
    case MATCH_MAPPING:
    case MATCH_SEQUENCE:
    case MATCH_KEYS:
    case GET_LEN:
        error("the 'match' statement is not RPython; use if/elif");
    case SETUP_ANNOTATIONS:
    case PRINT_EXPR:
        error("module-level code is not flowed ('" + std::string(opcodeName(instr.op)) + "')");
    default:
        error("unsupported bytecode " + std::string(opcodeName(instr.op)));
    }
}

} // namespace futamura::flow
