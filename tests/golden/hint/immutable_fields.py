# futamura: hint -O0
# Reads through a green pointer (PyPy's test_simple_struct and
# test_prebuilt_structure): a field listed in _immutable_fields_, or of a
# class with _immutable_ = True, is green; a mutable field is red, and so is
# any read through a red pointer.
from futamura.rlib.jit import JitDriver

driver = JitDriver(greens=["pc", "code"], reds=["acc", "box"])


class Const(object):
    _immutable_ = True

    def __init__(self, value):
        self.value = value


class Box(object):
    def __init__(self, value):
        self.value = value          # mutable


class Code(object):
    _immutable_fields_ = ["size", "const", "box"]

    def __init__(self, size, const, box):
        self.size = size
        self.const = const
        self.box = box
        self.runs = 0               # mutable


def interpret(code, acc, box):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, box=box)
        a = code.const.value * 2    # green: immutable fields all along
        b = code.box.value          # red: Box.value is mutable
        c = code.runs               # red: mutable field
        d = box.value               # red: through a red pointer
        acc += a + b + c + d
        pc += 1
        if pc == code.size:         # green
            return acc


def entry_point(argv):
    code = Code(len(argv) + 2, Const(len(argv)), Box(len(argv[0])))
    code.runs = len(argv)
    box = Box(7)
    box.value = len(argv) * 3
    print(interpret(code, 0, box))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
