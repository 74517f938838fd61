# futamura: hint -O0
# Copies of a called function per specialization key (PyPy's
# test_specialize_calls and test_simple_fixed_call): plain compile-time
# arguments share the default copy; an eager argument (the result of a
# concrete hint) gives the copy 'Exxx'; a red argument 'vx...'; a call whose
# result must be green (a concrete hint on it) gets the copy 'fixed', whose
# return value is fixed, while the default copy's is not.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc"])


def add(x, y):
    return x + y


def choose(c, x, y):
    if c:
        z = x + y
    else:
        z = x - y
    return z


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        a = add(pc, 2)                          # default copy
        b = add(hint(pc * 3, concrete=True), pc)    # 'Exxx'
        c = add(acc, pc)                        # 'vxxx'
        d = choose(pc & 1, pc, 5)               # default copy
        e = hint(choose(pc & 2, pc, 7), concrete=True)  # 'fixed'
        acc += a + b + c + d + e
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
