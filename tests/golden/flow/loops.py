"""Loops, branches, break/continue, conditional expressions, and/or values."""


# if / elif / else
def classify(n):
    if n < 0:
        return -1
    elif n == 0:
        return 0
    elif n < 10:
        return 1
    else:
        return 2


# simple while loop
def sum_below(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total


# while / else
def find_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        return n
    return d


# for over range with continue
def sum_odd(n):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            continue
        total += i
    return total


# for over list with break, for / else
def index_of(lst, x):
    i = 0
    for item in lst:
        if item == x:
            break
        i += 1
    else:
        return -1
    return i


# for over dict.items() with tuple unpacking
def sum_values_with_key(d, prefix):
    total = 0
    for k, v in d.items():
        if k.startswith(prefix):
            total += v
    return total


# nested loops with break from inner loop
def count_pairs(n, limit):
    count = 0
    for i in range(n):
        for j in range(n):
            if i + j > limit:
                break
            count += 1
    return count


# nested while loops with continue
def triangle(n):
    total = 0
    i = 0
    while i < n:
        i += 1
        if i == 3:
            continue
        j = 0
        while j < i:
            total += j
            j += 1
    return total


# conditional expression
def abs_or_zero(x, flag):
    y = x if x >= 0 else -x
    return y if flag else 0


# and / or short-circuit used as values
def pick(a, b, c):
    x = a and b
    y = a or c
    z = (a > 0 and b > 0) or c > 0
    return x + y + int(z)


# range with start, stop, step
def stepped(lo, hi):
    total = 0
    for i in range(hi, lo, -3):
        total += i
    return total


# calls of module functions from inside a loop
def classify_all(lst):
    total = 0
    for x in lst:
        total += classify(x) + find_divisor(x)
    return total
