# futamura: hint -O0
# A green of the JitDriver that is red: `code` is reloaded from a mutable
# field of a red object on the backward jump, so at the merge point it is
# red. The error names the field and where it is read.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc", "code"], reds=["acc", "frame"])


class Frame(object):
    def __init__(self, code):
        self.code = code            # mutable


def interpret(frame, acc):
    pc = 0
    code = frame.code
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, frame=frame)  # <- error
        acc += ord(code[pc])
        pc += 1
        if pc == len(code):
            pc = 0
            code = frame.code
            if acc > 100:
                return acc


def entry_point(argv):
    print(interpret(Frame(argv[0]), 0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
