# futamura: hint -O0
# we_are_jitted() is a green True in the analysed graphs: the branch the
# generating extension never runs is not analysed (PyPy's
# test_ignore_nonjitted_path), so a red value there does not make the result
# red.
from futamura.rlib.jit import JitDriver, we_are_jitted

driver = JitDriver(greens=["pc"], reds=["acc"])


def pick(pc, acc):
    if we_are_jitted():
        return pc + 5
    else:
        return acc


def pick_not(pc, acc):
    if not we_are_jitted():
        return acc
    return pc * 2


def interpret(acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc)
        acc += pick(pc, acc) + pick_not(pc, acc)
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(len(argv)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
