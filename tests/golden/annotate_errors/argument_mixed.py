# Refused: f's argument is an int at one call and a str at another; an RPython
# function has one type per argument (unless specialized).


def f(x):
    return x


def entry_point(argv):
    f(len(argv))
    f(argv[0])  # <- error
    return 0
