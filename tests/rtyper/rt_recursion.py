# Recursion: deep but bounded recursion works, unbounded recursion raises
# RecursionError that the program can catch (on CPython and translated).


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def forever(n):
    return forever(n + 1) + 1


def mutual_a(n):
    if n <= 0:
        return 1
    return mutual_b(n - 1) + 1


def mutual_b(n):
    if n <= 0:
        return 2
    return mutual_a(n - 2) * 1


def entry_point(argv):
    n = len(argv)
    print(depth(500 + n), mutual_a(300 + n))
    try:
        print(forever(n))
    except RecursionError:
        print("recursion error caught")
    # the stack is usable again afterwards
    print(depth(100 * n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
