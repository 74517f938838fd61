# futamura: hint -O0
# A concrete hint inside a callee fixes its argument, and so the caller's
# value it was called with, across two calls (PyPy's
# test_propagate_fixing_across_func_arguments): in `step`, `a` and `b` end up
# fixed (G=) and so does the join variable `z`; `bump`'s result is G!.
# Also test_more_green: in `more_green`, z = x + 1 is green (G) but not fixed
# by the later hint on x.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc"])


def bump(z):
    z = hint(z, concrete=True)
    return z + 1


def step(a, b):
    if a > b:
        z = a + b
    else:
        z = a - b
    return bump(z)


def more_green(x):
    z = x + 1
    hint(x, concrete=True)
    return z


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        if pc > 3:
            w = pc * 3
        else:
            w = pc * 5
        acc += step(pc, 7) + more_green(w)
        pc += 1
        if pc == 8:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
