# A stack machine with calls in the style of PyPy's TL, a demonstration
# interpreter of the JIT generator (issue 7).
#
# Values are ints on a list used as a stack; the bytecode is a str (one
# character per opcode or operand; operands are signed bytes). `code` and
# `pc` are green, the stack and the argument red.
#
#   NOP                      PUSH k       push k
#   POP                      SWAP         exchange the two top items
#   ROLL r                   r > 0: move the item at depth r-1 to the top;
#                            r < 0: move the top down to depth -r-1
#   PICK i    push the item at depth i (0 = top)
#   PUT i     pop x, then store x at depth i
#   ADD SUB MUL DIV          pop b, pop a, push a op b (DIV is floor division)
#   EQ NE LT LE GT GE        pop b, pop a, push 1 if a op b else 0
#   BR_COND off              pop; if nonzero, jump by off (from the next
#                            instruction)
#   BR_COND_STK              pop off, pop c; if c nonzero, jump by off (from
#                            the BR_COND_STK itself, so that `PUSH label`
#                            just before it gives the right offset)
#   CALL off                 pop x; run the function at off (from the next
#                            instruction) on a fresh stack with x as its
#                            argument; push its result
#   RETURN                   return the top of the stack
#   PUSHARG                  push the argument
#
# `compile(src)` assembles a program: one instruction per line, `name:`
# labels, comments after `;` or `#`; a label as an operand is the offset
# from the end of the instruction.
#
# usage: tl.py                     the programs on fixed inputs
#        tl.py PROGRAM N...        PROGRAM (fact, fact_stk, fib, fibrec,
#                                  sumsq) on each N (printed)
#        tl.py count PROGRAM N     the same, nothing printed (to count the
#                                  operations the interpreter executes)
from futamura.rlib.jit import JitDriver, dont_look_inside, elidable, hint, promote
from futamura.rlib.objectmodel import not_rpython
from jitargs import split_args

OPCODES = ["NOP", "PUSH", "POP", "SWAP", "ROLL", "PICK", "PUT",
           "ADD", "SUB", "MUL", "DIV", "EQ", "NE", "LT", "LE", "GT", "GE",
           "BR_COND", "BR_COND_STK", "CALL", "RETURN", "PUSHARG"]
NOP, PUSH, POP, SWAP, ROLL, PICK, PUT, \
    ADD, SUB, MUL, DIV, EQ, NE, LT, LE, GT, GE, \
    BR_COND, BR_COND_STK, CALL, RETURN, PUSHARG = range(1, len(OPCODES) + 1)
WITH_OPERAND = ["PUSH", "ROLL", "PICK", "PUT", "BR_COND", "CALL"]

driver = JitDriver(greens=["pc", "code"], reds=["stack", "inputarg"], name="tl")


class TLError(Exception):
    def __init__(self, message):
        self.message = message


@dont_look_inside
def bad_opcode(opcode, pc):
    return TLError("bad opcode %d at %d" % (opcode, pc))


@elidable
def operand(code, pc):
    """The signed byte at code[pc]."""
    v = ord(code[pc])
    if v > 127:
        v -= 256
    return v


