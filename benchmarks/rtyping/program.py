"""A toolbox of small applications, written as one RPython program: the
rtyping-speed benchmark of futamura (benchmarks/rtyping/README.md).

Sections:
  1. a small Scheme interpreter (reader, environments, special forms, builtins,
     tail calls);
  2. a calculator language (tokenizer, Pratt parser, AST, tree evaluator,
     bytecode compiler and stack VM);
  3. a text adventure (rooms, items, a command parser, a state machine);
  4. matrices and statistics (Gaussian elimination, determinants, inverse,
     regression, histograms);
  5. a priority-queue scheduler (binary heap, tasks with dependencies,
     simulated CPUs, round-robin and shortest-job-first policies);
  6. text utilities (word counts, wrapping, tables, compression, checksums);
  7. entry_point, which runs every section on argv-dependent inputs.

Runs on CPython (PYTHONPATH=runtime/python python3 program.py ARGS) and on
`futamura run --backend=llinterp program.py -- ARGS` with the same output.
"""
import math


# ---------------------------------------------------------------------------
# 1. Scheme
# ---------------------------------------------------------------------------

class SchemeError(Exception):
    def __init__(self, msg):
        self.msg = msg


class W_Object(object):
    def to_string(self):
        return "#<object>"

    def to_display(self):
        return self.to_string()

    def is_true(self):
        return True

    def type_name(self):
        return "object"

    def eqv(self, other):
        return self is other

    def equal(self, other):
        return self.eqv(other)

    def is_number(self):
        return False

    def is_procedure(self):
        return False


class W_Int(W_Object):
    def __init__(self, value):
        self.value = value

    def to_string(self):
        return str(self.value)

    def type_name(self):
        return "integer"

    def is_number(self):
        return True

    def eqv(self, other):
        if isinstance(other, W_Int):
            return self.value == other.value
        return False


class W_Float(W_Object):
    def __init__(self, value):
        self.value = value

    def to_string(self):
        return repr(self.value)

    def type_name(self):
        return "real"

    def is_number(self):
        return True

    def eqv(self, other):
        if isinstance(other, W_Float):
            return self.value == other.value
        return False


class W_Bool(W_Object):
    def __init__(self, value):
        self.value = value

    def to_string(self):
        if self.value:
            return "#t"
        return "#f"

    def is_true(self):
        return self.value

    def type_name(self):
        return "boolean"


class W_Nil(W_Object):
    def to_string(self):
        return "()"

    def type_name(self):
        return "null"


class W_Unspecified(W_Object):
    def to_string(self):
        return "#<unspecified>"


class W_String(W_Object):
    def __init__(self, value):
        self.value = value

    def to_string(self):
        out = ['"']
        for c in self.value:
            if c == '"':
                out.append('\\"')
            elif c == "\\":
                out.append("\\\\")
            elif c == "\n":
                out.append("\\n")
            else:
                out.append(c)
        out.append('"')
        return "".join(out)

    def to_display(self):
        return self.value

    def type_name(self):
        return "string"

    def equal(self, other):
        if isinstance(other, W_String):
            return self.value == other.value
        return False


class W_Symbol(W_Object):
    def __init__(self, name):
        self.name = name

    def to_string(self):
        return self.name

    def type_name(self):
        return "symbol"


class W_Pair(W_Object):
    def __init__(self, car, cdr):
        self.car = car
        self.cdr = cdr

    def to_string(self):
        parts = [self.car.to_string()]
        rest = self.cdr
        while isinstance(rest, W_Pair):
            parts.append(rest.car.to_string())
            rest = rest.cdr
        if rest is not w_nil:
            parts.append(".")
            parts.append(rest.to_string())
        return "(" + " ".join(parts) + ")"

    def to_display(self):
        parts = [self.car.to_display()]
        rest = self.cdr
        while isinstance(rest, W_Pair):
            parts.append(rest.car.to_display())
            rest = rest.cdr
        if rest is not w_nil:
            parts.append(".")
            parts.append(rest.to_display())
        return "(" + " ".join(parts) + ")"

    def type_name(self):
        return "pair"

    def equal(self, other):
        if not isinstance(other, W_Pair):
            return False
        return self.car.equal(other.car) and self.cdr.equal(other.cdr)


class W_Procedure(W_Object):
    def __init__(self, name):
        self.name = name

    def is_procedure(self):
        return True

    def type_name(self):
        return "procedure"

    def to_string(self):
        return "#<procedure " + self.name + ">"

    def call(self, interp, args):
        raise SchemeError("not callable: " + self.name)


class W_Lambda(W_Procedure):
    def __init__(self, name, params, rest, body, env):
        W_Procedure.__init__(self, name)
        self.params = params
        self.rest = rest
        self.body = body
        self.env = env

    def bind(self, args):
        env = Environment(self.env)
        n = len(self.params)
        if len(args) < n or (self.rest is None and len(args) > n):
            raise SchemeError("%s: expected %d arguments, got %d" % (self.name, n, len(args)))
        i = 0
        while i < n:
            env.define(self.params[i], args[i])
            i += 1
        if self.rest is not None:
            env.define(self.rest, list_from(args, n))
        return env

    def call(self, interp, args):
        env = self.bind(args)
        return interp.eval_body(self.body, env)


class W_Builtin(W_Procedure):
    def __init__(self, name, arity):
        W_Procedure.__init__(self, name)
        self.arity = arity

    def check_arity(self, args):
        if self.arity >= 0 and len(args) != self.arity:
            raise SchemeError("%s: expected %d arguments, got %d" % (self.name, self.arity, len(args)))

    def call(self, interp, args):
        self.check_arity(args)
        return self.apply(interp, args)

    def apply(self, interp, args):
        return w_unspecified


w_nil = W_Nil()
w_true = W_Bool(True)
w_false = W_Bool(False)
w_unspecified = W_Unspecified()


def w_bool(b):
    if b:
        return w_true
    return w_false


class SymbolTable(object):
    def __init__(self):
        self.symbols = {}

    def intern(self, name):
        sym = self.symbols.get(name, None)
        if sym is None:
            sym = W_Symbol(name)
            self.symbols[name] = sym
        return sym


SYMBOLS = SymbolTable()


def sym(name):
    return SYMBOLS.intern(name)


def list_from(items, start):
    result = w_nil
    i = len(items) - 1
    while i >= start:
        result = W_Pair(items[i], result)
        i -= 1
    return result


def list_to_array(w_list):
    out = []
    while isinstance(w_list, W_Pair):
        out.append(w_list.car)
        w_list = w_list.cdr
    if w_list is not w_nil:
        raise SchemeError("improper list")
    return out


class Environment(object):
    def __init__(self, parent):
        self.vars = {}
        self.parent = parent

    def define(self, name, value):
        self.vars[name] = value

    def lookup(self, name):
        env = self
        while env is not None:
            w = env.vars.get(name, None)
            if w is not None:
                return w
            env = env.parent
        raise SchemeError("unbound variable: " + name)

    def set(self, name, value):
        env = self
        while env is not None:
            if name in env.vars:
                env.vars[name] = value
                return
            env = env.parent
        raise SchemeError("set!: unbound variable: " + name)

    def depth(self):
        d = 0
        env = self.parent
        while env is not None:
            d += 1
            env = env.parent
        return d


# --- reader ---

class Reader(object):
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.line = 1

    def peek(self):
        if self.pos < len(self.text):
            return self.text[self.pos]
        return ""

    def advance(self):
        c = self.text[self.pos]
        self.pos += 1
        if c == "\n":
            self.line += 1
        return c

    def skip_space(self):
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c == ";":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.pos += 1
            elif c.isspace():
                self.advance()
            else:
                break

    def at_end(self):
        self.skip_space()
        return self.pos >= len(self.text)

    def error(self, msg):
        return SchemeError("read error, line %d: %s" % (self.line, msg))

    def read(self):
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.error("unexpected end of input")
        c = self.peek()
        if c == "(" or c == "[":
            self.advance()
            return self.read_list(")" if c == "(" else "]")
        if c == ")" or c == "]":
            raise self.error("unexpected " + c)
        if c == "'":
            self.advance()
            return W_Pair(sym("quote"), W_Pair(self.read(), w_nil))
        if c == "`":
            self.advance()
            return W_Pair(sym("quasiquote"), W_Pair(self.read(), w_nil))
        if c == ",":
            self.advance()
            if self.peek() == "@":
                self.advance()
                return W_Pair(sym("unquote-splicing"), W_Pair(self.read(), w_nil))
            return W_Pair(sym("unquote"), W_Pair(self.read(), w_nil))
        if c == '"':
            self.advance()
            return self.read_string()
        if c == "#":
            return self.read_hash()
        return self.read_atom()

    def read_list(self, close):
        items = []
        tail = w_nil
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise self.error("unterminated list")
            c = self.peek()
            if c == close:
                self.advance()
                break
            if c == "." and self.pos + 1 < len(self.text) and self.text[self.pos + 1].isspace():
                self.advance()
                tail = self.read()
                self.skip_space()
                if self.peek() != close:
                    raise self.error("bad dotted list")
                self.advance()
                break
            items.append(self.read())
        result = tail
        i = len(items) - 1
        while i >= 0:
            result = W_Pair(items[i], result)
            i -= 1
        return result

    def read_string(self):
        out = []
        while True:
            if self.pos >= len(self.text):
                raise self.error("unterminated string")
            c = self.advance()
            if c == '"':
                break
            if c == "\\":
                if self.pos >= len(self.text):
                    raise self.error("bad escape")
                e = self.advance()
                if e == "n":
                    out.append("\n")
                elif e == "t":
                    out.append("\t")
                else:
                    out.append(e)
            else:
                out.append(c)
        return W_String("".join(out))

    def read_hash(self):
        self.advance()
        c = self.peek()
        if c == "t":
            self.advance()
            return w_true
        if c == "f":
            self.advance()
            return w_false
        raise self.error("bad # syntax")

    def read_atom(self):
        start = self.pos
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c.isspace() or c == "(" or c == ")" or c == "[" or c == "]" or c == ";":
                break
            self.pos += 1
        token = self.text[start:self.pos]
        return parse_atom(token)


def is_int_token(token):
    i = 0
    if len(token) > 1 and (token[0] == "-" or token[0] == "+"):
        i = 1
    if i >= len(token):
        return False
    while i < len(token):
        if not token[i].isdigit():
            return False
        i += 1
    return True


def is_float_token(token):
    i = 0
    if len(token) > 1 and (token[0] == "-" or token[0] == "+"):
        i = 1
    digits = 0
    dots = 0
    while i < len(token):
        c = token[i]
        if c.isdigit():
            digits += 1
        elif c == ".":
            dots += 1
        else:
            return False
        i += 1
    return digits > 0 and dots == 1


def parse_atom(token):
    if is_int_token(token):
        return W_Int(int(token))
    if is_float_token(token):
        return W_Float(float(token))
    return sym(token.lower())


def read_all(text):
    reader = Reader(text)
    out = []
    while not reader.at_end():
        out.append(reader.read())
    return out


# --- builtins ---

def num_value(w, who):
    if isinstance(w, W_Int):
        return float(w.value)
    if isinstance(w, W_Float):
        return w.value
    raise SchemeError(who + ": not a number: " + w.to_string())


def int_value(w, who):
    if isinstance(w, W_Int):
        return w.value
    raise SchemeError(who + ": not an integer: " + w.to_string())


def all_ints(args):
    for w in args:
        if not isinstance(w, W_Int):
            return False
    return True


