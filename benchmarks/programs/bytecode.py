"""A bytecode interpreter over boxed values: a small stack machine whose
values are W_Int and W_List objects (subclasses of W_Object, operations by
method dispatch), with an assembler for its textual code and calls through
recursive frames.

usage: bytecode.py N    (runs the bundled program's main(N, M), M = fib's
argument, and prints its result list [nested-loop sum, list sum, list
length, fib(M)] and the number of instructions executed)
The C twin is benchmarks/c/bytecode.c.
"""

# Opcodes; every instruction is two words: opcode, argument.
PUSH = 0
LOAD = 1
STORE = 2
ADD = 3
SUB = 4
MUL = 5
MOD = 6
LT = 7
JUMP = 8
JUMP_IF_FALSE = 9
CALL = 10
RETURN = 11
NEWLIST = 12
APPEND = 13
GETITEM = 14
LEN = 15
POP = 16

OPNAMES = ["push", "load", "store", "add", "sub", "mul", "mod", "lt", "jump",
           "jump_if_false", "call", "return", "newlist", "append", "getitem",
           "len", "pop"]

SOURCE = """
func fib n
    load n
    push 2
    lt
    jump_if_false recurse
    load n
    return
recurse:
    load n
    push 1
    sub
    call fib
    load n
    push 2
    sub
    call fib
    add
    return

func main n m
    push 0
    store total
    push 0
    store i
outer:
    load i
    load n
    lt
    jump_if_false outer_done
    push 0
    store j
inner:
    load j
    push 100
    lt
    jump_if_false inner_done
    load total
    load i
    load j
    mul
    push 7
    mod
    add
    store total
    load j
    push 1
    add
    store j
    jump inner
inner_done:
    load i
    push 1
    add
    store i
    jump outer
outer_done:
    newlist
    store lst
    push 0
    store k
fill:
    load k
    load n
    lt
    jump_if_false filled
    load lst
    load k
    load k
    mul
    push 1000
    mod
    append
    load k
    push 1
    add
    store k
    jump fill
filled:
    push 0
    store s
    push 0
    store k
sum:
    load k
    load lst
    len
    lt
    jump_if_false summed
    load s
    load lst
    load k
    getitem
    add
    store s
    load k
    push 1
    add
    store k
    jump sum
summed:
    newlist
    store result
    load result
    load total
    append
    load result
    load s
    append
    load result
    load lst
    load lst
    add
    len
    append
    load result
    load m
    call fib
    append
    load result
    return
"""


class VMError(Exception):
    def __init__(self, message):
        self.message = message


class W_Object(object):
    def add(self, w_other):
        raise VMError("unsupported operand for add")

    def sub(self, w_other):
        raise VMError("unsupported operand for sub")

    def mul(self, w_other):
        raise VMError("unsupported operand for mul")

    def mod(self, w_other):
        raise VMError("unsupported operand for mod")

    def lt(self, w_other):
        raise VMError("unsupported operand for lt")

    def is_true(self):
        return True

    def int_w(self):
        raise VMError("expected an integer")

    def getitem(self, index):
        raise VMError("object is not subscriptable")

    def append(self, w_value):
        raise VMError("object has no append")

    def length(self):
        raise VMError("object has no length")

    def str_w(self):
        return "<object>"


class W_Int(W_Object):
    def __init__(self, intval):
        self.intval = intval

    def add(self, w_other):
        return W_Int(self.intval + w_other.int_w())

    def sub(self, w_other):
        return W_Int(self.intval - w_other.int_w())

    def mul(self, w_other):
        return W_Int(self.intval * w_other.int_w())

    def mod(self, w_other):
        d = w_other.int_w()
        if d == 0:
            raise VMError("modulo by zero")
        return W_Int(self.intval % d)

    def lt(self, w_other):
        return W_Int(1 if self.intval < w_other.int_w() else 0)

    def is_true(self):
        return self.intval != 0

    def int_w(self):
        return self.intval

    def str_w(self):
        return str(self.intval)


class W_List(W_Object):
    def __init__(self, items_w):
        self.items_w = items_w

    def add(self, w_other):
        if not isinstance(w_other, W_List):
            raise VMError("can only concatenate list to list")
        return W_List(self.items_w + w_other.items_w)

    def is_true(self):
        return len(self.items_w) != 0

    def getitem(self, index):
        if index < 0 or index >= len(self.items_w):
            raise VMError("list index out of range")
        return self.items_w[index]

    def append(self, w_value):
        self.items_w.append(w_value)

    def length(self):
        return len(self.items_w)

    def str_w(self):
        return "[" + ", ".join([w.str_w() for w in self.items_w]) + "]"


class Code(object):
    def __init__(self, name, nargs):
        self.name = name
        self.nargs = nargs
        self.nlocals = nargs
        self.bytecode = []
        self.consts_w = []


class Program(object):
    def __init__(self):
        self.functions = []
        self.names = {}


