# futamura: hint -O0
# How calls are treated (PyPy's test_manual_marking_of_pure_functions and
# cannot_follow_call): an @elidable function called with green arguments is a
# green call (its result is green); with a red argument it is residual and
# red. A @dont_look_inside function is residual: its result is red even with
# green arguments. A plain function is followed (inlined).
from futamura.rlib.jit import JitDriver, elidable, dont_look_inside

driver = JitDriver(greens=["pc"], reds=["acc"])

TABLE = {}


@elidable
def cost(n):
    if n not in TABLE:
        TABLE[n] = n * 7 + 1
    return TABLE[n]


@dont_look_inside
def opaque(n):
    return n * 3


def twice(n):
    return n + n


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        a = cost(pc)            # green call: elidable, green argument
        b = cost(acc)           # residual: a red argument
        c = opaque(pc)          # residual: not looked inside
        d = twice(pc)           # followed: green result from green input
        acc += a + b + c + d
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
