# futamura: hint -O0
# Join variables (PyPy's test_join, test_simple_hint_result,
# test_simple_hint_origins). Unlike PyPy, a variable merged from two paths
# outside a loop is green (G) when every value reaching it is: each path is
# compiled with its own value (y, y2 here). At a loop header a join stays red
# unless fixed, so that loops over compile-time values unroll only when asked
# (acc). hint(concrete=True) fixes a value (G=) and everything it came from,
# and the hint's result is G!.
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
