# RPython refuses star imports: the names a module gets from `import *` are
# not visible in its source, and the flow space insists on explicit imports.
from os.path import *  # <- error


def f(p):
    return join(p, "x")