def interpret(code, pc, inputarg):
    """Runs `code` from `pc` with the argument `inputarg` on a fresh stack;
    returns the top of the stack at RETURN or at the end of the code."""
    stack = []
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, stack=stack, inputarg=inputarg)
        opcode = hint(ord(code[pc]), concrete=True)
        pc += 1
        if opcode == NOP:
            pass
        elif opcode == PUSH:
            stack.append(operand(code, pc))
            pc += 1
        elif opcode == POP:
            stack.pop()
        elif opcode == SWAP:
            b = stack.pop()
            a = stack.pop()
            stack.append(b)
            stack.append(a)
        elif opcode == ROLL:
            r = operand(code, pc)
            pc += 1
            if r > 0:
                x = stack.pop(len(stack) - r)
                stack.append(x)
            elif r < 0:
                x = stack.pop()
                stack.insert(len(stack) + r + 1, x)
        elif opcode == PICK:
            i = operand(code, pc)
            pc += 1
            stack.append(stack[-1 - i])
        elif opcode == PUT:
            i = operand(code, pc)
            pc += 1
            x = stack.pop()
            stack[-1 - i] = x
        elif opcode == ADD:
            b = stack.pop()
            a = stack.pop()
            stack.append(a + b)
        elif opcode == SUB:
            b = stack.pop()
            a = stack.pop()
            stack.append(a - b)
        elif opcode == MUL:
            b = stack.pop()
            a = stack.pop()
            stack.append(a * b)
        elif opcode == DIV:
            b = stack.pop()
            a = stack.pop()
            stack.append(a // b)
        elif opcode == EQ:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a == b))
        elif opcode == NE:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a != b))
        elif opcode == LT:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a < b))
        elif opcode == LE:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a <= b))
        elif opcode == GT:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a > b))
        elif opcode == GE:
            b = stack.pop()
            a = stack.pop()
            stack.append(int(a >= b))
        elif opcode == BR_COND:
            offset = operand(code, pc)
            pc += 1
            if stack.pop():
                pc += offset
                if offset < 0:
                    driver.can_enter_jit(pc=pc, code=code, stack=stack, inputarg=inputarg)
        elif opcode == BR_COND_STK:
            offset = stack.pop()
            if stack.pop():
                offset = promote(offset)
                pc += offset - 1
                if offset < 0:
                    driver.can_enter_jit(pc=pc, code=code, stack=stack, inputarg=inputarg)
        elif opcode == CALL:
            offset = operand(code, pc)
            pc += 1
            arg = stack.pop()
            stack.append(interpret(code, pc + offset, arg))
        elif opcode == RETURN:
            break
        elif opcode == PUSHARG:
            stack.append(inputarg)
        else:
            raise bad_opcode(opcode, pc - 1)
    return stack[-1]


@not_rpython
def compile(src):
    """The bytecode of an assembler program (see the top of the file)."""
    return assemble(src, OPCODES)


@not_rpython
def assemble(src, opcodes):
    """The bytecode of a program for the instruction set `opcodes` (an
    instruction's number is its place in the list, from 1)."""
    lines = []
    for line in src.splitlines():
        line = line.split(";")[0].split("#")[0].strip()
        if line:
            lines.append(line)
    # first pass: the labels' addresses
    labels = {}
    address = 0
    for line in lines:
        if line.endswith(":"):
            labels[line[:-1]] = address
            continue
        words = line.split()
        if words[0] not in opcodes:
            raise SyntaxError("unknown instruction: %s" % line)
        if len(words) != (2 if words[0] in WITH_OPERAND else 1):
            raise SyntaxError("wrong number of operands: %s" % line)
        address += len(words)
    # second pass: the bytes
    code = []
    for line in lines:
        if line.endswith(":"):
            continue
        words = line.split()
        code.append(opcodes.index(words[0]) + 1)
        if len(words) == 2:
            arg = words[1]
            if arg in labels:
                value = labels[arg] - (len(code) + 1)
            else:
                value = int(arg)
            if not -128 <= value <= 127:
                raise SyntaxError("operand out of range: %s" % line)
            code.append(value & 0xFF)
    return "".join([chr(c) for c in code])


# n! (n >= 1): the loop runs n - 1 times; stack [acc, n]
FACTORIAL = compile("""
    PUSH 1
    PUSHARG
start:
    PICK 0
    PUSH 1
    LE
    BR_COND exit        ; n <= 1
    SWAP
    PICK 1
    MUL                 ; acc *= n
    SWAP
    PUSH 1
    SUB                 ; n -= 1
    PUSH 1
    BR_COND start
exit:
    POP
    RETURN
""")

# the same, with the branches' offsets on the stack (BR_COND_STK)
FACTORIAL_STK = compile("""
    PUSH 1
    PUSHARG
start:
    PICK 0
    PUSH 1
    LE
    PUSH exit
    BR_COND_STK         ; n <= 1
    SWAP
    PICK 1
    MUL
    SWAP
    PUSH 1
    SUB
    PUSH 1
    PUSH start
    BR_COND_STK
exit:
    POP
    RETURN
""")

# fib(n), iterative: the loop runs n times; stack [a, b, n]
FIBONACCI = compile("""
    PUSH 0
    PUSH 1
    PUSHARG
start:
    PICK 0
    PUSH 0
    LE
    BR_COND exit        ; n <= 0
    PUSH 1
    SUB                 ; n -= 1
    PICK 1
    PICK 3
    ADD                 ; a + b
    PICK 2
    PUT 3               ; a = b
    PUT 1               ; b = a + b
    PUSH 1
    BR_COND start
exit:
    POP
    POP
    RETURN
""")

