"""A small RPython program: a compiler and bytecode interpreter for
reverse-Polish arithmetic with variables, jumps and a call stack.

Runs on CPython (`PYTHONPATH=runtime/python python3 tests/programs/rpn.py`)
and is the example the README's main command translates.
"""
import os

from futamura.rlib.rarithmetic import ovfcheck

# Opcodes
PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, JUMP, JUMP_IF_ZERO, PRINT, HALT = range(11)
NAMES = ["PUSH", "LOAD", "STORE", "ADD", "SUB", "MUL", "DIV", "JUMP", "JUMP_IF_ZERO",
         "PRINT", "HALT"]
HAS_ARG = (PUSH, LOAD, STORE, JUMP, JUMP_IF_ZERO)


class RPNError(Exception):
    def __init__(self, message, position):
        self.message = message
        self.position = position


class CompileError(RPNError):
    pass


class VMError(RPNError):
    pass


class Program(object):
    def __init__(self, code, names):
        self.code = code
        self.names = names

    def disassemble(self):
        lines = []
        pc = 0
        while pc < len(self.code):
            op = self.code[pc]
            if op in HAS_ARG:
                lines.append(f"{pc:3d} {NAMES[op]:<12} {self.code[pc + 1]}")
                pc += 2
            else:
                lines.append(f"{pc:3d} {NAMES[op]}")
                pc += 1
        return "\n".join(lines)


def compile_source(source):
    """Words: integers, +, -, *, /, `=name` stores, `name` loads, `print`,
    `label:` marks a position, `@label` jumps, `?label` jumps if zero."""
    code = []
    names = {}
    labels = {}
    fixups = []
    words = source.split()
    for index, word in enumerate(words):
        if word.isdigit():
            code += [PUSH, int(word)]
        elif word in ("+", "-", "*", "/"):
            code.append({"+": ADD, "-": SUB, "*": MUL, "/": DIV}[word])
        elif word == "print":
            code.append(PRINT)
        elif word.endswith(":"):
            labels[word[:-1]] = len(code)
        elif word[0] in "@?":
            code += [JUMP if word[0] == "@" else JUMP_IF_ZERO, 0]
            fixups.append((len(code) - 1, word[1:], index))
        elif word[0] == "=":
            code += [STORE, names.setdefault(word[1:], len(names))]
        elif word.isalpha():
            if word not in names:
                raise CompileError(f"unknown variable {word!r}", index)
            code += [LOAD, names[word]]
        else:
            raise CompileError("bad word %s" % word, index)
    for position, label, index in fixups:
        if label not in labels:
            raise CompileError("unknown label " + label, index)
        code[position] = labels[label]
    code.append(HALT)
    return Program(code, names)


class Machine(object):
    def __init__(self, nvars):
        self.stack = []
        self.variables = [0] * nvars
        self.output = []
        self.steps = 0

    def pop(self, pc):
        if not self.stack:
            raise VMError("stack underflow", pc)
        return self.stack.pop()

    def run(self, program):
        code = program.code
        pc = 0
        while True:
            self.steps += 1
            op = code[pc]
            if op == PUSH:
                self.stack.append(code[pc + 1])
                pc += 2
            elif op == LOAD:
                self.stack.append(self.variables[code[pc + 1]])
                pc += 2
            elif op == STORE:
                self.variables[code[pc + 1]] = self.pop(pc)
                pc += 2
            elif op == JUMP:
                pc = code[pc + 1]
            elif op == JUMP_IF_ZERO:
                if self.pop(pc) == 0:
                    pc = code[pc + 1]
                else:
                    pc += 2
            elif op == PRINT:
                self.output.append(str(self.pop(pc)))
                pc += 1
            elif op == HALT:
                return
            else:
                right = self.pop(pc)
                left = self.pop(pc)
                try:
                    if op == ADD:
                        result = ovfcheck(left + right)
                    elif op == SUB:
                        result = ovfcheck(left - right)
                    elif op == MUL:
                        result = ovfcheck(left * right)
                    else:
                        result = left // right
                except OverflowError:
                    raise VMError("integer overflow", pc)
                except ZeroDivisionError:
                    raise VMError("division by zero", pc)
                self.stack.append(result)
                pc += 1


PROGRAMS = [
    "2 3 + 4 * print",
    # factorial of 10
    "10 =n 1 =acc loop: n ?done acc n * =acc n 1 - =n 0 ?loop done: acc print",
    # sum of 1..100
    "100 =i 0 =s top: i ?end s i + =s i 1 - =i 0 ?top end: s print",
    "1 0 / print",
    "5 x print",
    "9223372036854775807 1 + print",
]


def run_source(source):
    try:
        program = compile_source(source)
        machine = Machine(len(program.names))
        machine.run(program)
        print(" ".join(machine.output), f"({machine.steps} steps)")
        return 0
    except RPNError as e:
        kind = "compile error" if isinstance(e, CompileError) else "error"
        print(f"{kind} at {e.position}: {e.message}")
        return 1


def entry_point(argv):
    failures = 0
    sources = argv[1:] if len(argv) > 1 else PROGRAMS
    for source in sources:
        failures += run_source(source)
    if len(argv) > 1 and argv[1] == "--dis":
        os.write(1, compile_source(PROGRAMS[1]).disassemble().encode("utf-8") + b"\n")
    print("failures:", failures)
    return 0


def target(*args):
    return entry_point


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
