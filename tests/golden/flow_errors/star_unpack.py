# Refused: extended unpacking (`a, *rest = ...`, UNPACK_EX) makes a list whose
# length is only known at run time, which RPython does not support.


def f(lst):
    a, *rest = lst  # <- error
    return a + len(rest)
