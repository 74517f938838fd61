# futamura: hint -O0
# hint(concrete=True) on a value computed from a mutable field (PyPy's
# test_invalid_hint_1): the error names the field and where it is read.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc", "frame"], reds=["acc"])


class Frame(object):
    def __init__(self, depth):
        self.depth = depth          # mutable


def interpret(frame, acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, frame=frame, acc=acc)
        d = frame.depth
        k = hint(d + pc, concrete=True)  # <- error
        acc += k
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(Frame(len(argv)), 0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
