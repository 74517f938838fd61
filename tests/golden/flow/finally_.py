"""try/finally, including break/continue/return in try bodies and finally."""


class Counter(object):
    def __init__(self):
        self.value = 0


COUNTER = Counter()


# augmented assignment on a prebuilt instance attribute
def bump():
    COUNTER.value += 1


# helper that raises a class
def may_fail(n):
    if n > 5:
        raise ValueError
    return n


# simple try/finally
def simple_finally(n):
    try:
        x = may_fail(n)
    finally:
        bump()
    return x


# return inside the try body
def return_in_try(n):
    try:
        return may_fail(n)
    finally:
        bump()


# return inside the finally (swallows exception)
def return_in_finally(n):
    try:
        may_fail(n)
    finally:
        return n + 1


# break inside try body within a loop
def break_in_try(n):
    i = 0
    while True:
        try:
            if i >= n:
                break
            i += 1
        finally:
            bump()
    return i


# continue inside try body within a loop
def continue_in_try(n):
    total = 0
    for i in range(n):
        try:
            if i % 2 == 0:
                continue
            total += i
        finally:
            bump()
    return total


# break inside the finally block
def break_in_finally(n):
    i = 0
    while i < n:
        try:
            may_fail(i)
        finally:
            i += 1
            if i > 3:
                break
    return i


# continue inside the finally block
def continue_in_finally(n):
    total = 0
    for i in range(n):
        try:
            total += may_fail(i)
        finally:
            if i < 2:
                continue
            total += 1
    return total


# nested try/finally with return inside the inner try
def nested_finally(n):
    try:
        try:
            return may_fail(n)
        finally:
            bump()
    finally:
        COUNTER.value *= 2


# try/except nested inside try/finally
def except_in_finally(n):
    result = 0
    try:
        try:
            result = may_fail(n)
        except ValueError:
            result = -1
    finally:
        bump()
    return result


# try/except/finally in one statement
def except_and_finally(n):
    try:
        r = may_fail(n)
    except ValueError:
        r = 0
    else:
        r += 10
    finally:
        bump()
    return r
