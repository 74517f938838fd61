# Overriding methods called through one variable must agree on defaults.
class A(object):
    def f(self, extra=0):
        return extra


class B(A):
    def f(self, extra=100):
        return extra


def entry_point(argv):
    objs = [A(), B()]
    print(objs[len(argv) - 1].f())  # <- error
    return 0
