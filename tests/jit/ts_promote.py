# promote() of a red integer (timeshifter test, in the style of PyPy 2007's
# test_promotion.py): after `k = promote(step)` the value is a compile-time
# constant, so `k * 2`, `k << 3` and the green loop `for i in range(k)` fold;
# the residual code switches on the run-time value of `step`, and each new
# value adds a case (a bridge) to that switch, compiled when first met.
#
#   p   k = promote(step); acc += k * 2 + (k << 3)
#   u   k = promote(step); for i in range(k): acc ^= i + 1   (unrolled)
#   t   step = (step + acc) & 3      (the promoted value changes in the loop)
#   !   n -= 1          jT  if n > 0: goto T          r   return acc
#
# usage: ts_promote.py [PROGRAM] [N...]   PROGRAM (fixed: one run per N,
#        with step N & 7; changing: step changes inside the loop; default:
#        both) on each N (default: fixed ones)
from futamura.rlib.jit import JitDriver, hint, promote
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n", "step"], name="promote")


def interpret(code, acc, n, step):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n, step=step)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "p":
            k = promote(step)
            acc += k * 2 + (k << 3)
        elif op == "u":
            k = promote(step)
            for i in range(k):
                acc ^= i + 1
        elif op == "t":
            step = (step + acc) & 3
        elif op == "!":
            n -= 1
        elif op == "j":
            target = ord(code[pc]) - 48
            pc += 1
            if n > 0:
                driver.can_enter_jit(pc=target, code=code, acc=acc, n=n, step=step)
                pc = target
        elif op == "r":
            return acc
        else:
            return -1


FIXED = "pu!j0r"
CHANGING = "ptu!j0r"


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [3, 5, 7, 3, 5, 10, 2]
    for n in numbers:
        if not words or "fixed" in words:
            print("fixed", n, interpret(FIXED, 0, 10, n & 7))
        if not words or "changing" in words:
            print("changing", n, interpret(CHANGING, 1, n, 1))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
