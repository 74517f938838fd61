class E(Exception):
    def __init__(self, code):
        self.code = code
class A(object):
    kind = 1
    def __init__(self, x):
        self.x = x
    def f(self, y):
        return self.x + y
class B(A):
    kind = 2
    def f(self, y):
        return self.x * y
def g(a, n):
    try:
        if n > 3:
            raise E(n)
        return a.f(n) + a.kind
    except E as e:
        return e.code
def entry_point(argv):
    a = A(1) if len(argv) > 1 else B(2)
    print(g(a, len(argv) + 1), g(a, 7), str(3) + "x")
    for i in range(3):
        print(i)
    return 0
if __name__ == "__main__":
    import sys; sys.exit(entry_point(sys.argv))
