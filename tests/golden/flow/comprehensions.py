"""List, dict and set comprehensions."""


# simple list comprehension
def squares(n):
    return [i * i for i in range(n)]


# list comprehension with if filter
def evens(lst):
    return [x for x in lst if x % 2 == 0]


# list comprehension with nested fors
def pairs(n, m):
    return [i * m + j for i in range(n) for j in range(m)]


# list comprehension reading a local of the enclosing function
def scaled(lst, factor):
    offset = factor + 1
    return [x * factor + offset for x in lst]


# dict comprehension
def index_map(lst):
    return {x: i for i, x in enumerate(lst)}


# dict comprehension with filter and enclosing local
def above(d, limit):
    lo = limit - 1
    return {k: v for k, v in d.items() if v > lo}


# set comprehension
def residues(lst, m):
    return {x % m for x in lst}


# set comprehension with nested for and filter
def distinct_sums(a, b):
    return {x + y for x in a for y in b if x != y}


# comprehension whose element calls a module function
def all_squares(n):
    return [len(squares(i)) for i in range(n)]


# using comprehension results from other functions
def comprehension_combo(lst):
    e = evens(lst)
    r = residues(lst, 3)
    return len(e) + len(r)
