# @elidable calls (timeshifter test, in the style of PyPy 2007's
# test_timeshift.py pure-function tests): with green arguments the call runs
# at compile time and its result is a constant (no residual call); with red
# arguments it stays a residual call (not inlined, not folded).
#
#   wd  acc += weight(code, pc)   (green: the weight of the operand's digit)
#   h   acc = mix(acc)            (red: a residual call)
#   g   acc += mix(ord(code[pc - 1]))   (elidable on a green value: folded)
#   !   n -= 1          jT  if n > 0: goto T          r   return acc
#
# usage: ts_elidable.py [PROGRAM] [N...]   PROGRAM (green, red; default:
#        both) on each N (default: fixed ones)
from futamura.rlib.jit import JitDriver, elidable, hint
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], name="elidable")


@elidable
def weight(code, pc):
    """A loop over the program (a cost the compiler pays once)."""
    total = 0
    d = ord(code[pc]) - 48
    for c in code:
        total += (ord(c) * d) % 17
    return total


@elidable
def mix(x):
    x = (x ^ (x >> 3)) & 0xFFFF
    return (x * 2654435 + 12345) & 0xFFFF


def interpret(code, acc, n):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "w":
            acc += weight(code, pc)
            pc += 1
        elif op == "h":
            acc = mix(acc)
        elif op == "g":
            acc += mix(ord(code[pc - 1]))
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


GREEN = "w3gw5!j0r"
RED = "w2h!j0r"


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 2, 5, 10, 100]
    for n in numbers:
        if not words or "green" in words:
            print("green", n, interpret(GREEN, n, n))
        if not words or "red" in words:
            print("red", n, interpret(RED, n, n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
