# The JIT generator's hints in a small register machine (in the style of
# PyPy's TLR): on CPython, llinterp and translated, they change nothing.
from futamura.rlib.jit import JitDriver, dont_look_inside, elidable, hint, promote, we_are_jitted

MOV_A_R, MOV_R_A, JUMP_IF_A, SET_A, ADD_R_TO_A, RETURN_A, ALLOCATE, NEG_A = range(8)

driver = JitDriver(greens=["pc", "bytecode"], reds=["a", "regs"])


def interpret(bytecode, a):
    regs = []
    pc = 0
    while True:
        driver.jit_merge_point(bytecode=bytecode, pc=pc, a=a, regs=regs)
        opcode = hint(ord(bytecode[pc]), concrete=True)
        pc += 1
        if opcode == MOV_A_R:
            n = ord(bytecode[pc])
            pc += 1
            regs[n] = a
        elif opcode == MOV_R_A:
            n = ord(bytecode[pc])
            pc += 1
            a = regs[n]
        elif opcode == JUMP_IF_A:
            target = ord(bytecode[pc])
            pc += 1
            if a:
                if target < pc:
                    driver.can_enter_jit(bytecode=bytecode, pc=target, a=a, regs=regs)
                pc = target
        elif opcode == SET_A:
            a = ord(bytecode[pc])
            pc += 1
        elif opcode == ADD_R_TO_A:
            n = ord(bytecode[pc])
            pc += 1
            a += regs[n]
        elif opcode == RETURN_A:
            return a
        elif opcode == ALLOCATE:
            n = ord(bytecode[pc])
            pc += 1
            regs = [0] * n
        elif opcode == NEG_A:
            a = -a

# a * a by repeated addition (a > 0): r0 counts down, r1 = a, r2 accumulates
SQUARE = "".join([chr(c) for c in [
    ALLOCATE, 3, MOV_A_R, 0, MOV_A_R, 1, SET_A, 0, MOV_A_R, 2,
    # 10: the loop
    SET_A, 1, NEG_A, ADD_R_TO_A, 0, MOV_A_R, 0,
    MOV_R_A, 2, ADD_R_TO_A, 1, MOV_A_R, 2,
    MOV_R_A, 0, JUMP_IF_A, 10,
    MOV_R_A, 2, RETURN_A]])


@elidable
def square_of(n):
    return n * n


@dont_look_inside
def report(label, value):
    print(label, value)


def entry_point(argv):
    for n in [1, 7, 12, 100]:
        result = interpret(SQUARE, promote(n))
        report("square", result)
        if result != square_of(n):
            print("wrong")
    print("jitted:", we_are_jitted())
    return 0

if __name__ == "__main__":
    import sys
    entry_point(sys.argv)
