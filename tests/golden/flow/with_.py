"""with statements on prebuilt context manager instances."""


class Resource(object):
    def __init__(self, name):
        self.name = name
        self.depth = 0
        self.log = []

    def __enter__(self):
        self.depth += 1
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.depth -= 1
        return False

    def write(self, s):
        self.log.append(s)


class Suppressor(object):
    def __init__(self):
        self.count = 0

    def __enter__(self):
        return self.count

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is not None:
            self.count += 1
            return True
        return False


RES = Resource("main")
OTHER = Resource("other")
SUPPRESS = Suppressor()


# with without as
def with_plain(x):
    with RES:
        y = x + 1
    return y


# with ... as x
def with_as(s):
    with RES as r:
        r.write(s)
    return len(RES.log)


# with whose body returns
def with_return(x):
    with RES:
        return x * 2


# nested with statements
def with_nested(s):
    with RES as a:
        with OTHER as b:
            a.write(s)
            b.write(s)
    return RES.depth + OTHER.depth


# with using two managers in one statement
def with_two(s):
    with RES as a, OTHER as b:
        a.write(b.name)
    return s


# with inside a loop, with break
def with_in_loop(n):
    i = 0
    while True:
        with RES:
            i += 1
            if i >= n:
                break
    return i


# with whose body may raise, manager suppresses
def with_suppress(n):
    with SUPPRESS as c:
        if n < 0:
            raise ValueError
        n += c
    return n


# call module functions that use with
def with_caller(x):
    return with_plain(x) + with_return(x)