class B_Arith(W_Builtin):
    def __init__(self, name, op):
        W_Builtin.__init__(self, name, -1)
        self.op = op

    def apply(self, interp, args):
        if len(args) == 0:
            if self.op == "+":
                return W_Int(0)
            if self.op == "*":
                return W_Int(1)
            raise SchemeError(self.name + ": needs arguments")
        if all_ints(args) and self.op != "/":
            acc = int_value(args[0], self.name)
            if len(args) == 1 and self.op == "-":
                return W_Int(-acc)
            i = 1
            while i < len(args):
                v = int_value(args[i], self.name)
                if self.op == "+":
                    acc = acc + v
                elif self.op == "-":
                    acc = acc - v
                else:
                    acc = acc * v
                i += 1
            return W_Int(acc)
        facc = num_value(args[0], self.name)
        if len(args) == 1:
            if self.op == "-":
                return W_Float(-facc)
            if self.op == "/":
                if facc == 0.0:
                    raise SchemeError("/: division by zero")
                return W_Float(1.0 / facc)
        i = 1
        while i < len(args):
            fv = num_value(args[i], self.name)
            if self.op == "+":
                facc = facc + fv
            elif self.op == "-":
                facc = facc - fv
            elif self.op == "*":
                facc = facc * fv
            else:
                if fv == 0.0:
                    raise SchemeError("/: division by zero")
                facc = facc / fv
            i += 1
        return W_Float(facc)


class B_Compare(W_Builtin):
    def __init__(self, name, op):
        W_Builtin.__init__(self, name, -1)
        self.op = op

    def apply(self, interp, args):
        if len(args) < 2:
            raise SchemeError(self.name + ": needs at least two arguments")
        i = 0
        while i + 1 < len(args):
            a = num_value(args[i], self.name)
            b = num_value(args[i + 1], self.name)
            if self.op == "<":
                ok = a < b
            elif self.op == ">":
                ok = a > b
            elif self.op == "<=":
                ok = a <= b
            elif self.op == ">=":
                ok = a >= b
            else:
                ok = a == b
            if not ok:
                return w_false
            i += 1
        return w_true


class B_IntOp(W_Builtin):
    def __init__(self, name, op):
        W_Builtin.__init__(self, name, 2)
        self.op = op

    def apply(self, interp, args):
        a = int_value(args[0], self.name)
        b = int_value(args[1], self.name)
        if b == 0:
            raise SchemeError(self.name + ": division by zero")
        if self.op == "quotient":
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return W_Int(q)
        if self.op == "remainder":
            r = abs(a) % abs(b)
            if a < 0:
                r = -r
            return W_Int(r)
        return W_Int(a % b)


class B_Cons(W_Builtin):
    def apply(self, interp, args):
        return W_Pair(args[0], args[1])


class B_Car(W_Builtin):
    def apply(self, interp, args):
        w = args[0]
        if not isinstance(w, W_Pair):
            raise SchemeError("car: not a pair: " + w.to_string())
        return w.car


class B_Cdr(W_Builtin):
    def apply(self, interp, args):
        w = args[0]
        if not isinstance(w, W_Pair):
            raise SchemeError("cdr: not a pair: " + w.to_string())
        return w.cdr


class B_SetCar(W_Builtin):
    def apply(self, interp, args):
        w = args[0]
        if not isinstance(w, W_Pair):
            raise SchemeError("set-car!: not a pair")
        w.car = args[1]
        return w_unspecified


class B_List(W_Builtin):
    def apply(self, interp, args):
        return list_from(args, 0)


class B_Length(W_Builtin):
    def apply(self, interp, args):
        return W_Int(len(list_to_array(args[0])))


class B_Append(W_Builtin):
    def apply(self, interp, args):
        if len(args) == 0:
            return w_nil
        result = args[len(args) - 1]
        i = len(args) - 2
        while i >= 0:
            items = list_to_array(args[i])
            j = len(items) - 1
            while j >= 0:
                result = W_Pair(items[j], result)
                j -= 1
            i -= 1
        return result


class B_Reverse(W_Builtin):
    def apply(self, interp, args):
        result = w_nil
        w = args[0]
        while isinstance(w, W_Pair):
            result = W_Pair(w.car, result)
            w = w.cdr
        return result


class B_TypePred(W_Builtin):
    def __init__(self, name, type_name):
        W_Builtin.__init__(self, name, 1)
        self.tname = type_name

    def apply(self, interp, args):
        w = args[0]
        if self.tname == "number":
            return w_bool(w.is_number())
        if self.tname == "procedure":
            return w_bool(w.is_procedure())
        if self.tname == "list":
            while isinstance(w, W_Pair):
                w = w.cdr
            return w_bool(w is w_nil)
        return w_bool(w.type_name() == self.tname)


class B_Eq(W_Builtin):
    def __init__(self, name, deep):
        W_Builtin.__init__(self, name, 2)
        self.deep = deep

    def apply(self, interp, args):
        if self.deep:
            return w_bool(args[0].equal(args[1]))
        return w_bool(args[0].eqv(args[1]))


class B_Not(W_Builtin):
    def apply(self, interp, args):
        return w_bool(not args[0].is_true())


class B_Display(W_Builtin):
    def __init__(self, name, newline_only):
        W_Builtin.__init__(self, name, -1)
        self.newline_only = newline_only

    def apply(self, interp, args):
        if self.newline_only:
            interp.output.append("\n")
        else:
            for w in args:
                interp.output.append(w.to_display())
        return w_unspecified


class B_Apply(W_Builtin):
    def apply(self, interp, args):
        if len(args) < 2:
            raise SchemeError("apply: needs a procedure and a list")
        f = args[0]
        if not isinstance(f, W_Procedure):
            raise SchemeError("apply: not a procedure")
        items = []
        i = 1
        while i < len(args) - 1:
            items.append(args[i])
            i += 1
        items.extend(list_to_array(args[len(args) - 1]))
        return interp.apply_procedure(f, items)


class B_Map(W_Builtin):
    def apply(self, interp, args):
        f = args[0]
        if not isinstance(f, W_Procedure):
            raise SchemeError("map: not a procedure")
        lists = []
        i = 1
        while i < len(args):
            lists.append(list_to_array(args[i]))
            i += 1
        if len(lists) == 0:
            return w_nil
        n = len(lists[0])
        for l in lists:
            if len(l) < n:
                n = len(l)
        out = []
        k = 0
        while k < n:
            call_args = []
            for l in lists:
                call_args.append(l[k])
            out.append(interp.apply_procedure(f, call_args))
            k += 1
        return list_from(out, 0)


class B_StringOp(W_Builtin):
    def __init__(self, name, op, arity):
        W_Builtin.__init__(self, name, arity)
        self.op = op

    def apply(self, interp, args):
        if self.op == "string-append":
            parts = []
            for w in args:
                if not isinstance(w, W_String):
                    raise SchemeError("string-append: not a string")
                parts.append(w.value)
            return W_String("".join(parts))
        if self.op == "number->string":
            return W_String(args[0].to_string())
        if self.op == "symbol->string":
            w = args[0]
            if not isinstance(w, W_Symbol):
                raise SchemeError("symbol->string: not a symbol")
            return W_String(w.name)
        if self.op == "string->symbol":
            w = args[0]
            if not isinstance(w, W_String):
                raise SchemeError("string->symbol: not a string")
            return sym(w.value)
        if self.op == "string-length":
            w = args[0]
            if not isinstance(w, W_String):
                raise SchemeError("string-length: not a string")
            return W_Int(len(w.value))
        if self.op == "string-upcase":
            w = args[0]
            if not isinstance(w, W_String):
                raise SchemeError("string-upcase: not a string")
            return W_String(w.value.upper())
        raise SchemeError("unknown string op " + self.op)


class B_MathFn(W_Builtin):
    def __init__(self, name, op):
        W_Builtin.__init__(self, name, 1)
        self.op = op

    def apply(self, interp, args):
        if self.op == "abs" and isinstance(args[0], W_Int):
            return W_Int(abs(int_value(args[0], "abs")))
        x = num_value(args[0], self.name)
        if self.op == "sqrt":
            if x < 0.0:
                raise SchemeError("sqrt: negative argument")
            r = math.sqrt(x)
            if isinstance(args[0], W_Int) and r == math.floor(r):
                return W_Int(int(r))
            return W_Float(r)
        if self.op == "abs":
            return W_Float(abs(x))
        if self.op == "floor":
            return W_Float(float(math.floor(x)))
        if self.op == "exact":
            return W_Int(int(x))
        raise SchemeError("unknown math op " + self.op)


# --- evaluator ---

