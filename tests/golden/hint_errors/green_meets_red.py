# futamura: hint -O0
# A compile-time value (the result of a concrete hint) and a red value meet
# at a join: the error names the variable and the path the red one comes by.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc"])


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        if acc > 3:
            x = hint(pc * 2, concrete=True)
        else:
            x = acc  # <- error
        acc += x
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
