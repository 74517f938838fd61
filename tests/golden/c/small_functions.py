# futamura: translate -O1 --show-c fib --show-c scale --show-c first_or
# The C of small functions: names from the Python names, blocks as labels,
# the exception test after a call that can raise, a switch on an int.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def scale(x, k):
    return x * k + 0.5


def first_or(items, default):
    if len(items) == 0:
        return default
    return items[0]


def entry_point(argv):
    print(fib(len(argv) + 5), scale(1.5, len(argv)), first_or(argv, "none"))
    return 0
