# futamura: hint -O0
# Join variables (PyPy's test_join, test_simple_hint_result,
# test_simple_hint_origins): a variable merged from two paths is red even
# when both values are compile-time constants, since it depends on the path
# taken (no unrolling unless asked for); hint(concrete=True) fixes it (G=) and
# everything it came from, and the hint's result is G!.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc"])


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        if pc > 3:
            y = pc + 1
        else:
            y = pc - 1
        y2 = y * 2              # red: y is not fixed
        if pc & 1:
            z = pc + 10
        else:
            z = pc - 10
        zc = hint(z, concrete=True)   # z and both branches' values fixed
        acc = acc + y2 + zc
        pc += 1
        if pc == 8:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