class Interpreter(object):
    def __init__(self):
        self.globals = Environment(None)
        self.output = []
        self.steps = 0
        self.max_depth = 0
        self.depth = 0
        self.install_builtins()

    def add(self, b):
        self.globals.define(b.name, b)

    def install_builtins(self):
        for op in ["+", "-", "*", "/"]:
            self.add(B_Arith(op, op))
        for op in ["<", ">", "<=", ">=", "="]:
            self.add(B_Compare(op, op))
        for op in ["quotient", "remainder", "modulo"]:
            self.add(B_IntOp(op, op))
        self.add(B_Cons("cons", 2))
        self.add(B_Car("car", 1))
        self.add(B_Cdr("cdr", 1))
        self.add(B_SetCar("set-car!", 2))
        self.add(B_List("list", -1))
        self.add(B_Length("length", 1))
        self.add(B_Append("append", -1))
        self.add(B_Reverse("reverse", 1))
        self.add(B_TypePred("null?", "null"))
        self.add(B_TypePred("pair?", "pair"))
        self.add(B_TypePred("number?", "number"))
        self.add(B_TypePred("integer?", "integer"))
        self.add(B_TypePred("symbol?", "symbol"))
        self.add(B_TypePred("string?", "string"))
        self.add(B_TypePred("boolean?", "boolean"))
        self.add(B_TypePred("procedure?", "procedure"))
        self.add(B_TypePred("list?", "list"))
        self.add(B_Eq("eq?", False))
        self.add(B_Eq("eqv?", False))
        self.add(B_Eq("equal?", True))
        self.add(B_Not("not", 1))
        self.add(B_Display("display", False))
        self.add(B_Display("newline", True))
        self.add(B_Apply("apply", -1))
        self.add(B_Map("map", -1))
        self.add(B_StringOp("string-append", "string-append", -1))
        self.add(B_StringOp("number->string", "number->string", 1))
        self.add(B_StringOp("symbol->string", "symbol->string", 1))
        self.add(B_StringOp("string->symbol", "string->symbol", 1))
        self.add(B_StringOp("string-length", "string-length", 1))
        self.add(B_StringOp("string-upcase", "string-upcase", 1))
        for op in ["sqrt", "abs", "floor", "exact"]:
            self.add(B_MathFn(op, op))

    def apply_procedure(self, proc, args):
        return proc.call(self, args)

    def eval_body(self, body, env):
        w = w_unspecified
        while isinstance(body, W_Pair):
            if body.cdr is w_nil:
                return self.eval(body.car, env)
            self.eval(body.car, env)
            body = body.cdr
        return w

    def eval(self, expr, env):
        self.depth += 1
        if self.depth > self.max_depth:
            self.max_depth = self.depth
        if self.depth > 200:
            self.depth -= 1
            raise SchemeError("recursion too deep")
        try:
            result = self.eval_loop(expr, env)
        finally:
            self.depth -= 1
        return result

    def eval_loop(self, expr, env):
        while True:
            self.steps += 1
            if isinstance(expr, W_Symbol):
                return env.lookup(expr.name)
            if not isinstance(expr, W_Pair):
                return expr
            head = expr.car
            if isinstance(head, W_Symbol):
                name = head.name
                if name == "quote":
                    return second(expr)
                if name == "if":
                    test = self.eval(second(expr), env)
                    if test.is_true():
                        expr = third(expr)
                    else:
                        rest = expr.cdr.cdr.cdr
                        if rest is w_nil:
                            return w_unspecified
                        expr = car_of(rest)
                    continue
                if name == "define":
                    return self.eval_define(expr, env)
                if name == "set!":
                    target = second(expr)
                    if not isinstance(target, W_Symbol):
                        raise SchemeError("set!: not a symbol")
                    env.set(target.name, self.eval(third(expr), env))
                    return w_unspecified
                if name == "lambda":
                    return self.make_lambda("lambda", second(expr), expr.cdr.cdr, env)
                if name == "begin":
                    body = expr.cdr
                    if body is w_nil:
                        return w_unspecified
                    while isinstance(body, W_Pair) and body.cdr is not w_nil:
                        self.eval(body.car, env)
                        body = body.cdr
                    expr = car_of(body)
                    continue
                if name == "let":
                    expr, env = self.expand_let(expr, env)
                    continue
                if name == "let*":
                    expr, env = self.expand_let_star(expr, env)
                    continue
                if name == "letrec":
                    expr, env = self.expand_letrec(expr, env)
                    continue
                if name == "cond":
                    clause_body = self.select_cond(expr, env)
                    if clause_body is None:
                        return w_unspecified
                    expr = clause_body
                    continue
                if name == "and":
                    args = expr.cdr
                    if args is w_nil:
                        return w_true
                    while isinstance(args, W_Pair) and args.cdr is not w_nil:
                        v = self.eval(args.car, env)
                        if not v.is_true():
                            return v
                        args = args.cdr
                    expr = car_of(args)
                    continue
                if name == "or":
                    args = expr.cdr
                    if args is w_nil:
                        return w_false
                    while isinstance(args, W_Pair) and args.cdr is not w_nil:
                        v = self.eval(args.car, env)
                        if v.is_true():
                            return v
                        args = args.cdr
                    expr = car_of(args)
                    continue
                if name == "when" or name == "unless":
                    test = self.eval(second(expr), env)
                    if test.is_true() == (name == "when"):
                        expr = W_Pair(sym("begin"), expr.cdr.cdr)
                        continue
                    return w_unspecified
                if name == "quasiquote":
                    return self.quasi(second(expr), env, 1)
                if name == "do":
                    return self.eval_do(expr, env)
            proc = self.eval(head, env)
            args = []
            rest = expr.cdr
            while isinstance(rest, W_Pair):
                args.append(self.eval(rest.car, env))
                rest = rest.cdr
            if isinstance(proc, W_Lambda):
                env = proc.bind(args)
                body = proc.body
                if body is w_nil:
                    return w_unspecified
                while isinstance(body, W_Pair) and body.cdr is not w_nil:
                    self.eval(body.car, env)
                    body = body.cdr
                expr = car_of(body)
                continue
            if isinstance(proc, W_Procedure):
                return self.apply_procedure(proc, args)
            raise SchemeError("not a procedure: " + proc.to_string())

    def eval_define(self, expr, env):
        target = second(expr)
        if isinstance(target, W_Pair):
            fname = target.car
            if not isinstance(fname, W_Symbol):
                raise SchemeError("define: bad function name")
            proc = self.make_lambda(fname.name, target.cdr, expr.cdr.cdr, env)
            env.define(fname.name, proc)
            return w_unspecified
        if not isinstance(target, W_Symbol):
            raise SchemeError("define: not a symbol")
        env.define(target.name, self.eval(third(expr), env))
        return w_unspecified

    def make_lambda(self, name, formals, body, env):
        params = []
        rest = None
        while isinstance(formals, W_Pair):
            p = formals.car
            if not isinstance(p, W_Symbol):
                raise SchemeError("lambda: bad parameter")
            params.append(p.name)
            formals = formals.cdr
        if isinstance(formals, W_Symbol):
            rest = formals.name
        elif formals is not w_nil:
            raise SchemeError("lambda: bad parameter list")
        return W_Lambda(name, params, rest, body, env)

    def expand_let(self, expr, env):
        bindings = second(expr)
        if isinstance(bindings, W_Symbol):
            # named let
            loop_name = bindings.name
            bindings = third(expr)
            body = expr.cdr.cdr.cdr
            names = []
            inits = []
            for b in list_to_array(bindings):
                names.append(W_Pair(car_of(b), w_nil))
                inits.append(self.eval(second(b), env))
            loop_env = Environment(env)
            formals = w_nil
            i = len(names) - 1
            while i >= 0:
                formals = W_Pair(names[i].car, formals)
                i -= 1
            proc = self.make_lambda(loop_name, formals, body, loop_env)
            loop_env.define(loop_name, proc)
            new_env = proc.bind(inits)
            return W_Pair(sym("begin"), body), new_env
        new_env = Environment(env)
        for b in list_to_array(bindings):
            name = car_of(b)
            if not isinstance(name, W_Symbol):
                raise SchemeError("let: bad binding")
            new_env.define(name.name, self.eval(second(b), env))
        return W_Pair(sym("begin"), expr.cdr.cdr), new_env

    def expand_let_star(self, expr, env):
        new_env = env
        for b in list_to_array(second(expr)):
            name = car_of(b)
            if not isinstance(name, W_Symbol):
                raise SchemeError("let*: bad binding")
            value = self.eval(second(b), new_env)
            new_env = Environment(new_env)
            new_env.define(name.name, value)
        return W_Pair(sym("begin"), expr.cdr.cdr), new_env

    def expand_letrec(self, expr, env):
        new_env = Environment(env)
        bindings = list_to_array(second(expr))
        for b in bindings:
            name = car_of(b)
            if not isinstance(name, W_Symbol):
                raise SchemeError("letrec: bad binding")
            new_env.define(name.name, w_unspecified)
        for b in bindings:
            name = car_of(b)
            if isinstance(name, W_Symbol):
                new_env.define(name.name, self.eval(second(b), new_env))
        return W_Pair(sym("begin"), expr.cdr.cdr), new_env

    def select_cond(self, expr, env):
        clauses = expr.cdr
        while isinstance(clauses, W_Pair):
            clause = clauses.car
            if not isinstance(clause, W_Pair):
                raise SchemeError("cond: bad clause")
            test = clause.car
            if isinstance(test, W_Symbol) and test.name == "else":
                return W_Pair(sym("begin"), clause.cdr)
            v = self.eval(test, env)
            if v.is_true():
                if clause.cdr is w_nil:
                    return W_Pair(sym("quote"), W_Pair(v, w_nil))
                return W_Pair(sym("begin"), clause.cdr)
            clauses = clauses.cdr
        return None

    def quasi(self, w, env, depth):
        if not isinstance(w, W_Pair):
            return w
        head = w.car
        if isinstance(head, W_Symbol) and head.name == "unquote":
            return self.eval(second(w), env)
        items = []
        rest = w
        while isinstance(rest, W_Pair):
            item = rest.car
            if isinstance(item, W_Pair) and isinstance(item.car, W_Symbol):
                first = item.car
                if isinstance(first, W_Symbol) and first.name == "unquote-splicing":
                    items.extend(list_to_array(self.eval(second(item), env)))
                    rest = rest.cdr
                    continue
            items.append(self.quasi(item, env, depth))
            rest = rest.cdr
        return list_from(items, 0)

    def eval_do(self, expr, env):
        specs = list_to_array(second(expr))
        test_clause = list_to_array(third(expr))
        body = expr.cdr.cdr.cdr
        loop_env = Environment(env)
        for spec in specs:
            name = car_of(spec)
            if isinstance(name, W_Symbol):
                loop_env.define(name.name, self.eval(second(spec), env))
        while True:
            if len(test_clause) == 0:
                raise SchemeError("do: missing test")
            if self.eval(test_clause[0], loop_env).is_true():
                result = w_unspecified
                i = 1
                while i < len(test_clause):
                    result = self.eval(test_clause[i], loop_env)
                    i += 1
                return result
            self.eval_body(body, loop_env)
            new_values = []
            for spec in specs:
                parts = list_to_array(spec)
                if len(parts) > 2:
                    new_values.append(self.eval(parts[2], loop_env))
                else:
                    new_values.append(self.eval(parts[0], loop_env))
            i = 0
            for spec in specs:
                name = car_of(spec)
                if isinstance(name, W_Symbol):
                    loop_env.vars[name.name] = new_values[i]
                i += 1

    def run(self, source):
        results = []
        for expr in read_all(source):
            w = self.eval(expr, self.globals)
            if w is not w_unspecified:
                results.append(w.to_string())
        return results


def car_of(w):
    if isinstance(w, W_Pair):
        return w.car
    raise SchemeError("syntax error: expected a list, got " + w.to_string())


def second(w):
    if isinstance(w, W_Pair):
        return car_of(w.cdr)
    raise SchemeError("syntax error: missing operand")


def third(w):
    if isinstance(w, W_Pair) and isinstance(w.cdr, W_Pair):
        return car_of(w.cdr.cdr)
    raise SchemeError("syntax error: missing operand")


SCHEME_PRELUDE = """
; list utilities written in Scheme itself
(define (filter pred lst)
  (cond ((null? lst) '())
        ((pred (car lst)) (cons (car lst) (filter pred (cdr lst))))
        (else (filter pred (cdr lst)))))
(define (foldl f acc lst)
  (if (null? lst) acc (foldl f (f acc (car lst)) (cdr lst))))
(define (range a b)
  (let loop ((i (- b 1)) (acc '()))
    (if (< i a) acc (loop (- i 1) (cons i acc)))))
(define (assoc key alist)
  (cond ((null? alist) #f)
        ((equal? key (car (car alist))) (car alist))
        (else (assoc key (cdr alist)))))
(define (list-ref lst k)
  (if (= k 0) (car lst) (list-ref (cdr lst) (- k 1))))
"""


SCHEME_PROGRAMS = [
    """
(define (fact n) (if (= n 0) 1 (* n (fact (- n 1)))))
(fact N)
(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(map fib (range 0 (+ N 8)))
""",
    """
(define (count-up n) (let loop ((i 0) (acc 0)) (if (= i n) acc (loop (+ i 1) (+ acc i)))))
(count-up (* N 300))
(foldl + 0 (filter (lambda (x) (= (remainder x 3) 0)) (range 0 (* N 10))))
(let* ((x N) (y (* x x)) (z (+ x y))) (list x y z))
""",
    """
(define (make-counter)
  (let ((n 0))
    (lambda () (set! n (+ n 1)) n)))
(define c (make-counter))
(c) (c)
(list (c) (c))
(define (compose f g) (lambda (x) (f (g x))))
((compose (lambda (x) (* x 2)) (lambda (x) (+ x N))) 10)
`(1 ,N ,@(range 0 N) end)
""",
    """
(define (qsort l)
  (if (null? l) '()
      (let ((p (car l)) (rest (cdr l)))
        (append (qsort (filter (lambda (x) (< x p)) rest))
                (list p)
                (qsort (filter (lambda (x) (>= x p)) rest))))))
(qsort (list 33 N 7 19 2 88 41 (* N 5) 0 -3 12))
(define tbl (list (cons 'a 1) (cons 'b N) (cons "c" 3)))
(assoc 'b tbl)
(assoc "c" tbl)
(assoc 'z tbl)
(letrec ((even? (lambda (n) (if (= n 0) #t (odd? (- n 1)))))
         (odd? (lambda (n) (if (= n 0) #f (even? (- n 1))))))
  (list (even? (* N 11)) (odd? (* N 11))))
""",
    """
(do ((i 0 (+ i 1)) (acc '() (cons (* i i) acc))) ((= i N) (reverse acc)))
(display "hello, ") (display (string-append "sch" "eme")) (newline)
(string-upcase (symbol->string 'shout))
(/ 1 (+ N 1))
(sqrt (* N N 16))
(exact (floor (/ 22 7)))
(cond ((assoc 'q '((p . 1))) 1) (else 'none))
(and 1 2 N)
(or #f #f)
(when (> N 1) 'big)
(apply + 1 2 (list 3 N))
(equal? (list 1 2 (list 3)) (list 1 2 (list 3)))
(eq? 'a 'a)
(eqv? 1.5 1.5)
(list (quotient -17 N) (remainder -17 N) (modulo -17 N))
(length '(1 2 . 3))
""",
    """
(car '())
""",
    """
(undefined-function 1 2)
""",
    """
(define (loop n) (if (= n 0) 'done (+ 1 (loop (- n 1)))))
(loop 1000)
""",
]


def run_scheme(n):
    print("== scheme")
    total_steps = 0
    k = 0
    for program in SCHEME_PROGRAMS:
        interp = Interpreter()
        interp.run(SCHEME_PRELUDE)
        source = program.replace("N", str(n))
        try:
            results = interp.run(source)
            for r in results:
                print("  [%d] %s" % (k, r))
        except SchemeError as e:
            print("  [%d] error: %s" % (k, e.msg))
        if len(interp.output) > 0:
            print("  [%d] output: %s" % (k, "".join(interp.output).strip()))
        total_steps += interp.steps
        if interp.max_depth > 100:
            print("  [%d] deep recursion" % k)
        k += 1
    print("  symbols interned:", len(SYMBOLS.symbols) > 10)
    return total_steps


