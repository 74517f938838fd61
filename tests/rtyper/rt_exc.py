# Exceptions: custom hierarchies with attributes, raise/except by base class,
# `as e`, re-raise, try/finally, try/except/else/finally, exceptions crossing
# calls, exceptions raised by builtin operations.


class AppError(Exception):
    def __init__(self, code, msg):
        self.code = code
        self.msg = msg


class ParseError(AppError):
    def __init__(self, code, msg, pos):
        AppError.__init__(self, code, msg)
        self.pos = pos


class LexError(ParseError):
    pass


class RuntimeFault(AppError):
    pass


class Plain(Exception):
    pass


def ints(lst):
    return "[" + ", ".join([str(x) for x in lst]) + "]"


def check_positive(n):
    if n < 0:
        raise AppError(n, "negative")
    return n * 2


def t_simple(argv):
    vals = [len(argv), -len(argv), 0]
    for n in vals:
        try:
            r = check_positive(n)
            print("simple ok", r)
        except AppError as e:
            print("simple err", e.code, e.msg)


def parse_digit(s, pos):
    if len(s) == 0:
        raise LexError(1, "empty", pos)
    c = s[0]
    if c < "0" or c > "9":
        raise LexError(2, "not a digit: " + c, pos)
    return ord(c) - ord("0")


def t_subclass_caught_by_base(argv):
    vals = ["7", "x", "", argv[1]]
    for s in vals:
        try:
            print("sub ok", parse_digit(s, len(s)))
        except AppError as e:
            print("sub err", e.code, e.msg)


def t_subclass_attrs(argv):
    vals = ["q", "", "3"]
    for s in vals:
        try:
            print("subattr ok", parse_digit(s, len(argv)))
        except ParseError as e:
            print("subattr err", e.code, e.msg, e.pos)


def level3(n):
    if n % 3 == 0:
        raise RuntimeFault(n, "level3")
    return n + 1


def level2(n):
    return level3(n * 2) * 10


def level1(n):
    try:
        return level2(n) + 1
    finally:
        print("level1 finally", n)


def t_crossing(argv):
    vals = [len(argv), 3, 1]
    for n in vals:
        try:
            print("crossing", level1(n))
        except RuntimeFault as e:
            print("crossing caught", e.code, e.msg)


def reraiser(n):
    try:
        return level3(n)
    except RuntimeFault:
        print("reraiser saw", n)
        raise


def t_reraise(argv):
    vals = [len(argv) + 1, 0, 6]
    for n in vals:
        try:
            print("reraise", reraiser(n))
        except AppError as e:
            print("reraise outer", e.code)


def reraise_as(n):
    try:
        return level3(n)
    except RuntimeFault as e:
        raise AppError(e.code + 100, "wrapped " + e.msg)


def t_reraise_other(argv):
    vals = [len(argv) + 1, 3]
    for n in vals:
        try:
            print("reraise_other", reraise_as(n))
        except AppError as e:
            print("reraise_other caught", e.code, e.msg)


def try_else_finally(n, log):
    try:
        if n > 2:
            raise Plain()
        log.append(1)
    except Plain:
        log.append(2)
    else:
        log.append(3)
    finally:
        log.append(4)
    return len(log)


def t_else_finally(argv):
    log = []
    try_else_finally(len(argv), log)
    try_else_finally(len(argv) + 5, log)
    try_else_finally(0, log)
    print("else_finally", ints(log))


def finally_return(n):
    count = [0]
    try:
        if n > 1:
            return 10
        count[0] += 1
    finally:
        count[0] += 100
    return count[0]


def t_finally_return(argv):
    print("finally_return", finally_return(len(argv)), finally_return(0))


def t_index_error(argv):
    lst = [1, 2, 3]
    vals = [len(argv), 5, -1, -4]
    for i in vals:
        try:
            print("index", lst[i])
        except IndexError:
            print("index error", i)


def t_index_error_str(argv):
    s = argv[1]
    vals = [0, 1, len(argv) + 10]
    for i in vals:
        try:
            print("strindex", s[i])
        except IndexError:
            print("strindex error", i)


def t_key_error(argv):
    d = {"a": 1, "b": 2}
    vals = ["a", argv[1], "zz", argv[0]]
    for k in vals:
        try:
            print("key", d[k])
        except KeyError:
            print("key error", k == argv[0])


