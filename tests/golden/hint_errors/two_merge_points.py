# futamura: hint -O0
# Two jit_merge_point()s in one function: the portal has one merge point, at
# the head of its dispatch loop (a second one would key states on variables
# the first does not have).
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


def interpret(code, acc):
    pc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, acc=acc)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "a":
            acc += 1
    pc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, acc=acc)  # <- error
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "d":
            acc *= 2
    return acc


def entry_point(argv):
    print(interpret("aad", len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