# ---------------------------------------------------------------------------
# 2. Calculator language: tokenizer, Pratt parser, evaluator, compiler, VM
# ---------------------------------------------------------------------------

class CalcError(Exception):
    def __init__(self, msg, pos):
        self.msg = msg
        self.pos = pos


T_NUM = 0
T_IDENT = 1
T_OP = 2
T_LPAREN = 3
T_RPAREN = 4
T_COMMA = 5
T_SEMI = 6
T_EOF = 7

TOKEN_NAMES = ["number", "identifier", "operator", "'('", "')'", "','", "';'", "end of input"]

KEYWORDS = ["let", "def", "print", "if", "then", "else", "and", "or", "not"]


class Token(object):
    def __init__(self, kind, text, pos):
        self.kind = kind
        self.text = text
        self.pos = pos

    def describe(self):
        if self.kind == T_EOF:
            return TOKEN_NAMES[T_EOF]
        return "%s %r" % (TOKEN_NAMES[self.kind], self.text)


class Tokenizer(object):
    def __init__(self, source):
        self.source = source
        self.pos = 0
        self.tokens = []

    def tokenize(self):
        src = self.source
        while self.pos < len(src):
            c = src[self.pos]
            if c == ";" or c == "\n":
                self.tokens.append(Token(T_SEMI, ";", self.pos))
                self.pos += 1
            elif c.isspace():
                self.pos += 1
            elif c == "#":
                while self.pos < len(src) and src[self.pos] != "\n":
                    self.pos += 1
            elif c.isdigit():
                self.read_number()
            elif c.isalpha() or c == "_":
                start = self.pos
                while self.pos < len(src) and (src[self.pos].isalnum() or src[self.pos] == "_"):
                    self.pos += 1
                self.tokens.append(Token(T_IDENT, src[start:self.pos], start))
            elif c == "(":
                self.tokens.append(Token(T_LPAREN, c, self.pos))
                self.pos += 1
            elif c == ")":
                self.tokens.append(Token(T_RPAREN, c, self.pos))
                self.pos += 1
            elif c == ",":
                self.tokens.append(Token(T_COMMA, c, self.pos))
                self.pos += 1
            else:
                self.read_operator()
        self.tokens.append(Token(T_EOF, "", self.pos))
        return self.tokens

    def read_number(self):
        src = self.source
        start = self.pos
        while self.pos < len(src) and src[self.pos].isdigit():
            self.pos += 1
        if self.pos + 1 < len(src) and src[self.pos] == "x" and start + 1 == self.pos and src[start] == "0":
            self.pos += 1
            hstart = self.pos
            while self.pos < len(src) and src[self.pos] in "0123456789abcdefABCDEF":
                self.pos += 1
            self.tokens.append(Token(T_NUM, str(int(src[hstart:self.pos], 16)), start))
            return
        self.tokens.append(Token(T_NUM, src[start:self.pos], start))

    def read_operator(self):
        src = self.source
        two = src[self.pos:self.pos + 2]
        if two == "==" or two == "!=" or two == "<=" or two == ">=" or two == "**" or two == "//":
            self.tokens.append(Token(T_OP, two, self.pos))
            self.pos += 2
            return
        c = src[self.pos]
        if c in "+-*/%<>=!^":
            self.tokens.append(Token(T_OP, c, self.pos))
            self.pos += 1
            return
        raise CalcError("unexpected character %r" % c, self.pos)


# --- AST ---

class Node(object):
    def evaluate(self, ctx):
        raise CalcError("cannot evaluate", 0)

    def compile(self, code):
        raise CalcError("cannot compile", 0)

    def show(self):
        return "?"

    def count_nodes(self):
        return 1


class Num(Node):
    def __init__(self, value):
        self.value = value

    def evaluate(self, ctx):
        return self.value

    def compile(self, code):
        code.emit_const(self.value)

    def show(self):
        return str(self.value)


class Var(Node):
    def __init__(self, name, pos):
        self.name = name
        self.pos = pos

    def evaluate(self, ctx):
        return ctx.lookup(self.name, self.pos)

    def compile(self, code):
        code.emit_load(self.name)

    def show(self):
        return self.name


class UnaryOp(Node):
    def __init__(self, op, operand):
        self.op = op
        self.operand = operand

    def evaluate(self, ctx):
        v = self.operand.evaluate(ctx)
        if self.op == "-":
            return -v
        if self.op == "not":
            return 1 if v == 0 else 0
        return v

    def compile(self, code):
        self.operand.compile(code)
        if self.op == "-":
            code.emit(OP_NEG, 0)
        elif self.op == "not":
            code.emit(OP_NOT, 0)

    def show(self):
        if self.op == "not":
            return "(not " + self.operand.show() + ")"
        return "(" + self.op + self.operand.show() + ")"

    def count_nodes(self):
        return 1 + self.operand.count_nodes()


def int_pow(base, exp):
    if exp < 0:
        raise CalcError("negative exponent", 0)
    result = 1
    while exp > 0:
        if exp & 1:
            result *= base
        base *= base
        exp >>= 1
    return result


def apply_binop(op, a, b):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/" or op == "//":
        if b == 0:
            raise CalcError("division by zero", 0)
        return a // b
    if op == "%":
        if b == 0:
            raise CalcError("modulo by zero", 0)
        return a % b
    if op == "**" or op == "^":
        return int_pow(a, b)
    if op == "==":
        return int(a == b)
    if op == "!=":
        return int(a != b)
    if op == "<":
        return int(a < b)
    if op == "<=":
        return int(a <= b)
    if op == ">":
        return int(a > b)
    if op == ">=":
        return int(a >= b)
    raise CalcError("unknown operator " + op, 0)


BINOP_CODES = {"+": 10, "-": 11, "*": 12, "/": 13, "//": 13, "%": 14, "**": 15, "^": 15,
               "==": 16, "!=": 17, "<": 18, "<=": 19, ">": 20, ">=": 21}


class BinOp(Node):
    def __init__(self, op, left, right, pos):
        self.op = op
        self.left = left
        self.right = right
        self.pos = pos

    def evaluate(self, ctx):
        a = self.left.evaluate(ctx)
        b = self.right.evaluate(ctx)
        try:
            return apply_binop(self.op, a, b)
        except CalcError as e:
            raise CalcError(e.msg, self.pos)

    def compile(self, code):
        self.left.compile(code)
        self.right.compile(code)
        code.emit(BINOP_CODES[self.op], self.pos)

    def show(self):
        return "(" + self.left.show() + " " + self.op + " " + self.right.show() + ")"

    def count_nodes(self):
        return 1 + self.left.count_nodes() + self.right.count_nodes()


class Logic(Node):
    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right

    def evaluate(self, ctx):
        a = self.left.evaluate(ctx)
        if self.op == "and":
            if a == 0:
                return 0
        elif a != 0:
            return a
        return self.right.evaluate(ctx)

    def compile(self, code):
        self.left.compile(code)
        code.emit(OP_DUP, 0)
        if self.op == "and":
            jump = code.emit(OP_JUMP_IF_FALSE, 0)
        else:
            jump = code.emit(OP_JUMP_IF_TRUE, 0)
        code.emit(OP_POP, 0)
        self.right.compile(code)
        code.patch(jump)

    def show(self):
        return "(" + self.left.show() + " " + self.op + " " + self.right.show() + ")"

    def count_nodes(self):
        return 1 + self.left.count_nodes() + self.right.count_nodes()


class IfExpr(Node):
    def __init__(self, cond, then, otherwise):
        self.cond = cond
        self.then = then
        self.otherwise = otherwise

    def evaluate(self, ctx):
        if self.cond.evaluate(ctx) != 0:
            return self.then.evaluate(ctx)
        return self.otherwise.evaluate(ctx)

    def compile(self, code):
        self.cond.compile(code)
        jump_else = code.emit(OP_JUMP_IF_FALSE, 0)
        code.emit(OP_POP, 0)
        self.then.compile(code)
        jump_end = code.emit(OP_JUMP, 0)
        code.patch(jump_else)
        code.emit(OP_POP, 0)
        self.otherwise.compile(code)
        code.patch(jump_end)

    def show(self):
        return "(if " + self.cond.show() + " then " + self.then.show() + " else " + self.otherwise.show() + ")"

    def count_nodes(self):
        return 1 + self.cond.count_nodes() + self.then.count_nodes() + self.otherwise.count_nodes()


class Call(Node):
    def __init__(self, name, args, pos):
        self.name = name
        self.args = args
        self.pos = pos

    def evaluate(self, ctx):
        values = [a.evaluate(ctx) for a in self.args]
        return ctx.call(self.name, values, self.pos)

    def compile(self, code):
        for a in self.args:
            a.compile(code)
        code.emit_call(self.name, len(self.args), self.pos)

    def show(self):
        return self.name + "(" + ", ".join([a.show() for a in self.args]) + ")"

    def count_nodes(self):
        n = 1
        for a in self.args:
            n += a.count_nodes()
        return n


class Stmt(object):
    def __init__(self, kind, name, params, expr):
        self.kind = kind
        self.name = name
        self.params = params
        self.expr = expr

    def show(self):
        if self.kind == "let":
            return "let " + self.name + " = " + self.expr.show()
        if self.kind == "def":
            return "def " + self.name + "(" + ", ".join(self.params) + ") = " + self.expr.show()
        if self.kind == "print":
            return "print " + self.expr.show()
        return self.expr.show()


# --- Pratt parser ---

BINARY_PRECEDENCE = {"or": 1, "and": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
                     "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "**": 8, "^": 8}


class Parser(object):
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos]

    def next(self):
        tok = self.tokens[self.pos]
        if tok.kind != T_EOF:
            self.pos += 1
        return tok

    def expect(self, kind, text):
        tok = self.next()
        if tok.kind != kind or (text != "" and tok.text != text):
            want = TOKEN_NAMES[kind]
            if text != "":
                want = repr(text)
            raise CalcError("expected %s, found %s" % (want, tok.describe()), tok.pos)
        return tok

    def at_keyword(self, word):
        tok = self.peek()
        return tok.kind == T_IDENT and tok.text == word

    def parse_program(self):
        stmts = []
        while True:
            while self.peek().kind == T_SEMI:
                self.next()
            if self.peek().kind == T_EOF:
                break
            stmts.append(self.parse_statement())
            tok = self.peek()
            if tok.kind != T_SEMI and tok.kind != T_EOF:
                raise CalcError("expected end of statement, found " + tok.describe(), tok.pos)
        return stmts

    def parse_statement(self):
        if self.at_keyword("let"):
            self.next()
            name = self.expect(T_IDENT, "").text
            self.expect(T_OP, "=")
            return Stmt("let", name, [], self.parse_expr(0))
        if self.at_keyword("def"):
            self.next()
            name = self.expect(T_IDENT, "").text
            self.expect(T_LPAREN, "")
            params = []
            if self.peek().kind != T_RPAREN:
                params.append(self.expect(T_IDENT, "").text)
                while self.peek().kind == T_COMMA:
                    self.next()
                    params.append(self.expect(T_IDENT, "").text)
            self.expect(T_RPAREN, "")
            self.expect(T_OP, "=")
            return Stmt("def", name, params, self.parse_expr(0))
        if self.at_keyword("print"):
            self.next()
            return Stmt("print", "", [], self.parse_expr(0))
        return Stmt("expr", "", [], self.parse_expr(0))

    def binary_precedence(self, tok):
        if tok.kind == T_OP or tok.kind == T_IDENT:
            return BINARY_PRECEDENCE.get(tok.text, -1)
        return -1

    def parse_expr(self, min_prec):
        left = self.parse_prefix()
        while True:
            tok = self.peek()
            prec = self.binary_precedence(tok)
            if prec < 0 or prec <= min_prec - 1 or prec < min_prec:
                break
            self.next()
            if tok.text == "**" or tok.text == "^":
                right = self.parse_expr(prec)
            else:
                right = self.parse_expr(prec + 1)
            if tok.text == "and" or tok.text == "or":
                left = Logic(tok.text, left, right)
            else:
                left = BinOp(tok.text, left, right, tok.pos)
        return left

    def parse_prefix(self):
        tok = self.next()
        if tok.kind == T_NUM:
            return Num(int(tok.text))
        if tok.kind == T_IDENT:
            if tok.text == "if":
                cond = self.parse_expr(0)
                if not self.at_keyword("then"):
                    raise CalcError("expected 'then'", self.peek().pos)
                self.next()
                then = self.parse_expr(0)
                if not self.at_keyword("else"):
                    raise CalcError("expected 'else'", self.peek().pos)
                self.next()
                otherwise = self.parse_expr(0)
                return IfExpr(cond, then, otherwise)
            if tok.text == "not":
                return UnaryOp("not", self.parse_expr(7))
            if tok.text in KEYWORDS:
                raise CalcError("unexpected keyword " + tok.text, tok.pos)
            if self.peek().kind == T_LPAREN:
                self.next()
                args = []
                if self.peek().kind != T_RPAREN:
                    args.append(self.parse_expr(0))
                    while self.peek().kind == T_COMMA:
                        self.next()
                        args.append(self.parse_expr(0))
                self.expect(T_RPAREN, "")
                return Call(tok.text, args, tok.pos)
            return Var(tok.text, tok.pos)
        if tok.kind == T_OP and tok.text == "-":
            return UnaryOp("-", self.parse_expr(7))
        if tok.kind == T_OP and tok.text == "+":
            return self.parse_expr(7)
        if tok.kind == T_LPAREN:
            e = self.parse_expr(0)
            self.expect(T_RPAREN, "")
            return e
        raise CalcError("unexpected " + tok.describe(), tok.pos)


