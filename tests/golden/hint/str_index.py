# futamura: hint -O0
# The bytecode is a str: its characters are immutable, so a character read at
# a green index from a green string is green, with or without a concrete
# hint (PyPy's tiny1, test_hannotate_plus_minus: `s[pc]` with s and pc green).
from futamura.rlib.jit import JitDriver, hint

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


def interpret(code, acc):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc)
        op = hint(ord(code[pc]), concrete=True)    # G!
        arg = ord(code[pc + 1])                    # green: no hint needed
        if op == 43:                               # '+'
            acc += arg
        else:
            acc -= arg
        pc += 2
        if pc >= len(code):
            return acc


def entry_point(argv):
    print(interpret(argv[0], 0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
