# Exceptions in the residual code (timeshifter test, in the style of PyPy
# 2007's test_exception.py / test_timeshift.py): the exception state
# (exc_data) lives in boxes, so an exception raised and caught inside one
# opcode folds away; one raised out of the portal reaches the caller; a
# residual call (@dont_look_inside) that raises is checked after the call.
#
#   s   try: acc = checked_sub(acc, n) except Underflow: acc += 100
#       (raised and caught in the same iteration: no exc_data in the loop)
#   x   if acc > 60: raise Overflow("acc too big")   (out of the portal)
#   e   try: acc = external(acc) except Underflow: acc -= 1
#       (a residual call that raises; caught)
#   E   acc = external(acc)     (a residual call that raises out of the portal)
#   d   k = promote(n % 3); try: acc += 100 // k except ZeroDivisionError: acc -= 1
#       (green code raising at compile time, in the case of k == 0 only)
#   zD  try: acc += 60 // D except ZeroDivisionError: acc += 7   (D a digit of
#       the code: the division is green, 0 raises when it is compiled)
#   D   k = promote(n % 3); acc += 100 // k   (green code raising out of the portal)
#   !   n -= 1          jT  if n > 0: goto T          r   return acc
#
# usage: ts_exc.py [PROGRAM] [N...]   PROGRAM (caught, escape, residual,
#        residual_escape, green, green_escape; default: all) on each N
#        (default: fixed ones)
from futamura.rlib.jit import JitDriver, dont_look_inside, hint, promote
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], name="exc")


class Underflow(Exception):
    pass


class Overflow(Exception):
    def __init__(self, message):
        self.message = message


def checked_sub(a, b):
    if b > a:
        raise Underflow
    return a - b


@dont_look_inside
def external(a):
    if a % 7 == 3:
        raise Underflow
    if a > 900:
        raise Overflow("external: %d" % a)
    return a * 2 + 1


def interpret(code, acc, n):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "s":
            try:
                acc = checked_sub(acc, n)
            except Underflow:
                acc += 100
        elif op == "x":
            if acc > 60:
                raise Overflow("acc too big")
        elif op == "e":
            try:
                acc = external(acc)
            except Underflow:
                acc -= 1
        elif op == "E":
            acc = external(acc)
        elif op == "d":
            k = promote(n % 3)
            try:
                acc += 100 // k
            except ZeroDivisionError:
                acc -= 1
        elif op == "z":
            divisor = ord(code[pc]) - 48
            pc += 1
            try:
                acc += 60 // divisor
            except ZeroDivisionError:
                acc += 7
        elif op == "D":
            k = promote(n % 3)
            acc += 100 // k
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


CAUGHT = "s!j0r"
ESCAPE = "sx!j0r"
RESIDUAL = "se!j0r"
RESIDUAL_ESCAPE = "sE!j0r"
GREEN = "dz2z0!j0r"
GREEN_ESCAPE = "D!j0r"


def run(name, code, acc, n):
    try:
        print(name, n, interpret(code, acc, n))
    except Overflow as e:
        print(name, n, "Overflow:", e.message)
    except Underflow:
        print(name, n, "Underflow")
    except ZeroDivisionError:
        print(name, n, "ZeroDivisionError")


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 3, 10, 30, 100]
    for n in numbers:
        if not words or "caught" in words:
            run("caught", CAUGHT, 5, n)
        if not words or "escape" in words:
            run("escape", ESCAPE, 5, n)
        if not words or "residual" in words:
            run("residual", RESIDUAL, 5, n)
        if not words or "residual_escape" in words:
            run("residual_escape", RESIDUAL_ESCAPE, 5, n)
        if not words or "green" in words:
            run("green", GREEN, 5, n)
        if not words or "green_escape" in words:
            run("green_escape", GREEN_ESCAPE, 5, n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
