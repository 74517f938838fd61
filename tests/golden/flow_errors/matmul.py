# RPython has no matrix multiplication operator.


def f(a, b):
    return a @ b  # <- error
