# futamura: translate -O1 --show-c fib --show-c depth --show-c scale --show-c first_or
# The C of small functions: names from the Python names, blocks as labels,
# the exception test after a call that can raise, a switch on an int. fib is
# recursive but nothing can catch its RecursionError: no stack check and no
# tests after its calls; depth runs inside a handler of RecursionError: it
# checks the stack on entry and tests exc_data after its call.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def scale(x, k):
    return x * k + 0.5


def first_or(items, default):
    if len(items) == 0:
        return default
    return items[0]


def entry_point(argv):
    print(fib(len(argv) + 5), scale(1.5, len(argv)), first_or(argv, "none"))
    try:
        print(depth(len(argv) * 10))
    except RecursionError:
        print("too deep")
    return 0
