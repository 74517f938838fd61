def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def entry_point(argv):
    print(fib(15), len(argv), "hello")
    total = 0
    for i in range(1, 30):
        total += collatz(i)
    print("collatz", total, -7 // 2, -7 % 2, 7 // -2)
    i = 1
    while i < len(argv):
        print("arg", argv[i])
        i += 1
    print(-9223372036854775807 - 1, -5, 0, 123456789, len(argv) - 10)
    return 3


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
