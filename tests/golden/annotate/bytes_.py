"""Bytes, a string type of its own: b[i] and iteration give ints."""

import os


# concatenation and repetition of bytes
def bconcat(a, b, n):
    return a + b"|" + b * n


# indexing bytes gives an int
def first_byte(b):
    return b[0]


# iterating over bytes gives ints
def checksum(b):
    total = 0
    for x in b:
        total = (total + x) & 0xffff
    return total


# slicing bytes gives bytes
def bslice(b, i):
    return b[:i] + b[1:]


# comparison and `in` on bytes
def bcompare(a, b):
    return a == b or b"." in a or a < b


# len, find and count of bytes
def bmethods(b):
    return b.find(b"a") + len(b) + b.count(b"b")


# startswith, endswith and strip of bytes
def baffixes(b):
    return b.strip().startswith(b"x") or b.endswith(b"\n")


# decode utf-8 bytes to a str
def decode(b):
    return b.decode("utf-8")


# bytes items used as dict keys (ints)
def histogram(b):
    d = {}
    for x in b:
        d[x] = d.get(x, 0) + 1
    return len(d)


# os.write of bytes built from a str
def write_line(s):
    return os.write(1, s.encode("utf-8") + b"\n")


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    b = argv[0].encode("utf-8")
    bconcat(b, b"cd", n)
    first_byte(b)
    checksum(b)
    bslice(b, n)
    bcompare(b, b"x.py")
    bmethods(b)
    baffixes(b + b" ")
    decode(b)
    histogram(b)
    write_line(argv[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
