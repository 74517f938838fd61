# Functions that are never called have no address to compare.
def f_one(x):
    return x + 1


def f_two(x):
    return x * 2


def pick(i):
    if i == 0:
        return f_one
    return f_two


def entry_point(argv):
    f = pick(len(argv) - 3)
    print(f is f_one)  # <- error
    return 0
