# Virtual structures (timeshifter test, in the style of PyPy 2007's
# test_virtualizable / test_timeshift.py's malloc tests): an instance
# allocated and consumed inside one iteration never exists in the residual
# code (its fields are boxes); one that escapes is allocated.
#
#   v   p = Vec(acc, n); q = Vec(2, 3); acc = p.dot(q) & 1023
#       (both virtual: no malloc, only the arithmetic)
#   m   acc = Vec(acc, n).scaled(3).plus(Vec(1, 1)).x   (a chain of virtuals)
#   e   log.append(Vec(acc, n))      (escapes into a list: malloc)
#   !   n -= 1          jT  if n > 0: goto T
#   r   return Vec(acc, n)           (escapes by the return: malloc)
#
# usage: ts_virtual.py [PROGRAM] [N...]   PROGRAM (dot, chain, escape;
#        default: all) on each N (default: fixed ones)
from futamura.rlib.jit import JitDriver, hint
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n", "log"], name="virtual")


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)

    def plus(self, other):
        return Vec(self.x + other.x, self.y + other.y)


def interpret(code, acc, n, log):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n, log=log)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "v":
            p = Vec(acc, n)
            q = Vec(2, 3)
            acc = p.dot(q) & 1023
        elif op == "m":
            acc = Vec(acc, n).scaled(3).plus(Vec(1, 1)).x & 1023
        elif op == "e":
            log.append(Vec(acc, n))
        elif op == "!":
            n -= 1
        elif op == "j":
            target = ord(code[pc]) - 48
            pc += 1
            if n > 0:
                driver.can_enter_jit(pc=target, code=code, acc=acc, n=n, log=log)
                pc = target
        elif op == "r":
            return Vec(acc, n)
        else:
            return Vec(-1, -1)


DOT = "v!j0r"
CHAIN = "m!j0r"
ESCAPE = "ve!j0r"


def run(name, code, n):
    log = []
    v = interpret(code, 1, n, log)
    total = 0
    for w in log:
        total += w.x * 7 + w.y
    print(name, n, v.x, v.y, len(log), total)


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 2, 5, 10, 100]
    for n in numbers:
        if not words or "dot" in words:
            run("dot", DOT, n)
        if not words or "chain" in words:
            run("chain", CHAIN, n)
        if not words or "escape" in words:
            run("escape", ESCAPE, n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
