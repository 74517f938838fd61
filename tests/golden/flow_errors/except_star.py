# Refused: `except*` matches parts of an ExceptionGroup, and RPython has no
# exception groups.


def f(s):
    n = 0
    try:
        n = int(s)
    except* ValueError:  # <- error
        n = -1
    return n
