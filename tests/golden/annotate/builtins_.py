"""Builtins: len, range, enumerate, reversed, min, max, abs, isinstance, hash, print, os, math."""

import math
import os


class Base(object):
    # a base class for isinstance()
    def __init__(self, v):
        self.v = v


class Derived(Base):
    pass


# len of a list, a str and a dict
def lengths(lst, s, d):
    return len(lst) + len(s) + len(d)


# range with one argument
def range1(n):
    t = 0
    for i in range(n):
        t += i
    return t


# range with two arguments
def range2(a, b):
    t = 0
    for i in range(a, b):
        t += i
    return t


# range with three arguments, a negative step
def range3(n):
    out = []
    for i in range(n, -1, -2):
        out.append(i)
    return out


# enumerate over a list of strs
def enum(words):
    t = 0
    for i, w in enumerate(words):
        t += i * len(w)
    return t


# reversed over a list of ints
def rev(lst):
    out = []
    for x in reversed(lst):
        out.append(x)
    return out


# min, max and abs of two ints and of two floats
def extremes(a, b, x, y):
    return min(a, b) + max(abs(a), b) + int(max(x, y) - min(abs(x), y))


# isinstance on instances of a class hierarchy
def is_derived(obj):
    return isinstance(obj, Derived)


# hash of an int and of a str
def hashes(n, s):
    return hash(n) ^ hash(s)


# print of a str and of an int
def show(s, n):
    print(s)
    print(n)


# os.write to stdout
def say(s):
    return os.write(1, s.encode("utf-8"))


# os.read from stdin (not run on CPython)
def read_some(n):
    data = os.read(0, n)
    return len(data)


# math.sqrt, math.floor and math.fmod
def math_mix(x):
    return math.sqrt(x) + math.floor(x) + math.fmod(x, 2.0)


# bool() of an int and of a str, chr and ord
def truthy(n, s):
    return bool(n) and bool(s) and ord(chr(n + 65)) > 0


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    x = float(n)
    lengths(argv, s, {s: n})
    range1(n)
    range2(n, n + 4)
    range3(n + 5)
    enum(argv)
    rev([n, n + 1])
    extremes(n, n - 3, x, x / 3.0)
    is_derived(Derived(n))
    is_derived(Base(n))
    hashes(n, s)
    show(s, n)
    say(s + "\n")
    if n > 1000:
        read_some(n)
    math_mix(x)
    truthy(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
