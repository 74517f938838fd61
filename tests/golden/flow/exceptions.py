"""try/except, raise, re-raise, user exception classes."""


class AppError(Exception):
    def __init__(self, code, msg):
        self.code = code
        self.msg = msg


class ParseError(AppError):
    pass


class LimitError(Exception):
    pass


# raise of a class
def check_positive(n):
    if n < 0:
        raise ValueError
    return n


# raise of an instance with arguments
def fail(code):
    if code != 0:
        raise AppError(code, "failed")
    return 0


# try/except with a single class
def safe_check(n):
    try:
        return check_positive(n)
    except ValueError:
        return 0


# try/except with a tuple of classes
def safe_either(n):
    try:
        check_positive(n)
        fail(n)
    except (ValueError, AppError):
        return -1
    return n


# except ... as e, using e's attributes
def error_code(code):
    try:
        fail(code)
    except AppError as e:
        return e.code + len(e.msg)
    return 0


# try/except/else
def try_else(n):
    try:
        x = check_positive(n)
    except ValueError:
        x = -1
    else:
        x += 100
    return x


# bare raise re-raise inside except
def reraise(code):
    try:
        fail(code)
    except AppError as e:
        if e.code > 10:
            raise
        return e.code
    return 0


# raise X from None
def translate(code):
    try:
        fail(code)
    except AppError:
        raise LimitError from None
    return code


# subclass exception caught by base class, multiple except clauses
def parse_digit(c):
    try:
        if not c.isdigit():
            raise ParseError(1, c)
        return ord(c) - ord("0")
    except ParseError as e:
        return -e.code
    except AppError:
        return -100


# exception raised inside a loop, caught outside
def first_negative(lst):
    try:
        for x in lst:
            check_positive(x)
    except ValueError:
        return 1
    return 0


# exception caught inside a loop body
def count_failures(lst):
    failures = 0
    for x in lst:
        try:
            fail(x)
        except AppError:
            failures += 1
    return failures
