# futamura: rtype --after backendopt -O0 --no-positions --show describe
# Immutability hints for the JIT generator, in the low-level types: a
# string's characters, tuples, a class with `_immutable_fields_` (its
# struct lists them; PyPy's `[*]` suffix is accepted) and one with
# `_immutable_ = True`.


class Code(object):
    _immutable_fields_ = ["name", "ops[*]"]

    def __init__(self, name, ops):
        self.name = name
        self.ops = ops
        self.calls = 0


class Point(object):
    _immutable_ = True

    def __init__(self, x, y):
        self.x = x
        self.y = y


def describe(code, p, pair):
    code.calls += 1
    return len(code.name) + code.ops[0] + p.x + p.y + pair[0] + len(pair[1])


def entry_point(argv):
    print(describe(Code(argv[0], [1, 2]), Point(3, 4), (5, "six")))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
