"""Exceptions: user classes with attributes, except ... as, finally, re-raise."""


class AppError(Exception):
    # an error with a code and a message
    def __init__(self, code, msg):
        self.code = code
        self.msg = msg


class ParseError(AppError):
    pass


class LimitError(Exception):
    # an error carrying the limit
    def __init__(self, limit):
        self.limit = limit


# raising an instance with attributes
def check(code):
    if code > 2:
        raise AppError(code, "too big")
    return code


# catching it and reading its attributes
def error_code(code):
    try:
        check(code)
    except AppError as e:
        return e.code + len(e.msg)
    return 0


# a subclass raised and caught by the base class
def parse_digit(c):
    try:
        if not c.isdigit():
            raise ParseError(1, c)
        return ord(c) - ord("0")
    except AppError as e:
        return -e.code


# several except clauses
def classify(code):
    try:
        if code > 5:
            raise LimitError(5)
        check(code)
    except LimitError as e:
        return e.limit
    except AppError:
        return -1
    return 0


# try/finally runs the cleanup on both paths
def guarded(state, code):
    state.append(1)
    try:
        return check(code)
    finally:
        state.pop()


# bare raise re-raises the caught exception
def reraise(code):
    try:
        check(code)
    except AppError as e:
        if e.code > 10:
            raise
        return e.code
    return 0


# catching IndexError from list indexing
def safe_get(lst, i):
    try:
        return lst[i]
    except IndexError:
        return -1


# catching KeyError from dict indexing
def safe_lookup(d, k):
    try:
        return d[k]
    except KeyError:
        return 0


# catching ZeroDivisionError from //
def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return 0


# try/except/else
def try_else(code):
    try:
        x = check(code)
    except AppError:
        x = -1
    else:
        x += 100
    return x


# raising a builtin exception with a message, caught outside the loop
def first_negative(lst):
    try:
        for x in lst:
            if x < 0:
                raise ValueError("negative")
    except ValueError:
        return 1
    return 0


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    error_code(n + 2)
    parse_digit(s[0])
    parse_digit(str(n)[0])
    classify(n + 4)
    guarded([n], n)
    try:
        reraise(n + 20)
    except AppError:
        pass
    safe_get([n, n], n + 5)
    safe_lookup({s: n}, "zz")
    safe_div(n, n - 1)
    try_else(n)
    first_negative([n, -n])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
