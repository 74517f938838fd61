"""Sieve of Eratosthenes over [0, N), run ROUNDS times.

usage: sieve.py N [ROUNDS]    (prints the number of primes below N and
their sum, once; ROUNDS defaults to 10)
A loop-and-array benchmark on a list of bools; the C twin is
benchmarks/c/sieve.c.
"""


def sieve(n):
    flags = [True] * n
    if n > 0:
        flags[0] = False
    if n > 1:
        flags[1] = False
    i = 2
    while i * i < n:
        if flags[i]:
            j = i * i
            while j < n:
                flags[j] = False
                j += i
        i += 1
    return flags


def entry_point(argv):
    n = 1000000
    rounds = 10
    if len(argv) > 1:
        n = int(argv[1])
    if len(argv) > 2:
        rounds = int(argv[2])
    count = 0
    total = 0
    for r in range(rounds):
        flags = sieve(n)
        count = 0
        total = 0
        for k in range(n):
            if flags[k]:
                count += 1
                total += k
    print("primes below %d: %d" % (n, count))
    print("sum: %d" % total)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
