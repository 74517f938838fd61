# Red arithmetic under green loop control (timeshifter test, in the style of
# PyPy 2007's test_timeshift.py): the bytecode string and the program counter
# are green, the accumulator and the counter red. In the residual code the
# dispatch, the operand loads and the jumps are gone: only the arithmetic on
# the red values and the loop's exit test remain.
#
#   +   acc += n            *d  acc *= d          -d  acc -= d
#   ^d  acc ^= d            <d  acc <<= d         %d  acc %= d  (d > 0)
#   !   n -= 1              jT  if n > 0: goto T  r   return acc
#
# operands are one character: d = ord(c) - ord('0')
#
# usage: ts_arith.py [PROGRAM] [N...]   PROGRAM (poly, shiftmod, straight;
#        default: all three) on each N (default: fixed ones)
from futamura.rlib.jit import JitDriver, hint
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], name="arith")


def interpret(code, acc, n):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "+":
            acc += n
        elif op == "*":
            acc *= ord(code[pc]) - 48
            pc += 1
        elif op == "-":
            acc -= ord(code[pc]) - 48
            pc += 1
        elif op == "^":
            acc ^= ord(code[pc]) - 48
            pc += 1
        elif op == "<":
            acc <<= ord(code[pc]) - 48
            pc += 1
        elif op == "%":
            acc %= ord(code[pc]) - 48
            pc += 1
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


# sum over i = n..1 of (3 * (acc + i) - 1) ^ 5, a polynomial-ish loop
POLY = "+*3-1^5!j0r"
# acc = ((acc + n) << 2) % 7 repeated n times
SHIFTMOD = "+<2%7!j0r"
# straight-line code: no loop at all
STRAIGHT = "*7-9*3r"


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 2, 5, 10, 30]
    for n in numbers:
        if not words or "poly" in words:
            print("poly", n, interpret(POLY, 0, n))
        if not words or "shiftmod" in words:
            print("shiftmod", n, interpret(SHIFTMOD, n, n))
        if not words or "straight" in words:
            print("straight", n, interpret(STRAIGHT, n, 0))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
