"""f-strings, %-formatting and print calls."""


# f-string with plain values
def greet(name, n):
    return f"hello {name}, you are number {n}"


# f-string with integer format spec
def padded(x):
    return f"[{x:5d}]"


# f-string with float format spec
def money(y):
    return f"total: {y:.2f}"


# f-string with !r conversion
def show_repr(s):
    return f"value={s!r}"


# f-string mixing conversion, spec and expressions
def row(name, count, ratio):
    return f"{name!r:>10} {count + 1:3d} {ratio * 100:.1f}%"


# string %-formatting with a single value
def percent_one(n):
    return "n=%d" % n


# string %-formatting with a tuple
def percent_tuple(name, x):
    return "%s: %.3f (%d)" % (name, x, int(x))


# print with a single argument
def print_one(s):
    print(s)


# print with several arguments, sep= and end=
def print_sep(a, b):
    print(a, b, sep=", ", end="!\n")


# print with no arguments and with only end=
def print_empty(s):
    print()
    print(s, end="")


# calls the formatting helpers and prints the results
def report(name, count, ratio):
    line = row(name, count, ratio)
    print(greet(name, count), line, money(ratio))
    return len(line)
