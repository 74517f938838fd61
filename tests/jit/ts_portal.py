# The portal called again (timeshifter test, in the style of PyPy 2007's
# test_portal.py): each green key (here: each bytecode string) has its own
# residual code, and an opcode that runs another program calls the portal
# recursively; in the residual code that is a residual call, which enters
# the callee's own residual code (compiled when first called).
#
#   +   acc += n        *   acc *= 3        &   acc &= 0xFFFF
#   c   acc = interpret(SUB, acc, 3)        (the portal, recursively)
#   !   n -= 1          jT  if n > 0: goto T          r   return acc
#
# usage: ts_portal.py [PROGRAM] [N...]   PROGRAM (main, sub; default: both)
#        on each N (default: fixed ones)
from futamura.rlib.jit import JitDriver, hint
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], name="portal")


def interpret(code, acc, n):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "+":
            acc += n
        elif op == "c":
            acc = interpret(SUB, acc, 3)
        elif op == "*":
            acc *= 3
        elif op == "&":
            acc &= 0xFFFF
        elif op == "!":
            n -= 1
        elif op == "j":
            target = ord(code[pc]) - 48
            pc += 1
            if n > 0:
                driver.can_enter_jit(pc=target, code=code, acc=acc, n=n)
                pc = target
        elif op == "r":
            return acc
        else:
            return -1


SUB = "*+&!j0r"
MAIN = "+c!j0r"


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 2, 5, 10, 100]
    for n in numbers:
        if not words or "main" in words:
            print("main", n, interpret(MAIN, 1, n))
        if not words or "sub" in words:
            print("sub", n, interpret(SUB, 1, n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
