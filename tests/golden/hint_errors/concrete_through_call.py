# futamura: hint -O0
# A concrete hint in a called function on an argument that is red at the
# call site: the error, at the hint, follows the argument back to the caller
# and names the mutable field read there.
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc", "frame"])


class Frame(object):
    def __init__(self, depth):
        self.depth = depth          # mutable


def dispatch(op):
    return hint(op, concrete=True) * 2  # <- error


def interpret(acc, frame):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc, frame=frame)
        acc += dispatch(frame.depth + pc)
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    print(interpret(0, Frame(len(argv))))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
