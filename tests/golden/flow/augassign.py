"""Augmented assignment on locals, attributes and subscripts."""


class Acc(object):
    def __init__(self):
        self.x = 0
        self.total = 0.0
        self.items = [0, 0, 0]


# self.x += 1 inside a method-like function
def incr(self):
    self.x += 1
    return self.x


# several augmented operators on attributes
def attr_ops(acc, n):
    acc.x += n
    acc.x *= 2
    acc.x -= 1
    acc.total += 0.5
    return acc.x


# a[i] += 1 on a list
def bump_index(a, i):
    a[i] += 1
    return a[i]


# d[k] -= 2 on a dict
def dec_key(d, k):
    d[k] -= 2
    return d[k]


# augmented assignment on a subscript of an attribute
def bump_nested(acc, i):
    acc.items[i] += 10
    acc.items[i] <<= 1
    return acc.items[i]


# augmented assignment inside a loop on a dict with string keys
def histogram(words):
    counts = {}
    for w in words:
        if w not in counts:
            counts[w] = 0
        counts[w] += 1
    return counts


# augmented string concatenation on a local
def joined(lst):
    s = ""
    for x in lst:
        s += str(x)
        s += ","
    return s


# list += list (inplace extend)
def extend_list(a, b):
    a += b
    a += [1]
    return len(a)


# instantiate and call the helpers
def aug_combo(n):
    acc = Acc()
    incr(acc)
    attr_ops(acc, n)
    return bump_nested(acc, 1) + acc.x
