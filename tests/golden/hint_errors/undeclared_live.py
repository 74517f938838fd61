# futamura: hint -O0
# A variable live at jit_merge_point() that the JitDriver does not declare:
# `step` is used in the loop but is neither green nor red.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc"])


def interpret(acc, step):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)  # <- error
        acc += step
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(0, len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
