# A stack machine over boxed values in the style of PyPy's TLC, a
# demonstration interpreter of the JIT generator (issue 7).
#
# The values are immutable objects: IntObj, the empty list NilObj (one
# prebuilt `nil`) and ConsObj cells; the operations are their methods (the
# base class raises TypeError). Before each operation the interpreter
# promotes the class of its operands, `promote(type(x))`: in the residual
# code the class is then a constant, the method call a direct call that
# can be inlined, and boxes that do not escape need not be allocated.
#
# The instructions are TL's (see tl.py: PUSH k pushes IntObj(k); the
# comparisons push IntObj(1) or IntObj(0); BR_COND tests is_true: nonzero
# ints and non-empty lists are true) plus the lists':
#   NIL       push nil
#   CONS      pop car, pop cdr, push (car . cdr)
#   CAR CDR   pop a cell, push its car or cdr
#   ADD       on two lists: their concatenation
#   DIV       on a list and an int n: its n-th item (from 0; IndexError)
#
# usage: tlc.py                    the programs on fixed inputs
#        tlc.py PROGRAM N...       PROGRAM (fact, range, sumrange) on each N
#        tlc.py count PROGRAM N    the same, nothing printed (to count the
#                                  operations the interpreter executes)
from futamura.rlib.jit import JitDriver, dont_look_inside, hint, promote
from futamura.rlib.objectmodel import not_rpython

import tl
from tl import operand
from jitargs import split_args

OPCODES = tl.OPCODES + ["NIL", "CONS", "CAR", "CDR"]
NOP, PUSH, POP, SWAP, ROLL, PICK, PUT, \
    ADD, SUB, MUL, DIV, EQ, NE, LT, LE, GT, GE, \
    BR_COND, BR_COND_STK, CALL, RETURN, PUSHARG, \
    NIL, CONS, CAR, CDR = range(1, len(OPCODES) + 1)


# ____________________________________________________________
# the values

class Obj(object):
    """A value; an operation its class does not support raises TypeError."""
    _immutable_ = True

    def is_true(self):
        raise TypeError

    def int_o(self):
        raise TypeError

    def add(self, other):
        raise TypeError

    def sub(self, other):
        raise TypeError

    def mul(self, other):
        raise TypeError

    def div(self, other):
        raise TypeError

    def eq(self, other):
        raise TypeError

    def lt(self, other):
        raise TypeError

    def car(self):
        raise TypeError

    def cdr(self):
        raise TypeError

    def is_list(self):
        return False

    def to_str(self):
        return "?"


