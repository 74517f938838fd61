# Refused: on the path where the `if` is not taken, `result` is read before it
# is assigned, and the flow space does not allow reading a possibly-undefined local.


def f(flag):
    if flag:
        result = 1
    return result  # <- error
