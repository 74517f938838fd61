# Refused: the %-format has two conversions but one argument; CPython raises
# TypeError at run time, so the program cannot mean it.


def show(n):
    return "%d of %d" % (n,)  # <- error


def entry_point(argv):
    print(show(len(argv)))
    return 0
