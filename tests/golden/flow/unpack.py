"""Tuple packing/unpacking."""


# swap via tuple packing/unpacking
def swap(a, b):
    a, b = b, a
    return a - b


# returning a tuple
def divmod_pair(a, b):
    return a // b, a % b


# unpacking a returned tuple
def use_divmod(a, b):
    q, r = divmod_pair(a, b)
    return q * 10 + r


# three-way rotation
def rotate(a, b, c):
    a, b, c = b, c, a
    return a * 100 + b * 10 + c


# unpacking in a for loop over dict.items()
def weighted(d):
    total = 0
    for k, v in d.items():
        total += len(k) * v
    return total


# unpacking in a for loop over list of tuples
def sum_pairs(lst):
    total = 0
    for a, b in lst:
        total += a * b
    return total


# nested unpacking
def nested(t):
    (a, b), c = t
    return a + b + c


# unpacking a list of fixed length
def from_list(lst):
    x, y = lst
    return x - y


# enumerate with tuple unpacking
def positions(lst, x):
    result = []
    for i, item in enumerate(lst):
        if item == x:
            result.append(i)
    return result


# fibonacci with parallel assignment
def fib(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a
