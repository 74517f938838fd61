"""Implicit exceptions raised by operations and caught locally."""


# IndexError from list indexing
def get_or_default(lst, i):
    try:
        x = lst[i]
    except IndexError:
        x = -1
    return x


# KeyError from dict lookup
def lookup_or_zero(d, k):
    try:
        v = d[k]
    except KeyError:
        v = 0
    return v


# ZeroDivisionError from floor division
def safe_floordiv(a, b):
    try:
        q = a // b
    except ZeroDivisionError:
        q = 0
    return q


# ZeroDivisionError from modulo, with else clause
def safe_mod(a, b):
    try:
        r = a % b
    except ZeroDivisionError:
        return -1
    else:
        return r


# ValueError from int() on a string
def parse_int(s):
    try:
        n = int(s)
    except ValueError:
        n = 0
    return n


# IndexError from list indexing on store
def safe_store(lst, i, v):
    try:
        lst[i] = v
    except IndexError:
        return False
    return True


# KeyError inside a loop, continue on miss
def sum_known(d, keys):
    total = 0
    for k in keys:
        try:
            total += d[k]
        except KeyError:
            continue
    return total


# IndexError caught together with KeyError
def double_lookup(lst, d, i):
    try:
        k = lst[i]
        return d[k]
    except (IndexError, KeyError):
        return -1


# calls other implicit-exception helpers
def parse_and_divide(s, t):
    return safe_floordiv(parse_int(s), parse_int(t))
