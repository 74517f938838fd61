"""A tiny bytecode interpreter."""

OP_PUSH = 0
OP_ADD = 1
OP_SUB = 2
OP_MUL = 3
OP_DUP = 4
OP_JUMP_IF_ZERO = 5
OP_JUMP = 6
OP_PRINT = 7
OP_HALT = 8


class VMError(Exception):
    def __init__(self, pc, msg):
        self.pc = pc
        self.msg = msg


# push onto the stack
def push(stack, value):
    stack.append(value)


# pop from the stack
def pop(stack):
    return stack.pop()


# interpreter loop with if/elif dispatch
def run(code):
    stack = []
    pc = 0
    while pc < len(code):
        opcode = code[pc]
        pc += 1
        if opcode == OP_PUSH:
            push(stack, code[pc])
            pc += 1
        elif opcode == OP_ADD:
            b = pop(stack)
            a = pop(stack)
            push(stack, a + b)
        elif opcode == OP_SUB:
            b = pop(stack)
            a = pop(stack)
            push(stack, a - b)
        elif opcode == OP_MUL:
            b = pop(stack)
            a = pop(stack)
            push(stack, a * b)
        elif opcode == OP_DUP:
            push(stack, stack[-1])
        elif opcode == OP_JUMP_IF_ZERO:
            target = code[pc]
            pc += 1
            if pop(stack) == 0:
                pc = target
        elif opcode == OP_JUMP:
            pc = code[pc]
        elif opcode == OP_PRINT:
            print(stack[-1])
        elif opcode == OP_HALT:
            break
        else:
            raise VMError(pc - 1, "bad opcode")
    if len(stack) == 0:
        return 0
    return stack[-1]


# catches interpreter errors
def run_safe(code):
    try:
        return run(code)
    except VMError as e:
        return -e.pc


# countdown program: prints n, n-1, ..., 1
def countdown(n):
    code = [OP_PUSH, n,
            OP_DUP, OP_JUMP_IF_ZERO, 11,
            OP_PRINT,
            OP_PUSH, 1, OP_SUB,
            OP_JUMP, 2,
            OP_HALT]
    return run_safe(code)
