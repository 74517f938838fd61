# A rich interpreter for programs that come from the command line (written
# for fuzzing the JIT: random programs over these opcodes are compared with
# CPython). Linked lists of two classes (c C d t v p P T: allocate, drop,
# isinstance, mutate, promote the object, its field, its class), a list
# stack replaced when it grows (s S z), promotions in several places and
# nested (x y z e E r P T), an @elidable and a @dont_look_inside function
# (y q), exceptions raised and caught in an opcode or out of the portal
# (e E), the portal called recursively (r), strings (u U), values escaping
# into a red list (o). The end of the code loops back until n reaches 0.
#
# usage: ts_fuzz.py PROGRAM... [N...]    each PROGRAM on each N (default 1 3 8)
from futamura.rlib.jit import JitDriver, hint, promote, elidable, dont_look_inside
from jitargs import split_args

class P(object):
    def __init__(self, x, nxt):
        self.x = x
        self.nxt = nxt

class Q(P):
    pass

class Carry(Exception):
    def __init__(self, v):
        self.v = v

@elidable
def tri(k):
    return k * (k + 1) // 2

@dont_look_inside
def opaque(x):
    return x * 3 + 1

driver = JitDriver(greens=["pc", "code"], reds=["acc", "n", "p", "stack", "out", "s", "depth"], name="fz")

def total(p):
    t = 0
    while p is not None:
        t += p.x
        p = p.nxt
    return t

def interpret(code, acc, n, out, depth):
    pc = 0
    p = None
    stack = [0]
    s = "ab"
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n, p=p, stack=stack, out=out, s=s, depth=depth)
        if pc >= len(code):
            n -= 1
            if n > 0:
                pc = 0
                driver.can_enter_jit(pc=pc, code=code, acc=acc, n=n, p=p, stack=stack, out=out, s=s, depth=depth)
                continue
            return acc + total(p) + len(stack) + len(out) + len(s)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "c":
            p = P(n, p)
        elif op == "C":
            p = Q(acc & 7, p)
        elif op == "d":
            if p is not None:
                p = p.nxt
        elif op == "t":
            if p is not None and isinstance(p, Q):
                acc += 3
        elif op == "s":
            stack.append(n)
            if len(stack) > 3:
                stack = [n]
        elif op == "S":
            if len(stack) > 1:
                b = stack.pop()
                a = stack.pop()
                stack.append(a + b)
        elif op == "x":
            promote(n)
        elif op == "y":
            k = promote(n % 3)
            if k == 1:
                kk = promote(acc & 3)
                acc += tri(kk)
            else:
                acc += tri(k)
        elif op == "z":
            k = promote(len(stack))
            acc += k
        elif op == "o":
            if n % 3 == 2:
                out.append(p)
        elif op == "e":
            k = promote(n % 7)
            if k == 5:
                raise Carry(acc)
        elif op == "E":
            try:
                k = promote(n % 4)
                if k == 1:
                    raise Carry(acc)
                acc += 1
            except Carry as e:
                acc += e.v & 7
        elif op == "r":
            if depth < 2:
                k = promote(n & 1)
                if k:
                    acc += interpret("cay", 0, 2, out, depth + 1)
        elif op == "a":
            acc += n
        elif op == "u":
            s = s + chr(97 + n % 26)
            if len(s) > 6:
                s = s[3:]
        elif op == "U":
            acc += s.count("a") + ord(s[-1])
        elif op == "q":
            acc = opaque(acc) & 1023
        elif op == "v":
            if p is not None:
                p.x += 1
        elif op == "p":
            promote(p)
        elif op == "P":
            if p is not None:
                promote(p.x)
        elif op == "T":
            if p is not None:
                if promote(type(p)) is Q:
                    acc += 2
    return -1

def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 3, 8]
    for code in words:
        for n in numbers:
            out = []
            try:
                print(code, n, interpret(code, 0, n, out, 0))
            except Carry as e:
                print(code, n, "Carry", e.v, len(out))
    return 0

if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