class IntObj(Obj):
    _immutable_ = True

    def __init__(self, value):
        self.value = value

    def is_true(self):
        return self.value != 0

    def int_o(self):
        return self.value

    def add(self, other):
        return IntObj(self.value + other.int_o())

    def sub(self, other):
        return IntObj(self.value - other.int_o())

    def mul(self, other):
        return IntObj(self.value * other.int_o())

    def div(self, other):
        return IntObj(self.value // other.int_o())

    def eq(self, other):
        return isinstance(other, IntObj) and self.value == other.value

    def lt(self, other):
        return self.value < other.int_o()

    def to_str(self):
        return str(self.value)


class NilObj(Obj):
    _immutable_ = True

    def is_true(self):
        return False

    def add(self, other):
        if not other.is_list():
            raise TypeError
        return other

    def div(self, other):
        raise IndexError

    def eq(self, other):
        return isinstance(other, NilObj)

    def is_list(self):
        return True

    def to_str(self):
        return "nil"


class ConsObj(Obj):
    _immutable_ = True

    def __init__(self, car, cdr):
        self._car = car
        self._cdr = cdr

    def is_true(self):
        return True

    def car(self):
        return self._car

    def cdr(self):
        return self._cdr

    def add(self, other):
        if not other.is_list():
            raise TypeError
        return ConsObj(self._car, self._cdr.add(other))

    def div(self, other):
        n = other.int_o()
        p = self
        while n > 0:
            rest = p._cdr
            if not isinstance(rest, ConsObj):
                raise IndexError
            p = rest
            n -= 1
        return p._car

    def eq(self, other):
        if not isinstance(other, ConsObj):
            return False
        return self._car.eq(other._car) and self._cdr.eq(other._cdr)

    def is_list(self):
        return True

    def to_str(self):
        parts = []
        p = self
        while isinstance(p, ConsObj):
            parts.append(p._car.to_str())
            p = p._cdr
        return "(" + " ".join(parts) + ")"


nil = NilObj()
true = IntObj(1)
false = IntObj(0)


def wrap_bool(b):
    if b:
        return true
    return false


# ____________________________________________________________
# the interpreter

def promote_class(x):
    """Promotes the class of x: from here on it is a compile-time constant,
    and so are the method calls on x. (A `promote(type(x))` statement would
    say the same, but the flow graph's cleanup drops a hint whose result is
    unused; returned from here, it stays.)"""
    return promote(type(x))


driver = JitDriver(greens=["pc", "code"], reds=["stack", "inputarg"], name="tlc")


class TLCError(Exception):
    def __init__(self, message):
        self.message = message


@dont_look_inside
def bad_opcode(opcode, pc):
    return TLCError("bad opcode %d at %d" % (opcode, pc))


def interpret(code, pc, inputarg):
    """Runs `code` from `pc` with the argument `inputarg` on a fresh stack;
    returns the top of the stack at RETURN or at the end of the code."""
    stack = []
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, stack=stack, inputarg=inputarg)
        opcode = hint(ord(code[pc]), concrete=True)
        pc += 1
        if opcode == NOP:
            pass
        elif opcode == PUSH:
            stack.append(IntObj(operand(code, pc)))
            pc += 1
        elif opcode == POP:
            stack.pop()
        elif opcode == SWAP:
            b = stack.pop()
            a = stack.pop()
            stack.append(b)
            stack.append(a)
        elif opcode == ROLL:
            r = operand(code, pc)
            pc += 1
            if r > 0:
                x = stack.pop(len(stack) - r)
                stack.append(x)
            elif r < 0:
                x = stack.pop()
                stack.insert(len(stack) + r + 1, x)
        elif opcode == PICK:
            i = operand(code, pc)
            pc += 1
            stack.append(stack[-1 - i])
        elif opcode == PUT:
            i = operand(code, pc)
            pc += 1
            x = stack.pop()
            stack[-1 - i] = x
        elif opcode == ADD or opcode == SUB or opcode == MUL or opcode == DIV:
            b = stack.pop()
            a = stack.pop()
            promote_class(a)
            promote_class(b)
            if opcode == ADD:
                stack.append(a.add(b))
            elif opcode == SUB:
                stack.append(a.sub(b))
            elif opcode == MUL:
                stack.append(a.mul(b))
            else:
                stack.append(a.div(b))
        elif opcode == EQ or opcode == NE or opcode == LT or opcode == LE or opcode == GT or opcode == GE:
            b = stack.pop()
            a = stack.pop()
            promote_class(a)
            promote_class(b)
            if opcode == EQ:
                stack.append(wrap_bool(a.eq(b)))
            elif opcode == NE:
                stack.append(wrap_bool(not a.eq(b)))
            elif opcode == LT:
                stack.append(wrap_bool(a.lt(b)))
            elif opcode == LE:
                stack.append(wrap_bool(not b.lt(a)))
            elif opcode == GT:
                stack.append(wrap_bool(b.lt(a)))
            else:
                stack.append(wrap_bool(not a.lt(b)))
        elif opcode == BR_COND:
            offset = operand(code, pc)
            pc += 1
            cond = stack.pop()
            promote_class(cond)
            if cond.is_true():
                pc += offset
                if offset < 0:
                    driver.can_enter_jit(pc=pc, code=code, stack=stack, inputarg=inputarg)
        elif opcode == BR_COND_STK:
            w_offset = stack.pop()
            cond = stack.pop()
            promote_class(w_offset)
            promote_class(cond)
            if cond.is_true():
                offset = promote(w_offset.int_o())
                pc += offset - 1
                if offset < 0:
                    driver.can_enter_jit(pc=pc, code=code, stack=stack, inputarg=inputarg)
        elif opcode == CALL:
            offset = operand(code, pc)
            pc += 1
            arg = stack.pop()
            stack.append(interpret(code, pc + offset, arg))
        elif opcode == RETURN:
            break
        elif opcode == PUSHARG:
            stack.append(inputarg)
        elif opcode == NIL:
            stack.append(nil)
        elif opcode == CONS:
            car = stack.pop()
            cdr = stack.pop()
            stack.append(ConsObj(car, cdr))
        elif opcode == CAR:
            x = stack.pop()
            promote_class(x)
            stack.append(x.car())
        elif opcode == CDR:
            x = stack.pop()
            promote_class(x)
            stack.append(x.cdr())
        else:
            raise bad_opcode(opcode, pc - 1)
    return stack[-1]


# ____________________________________________________________
# the assembler (at import time) and the programs

@not_rpython
def compile(src):
    """The bytecode of an assembler program (tl.py's assembler, with the
    list instructions)."""
    return tl.assemble(src, OPCODES)