# --- tree-walking evaluation ---

class FuncDef(object):
    def __init__(self, name, params, body):
        self.name = name
        self.params = params
        self.body = body
        self.code = None


class Frame(object):
    def __init__(self, names, values, parent):
        self.names = names
        self.values = values
        self.parent = parent


def builtin_call(name, values, pos):
    if name == "abs" and len(values) == 1:
        return abs(values[0])
    if name == "max" and len(values) > 0:
        m = values[0]
        for v in values:
            if v > m:
                m = v
        return m
    if name == "min" and len(values) > 0:
        m = values[0]
        for v in values:
            if v < m:
                m = v
        return m
    if name == "gcd" and len(values) == 2:
        a = abs(values[0])
        b = abs(values[1])
        while b != 0:
            a, b = b, a % b
        return a
    if name == "sqrt" and len(values) == 1:
        return isqrt(values[0])
    raise CalcError("unknown function %s/%d" % (name, len(values)), pos)


def isqrt(n):
    if n < 0:
        raise CalcError("sqrt of negative number", 0)
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


class CalcContext(object):
    def __init__(self):
        self.globals = {}
        self.functions = {}
        self.frame = None
        self.depth = 0
        self.calls = 0
        self.printed = []

    def lookup(self, name, pos):
        frame = self.frame
        if frame is not None:
            i = 0
            while i < len(frame.names):
                if frame.names[i] == name:
                    return frame.values[i]
                i += 1
        if name in self.globals:
            return self.globals[name]
        raise CalcError("undefined variable " + name, pos)

    def call(self, name, values, pos):
        self.calls += 1
        f = self.functions.get(name, None)
        if f is None:
            return builtin_call(name, values, pos)
        if len(values) != len(f.params):
            raise CalcError("%s expects %d arguments" % (name, len(f.params)), pos)
        if self.depth > 150:
            raise CalcError("recursion too deep in " + name, pos)
        saved = self.frame
        self.frame = Frame(f.params, values, saved)
        self.depth += 1
        try:
            result = f.body.evaluate(self)
        finally:
            self.depth -= 1
            self.frame = saved
        return result

    def execute(self, stmt):
        if stmt.kind == "let":
            self.globals[stmt.name] = stmt.expr.evaluate(self)
            return
        if stmt.kind == "def":
            self.functions[stmt.name] = FuncDef(stmt.name, stmt.params, stmt.expr)
            return
        v = stmt.expr.evaluate(self)
        if stmt.kind == "print":
            self.printed.append(str(v))
        else:
            self.globals["_"] = v


# --- bytecode compiler and VM ---

OP_CONST = 1
OP_LOAD_GLOBAL = 2
OP_LOAD_LOCAL = 3
OP_NEG = 4
OP_NOT = 5
OP_DUP = 6
OP_POP = 7
OP_JUMP = 8
OP_JUMP_IF_FALSE = 9
OP_JUMP_IF_TRUE = 22
OP_CALL = 23
OP_RETURN = 24
OP_STORE_GLOBAL = 25
OP_PRINT = 26

OPCODE_NAMES = {OP_CONST: "CONST", OP_LOAD_GLOBAL: "LOAD_GLOBAL", OP_LOAD_LOCAL: "LOAD_LOCAL",
                OP_NEG: "NEG", OP_NOT: "NOT", OP_DUP: "DUP", OP_POP: "POP", OP_JUMP: "JUMP",
                OP_JUMP_IF_FALSE: "JUMP_IF_FALSE", OP_JUMP_IF_TRUE: "JUMP_IF_TRUE",
                OP_CALL: "CALL", OP_RETURN: "RETURN", OP_STORE_GLOBAL: "STORE_GLOBAL",
                OP_PRINT: "PRINT", 10: "ADD", 11: "SUB", 12: "MUL", 13: "DIV", 14: "MOD",
                15: "POW", 16: "EQ", 17: "NE", 18: "LT", 19: "LE", 20: "GT", 21: "GE"}

BINOP_OF_CODE = {10: "+", 11: "-", 12: "*", 13: "/", 14: "%", 15: "**", 16: "==", 17: "!=",
                 18: "<", 19: "<=", 20: ">", 21: ">="}


