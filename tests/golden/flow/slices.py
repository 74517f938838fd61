"""Slicing, slice assignment and deletion."""


# a[i:j]
def middle(a, i, j):
    return a[i:j]


# a[:j] and a[i:]
def split_at(a, i):
    head = a[:i]
    tail = a[i:]
    return len(head) + len(tail)


# a[::2] and a[1::2]
def evens_odds(a):
    e = a[::2]
    o = a[1::2]
    return e + o


# slice with negative indices and a full copy
def trim(a):
    b = a[1:-1]
    c = a[:]
    return len(b) + len(c)


# slice assignment a[i:j] = b
def replace_range(a, i, j, b):
    a[i:j] = b
    return a


# del a[i]
def remove_at(a, i):
    del a[i]
    return len(a)


# del a[i:j]
def remove_range(a, i, j):
    del a[i:j]
    return a


# del d[k]
def forget(d, k):
    del d[k]
    return len(d)


# slicing strings
def string_parts(s, n):
    return s[:n] + s[-n:] + s[n:n + 2]


# calls other slice helpers
def slice_combo(a):
    b = middle(a, 1, 3)
    remove_at(b, 0)
    return split_at(a, 2) + len(b)
