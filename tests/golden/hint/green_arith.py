# futamura: hint -O0
# Greens and reds of a JitDriver (PyPy's test_simple): the portal is entered
# at its merge point with the greens fixed (G=) and the reds red (R); pure
# arithmetic on greens is green (G), anything touching a red is red.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc", "k"], reds=["acc"])


def interpret(k, acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, k=k, acc=acc)
        x = pc * k + 1      # green: computed from greens
        acc = acc + x       # red: from a red
        pc += 1
        if pc == 10:        # green exit test
            return acc


def entry_point(argv):
    print(interpret(len(argv), 0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