# n! (n >= 1) on boxed integers: the loop runs n - 1 times; stack [acc, n]
FACTORIAL = compile("""
    PUSH 1
    PUSHARG
start:
    PICK 0
    PUSH 1
    LE
    BR_COND exit        ; n <= 1
    SWAP
    PICK 1
    MUL                 ; acc *= n
    SWAP
    PUSH 1
    SUB                 ; n -= 1
    PUSH 1
    BR_COND start
exit:
    POP
    RETURN
""")

# the list (1 2 ... n), built from its end: n iterations; stack [list, i]
BUILD = """
    NIL
    PUSHARG
build:
    PICK 0
    PUSH 0
    LE
    BR_COND built       ; i <= 0
    SWAP
    PICK 1
    CONS                ; list = (i . list)
    SWAP
    PUSH 1
    SUB                 ; i -= 1
    PUSH 1
    BR_COND build
built:
    POP
"""
RANGE = compile(BUILD + "RETURN\n")

# the sum of (1 2 ... n): the build loop, then n iterations walking the list;
# stack [acc, list]
SUM_RANGE = compile(BUILD + """
    PUSH 0
    SWAP
sum:
    PICK 0
    BR_COND step        ; list is not empty
    POP
    RETURN
step:
    PICK 0
    CAR
    PICK 2
    ADD
    PUT 1               ; acc += car(list)
    CDR                 ; list = cdr(list)
    PUSH 1
    BR_COND sum
""")

# the list reversed: the build loop, then n iterations; stack [acc, list]
REVERSE = compile(BUILD + """
    NIL
    SWAP
loop:
    PICK 0
    BR_COND step        ; list is not empty
    POP
    RETURN
step:
    PICK 0
    CAR
    PICK 2
    SWAP
    CONS                ; (car(list) . acc)
    PUT 1
    CDR
    PUSH 1
    BR_COND loop
""")

# the n-th item of (10 20 40)
NTH = compile("NIL\nPUSH 40\nCONS\nPUSH 20\nCONS\nPUSH 10\nCONS\nPUSHARG\nDIV")
# (1 2) + (3): a concatenation
CONCAT = compile("NIL\nPUSH 2\nCONS\nPUSH 1\nCONS\nNIL\nPUSH 3\nCONS\nADD")
# 1 + (1): TypeError
MIXED = compile("NIL\nPUSH 1\nCONS\nPUSH 1\nADD")
# the factorial of the argument, computed by a CALL, compared with 120
CALL_EQ = compile("""
    PUSHARG
    CALL fact
    PUSH 120
    EQ
    RETURN
fact:
    PUSH 1
    PUSHARG
start:
    PICK 0
    BR_COND body
    POP
    RETURN
body:
    SWAP
    PICK 1
    MUL
    SWAP
    PUSH 1
    SUB
    PUSH 1
    BR_COND start
""")


def run(name, n):
    arg = IntObj(n)
    if name == "fact":
        return interpret(FACTORIAL, 0, arg)
    if name == "range":
        return interpret(RANGE, 0, arg)
    if name == "sumrange":
        return interpret(SUM_RANGE, 0, arg)
    if name == "reverse":
        return interpret(REVERSE, 0, arg)
    if name == "nth":
        return interpret(NTH, 0, arg)
    if name == "call":
        return interpret(CALL_EQ, 0, arg)
    raise TLCError("no program " + name)


def entry_point(argv):
    words, numbers = split_args(argv)
    if len(words) == 2 and words[0] == "count":
        for n in numbers:
            run(words[1], n)
        return 0
    if len(words) == 1 and numbers:
        for n in numbers:
            print(words[0], n, run(words[0], n).to_str())
        return 0
    for n in [1, 2, 5, 10, 20]:
        print("fact", n, run("fact", n).to_str())
    for n in [0, 1, 5, 12]:
        print("range", n, run("range", n).to_str())
        print("reverse", n, run("reverse", n).to_str())
    for n in [0, 1, 10, 100]:
        print("sumrange", n, run("sumrange", n).to_str())
    for n in [0, 1, 2, 3]:
        try:
            print("nth", n, run("nth", n).to_str())
        except IndexError:
            print("nth", n, "IndexError")
    for n in [4, 5]:
        print("call", n, run("call", n).to_str())
    print("concat", interpret(CONCAT, 0, nil).to_str())
    a = run("range", 3)
    b = run("range", 3)
    print("eq", a.eq(b), a.eq(nil), nil.eq(nil), a.eq(IntObj(1)))
    try:
        interpret(MIXED, 0, nil)
    except TypeError:
        print("mixed TypeError")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
