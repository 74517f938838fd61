# Corner cases of the timeshifter that once broke it (found by testing it
# adversarially): each program must give CPython's output, and a compile-time
# problem must never stop the program.
#
#   t   if promote(type(obj)) is A: acc += 1000
#   v   acc += obj.val()          (a method call after the class was promoted:
#                                  the cast's object must stay live in bridges)
#   s   obj = A(n)                (a fresh, virtual object)
#   p   promote(obj)              (of a virtual: allocated, then promoted)
#   w   if we_are_jitted(): acc += 1 else: acc += 1   (one way is compiled)
#   aN  v, pc = read(code, pc); acc += v
#       (a helper with a loop returning a tuple of greens: they stay green)
#   V   if cur is not None: acc += cur.v; cur = cur.nxt
#       (cur is always None on entry: a Void red argument)
#   N   cur = Node(acc, cur)
#   W   q = cur; while q is not None: acc += q.v & 7; q = q.nxt
#       (a loop of the interpreter's code over a virtual chain that grows
#       at each iteration: its state never settles, the widest one is used)
#   0   stack.append(0)      +  add two      x  pop
#   iK  k = hint(K, concrete=True); stack[k] = n; acc += stack[k]
#       (a compile-time index into a red list: the list helpers' own
#       negative-index arithmetic is red, the index stays green)
#   D   stack.append(promote(len(stack)))  (a promoted case's long way to the
#       next merge point, with a small budget)
#   f   acc += int(promote(fx) * 4.0); fx += 0.5   (promote() of a float:
#       the residual code switches on its bits)
#   j   n -= 1; if n > 0: goto 1
#   r   return acc + len(stack)      _  nothing
#
# usage: ts_corner.py [PROGRAM...]   PROGRAM: classes, virtual, jitted,
#        tuple, none, stack, float, grow, index (default: all)
from futamura.rlib.jit import JitDriver, hint, promote, we_are_jitted
from jitargs import split_args

driver = JitDriver(greens=["pc", "code"], reds=["acc", "obj", "cur", "n", "stack", "fx"], name="corner")


class Base(object):
    def __init__(self, x):
        self.x = x

    def val(self):
        return 1


class A(Base):
    def val(self):
        return 2 + self.x


class B(Base):
    def val(self):
        return 3


class Node(object):
    def __init__(self, v, nxt):
        self.v = v
        self.nxt = nxt


def read(code, pc):
    v = 0
    while pc < len(code) and code[pc].isdigit():
        v = v * 10 + ord(code[pc]) - 48
        pc += 1
    return v, pc


def interpret(code, acc, obj, cur, n):
    stack = []
    fx = n * 0.25
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, obj=obj, cur=cur, n=n, stack=stack, fx=fx)
        op = hint(code[pc], concrete=True)
        pc += 1
        if op == "t":
            if promote(type(obj)) is A:
                acc += 1000
        elif op == "v":
            acc += obj.val()
        elif op == "s":
            obj = A(n)
        elif op == "p":
            promote(obj)
        elif op == "w":
            if we_are_jitted():
                acc += 1
            else:
                acc += 1
        elif op == "a":
            v, pc = read(code, pc)
            acc += v
        elif op == "V":
            if cur is not None:
                acc += cur.v
                cur = cur.nxt
        elif op == "N":
            cur = Node(acc, cur)
        elif op == "W":
            q = cur
            while q is not None:
                acc += q.v & 7
                q = q.nxt
        elif op == "0":
            stack.append(0)
        elif op == "+":
            b = stack.pop()
            a = stack.pop()
            stack.append(a + b)
        elif op == "x":
            stack.pop()
        elif op == "i":
            k = hint(ord(code[pc]) - 48, concrete=True)
            pc += 1
            stack[k] = n
            acc += stack[k]
        elif op == "D":
            stack.append(promote(len(stack)))
        elif op == "f":
            acc += int(promote(fx) * 4.0)
            fx += 0.5
        elif op == "j":
            n -= 1
            if n > 0:
                driver.can_enter_jit(pc=1, code=code, acc=acc, obj=obj, cur=cur, n=n, stack=stack, fx=fx)
                pc = 1
        elif op == "r":
            return acc + len(stack)
        elif op == "_":
            pass
        else:
            return -1


def run(name, code, obj, n):
    try:
        print(name, n, interpret(code, 0, obj, None, n))
    except IndexError:
        print(name, n, "IndexError")


def entry_point(argv):
    words, numbers = split_args(argv)
    if not numbers:
        numbers = [1, 3, 7]
    for n in numbers:
        if not words or "classes" in words:
            run("classes", "_tvjr", A(n), n)
            run("classes", "_tvjr", B(n), n)
            run("classes", "_vtjr", B(n), n)
        if not words or "virtual" in words:
            run("virtual", "_psjr", A(n), n)
            run("virtual", "_spvjr", A(n), n)
        if not words or "jitted" in words:
            run("jitted", "_wjr", A(n), n)
        if not words or "tuple" in words:
            run("tuple", "_a3a14jr", A(n), n)
        if not words or "none" in words:
            run("none", "_VNVNjr", A(n), n)
        if not words or "grow" in words:
            run("grow", "_DNWjr", A(n), n)
            run("grow", "_NWDsjr", A(n), n)
        if not words or "index" in words:
            run("index", "_00i1jr", A(n), n)
        if not words or "float" in words:
            run("float", "_fjr", A(n), n)
        if not words or "stack" in words:
            run("stack", "0D+xjr", A(n), n)
            run("stack", "_D0D+jr", A(n), n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
