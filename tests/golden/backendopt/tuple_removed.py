# futamura: rtype --after backendopt -O2 --no-positions --show swap_sum
# A tuple that does not escape is removed: its items become variables.


def pair(a, b):
    return (b, a)


def swap_sum(a, b):
    t = pair(a, b)
    x, y = t
    return x * 10 + y


def entry_point(argv):
    print(swap_sum(len(argv), 7))
    return 0
