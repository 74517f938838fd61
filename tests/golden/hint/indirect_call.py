# futamura: hint -O0
# A method called on instances of two classes is an indirect call (PyPy's
# test_indirect_yellow_call, test_concrete_fnptr_for_green_call): on a red
# object the function pointer, read from its class, is red, so the result is
# red although both methods return a constant; on a promoted object the
# pointer is green, both methods are analysed with the same key and the call
# is green.
from futamura.rlib.jit import JitDriver, promote

driver = JitDriver(greens=["pc"], reds=["acc", "obj"])


class Base(object):
    def value(self, n):
        raise NotImplementedError


class One(Base):
    def value(self, n):
        return n * 10


class Two(Base):
    def value(self, n):
        return n + 20


def interpret(acc, obj):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, acc=acc, obj=obj)
        a = obj.value(pc)           # red: a red callable
        o = promote(obj)
        b = o.value(pc)             # green: green callable and argument
        acc += a + b
        pc += 1
        if pc == 5:
            return acc


def entry_point(argv):
    if len(argv) > 1:
        obj = One()
    else:
        obj = Two()
    print(interpret(0, obj))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
