# A register machine in the style of PyPy's TLR, the smallest demonstration
# interpreter of the JIT generator (issue 7).
#
# State: an accumulator `a`, a list of registers `regs` and the program
# counter. The bytecode is a str, one character per opcode or operand, so
# that, the code and pc being green, every read of it is green too; the
# dispatch's opcode is declared a compile-time constant with `concrete=True`.
#
#   MOV_A_R n     regs[n] = a            SET_A k        a = k
#   MOV_R_A n     a = regs[n]            ADD_R_TO_A n   a += regs[n]
#   JUMP_IF_A t   if a != 0: pc = t      RETURN_A       return a
#   ALLOCATE n    regs = [0] * n         NEG_A          a = -a
#
# usage: tlr.py                    the programs on fixed inputs
#        tlr.py square N...        square of each N (printed)
#        tlr.py count square N     square of N, nothing printed (to count
#                                  the operations the interpreter executes)
from futamura.rlib.jit import JitDriver, hint
from futamura.rlib.objectmodel import not_rpython
from jitargs import split_args

MOV_A_R = 1
MOV_R_A = 2
JUMP_IF_A = 3
SET_A = 4
ADD_R_TO_A = 5
RETURN_A = 6
ALLOCATE = 7
NEG_A = 8

driver = JitDriver(greens=["pc", "code"], reds=["a", "regs"], name="tlr")


class BadOpcode(Exception):
    def __init__(self, opcode, pc):
        self.opcode = opcode
        self.pc = pc


def interpret(code, a):
    """Runs `code` with the accumulator set to `a`; returns the accumulator
    at RETURN_A."""
    regs = [0]
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, a=a, regs=regs)
        opcode = hint(ord(code[pc]), concrete=True)
        pc += 1
        if opcode == MOV_A_R:
            n = ord(code[pc])
            pc += 1
            regs[n] = a
        elif opcode == MOV_R_A:
            n = ord(code[pc])
            pc += 1
            a = regs[n]
        elif opcode == JUMP_IF_A:
            target = ord(code[pc])
            pc += 1
            if a:
                if target < pc:
                    driver.can_enter_jit(pc=target, code=code, a=a, regs=regs)
                pc = target
        elif opcode == SET_A:
            a = ord(code[pc])
            pc += 1
        elif opcode == ADD_R_TO_A:
            n = ord(code[pc])
            pc += 1
            a += regs[n]
        elif opcode == RETURN_A:
            return a
        elif opcode == ALLOCATE:
            n = ord(code[pc])
            pc += 1
            regs = [0] * n
        elif opcode == NEG_A:
            a = -a
        else:
            raise BadOpcode(opcode, pc - 1)


@not_rpython
def assemble(items):
    """The bytecode string of a list of opcodes and operands (0..255)."""
    return "".join([chr(c) for c in items])


# a * a by repeated addition (a >= 1): r0 counts down from a, r1 = a, r2
# accumulates. 9 instructions per iteration, a iterations.
SQUARE = assemble([
    ALLOCATE, 3,
    MOV_A_R, 0,
    MOV_A_R, 1,
    SET_A, 0,
    MOV_A_R, 2,
    # 10: the loop
    SET_A, 1,
    NEG_A,
    ADD_R_TO_A, 0,
    MOV_A_R, 0,         # r0 -= 1
    MOV_R_A, 2,
    ADD_R_TO_A, 1,
    MOV_A_R, 2,         # r2 += r1
    MOV_R_A, 0,
    JUMP_IF_A, 10,      # while r0 != 0
    MOV_R_A, 2,
    RETURN_A,
])

# -a, then the opcode 99 that does not exist
BROKEN = assemble([NEG_A, 99])


def run(name, n):
    if name == "square":
        return interpret(SQUARE, n)
    return interpret(BROKEN, n)


def entry_point(argv):
    words, numbers = split_args(argv)
    if len(words) == 2 and words[0] == "count" and words[1] == "square":
        for n in numbers:
            run("square", n)
        return 0
    if len(words) == 1 and words[0] == "square" and numbers:
        for n in numbers:
            print("square", n, run("square", n))
        return 0
    for n in [1, 2, 7, 9, 12, 100, 1764]:
        result = run("square", n)
        print("square", n, result, result == n * n)
    try:
        run("broken", 5)
    except BadOpcode as e:
        print("bad opcode", e.opcode, "at", e.pc)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
