# The default pipeline (backendopt -O2 before the analysis) must keep the
# portal a graph of its own: a small interpreter called from entry_point is
# still the portal, and a @dont_look_inside function stays a residual call
# (not inlined into the portal, which would lose the policy).
from futamura.rlib.jit import JitDriver, dont_look_inside

driver = JitDriver(greens=["pc"], reds=["acc"])


@dont_look_inside
def opaque(n):
    return n * 3


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        acc += opaque(pc)       # residual, R
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
