# futamura: rtype --after backendopt -O0 --no-positions --show swap_sum
# -O0: the same function as tuple_removed.py, unchanged (a call and a tuple).


def pair(a, b):
    return (b, a)


def swap_sum(a, b):
    t = pair(a, b)
    x, y = t
    return x * 10 + y


def entry_point(argv):
    print(swap_sum(len(argv), 7))
    return 0
