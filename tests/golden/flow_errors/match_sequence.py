# Refused: sequence patterns in `match` statements (MATCH_SEQUENCE) test the
# kind of the subject at run time, which RPython does not support.


def f(lst):
    match lst:
        case [a, b]:  # <- error
            return a + b
        case _:
            return 0