def t_zero_div(argv):
    vals = [len(argv), 0, -2]
    for d in vals:
        try:
            print("div", 17 // d)
        except ZeroDivisionError:
            print("div by zero")
        try:
            print("mod", 17 % d)
        except ZeroDivisionError:
            print("mod by zero")


def t_value_error(argv):
    vals = ["12", "x", "-7", argv[1], " 3 "]
    for s in vals:
        try:
            print("int", int(s))
        except ValueError:
            print("int error", s)


def t_pop_empty(argv):
    lst = [len(argv)]
    for i in range(3):
        try:
            print("pop", lst.pop())
        except IndexError:
            print("pop empty", i)


def raise_in_loop(n):
    total = 0
    for i in range(n):
        try:
            if i % 2 == 1:
                raise Plain()
            total += i
        except Plain:
            total += 100
    return total


def t_loop(argv):
    print("loop", raise_in_loop(len(argv) + 3), raise_in_loop(0))


def break_from_try(n):
    i = 0
    out = 0
    while True:
        try:
            i += 1
            if i > n:
                break
            out += i
        finally:
            out += 1000
    return out


def t_break_finally(argv):
    print("break_finally", break_from_try(len(argv)), break_from_try(0))


def continue_in_try(n):
    out = []
    for i in range(n):
        try:
            if i % 2 == 0:
                continue
            out.append(i)
        finally:
            out.append(-1)
    return out


def t_continue_finally(argv):
    print("continue_finally", ints(continue_in_try(len(argv) + 2)))


def nested(n):
    try:
        try:
            if n == 0:
                raise Plain()
            if n == 1:
                raise ParseError(1, "p", 5)
            return 0
        except Plain:
            return 1
        finally:
            print("inner finally", n)
    except AppError as e:
        return 10 + e.pos


def t_nested(argv):
    print("nested", nested(0), nested(1), nested(len(argv)))


def exc_from_method_chain(objs, i):
    return objs[i].value()


class Valued(object):
    def __init__(self, v):
        self.v = v

    def value(self):
        if self.v < 0:
            raise AppError(self.v, "neg value")
        return self.v


def t_method_raise(argv):
    objs = [Valued(1), Valued(-len(argv)), Valued(3)]
    for i in range(3):
        try:
            print("method_raise", exc_from_method_chain(objs, i))
        except AppError as e:
            print("method_raise app", e.code)


def t_multiple_handlers(argv):
    for k in range(4):
        try:
            if k == 0:
                raise LexError(0, "lex", 1)
            elif k == 1:
                raise RuntimeFault(1, "rt")
            elif k == 2:
                raise Plain()
            print("multi none", len(argv))
        except ParseError as e:
            print("multi parse", e.pos)
        except AppError as e:
            print("multi app", e.msg)
        except Plain:
            print("multi plain")


def recurse_raise(n):
    if n < 0:
        return 0
    if n == 0:
        raise AppError(42, "bottom")
    return recurse_raise(n - 1) + 1


def t_deep_raise(argv):
    vals = [len(argv) * 20, -1]
    for n in vals:
        try:
            print("deep", recurse_raise(n))
        except AppError as e:
            print("deep caught", e.code)


class Resource(object):
    def __init__(self):
        self.opened = 0
        self.closed = 0


RES = Resource()


def use_resource(n):
    RES.opened += 1
    try:
        if n > 1:
            raise Plain()
        return n
    finally:
        RES.closed += 1


def t_resource(argv):
    vals = [0, len(argv), 1]
    for n in vals:
        try:
            print("resource", use_resource(n))
        except Plain:
            print("resource failed")
    print("resource counts", RES.opened, RES.closed)


def catch_all(n):
    try:
        if n == 1:
            raise Plain()
        if n == 2:
            raise AppError(2, "x")
        return 0
    except Exception:
        return -1


def t_catch_exception(argv):
    print("catch_exception", catch_all(0), catch_all(1), catch_all(len(argv)))


def exc_value_escapes(n):
    try:
        raise ParseError(n, "m", n * 2)
    except ParseError as e:
        err = e
    return err


def t_exc_as_value(argv):
    e = exc_value_escapes(len(argv))
    print("exc_value", e.code, e.pos, e.msg)


def t_assert(argv):
    try:
        assert len(argv) > 100, "too short"
        print("assert passed")
    except AssertionError:
        print("assert failed")


def make_err(k):
    if k == 0:
        return ParseError(k, "made", 7)
    return AppError(k, "made")


def t_raise_instance_var(argv):
    vals = [0, len(argv)]
    for k in vals:
        try:
            raise make_err(k)
        except ParseError as e:
            print("raise_var parse", e.pos)
        except AppError as e:
            print("raise_var app", e.code)


def fail_with(n):
    raise AppError(n, "always")


def t_raise_only_function(argv):
    try:
        fail_with(len(argv))
        print("not reached")
    except AppError as e:
        print("raise_only", e.code, e.msg)



def entry_point(argv):
    t_simple(argv)
    t_subclass_caught_by_base(argv)
    t_subclass_attrs(argv)
    t_crossing(argv)
    t_reraise(argv)
    t_reraise_other(argv)
    t_else_finally(argv)
    t_finally_return(argv)
    t_index_error(argv)
    t_index_error_str(argv)
    t_key_error(argv)
    t_zero_div(argv)
    t_value_error(argv)
    t_pop_empty(argv)
    t_loop(argv)
    t_break_finally(argv)
    t_continue_finally(argv)
    t_nested(argv)
    t_method_raise(argv)
    t_multiple_handlers(argv)
    t_deep_raise(argv)
    t_resource(argv)
    t_catch_exception(argv)
    t_exc_as_value(argv)
    t_assert(argv)
    t_raise_instance_var(argv)
    t_raise_only_function(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
