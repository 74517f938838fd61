# Recursion: deep but bounded recursion works, unbounded recursion raises
# RecursionError that the program can catch (on CPython and translated).


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def forever(n):
    return forever(n + 1) + 1


def mutual_a(n):
    if n <= 0:
        return 1
    return mutual_b(n - 1) + 1


def mutual_b(n):
    if n <= 0:
        return 2
    return mutual_a(n - 2) * 1


class Expr(object):
    def eval(self, depth):
        return 0


class Neg(Expr):
    def eval(self, depth):
        # recursion through a method call (an indirect call)
        return -Twice().eval(depth + 1)


class Twice(Expr):
    def eval(self, depth):
        return 2 * Neg().eval(depth + 1)


def guarded(n):
    log = []
    try:
        return forever(n)
    finally:
        log.append(n)
        print("finally ran", len(log))


def entry_point(argv):
    n = len(argv)
    print(depth(500 + n), mutual_a(300 + n))
    try:
        print(forever(n))
    except RecursionError:
        print("recursion error caught")
    try:
        print(Neg().eval(0))
    except RuntimeError:
        print("recursion through methods caught as RuntimeError")
    try:
        guarded(n)
    except Exception:
        print("caught after finally")
    # the stack is usable again afterwards
    print(depth(100 * n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