# fib(n), recursive: CALL and RETURN
FIBONACCI_REC = compile("""
    PUSHARG
    CALL fib
    RETURN
fib:
    PUSHARG
    PUSH 2
    LT
    BR_COND base        ; n < 2
    PUSHARG
    PUSH 1
    SUB
    CALL fib
    PUSHARG
    PUSH 2
    SUB
    CALL fib
    ADD
    RETURN
base:
    PUSHARG
    RETURN
""")

# 1*1 + 2*2 + ... + n*n, calling a function for each square: a loop with a
# CALL in it, n iterations; stack [acc, i]
SUM_OF_SQUARES = compile("""
    PUSH 0
    PUSHARG
loop:
    PICK 0
    BR_COND body        ; i != 0
    POP
    RETURN
body:
    PICK 0
    CALL square
    ROLL 3              ; [i, i*i, acc]
    ADD
    SWAP                ; [acc + i*i, i]
    PUSH 1
    SUB
    PUSH 1
    BR_COND loop
square:
    PUSHARG
    PICK 0
    MUL
    RETURN
""")

# small programs for the other instructions: (program, argument, result)
CHECKS = [
    (compile("PUSH 1\nPUSH 2\nPUSH 3\nROLL 3\nPUSH 10\nMUL\nADD\nADD"), 0, 15),
    (compile("PUSH 1\nPUSH 2\nPUSH 3\nROLL -3\nSUB\nSUB"), 0, 4),
    (compile("PUSH 7\nPUSH 5\nSWAP\nSUB"), 0, -2),
    (compile("PUSHARG\nPUSH 4\nDIV"), -7, -2),
    (compile("PUSH 1\nPUSH 2\nPUSHARG\nPUT 1\nPOP\nNOP\nPUSH 100\nADD"), 9, 109),
    (compile("PUSHARG\nPUSH 3\nEQ\nPUSHARG\nPUSH 3\nNE\nPUSH 10\nMUL\nADD"), 3, 1),
    (compile("PUSHARG\nPUSH 3\nGT\nPUSHARG\nPUSH 3\nGE\nPUSH 10\nMUL\nADD"), 3, 10),
    (compile("PUSH 1\nPUSH -1\nBR_COND skip\nPUSH 2\nskip:\nPUSH 0\nBR_COND over\nPUSH 3\nover:\nADD"), 0, 4),
]

BROKEN = "\x02\x05\x63"     # PUSH 5, then the opcode 99 that does not exist
DIVIDE_BY_ZERO = compile("PUSH 1\nPUSH 0\nDIV")


def run(name, n):
    if name == "fact":
        return interpret(FACTORIAL, 0, n)
    if name == "fact_stk":
        return interpret(FACTORIAL_STK, 0, n)
    if name == "fib":
        return interpret(FIBONACCI, 0, n)
    if name == "fibrec":
        return interpret(FIBONACCI_REC, 0, n)
    if name == "sumsq":
        return interpret(SUM_OF_SQUARES, 0, n)
    raise TLError("no program " + name)


def entry_point(argv):
    words, numbers = split_args(argv)
    if len(words) == 2 and words[0] == "count":
        for n in numbers:
            run(words[1], n)
        return 0
    if len(words) == 1 and numbers:
        for n in numbers:
            print(words[0], n, run(words[0], n))
        return 0
    for n in [1, 2, 5, 10, 20]:
        print("fact", n, run("fact", n), run("fact_stk", n))
    for n in [0, 1, 2, 10, 20, 50, 90]:
        print("fib", n, run("fib", n))
    for n in [0, 1, 2, 10, 15]:
        print("fibrec", n, run("fibrec", n))
    for n in [0, 1, 3, 10, 100]:
        print("sumsq", n, run("sumsq", n))
    i = 0
    for check in CHECKS:
        code, arg, expected = check
        result = interpret(code, 0, arg)
        print("check", i, result, result == expected)
        i += 1
    try:
        interpret(BROKEN, 0, 0)
    except TLError as e:
        print(e.message)
    try:
        interpret(DIVIDE_BY_ZERO, 0, 0)
    except ZeroDivisionError:
        print("ZeroDivisionError")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
