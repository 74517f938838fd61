# futamura: rtype --after backendopt -O2 --no-positions --show sum_range
# Inlining of the range iterator's helpers, then malloc removal of the
# iterator, constant propagation and folding: the loop is a counter (no
# iterator struct, no calls), and the StopIteration of its end is neither
# allocated nor tested (the class test folds, the write-only instance goes).


def sum_range(n):
    s = 0
    for i in range(n):
        s += i * 2
    return s


def entry_point(argv):
    print(sum_range(len(argv) * 10))
    return 0
