# futamura: hint -O0
# promote() turns a red value green from that point on: its result has no
# origins, so nothing before it is forced (PyPy's doc/jit.txt "Promotion"),
# and what is computed from it is green.
from futamura.rlib.jit import JitDriver, promote, hint

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def interpret(acc, n):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc, n=n)
        m = n * 2               # red
        k = promote(m)          # green from here on; m stays red
        j = k + pc              # green
        h = hint(j, concrete=True)    # fine: j depends on greens only
        acc += h + m
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(0, len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
