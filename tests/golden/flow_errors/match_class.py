# Refused: class patterns in `match` statements (MATCH_CLASS) do dynamic
# isinstance and attribute lookups that RPython does not support.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def f(p):
    match p:
        case Point(x=0):  # <- error
            return 1
        case _:
            return 0