def assemble(source):
    """Two passes: the first numbers the functions (calls may go forward),
    the second emits code, with labels resolved per function."""
    program = Program()
    lines = source.split("\n")
    for line in lines:
        words = line.split()
        if len(words) >= 2 and words[0] == "func":
            program.names[words[1]] = len(program.names)
    code = None
    local_names = {}
    labels = {}
    fixups = []
    opcodes = {}
    for k in range(len(OPNAMES)):
        opcodes[OPNAMES[k]] = k
    for line in lines + ["func <end>"]:
        words = line.split()
        if len(words) == 0:
            continue
        if words[0] == "func":
            if code is not None:
                for pos, label in fixups:
                    if label not in labels:
                        raise VMError("unknown label " + label)
                    code.bytecode[pos] = labels[label]
                code.nlocals = len(local_names)
                program.functions.append(code)
            if words[1] == "<end>":
                break
            code = Code(words[1], len(words) - 2)
            local_names = {}
            for arg in words[2:]:
                local_names[arg] = len(local_names)
            labels = {}
            fixups = []
            continue
        if code is None:
            raise VMError("code outside a function")
        if words[0].endswith(":"):
            labels[words[0][:-1]] = len(code.bytecode)
            continue
        if words[0] not in opcodes:
            raise VMError("unknown instruction " + words[0])
        op = opcodes[words[0]]
        arg = 0
        if op == PUSH:
            arg = len(code.consts_w)
            code.consts_w.append(W_Int(int(words[1])))
        elif op == LOAD or op == STORE:
            name = words[1]
            if name not in local_names:
                local_names[name] = len(local_names)
            arg = local_names[name]
        elif op == JUMP or op == JUMP_IF_FALSE:
            fixups.append((len(code.bytecode) + 1, words[1]))
        elif op == CALL:
            if words[1] not in program.names:
                raise VMError("unknown function " + words[1])
            arg = program.names[words[1]]
        code.bytecode.append(op)
        code.bytecode.append(arg)
    return program


class Interpreter(object):
    def __init__(self, program):
        self.program = program
        self.executed = 0

    def call(self, code, args_w):
        locals_w = [None] * code.nlocals
        for k in range(len(args_w)):
            locals_w[k] = args_w[k]
        stack = []
        bytecode = code.bytecode
        pc = 0
        count = 0
        while True:
            op = bytecode[pc]
            arg = bytecode[pc + 1]
            pc += 2
            count += 1
            if op == LOAD:
                w = locals_w[arg]
                if w is None:
                    raise VMError("unbound local")
                stack.append(w)
            elif op == STORE:
                locals_w[arg] = stack.pop()
            elif op == PUSH:
                stack.append(code.consts_w[arg])
            elif op == ADD:
                w_b = stack.pop()
                w_a = stack.pop()
                stack.append(w_a.add(w_b))
            elif op == SUB:
                w_b = stack.pop()
                w_a = stack.pop()
                stack.append(w_a.sub(w_b))
            elif op == MUL:
                w_b = stack.pop()
                w_a = stack.pop()
                stack.append(w_a.mul(w_b))
            elif op == MOD:
                w_b = stack.pop()
                w_a = stack.pop()
                stack.append(w_a.mod(w_b))
            elif op == LT:
                w_b = stack.pop()
                w_a = stack.pop()
                stack.append(w_a.lt(w_b))
            elif op == JUMP:
                pc = arg
            elif op == JUMP_IF_FALSE:
                if not stack.pop().is_true():
                    pc = arg
            elif op == CALL:
                callee = self.program.functions[arg]
                args_w = [None] * callee.nargs
                k = callee.nargs - 1
                while k >= 0:
                    args_w[k] = stack.pop()
                    k -= 1
                self.executed += count
                count = 0
                stack.append(self.call(callee, args_w))
            elif op == RETURN:
                self.executed += count
                return stack.pop()
            elif op == NEWLIST:
                stack.append(W_List([]))
            elif op == APPEND:
                w_value = stack.pop()
                stack.pop().append(w_value)
            elif op == GETITEM:
                index = stack.pop().int_w()
                stack.append(stack.pop().getitem(index))
            elif op == LEN:
                stack.append(W_Int(stack.pop().length()))
            elif op == POP:
                stack.pop()
            else:
                raise VMError("bad opcode")


def entry_point(argv):
    n = 100
    if len(argv) > 1:
        n = int(argv[1])
    m = 10 + n // 300
    if m > 25:
        m = 25
    try:
        program = assemble(SOURCE)
        interp = Interpreter(program)
        main = program.functions[program.names["main"]]
        w_result = interp.call(main, [W_Int(n), W_Int(m)])
    except VMError as e:
        print("error: " + e.message)
        return 1
    print("main(%d, %d) = %s" % (n, m, w_result.str_w()))
    print("instructions: %d" % interp.executed)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
