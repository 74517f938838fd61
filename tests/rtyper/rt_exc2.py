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


class Plain(Exception):
    pass


def ints(lst):
    return "[" + ", ".join([str(x) for x in lst]) + "]"


def t_list_assign_index(argv):
    lst = [0] * len(argv)
    vals = [0, 2, 3, 9]
    for i in vals:
        try:
            lst[i] = i
            print("setitem ok", i)
        except IndexError:
            print("setitem error", i)
    print("setitem list", ints(lst))


def t_dict_del(argv):
    d = {"x": 1}
    vals = ["x", "x", argv[1]]
    for k in vals:
        try:
            del d[k]
            print("del ok", k)
        except KeyError:
            print("del missing", k)


def t_tuple_handler(argv):
    for k in range(3):
        try:
            if k == 0:
                raise LexError(0, "lex", 1)
            elif k == 1:
                raise Plain()
            print("tuple none")
        except (Plain, ParseError):
            print("tuple caught", k)


def always_raises(n):
    if n == 0:
        raise AppError(42, "bottom")
    return always_raises(n - 1) + 1


def t_always_raises(argv):
    try:
        print("always", always_raises(len(argv)))
    except AppError as e:
        print("always caught", e.code)



def entry_point(argv):
    t_list_assign_index(argv)
    t_dict_del(argv)
    t_tuple_handler(argv)
    t_always_raises(argv)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