class Code(object):
    def __init__(self, name, params):
        self.name = name
        self.params = params
        self.ops = []
        self.args = []
        self.positions = []
        self.consts = []
        self.names = []
        self.max_stack = 0

    def emit(self, op, arg):
        self.ops.append(op)
        self.args.append(arg)
        self.positions.append(0)
        return len(self.ops) - 1

    def emit_const(self, value):
        i = 0
        while i < len(self.consts):
            if self.consts[i] == value:
                break
            i += 1
        if i == len(self.consts):
            self.consts.append(value)
        self.emit(OP_CONST, i)

    def name_index(self, name):
        i = 0
        while i < len(self.names):
            if self.names[i] == name:
                return i
            i += 1
        self.names.append(name)
        return i

    def emit_load(self, name):
        i = 0
        while i < len(self.params):
            if self.params[i] == name:
                self.emit(OP_LOAD_LOCAL, i)
                return
            i += 1
        self.emit(OP_LOAD_GLOBAL, self.name_index(name))

    def emit_call(self, name, argc, pos):
        idx = self.emit(OP_CALL, self.name_index(name) * 256 + argc)
        self.positions[idx] = pos

    def patch(self, index):
        self.args[index] = len(self.ops)

    def disassemble(self):
        lines = []
        i = 0
        while i < len(self.ops):
            op = self.ops[i]
            name = OPCODE_NAMES.get(op, "?")
            arg = self.args[i]
            if op == OP_CONST:
                lines.append("%3d %s %d" % (i, name, self.consts[arg]))
            elif op == OP_LOAD_GLOBAL or op == OP_STORE_GLOBAL:
                lines.append("%3d %s %s" % (i, name, self.names[arg]))
            elif op == OP_LOAD_LOCAL:
                lines.append("%3d %s %s" % (i, name, self.params[arg]))
            elif op == OP_CALL:
                lines.append("%3d %s %s/%d" % (i, name, self.names[arg // 256], arg % 256))
            elif op == OP_JUMP or op == OP_JUMP_IF_FALSE or op == OP_JUMP_IF_TRUE:
                lines.append("%3d %s -> %d" % (i, name, arg))
            else:
                lines.append("%3d %s" % (i, name))
            i += 1
        return lines

    def compute_max_stack(self):
        depth = 0
        best = 0
        for op in self.ops:
            if op == OP_CONST or op == OP_LOAD_GLOBAL or op == OP_LOAD_LOCAL or op == OP_DUP:
                depth += 1
            elif op >= 10 and op <= 21:
                depth -= 1
            elif op == OP_POP or op == OP_STORE_GLOBAL or op == OP_PRINT:
                depth -= 1
            if depth > best:
                best = depth
        self.max_stack = best
        return best


def compile_statement(stmt, module_code):
    if stmt.kind == "def":
        code = Code(stmt.name, stmt.params)
        stmt.expr.compile(code)
        code.emit(OP_RETURN, 0)
        code.compute_max_stack()
        return code
    stmt.expr.compile(module_code)
    if stmt.kind == "let":
        module_code.emit(OP_STORE_GLOBAL, module_code.name_index(stmt.name))
    elif stmt.kind == "print":
        module_code.emit(OP_PRINT, 0)
    else:
        module_code.emit(OP_STORE_GLOBAL, module_code.name_index("_"))
    return None


class VM(object):
    def __init__(self):
        self.globals = {}
        self.functions = {}
        self.printed = []
        self.executed = 0
        self.depth = 0

    def run(self, code, locals_):
        stack = []
        pc = 0
        while pc < len(code.ops):
            op = code.ops[pc]
            arg = code.args[pc]
            pc += 1
            self.executed += 1
            if op == OP_CONST:
                stack.append(code.consts[arg])
            elif op == OP_LOAD_LOCAL:
                stack.append(locals_[arg])
            elif op == OP_LOAD_GLOBAL:
                name = code.names[arg]
                if name not in self.globals:
                    raise CalcError("undefined variable " + name, 0)
                stack.append(self.globals[name])
            elif op == OP_STORE_GLOBAL:
                self.globals[code.names[arg]] = stack.pop()
            elif op == OP_PRINT:
                self.printed.append(str(stack.pop()))
            elif op == OP_NEG:
                stack.append(-stack.pop())
            elif op == OP_NOT:
                v = stack.pop()
                stack.append(1 if v == 0 else 0)
            elif op == OP_DUP:
                stack.append(stack[len(stack) - 1])
            elif op == OP_POP:
                stack.pop()
            elif op == OP_JUMP:
                pc = arg
            elif op == OP_JUMP_IF_FALSE:
                if stack[len(stack) - 1] == 0:
                    pc = arg
            elif op == OP_JUMP_IF_TRUE:
                if stack[len(stack) - 1] != 0:
                    pc = arg
            elif op == OP_CALL:
                argc = arg % 256
                name = code.names[arg // 256]
                values = []
                i = len(stack) - argc
                while i < len(stack):
                    values.append(stack[i])
                    i += 1
                del stack[len(stack) - argc:]
                stack.append(self.call(name, values, code.positions[pc - 1]))
            elif op == OP_RETURN:
                return stack.pop()
            else:
                b = stack.pop()
                a = stack.pop()
                stack.append(apply_binop(BINOP_OF_CODE[op], a, b))
        return 0

    def call(self, name, values, pos):
        f = self.functions.get(name, None)
        if f is None:
            return builtin_call(name, values, pos)
        if len(values) != len(f.params):
            raise CalcError("%s expects %d arguments" % (name, len(f.params)), pos)
        if self.depth > 150:
            raise CalcError("recursion too deep in " + name, pos)
        self.depth += 1
        try:
            result = self.run(f, values)
        finally:
            self.depth -= 1
        return result


def caret_line(source, pos):
    start = pos
    while start > 0 and source[start - 1] != "\n":
        start -= 1
    end = pos
    while end < len(source) and source[end] != "\n":
        end += 1
    return source[start:end] + "\n" + " " * (pos - start) + "^"


def run_calc_program(name, source, show_code):
    try:
        tokens = Tokenizer(source).tokenize()
        stmts = Parser(tokens).parse_program()
    except CalcError as e:
        print("  %s: syntax error at %d: %s" % (name, e.pos, e.msg))
        for line in caret_line(source, e.pos).split("\n"):
            print("    | " + line)
        return 0
    nodes = 0
    for s in stmts:
        nodes += s.expr.count_nodes()
    print("  %s: %d tokens, %d statements, %d nodes" % (name, len(tokens), len(stmts), nodes))
    ctx = CalcContext()
    tree_result = "ok"
    try:
        for s in stmts:
            ctx.execute(s)
    except CalcError as e:
        tree_result = "error: " + e.msg
    module = Code("<module>", [])
    vm = VM()
    vm_result = "ok"
    try:
        for s in stmts:
            code = compile_statement(s, module)
            if code is not None:
                vm.functions[code.name] = code
                if show_code:
                    print("  code of " + code.name + " (stack %d):" % code.max_stack)
                    for line in code.disassemble():
                        print("    " + line)
        module.emit_const(0)
        module.emit(OP_RETURN, 0)
        vm.run(module, [])
    except CalcError as e:
        vm_result = "error: " + e.msg
    except IndexError:
        vm_result = "error: stack underflow"
    print("  tree: %s, printed %s" % (tree_result, " ".join(ctx.printed)))
    print("  vm:   %s, printed %s" % (vm_result, " ".join(vm.printed)))
    same = ctx.printed == vm.printed and tree_result == vm_result
    print("  agree: %s, calls %d, vm ops %d" % (same, ctx.calls, vm.executed))
    if show_code and len(stmts) > 0:
        print("  first: " + stmts[0].show())
    return vm.executed


CALC_PROGRAMS = [
    ("arith", "print 1 + 2 * 3 - 4 / 2; print (1 + 2) * 3; print -2 ** 2; print 2 ** 3 ** 2; print 17 % 5 + 0x1f"),
    ("vars", "let a = N * 3\nlet b = a * a - 1\nprint a; print b; print b % 7 == 1 and a > 2\nb - a"),
    ("funcs", "def sq(x) = x * x; def hyp(a, b) = sqrt(sq(a) + sq(b)); print hyp(3 * N, 4 * N); print gcd(84, 36 * N)"),
    ("recursion", "def fact(n) = if n <= 1 then 1 else n * fact(n - 1)\n"
                  "def fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\n"
                  "print fact(N + 5); print fib(N + 10); print max(fib(5), fact(4), N, -7)"),
    ("logic", "let t = 1; let f = 0; print t and f or N; print not t or not f; print if f then 1 else if t then 2 else 3"),
    ("collatz", "def steps(n, k) = if n == 1 then k else if n % 2 == 0 then steps(n / 2, k + 1) else steps(3 * n + 1, k + 1)\n"
                "print steps(27, 0); print steps(N * 97, 0); print min(steps(7, 0), steps(9, 0))"),
    ("errors1", "let x = 10; print x / (N - N)"),
    ("errors2", "print 1 + * 2"),
    ("errors3", "def f(x) = g(x); print f(N)"),
    ("errors4", "let y = (3 + 4"),
    ("deep", "def down(n) = if n == 0 then 0 else 1 + down(n - 1); print down(100); print down(500)"),
]


def run_calc(n, show_code):
    print("== calc")
    total = 0
    for name, source in CALC_PROGRAMS:
        total += run_calc_program(name, source.replace("N", str(n)), show_code and name == "funcs")
    return total


# ---------------------------------------------------------------------------
# 3. Text adventure
# ---------------------------------------------------------------------------

DIRECTIONS = ["north", "south", "east", "west", "up", "down"]
OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east",
            "up": "down", "down": "up"}
ABBREVIATIONS = {"n": "north", "s": "south", "e": "east", "w": "west", "u": "up", "d": "down",
                 "i": "inventory", "l": "look", "x": "examine", "get": "take", "q": "quit"}

STATE_PLAYING = 0
STATE_WON = 1
STATE_DEAD = 2
STATE_QUIT = 3


class Item(object):
    def __init__(self, name, description, weight, portable):
        self.name = name
        self.description = description
        self.weight = weight
        self.portable = portable
        self.lit = False

    def examine(self):
        text = self.description
        if self.lit:
            text += " It is glowing."
        return text

    def use_on(self, game, target):
        return "Nothing happens."


class Lamp(Item):
    def use_on(self, game, target):
        self.lit = not self.lit
        if self.lit:
            return "The lamp flickers on."
        return "The lamp goes dark."


class Key(Item):
    def __init__(self, name, description, door_id):
        Item.__init__(self, name, description, 1, True)
        self.door_id = door_id

    def use_on(self, game, target):
        room = game.current
        for exit_ in room.exits:
            if exit_.door_id == self.door_id and exit_.locked:
                exit_.locked = False
                other = exit_.target.exit_towards(room)
                if other is not None:
                    other.locked = False
                game.score += 10
                return "You unlock the door to the " + exit_.direction + "."
        return "There is no lock here that fits."


class Food(Item):
    def __init__(self, name, description, energy):
        Item.__init__(self, name, description, 1, True)
        self.energy = energy

    def use_on(self, game, target):
        game.energy += self.energy
        game.player_remove(self)
        return "You eat the %s. Energy is now %d." % (self.name, game.energy)


class Exit(object):
    def __init__(self, direction, target, door_id):
        self.direction = direction
        self.target = target
        self.door_id = door_id
        self.locked = door_id > 0


class Room(object):
    def __init__(self, name, description, dark):
        self.name = name
        self.description = description
        self.dark = dark
        self.exits = []
        self.items = []
        self.visits = 0
        self.deadly = False

    def connect(self, direction, other, door_id):
        self.exits.append(Exit(direction, other, door_id))
        other.exits.append(Exit(OPPOSITE[direction], self, door_id))

    def exit_towards(self, other):
        for e in self.exits:
            if e.target is other:
                return e
        return None

    def find_exit(self, direction):
        for e in self.exits:
            if e.direction == direction:
                return e
        return None

    def find_item(self, name):
        for it in self.items:
            if it.name == name:
                return it
        return None

    def describe(self, can_see):
        if not can_see:
            return "It is pitch dark. You might be eaten by a grue."
        lines = [self.name, self.description]
        if len(self.items) > 0:
            lines.append("You see: " + ", ".join([it.name for it in self.items]) + ".")
        dirs = []
        for e in self.exits:
            if e.locked:
                dirs.append(e.direction + " (locked)")
            else:
                dirs.append(e.direction)
        lines.append("Exits: " + " ".join(dirs))
        return "\n".join(lines)


class Command(object):
    def __init__(self, verb, noun, target):
        self.verb = verb
        self.noun = noun
        self.target = target


STOP_WORDS = ["the", "a", "an", "at", "to", "with", "on", "go"]


def parse_command(line):
    words = []
    for w in line.lower().split():
        w = w.strip(".,!?")
        if w == "" or w in STOP_WORDS:
            continue
        words.append(ABBREVIATIONS.get(w, w))
    if len(words) == 0:
        return Command("", "", "")
    verb = words[0]
    if verb in DIRECTIONS:
        return Command("go", verb, "")
    noun = ""
    target = ""
    if len(words) > 1:
        noun = words[1]
    if len(words) > 2:
        target = words[len(words) - 1]
    return Command(verb, noun, target)


class Game(object):
    def __init__(self, seed):
        self.rooms = []
        self.inventory = []
        self.state = STATE_PLAYING
        self.score = 0
        self.moves = 0
        self.energy = 12 + seed % 5
        self.dark_turns = 0
        self.log = []
        self.build_world()
        self.current = self.rooms[0]
        self.current.visits = 1

    def add_room(self, name, description, dark):
        r = Room(name, description, dark)
        self.rooms.append(r)
        return r

    def build_world(self):
        hall = self.add_room("Great Hall", "A draughty hall with a stone floor.", False)
        library = self.add_room("Library", "Shelves of mouldering books line the walls.", False)
        cellar = self.add_room("Cellar", "Damp stairs lead into the dark.", True)
        vault = self.add_room("Vault", "A small room of polished granite.", False)
        garden = self.add_room("Garden", "Overgrown roses climb a broken wall.", False)
        pit = self.add_room("Pit", "A sheer drop.", True)
        pit.deadly = True
        hall.connect("north", library, 0)
        hall.connect("down", cellar, 0)
        cellar.connect("east", vault, 7)
        hall.connect("west", garden, 0)
        garden.connect("down", pit, 0)
        hall.items.append(Item("statue", "A statue of a forgotten king.", 500, False))
        library.items.append(Lamp("lamp", "A brass oil lamp.", 3, True))
        library.items.append(Item("book", "A book titled 'Grues and You'.", 2, True))
        garden.items.append(Key("key", "A rusty iron key.", 7))
        garden.items.append(Food("apple", "A crisp red apple.", 6))
        vault.items.append(Item("crown", "A jewelled crown. This must be the treasure!", 4, True))

    def carried_weight(self):
        total = 0
        for it in self.inventory:
            total += it.weight
        return total

    def has_light(self):
        for it in self.inventory:
            if isinstance(it, Lamp) and it.lit:
                return True
        return False

    def can_see(self):
        return not self.current.dark or self.has_light()

    def player_find(self, name):
        for it in self.inventory:
            if it.name == name:
                return it
        return None

    def player_remove(self, item):
        self.inventory.remove(item)

    def step(self, line):
        if self.state != STATE_PLAYING:
            return "The game is over."
        cmd = parse_command(line)
        if cmd.verb == "":
            return "Say something."
        self.moves += 1
        reply = self.dispatch(cmd)
        reply += self.after_turn()
        return reply

    def dispatch(self, cmd):
        verb = cmd.verb
        if verb == "look":
            return self.current.describe(self.can_see())
        if verb == "go":
            return self.go(cmd.noun)
        if verb == "take":
            return self.take(cmd.noun)
        if verb == "drop":
            return self.drop(cmd.noun)
        if verb == "inventory":
            if len(self.inventory) == 0:
                return "You carry nothing."
            return "You carry: " + ", ".join([it.name for it in self.inventory]) + \
                " (weight %d)" % self.carried_weight()
        if verb == "examine":
            it = self.player_find(cmd.noun)
            if it is None and self.can_see():
                it = self.current.find_item(cmd.noun)
            if it is None:
                return "You see no %s here." % cmd.noun
            return it.examine()
        if verb == "use" or verb == "eat" or verb == "light" or verb == "unlock":
            noun = cmd.noun
            if verb == "unlock" and noun in DIRECTIONS:
                noun = "key"
            it = self.player_find(noun)
            if it is None:
                return "You have no %s." % noun
            return it.use_on(self, cmd.target)
        if verb == "score":
            return "Score %d in %d moves." % (self.score, self.moves)
        if verb == "quit":
            self.state = STATE_QUIT
            return "Bye."
        return "I don't know how to '%s'." % verb

    def go(self, direction):
        if direction == "":
            return "Go where?"
        e = self.current.find_exit(direction)
        if e is None:
            return "You can't go %s." % direction
        if e.locked:
            return "The door is locked."
        if self.energy <= 0:
            return "You are too tired to move."
        self.energy -= 1
        self.current = e.target
        self.current.visits += 1
        if self.current.deadly:
            self.state = STATE_DEAD
            return "You fall into the pit."
        if self.current.visits == 1:
            self.score += 5
        return self.current.describe(self.can_see())

    def take(self, name):
        if not self.can_see():
            return "You fumble in the dark."
        it = self.current.find_item(name)
        if it is None:
            return "There is no %s here." % name
        if not it.portable:
            return "The %s is far too heavy." % name
        if self.carried_weight() + it.weight > 8:
            return "You are carrying too much."
        self.current.items.remove(it)
        self.inventory.append(it)
        if it.name == "crown":
            self.score += 50
            self.state = STATE_WON
            return "Taken. You have found the treasure!"
        return "Taken."

    def drop(self, name):
        it = self.player_find(name)
        if it is None:
            return "You have no %s." % name
        self.inventory.remove(it)
        self.current.items.append(it)
        return "Dropped."

    def after_turn(self):
        if self.state != STATE_PLAYING:
            return ""
        if not self.can_see():
            self.dark_turns += 1
            if self.dark_turns >= 3:
                self.state = STATE_DEAD
                return "\nA grue eats you."
        else:
            self.dark_turns = 0
        return ""

    def state_name(self):
        if self.state == STATE_WON:
            return "won"
        if self.state == STATE_DEAD:
            return "dead"
        if self.state == STATE_QUIT:
            return "quit"
        return "playing"


WALKTHROUGHS = [
    "look; n; take lamp; take book; x book; s; w; take key; eat apple; take apple; eat apple; e; d; "
    "light lamp; unlock east; e; drop book; take crown; look",
    "look; d; look; d; look",
    "w; take key; take statue; e; take statue; i; drop key; i; dance; score; q; look",
    "n; take lamp; take book; s; w; take key; take apple; i; d",
    "n; n; n; s; s; s; take lamp",
]


def run_adventure(n, extra):
    print("== adventure")
    total_score = 0
    k = 0
    scripts = []
    for w in WALKTHROUGHS:
        scripts.append(w)
    if extra != "":
        scripts.append(extra.replace("_", " ").replace("+", ";"))
    for script in scripts:
        game = Game(n + k)
        for line in script.split(";"):
            reply = game.step(line.strip())
            first = reply.split("\n")[0]
            if len(first) > 60:
                first = first[:57] + "..."
            print("  %d> %-16s %s" % (k, line.strip(), first))
            if game.state != STATE_PLAYING:
                break
        print("  %d: %s, score %d, moves %d, energy %d" % (k, game.state_name(), game.score,
                                                         game.moves, game.energy))
        total_score += game.score
        k += 1
    return total_score


# ---------------------------------------------------------------------------
# 4. Matrices and statistics
# ---------------------------------------------------------------------------

class MatrixError(Exception):
    def __init__(self, msg):
        self.msg = msg


class Matrix(object):
    def __init__(self, rows, cols):
        self.rows = rows
        self.cols = cols
        self.data = [0.0] * (rows * cols)

    def get(self, i, j):
        return self.data[i * self.cols + j]

    def set(self, i, j, v):
        self.data[i * self.cols + j] = v

    def copy(self):
        m = Matrix(self.rows, self.cols)
        m.data = self.data[:]
        return m

    def row(self, i):
        return self.data[i * self.cols:(i + 1) * self.cols]

    def column(self, j):
        return [self.get(i, j) for i in range(self.rows)]

    def transpose(self):
        t = Matrix(self.cols, self.rows)
        for i in range(self.rows):
            for j in range(self.cols):
                t.set(j, i, self.get(i, j))
        return t

    def add(self, other):
        if self.rows != other.rows or self.cols != other.cols:
            raise MatrixError("add: shape mismatch %s vs %s" % (self.shape(), other.shape()))
        m = Matrix(self.rows, self.cols)
        for k in range(len(self.data)):
            m.data[k] = self.data[k] + other.data[k]
        return m

    def scale(self, factor):
        m = Matrix(self.rows, self.cols)
        for k in range(len(self.data)):
            m.data[k] = self.data[k] * factor
        return m

    def mul(self, other):
        if self.cols != other.rows:
            raise MatrixError("mul: shape mismatch %s vs %s" % (self.shape(), other.shape()))
        m = Matrix(self.rows, other.cols)
        for i in range(self.rows):
            for j in range(other.cols):
                acc = 0.0
                for k in range(self.cols):
                    acc += self.get(i, k) * other.get(k, j)
                m.set(i, j, acc)
        return m

    def mul_vector(self, v):
        if len(v) != self.cols:
            raise MatrixError("mul_vector: length mismatch")
        out = []
        for i in range(self.rows):
            acc = 0.0
            for j in range(self.cols):
                acc += self.get(i, j) * v[j]
            out.append(acc)
        return out

    def shape(self):
        return "%dx%d" % (self.rows, self.cols)

    def trace(self):
        t = 0.0
        for i in range(min(self.rows, self.cols)):
            t += self.get(i, i)
        return t

    def swap_rows(self, a, b):
        if a == b:
            return
        for j in range(self.cols):
            tmp = self.get(a, j)
            self.set(a, j, self.get(b, j))
            self.set(b, j, tmp)

    def format(self, width, digits):
        lines = []
        for i in range(self.rows):
            cells = []
            for j in range(self.cols):
                cells.append(format_fixed(self.get(i, j), width, digits))
            lines.append("[" + " ".join(cells) + "]")
        return lines


def format_fixed(x, width, digits):
    if abs(x) < 0.5 * 10.0 ** (-digits):
        x = 0.0
    text = fixed_digits(x, digits)
    return " " * (width - len(text)) + text


def fixed_digits(x, digits):
    if digits == 0:
        return "%.0f" % x
    if digits == 1:
        return "%.1f" % x
    if digits == 2:
        return "%.2f" % x
    if digits == 3:
        return "%.3f" % x
    return "%.4f" % x


def identity(n):
    m = Matrix(n, n)
    for i in range(n):
        m.set(i, i, 1.0)
    return m


def from_rows(rows):
    m = Matrix(len(rows), len(rows[0]))
    for i in range(len(rows)):
        if len(rows[i]) != m.cols:
            raise MatrixError("ragged rows")
        for j in range(m.cols):
            m.set(i, j, rows[i][j])
    return m


class LUResult(object):
    def __init__(self, lu, perm, sign):
        self.lu = lu
        self.perm = perm
        self.sign = sign


def lu_decompose(a):
    if a.rows != a.cols:
        raise MatrixError("lu: matrix is not square")
    n = a.rows
    lu = a.copy()
    perm = list(range(n))
    sign = 1.0
    for k in range(n):
        pivot = k
        best = abs(lu.get(k, k))
        for i in range(k + 1, n):
            if abs(lu.get(i, k)) > best:
                best = abs(lu.get(i, k))
                pivot = i
        if best < 1e-12:
            raise MatrixError("matrix is singular")
        if pivot != k:
            lu.swap_rows(pivot, k)
            perm[pivot], perm[k] = perm[k], perm[pivot]
            sign = -sign
        for i in range(k + 1, n):
            f = lu.get(i, k) / lu.get(k, k)
            lu.set(i, k, f)
            for j in range(k + 1, n):
                lu.set(i, j, lu.get(i, j) - f * lu.get(k, j))
    return LUResult(lu, perm, sign)


def lu_solve(res, b):
    n = res.lu.rows
    y = [0.0] * n
    for i in range(n):
        acc = b[res.perm[i]]
        for j in range(i):
            acc -= res.lu.get(i, j) * y[j]
        y[i] = acc
    x = [0.0] * n
    i = n - 1
    while i >= 0:
        acc = y[i]
        for j in range(i + 1, n):
            acc -= res.lu.get(i, j) * x[j]
        x[i] = acc / res.lu.get(i, i)
        i -= 1
    return x


def determinant(a):
    try:
        res = lu_decompose(a)
    except MatrixError as e:
        if e.msg == "matrix is singular":
            return 0.0
        raise
    d = res.sign
    for i in range(a.rows):
        d *= res.lu.get(i, i)
    return d


def inverse(a):
    res = lu_decompose(a)
    n = a.rows
    inv = Matrix(n, n)
    for j in range(n):
        e = [0.0] * n
        e[j] = 1.0
        col = lu_solve(res, e)
        for i in range(n):
            inv.set(i, j, col[i])
    return inv


def power_iteration(a, steps):
    v = [1.0] * a.rows
    eig = 0.0
    for s in range(steps):
        w = a.mul_vector(v)
        norm = 0.0
        for x in w:
            norm += x * x
        norm = math.sqrt(norm)
        if norm == 0.0:
            return 0.0
        v = [x / norm for x in w]
        av = a.mul_vector(v)
        eig = 0.0
        for i in range(len(v)):
            eig += v[i] * av[i]
    return eig


# --- statistics ---

def mean(xs):
    if len(xs) == 0:
        raise MatrixError("mean of empty data")
    total = 0.0
    for x in xs:
        total += x
    return total / len(xs)


def variance(xs):
    m = mean(xs)
    acc = 0.0
    for x in xs:
        acc += (x - m) * (x - m)
    if len(xs) < 2:
        return 0.0
    return acc / (len(xs) - 1)


def insertion_sort(xs):
    out = xs[:]
    for i in range(1, len(out)):
        key = out[i]
        j = i - 1
        while j >= 0 and out[j] > key:
            out[j + 1] = out[j]
            j -= 1
        out[j + 1] = key
    return out


def quantile(xs, q):
    s = insertion_sort(xs)
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = lo + 1
    if hi >= len(s):
        return s[len(s) - 1]
    frac = pos - lo
    return s[lo] * (1.0 - frac) + s[hi] * frac


def median(xs):
    return quantile(xs, 0.5)


class Regression(object):
    def __init__(self, slope, intercept, r2):
        self.slope = slope
        self.intercept = intercept
        self.r2 = r2

    def predict(self, x):
        return self.slope * x + self.intercept


def linear_regression(xs, ys):
    if len(xs) != len(ys) or len(xs) < 2:
        raise MatrixError("regression needs two equal-length samples")
    mx = mean(xs)
    my = mean(ys)
    sxy = 0.0
    sxx = 0.0
    syy = 0.0
    for i in range(len(xs)):
        dx = xs[i] - mx
        dy = ys[i] - my
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    if sxx == 0.0:
        raise MatrixError("regression: x has no variance")
    slope = sxy / sxx
    r2 = 1.0
    if syy != 0.0:
        r2 = (sxy * sxy) / (sxx * syy)
    return Regression(slope, my - slope * mx, r2)


def least_squares(xs, ys, degree):
    # fits a polynomial by the normal equations (A^T A) c = A^T y
    a = Matrix(len(xs), degree + 1)
    for i in range(len(xs)):
        p = 1.0
        for j in range(degree + 1):
            a.set(i, j, p)
            p *= xs[i]
    at = a.transpose()
    return lu_solve(lu_decompose(at.mul(a)), at.mul_vector(ys))


def histogram(xs, bins, lo, hi):
    counts = [0] * bins
    width = (hi - lo) / bins
    for x in xs:
        k = int((x - lo) / width)
        if k < 0:
            k = 0
        if k >= bins:
            k = bins - 1
        counts[k] += 1
    return counts


class LCG(object):
    """A linear congruential generator, so that CPython and the translated
    program draw the same numbers."""
    def __init__(self, seed):
        self.state = seed & 0x7fffffff

    def next_int(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7fffffff
        return self.state

    def uniform(self):
        return self.next_int() / 2147483648.0

    def randint(self, lo, hi):
        return lo + self.next_int() % (hi - lo + 1)

    def gauss(self):
        # sum of twelve uniforms, minus six: roughly standard normal
        acc = 0.0
        for i in range(12):
            acc += self.uniform()
        return acc - 6.0


def run_matrix(n):
    print("== matrix")
    a = from_rows([[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, float(n + 2)]])
    print("  a =")
    for line in a.format(8, 3):
        print("    " + line)
    print("  trace %s det %s" % (fixed_digits(a.trace(), 3), fixed_digits(determinant(a), 3)))
    inv = inverse(a)
    check = a.mul(inv)
    print("  a * inv(a) =")
    for line in check.format(7, 2):
        print("    " + line)
    b = [1.0, 2.0, float(n)]
    x = lu_solve(lu_decompose(a), b)
    print("  solve: " + " ".join([fixed_digits(v, 4) for v in x]))
    residual = a.mul_vector(x)
    err = 0.0
    for i in range(len(b)):
        err += abs(residual[i] - b[i])
    print("  residual small: %s" % (err < 1e-9))
    print("  dominant eigenvalue %s" % fixed_digits(power_iteration(a, 50 + n), 3))
    singular = from_rows([[1.0, 2.0], [2.0, 4.0]])
    print("  singular det %s" % fixed_digits(determinant(singular), 1))
    try:
        inverse(singular)
    except MatrixError as e:
        print("  inverse failed: " + e.msg)
    try:
        a.mul(singular)
    except MatrixError as e:
        print("  " + e.msg)
    h = identity(4).scale(2.0).add(identity(4))
    print("  3I trace %s, det %s" % (fixed_digits(h.trace(), 1), fixed_digits(determinant(h), 1)))

    rng = LCG(n * 7919 + 13)
    xs = []
    ys = []
    for i in range(40 + 10 * n):
        xv = rng.uniform() * 10.0
        xs.append(xv)
        ys.append(2.5 * xv - 1.0 + rng.gauss() * 0.5)
    reg = linear_regression(xs, ys)
    print("  regression: slope %s intercept %s r2 %s" % (fixed_digits(reg.slope, 1),
                                                         fixed_digits(reg.intercept, 0),
                                                         reg.r2 > 0.9))
    print("  predict(4) = %s" % fixed_digits(reg.predict(4.0), 0))
    sample = [rng.gauss() * 3.0 + 10.0 for i in range(200)]
    print("  mean %s sd %s median %s q90 %s" % (fixed_digits(mean(sample), 1),
                                               fixed_digits(math.sqrt(variance(sample)), 1),
                                               fixed_digits(median(sample), 1),
                                               fixed_digits(quantile(sample, 0.9), 1)))
    counts = histogram(sample, 8, 0.0, 20.0)
    top = 0
    for c in counts:
        if c > top:
            top = c
    for k in range(len(counts)):
        bar = "#" * (counts[k] * 30 // top)
        print("  %5.1f | %-30s %d" % (k * 2.5, bar, counts[k]))
    qx = [float(i) for i in range(-3, 4)]
    qy = [1.0 + 2.0 * v - 0.5 * v * v for v in qx]
    coeffs = least_squares(qx, qy, 2)
    print("  quadratic fit: " + " ".join([fixed_digits(c, 3) for c in coeffs]))
    try:
        mean([])
    except MatrixError as e:
        print("  " + e.msg)
    return len(xs)


# ---------------------------------------------------------------------------
# 5. Priority-queue scheduler
# ---------------------------------------------------------------------------

class SchedulerError(Exception):
    def __init__(self, msg):
        self.msg = msg


class HeapEntry(object):
    def __init__(self, key, seq, task):
        self.key = key
        self.seq = seq
        self.task = task

    def before(self, other):
        if self.key != other.key:
            return self.key < other.key
        return self.seq < other.seq


class PriorityQueue(object):
    """A binary min-heap; ties are broken by insertion order."""

    def __init__(self):
        self.heap = []
        self.counter = 0

    def size(self):
        # (len(self) through __len__ is valid RPython, but futamura refuses it:
        # /work/notes/rtyping-bench.md, R1)
        return len(self.heap)

    def push(self, key, task):
        entry = HeapEntry(key, self.counter, task)
        self.counter += 1
        self.heap.append(entry)
        self.sift_up(len(self.heap) - 1)

    def peek_key(self):
        if len(self.heap) == 0:
            raise SchedulerError("peek on an empty queue")
        return self.heap[0].key

    def pop(self):
        if len(self.heap) == 0:
            raise SchedulerError("pop from an empty queue")
        top = self.heap[0]
        last = self.heap.pop()
        if len(self.heap) > 0:
            self.heap[0] = last
            self.sift_down(0)
        return top.task

    def sift_up(self, i):
        heap = self.heap
        while i > 0:
            parent = (i - 1) // 2
            if heap[i].before(heap[parent]):
                heap[i], heap[parent] = heap[parent], heap[i]
                i = parent
            else:
                break

    def sift_down(self, i):
        heap = self.heap
        n = len(heap)
        while True:
            left = 2 * i + 1
            right = left + 1
            smallest = i
            if left < n and heap[left].before(heap[smallest]):
                smallest = left
            if right < n and heap[right].before(heap[smallest]):
                smallest = right
            if smallest == i:
                break
            heap[i], heap[smallest] = heap[smallest], heap[i]
            i = smallest

    def check(self):
        for i in range(1, len(self.heap)):
            if self.heap[i].before(self.heap[(i - 1) // 2]):
                return False
        return True


class Task(object):
    def __init__(self, name, arrival, duration, priority):
        self.name = name
        self.arrival = arrival
        self.duration = duration
        self.remaining = duration
        self.priority = priority
        self.deps = []
        self.dependents = []
        self.waiting_on = 0
        self.start = -1
        self.finish = -1
        self.cpu = -1

    def turnaround(self):
        return self.finish - self.arrival

    def waiting(self):
        return self.turnaround() - self.duration


class Policy(object):
    name = "policy"

    def key(self, task, now):
        return 0

    def quantum(self):
        return 1000000


class FifoPolicy(Policy):
    name = "fifo"

    def key(self, task, now):
        return task.arrival


class ShortestJobPolicy(Policy):
    name = "sjf"

    def key(self, task, now):
        return task.remaining


class PriorityPolicy(Policy):
    name = "priority"

    def key(self, task, now):
        # aging: waiting tasks slowly gain priority
        return task.priority * 10 - (now - task.arrival) // 4


class RoundRobinPolicy(Policy):
    name = "rr"

    def __init__(self, quantum):
        self.slice = quantum
        self.ticket = 0

    def key(self, task, now):
        self.ticket += 1
        return self.ticket

    def quantum(self):
        return self.slice


class Event(object):
    def __init__(self, time, kind, task, cpu):
        self.time = time
        self.kind = kind
        self.task = task
        self.cpu = cpu


EV_ARRIVE = 0
EV_DONE = 1
EV_PREEMPT = 2


class Scheduler(object):
    def __init__(self, policy, cpus):
        self.policy = policy
        self.cpus = cpus
        self.running = [None] * cpus
        self.slice_end = [0] * cpus
        self.ready = PriorityQueue()
        self.events = PriorityQueue()
        self.tasks = []
        self.by_name = {}
        self.now = 0
        self.busy_time = 0
        self.context_switches = 0
        self.trace = []

    def add_task(self, task):
        if task.name in self.by_name:
            raise SchedulerError("duplicate task " + task.name)
        self.tasks.append(task)
        self.by_name[task.name] = task

    def add_dependency(self, name, on):
        if name not in self.by_name or on not in self.by_name:
            raise SchedulerError("unknown task in dependency %s -> %s" % (name, on))
        t = self.by_name[name]
        d = self.by_name[on]
        t.deps.append(d)
        d.dependents.append(t)
        t.waiting_on += 1

    def check_cycles(self):
        # Kahn's algorithm on the dependency graph
        indegree = {}
        for t in self.tasks:
            indegree[t.name] = len(t.deps)
        queue = [t for t in self.tasks if len(t.deps) == 0]
        seen = 0
        while len(queue) > 0:
            t = queue.pop(0)
            seen += 1
            for d in t.dependents:
                indegree[d.name] -= 1
                if indegree[d.name] == 0:
                    queue.append(d)
        if seen != len(self.tasks):
            stuck = [t.name for t in self.tasks if indegree[t.name] > 0]
            raise SchedulerError("dependency cycle among " + ",".join(stuck))

    def log(self, text):
        if len(self.trace) < 12:
            self.trace.append("t=%3d %s" % (self.now, text))

    def make_ready(self, task):
        self.ready.push(self.policy.key(task, self.now), Event(self.now, EV_ARRIVE, task, -1))

    def dispatch(self):
        for cpu in range(self.cpus):
            if self.running[cpu] is None and self.ready.size() > 0:
                task = self.ready.pop().task
                if task.start < 0:
                    task.start = self.now
                task.cpu = cpu
                self.running[cpu] = task
                self.context_switches += 1
                run_for = min(task.remaining, self.policy.quantum())
                self.slice_end[cpu] = self.now + run_for
                if run_for == task.remaining:
                    self.events.push(self.now + run_for, Event(self.now + run_for, EV_DONE, task, cpu))
                else:
                    self.events.push(self.now + run_for, Event(self.now + run_for, EV_PREEMPT, task, cpu))
                self.log("cpu%d runs %s for %d" % (cpu, task.name, run_for))

    def run(self):
        self.check_cycles()
        for t in self.tasks:
            self.events.push(t.arrival, Event(t.arrival, EV_ARRIVE, t, -1))
        finished = 0
        while self.events.size() > 0:
            ev = self.events.pop()
            self.now = ev.time
            task = ev.task
            if ev.kind == EV_ARRIVE:
                if task.waiting_on == 0:
                    self.make_ready(task)
                    self.log("%s ready" % task.name)
            elif ev.kind == EV_PREEMPT:
                ran = self.policy.quantum()
                task.remaining -= ran
                self.busy_time += ran
                self.running[ev.cpu] = None
                self.make_ready(task)
            else:
                self.busy_time += task.remaining
                task.remaining = 0
                task.finish = self.now
                self.running[ev.cpu] = None
                finished += 1
                self.log("%s done" % task.name)
                for d in task.dependents:
                    d.waiting_on -= 1
                    if d.waiting_on == 0 and d.arrival <= self.now:
                        self.make_ready(d)
            if self.events.size() == 0 or self.events.peek_key() > self.now:
                self.dispatch()
        if finished != len(self.tasks):
            raise SchedulerError("only %d of %d tasks finished" % (finished, len(self.tasks)))
        return self.now


def make_workload(n, seed):
    rng = LCG(seed)
    tasks = []
    for i in range(n):
        name = "t%02d" % i
        arrival = rng.randint(0, 20)
        duration = rng.randint(1, 12)
        priority = rng.randint(0, 4)
        tasks.append(Task(name, arrival, duration, priority))
    return tasks


def simulate(policy, cpus, count, seed, deps):
    sched = Scheduler(policy, cpus)
    for t in make_workload(count, seed):
        sched.add_task(t)
    for a, b in deps:
        sched.add_dependency(a, b)
    makespan = sched.run()
    total_wait = 0
    total_turn = 0
    worst = sched.tasks[0]
    for t in sched.tasks:
        total_wait += t.waiting()
        total_turn += t.turnaround()
        if t.waiting() > worst.waiting():
            worst = t
    util = 0.0
    if makespan > 0:
        util = 100.0 * sched.busy_time / (makespan * cpus)
    print("  %-8s cpus=%d makespan=%3d avg_wait=%6.2f avg_turn=%6.2f util=%5.1f%% switches=%d worst=%s" %
          (policy.name, cpus, makespan, float(total_wait) / count, float(total_turn) / count,
           util, sched.context_switches, worst.name))
    return sched


def run_scheduler(n):
    print("== scheduler")
    pq = PriorityQueue()
    rng = LCG(n + 99)
    for i in range(50):
        pq.push(rng.randint(0, 100), Event(i, EV_ARRIVE, Task("x%d" % i, 0, 1, 0), -1))
    print("  heap ok: %s, size %d" % (pq.check(), pq.size()))
    keys = []
    while pq.size() > 0:
        keys.append(pq.peek_key())
        pq.pop()
    ordered = True
    for i in range(1, len(keys)):
        if keys[i - 1] > keys[i]:
            ordered = False
    print("  heap sort ordered: %s, first %d last %d" % (ordered, keys[0], keys[len(keys) - 1]))
    try:
        pq.pop()
    except SchedulerError as e:
        print("  " + e.msg)
    count = 10 + 2 * n
    deps = [("t03", "t01"), ("t04", "t03"), ("t07", "t02")]
    policies = [FifoPolicy(), ShortestJobPolicy(), PriorityPolicy(), RoundRobinPolicy(3),
                RoundRobinPolicy(1 + n)]
    total = 0
    for cpus in [1, 2]:
        for p in policies:
            sched = simulate(p, cpus, count, 1234 + n, deps)
            total += sched.now
    sched = simulate(FifoPolicy(), 2, count, 77, [])
    for line in sched.trace:
        print("    " + line)
    try:
        simulate(ShortestJobPolicy(), 1, 6, 5, [("t01", "t02"), ("t02", "t03"), ("t03", "t01")])
    except SchedulerError as e:
        print("  error: " + e.msg)
    try:
        simulate(FifoPolicy(), 1, 4, 5, [("t01", "t09")])
    except SchedulerError as e:
        print("  error: " + e.msg)
    return total


# ---------------------------------------------------------------------------
# 6. entry point
# ---------------------------------------------------------------------------

def usage():
    print("usage: program.py [WORD ...]")
    print("  runs the scheme, calc, adventure, matrix and scheduler sections;")
    print("  the number of words and the first word vary the inputs")


def entry_point(argv):
    if len(argv) > 1 and (argv[1] == "-h" or argv[1] == "--help"):
        usage()
        return 0
    n = len(argv)
    word = ""
    if n > 1:
        word = argv[1]
    checksum = 0
    checksum += run_scheme(n)
    checksum += run_calc(n, n > 2)
    checksum += run_adventure(n, word)
    checksum += run_matrix(n)
    checksum += run_scheduler(n)
    print("== done, checksum %d" % checksum)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
