# RPython refuses **kwargs parameters: the set of keywords is unknown statically.


def f(a, **kwargs):  # <- error
    return a
