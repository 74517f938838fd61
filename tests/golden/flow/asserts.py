"""assert statements."""


# assert without a message
def checked_div(a, b):
    assert b != 0
    return a // b


# assert with a message
def checked_index(lst, i):
    assert 0 <= i < len(lst), "index out of range"
    return lst[i]


# assert with a formatted message
def checked_positive(n):
    assert n > 0, "expected positive, got %d" % n
    return n


# assert isinstance for type narrowing
def checked_str(x):
    assert isinstance(x, str)
    return len(x)


# assert inside a loop
def all_small(lst, limit):
    for x in lst:
        assert x < limit
    return True


# assert with and/or condition, calling other asserting functions
def checked_combo(a, b):
    assert a is not None and b is not None, "missing"
    return checked_div(a, b) + checked_positive(a)
