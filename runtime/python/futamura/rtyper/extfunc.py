"""External functions: implemented by the runtime in translated programs.

System code calls the operating system (writing to a file descriptor,
formatting a float with the C library) through ExtFunc objects. On CPython a
call runs the Python implementation given here; the translator turns it into
a call of the runtime function `name` (implemented by the ll-graph
interpreter in src/llinterp/ and, for native code, in runtime/c/), with the
declared low-level signature.
"""


class ExtFunc:
    def __init__(self, name, args, result, impl):
        self.name = name
        self.args = list(args)
        self.result = result
        self._impl = impl

    def __call__(self, *args):
        if len(args) != len(self.args):
            raise TypeError("%s() takes %d arguments, got %d"
                            % (self.name, len(self.args), len(args)))
        return self._impl(*args)

    def __repr__(self):
        return "<external %s>" % self.name


def external(name, args, result):
    """Decorator: the function below is the CPython implementation of the
    external function `name` with low-level signature `args -> result`."""
    def wrap(impl):
        return ExtFunc(name, args, result, impl)
    return wrap
