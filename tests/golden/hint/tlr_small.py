# futamura: hint --no-positions
# A small register machine in the style of PyPy's TLR (pypy/jit/tl/tlr.py;
# tests/jit/tlr.py is the full one): the bytecode and pc are green, so the
# opcode and every operand read from the bytecode are green (operands need
# no hint), the accumulator and registers are red.
from futamura.rlib.jit import JitDriver, hint

MOV_A_R = 1
MOV_R_A = 2
JUMP_IF_A = 3
ADD_R_TO_A = 4
RETURN_A = 5

driver = JitDriver(greens=["pc", "code"], reds=["a", "regs"])


def interpret(code, a):
    regs = [0, 0]
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
                pc = target
        elif opcode == ADD_R_TO_A:
            n = ord(code[pc])
            pc += 1
            a += regs[n]
        else:
            return a


def entry_point(argv):
    print(interpret(argv[0], len(argv)))
    print(interpret(argv[1], 2))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
