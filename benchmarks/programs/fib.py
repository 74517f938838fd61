"""Recursive Fibonacci: fib(n) by the naive doubly recursive definition.

usage: fib.py N    (prints fib(N) and the number of calls made)
A call-heavy integer benchmark; the C twin is benchmarks/c/fib.c.
"""
import os


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def calls(n):
    # fib's call count: calls(n) = 1 + calls(n-1) + calls(n-2), computed
    # iteratively, so the output checks the recursion went all the way.
    a = 1
    b = 1
    for i in range(n - 1):
        c = 1 + a + b
        a = b
        b = c
    return b


def entry_point(argv):
    n = 30
    if len(argv) > 1:
        n = int(argv[1])
    print("fib(%d) = %d" % (n, fib(n)))
    print("calls: %d" % calls(n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
