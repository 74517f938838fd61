"""Iteration: for over lists, dicts, ranges, strs, bytes, enumerate, reversed."""


# for over a list of ints
def sum_list(lst):
    total = 0
    for x in lst:
        total += x
    return total


# for over a dict gives its keys
def key_lengths(d):
    total = 0
    for k in d:
        total += len(k) + d[k]
    return total


# for over dict.items() with unpacking
def weighted(d):
    total = 0
    for k, v in d.items():
        total += len(k) * v
    return total


# for over a range with a step
def evens(n):
    out = []
    for i in range(0, n, 2):
        out.append(i)
    return out


# for over a str gives one-char strs
def upper_count(s):
    n = 0
    for c in s:
        if c.isupper():
            n += 1
    return n


# for over bytes gives ints
def byte_sum(b):
    total = 0
    for x in b:
        total += x
    return total


# for over enumerate(list)
def index_of_max(lst):
    best = 0
    for i, x in enumerate(lst):
        if x > lst[best]:
            best = i
    return best


# for over reversed(list)
def reverse_join(words):
    out = ""
    for w in reversed(words):
        out += w
    return out


# break and continue
def first_multiple(lst, k):
    for x in lst:
        if x == 0:
            continue
        if x % k == 0:
            return x
        if x > 100:
            break
    return -1


# for ... else
def contains(lst, y):
    for x in lst:
        if x == y:
            break
    else:
        return False
    return True


# nested loops over ranges
def triangle(n):
    count = 0
    for i in range(n):
        for j in range(i):
            count += j
    return count


# a while loop with an index into a list
def index_walk(lst):
    i = 0
    total = 0
    while i < len(lst):
        total += lst[i]
        i += 1
    return total


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    lst = [n, n + 3, 0, n * 2]
    d = {s: n, "b": 2}
    sum_list(lst)
    key_lengths(d)
    weighted(d)
    evens(n + 6)
    upper_count(s)
    byte_sum(s.encode("utf-8"))
    index_of_max(lst)
    reverse_join(argv)
    first_multiple(lst, 3)
    contains(lst, n)
    triangle(n + 3)
    index_walk(lst)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
