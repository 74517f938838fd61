# Red splits that merge back (timeshifter test, in the style of PyPy 2007's
# test_timeshift.py: test_loop_merging, test_two_loops_merging): an if/else
# on a red value inside an opcode splits the residual code; both branches
# reach the next merge point with the same green key, so the second one
# jumps to the code the first one made, and the loop closes at the merge
# point of the loop's head.
#
#   c   collatz step: if n is odd: n = 3 * n + 1, else n = n >> 1
#   p   if n > peak: peak = n
#   s   steps += 1
#   jT  if n != 1: goto T
#   i   inner = n & 7         dT  if inner > 0: inner -= 1; steps += 2; goto T
#   r   return steps + 1000 * peak
#
# usage: ts_split.py [PROGRAM] [N...]   PROGRAM (collatz, nested; default:
#        both) on each N >= 1 (default: fixed ones)
from futamura.rlib.jit import JitDriver, hint
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["n", "steps", "peak", "inner"], name="split")


def interpret(code, n):
    pc = 0
    steps = 0
    peak = 0
    inner = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, n=n, steps=steps, peak=peak, inner=inner)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "c":
            if n & 1:
                n = 3 * n + 1
            else:
                n = n >> 1
        elif op == "p":
            if n > peak:
                peak = n
        elif op == "s":
            steps += 1
        elif op == "i":
            inner = n & 7
        elif op == "j":
            target = ord(code[pc]) - 48
            pc += 1
            if n != 1:
                driver.can_enter_jit(pc=target, code=code, n=n, steps=steps, peak=peak, inner=inner)
                pc = target
        elif op == "d":
            target = ord(code[pc]) - 48
            pc += 1
            if inner > 0:
                inner -= 1
                steps += 2
                driver.can_enter_jit(pc=target, code=code, n=n, steps=steps, peak=peak, inner=inner)
                pc = target
        elif op == "r":
            return steps + 1000 * peak
        else:
            return -1


# the Collatz sequence of n: steps to reach 1 and the highest value
COLLATZ = "cpsj0r"
# the same with an inner loop per step (n & 7 turns): two loops, two merges
NESTED = "cpsid4j0r"


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 2, 3, 7, 27, 97]
    for n in numbers:
        if not words or "collatz" in words:
            print("collatz", n, interpret(COLLATZ, n))
        if not words or "nested" in words:
            print("nested", n, interpret(NESTED, n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
