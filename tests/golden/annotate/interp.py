"""A small bytecode interpreter: a dozen opcodes and a stack of ints."""

PUSH = 0
POP = 1
ADD = 2
SUB = 3
MUL = 4
DUP = 5
SWAP = 6
JUMP = 7
JUMP_IF_ZERO = 8
LOAD = 9
STORE = 10
PRINT = 11
HALT = 12

NAMES = ["PUSH", "POP", "ADD", "SUB", "MUL", "DUP", "SWAP", "JUMP",
         "JUMP_IF_ZERO", "LOAD", "STORE", "PRINT", "HALT"]


class InterpError(Exception):
    # an error at a given pc
    def __init__(self, pc, msg):
        self.pc = pc
        self.msg = msg


class Frame(object):
    # the code, the pc, the stack of ints and the variables
    def __init__(self, code, nvars):
        self.code = code
        self.pc = 0
        self.stack = []
        self.vars = [0] * nvars
        self.output = []

    # pushes an int
    def push(self, v):
        self.stack.append(v)

    # pops an int, raising InterpError on underflow
    def pop(self):
        if len(self.stack) == 0:
            raise InterpError(self.pc, "stack underflow")
        return self.stack.pop()

    # reads the next code item as an argument
    def next_arg(self):
        arg = self.code[self.pc]
        self.pc += 1
        return arg

    # pops two operands and pushes the result of a binary opcode
    def binop(self, op):
        b = self.pop()
        a = self.pop()
        if op == ADD:
            self.push(a + b)
        elif op == SUB:
            self.push(a - b)
        else:
            self.push(a * b)


# the interpreter loop: dispatch on the opcode
def run(frame):
    while True:
        op = frame.next_arg()
        if op == PUSH:
            frame.push(frame.next_arg())
        elif op == POP:
            frame.pop()
        elif op == ADD or op == SUB or op == MUL:
            frame.binop(op)
        elif op == DUP:
            v = frame.pop()
            frame.push(v)
            frame.push(v)
        elif op == SWAP:
            b = frame.pop()
            a = frame.pop()
            frame.push(b)
            frame.push(a)
        elif op == JUMP:
            frame.pc = frame.next_arg()
        elif op == JUMP_IF_ZERO:
            target = frame.next_arg()
            if frame.pop() == 0:
                frame.pc = target
        elif op == LOAD:
            frame.push(frame.vars[frame.next_arg()])
        elif op == STORE:
            frame.vars[frame.next_arg()] = frame.pop()
        elif op == PRINT:
            frame.output.append(str(frame.pop()))
        elif op == HALT:
            return frame.pop()
        else:
            raise InterpError(frame.pc - 1, "bad opcode %d" % op)


# a program computing n! with a loop
def factorial_program(n):
    return [PUSH, 1, STORE, 0, PUSH, n, STORE, 1,
            LOAD, 1, JUMP_IF_ZERO, 30,
            LOAD, 0, LOAD, 1, MUL, STORE, 0,
            LOAD, 1, PUSH, 1, SUB, STORE, 1, JUMP, 8, HALT, HALT,
            LOAD, 0, DUP, PRINT, HALT]


# disassembles a program into text
def disassemble(code):
    out = []
    pc = 0
    while pc < len(code):
        op = code[pc]
        out.append("%d %s" % (pc, NAMES[op]))
        pc += 1
        if op == PUSH or op == JUMP or op == JUMP_IF_ZERO or op == LOAD or op == STORE:
            pc += 1
    return "\n".join(out)


# runs a program, turning interpreter errors into -1
def execute(code):
    frame = Frame(code, 2)
    try:
        return run(frame)
    except InterpError as e:
        print("error at %d: %s" % (e.pc, e.msg))
        return -1


# the entry point: builds programs from argv and runs them
def entry_point(argv):
    n = len(argv) + 4
    code = factorial_program(n)
    disassemble(code)
    result = execute(code)
    print(result)
    execute([PUSH, n, ADD, HALT])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
