/* Sieve of Eratosthenes, the C twin of benchmarks/programs/sieve.py.
 * usage: sieve N [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *sieve(long n)
{
    char *flags = malloc(n > 0 ? (size_t)n : 1);
    if (!flags) {
        perror("malloc");
        exit(1);
    }
    memset(flags, 1, (size_t)n);
    if (n > 0)
        flags[0] = 0;
    if (n > 1)
        flags[1] = 0;
    for (long i = 2; i * i < n; i++)
        if (flags[i])
            for (long j = i * i; j < n; j += i)
                flags[j] = 0;
    return flags;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long rounds = argc > 2 ? atol(argv[2]) : 10;
    long count = 0, total = 0;
    for (long r = 0; r < rounds; r++) {
        char *flags = sieve(n);
        count = 0;
        total = 0;
        for (long k = 0; k < n; k++)
            if (flags[k]) {
                count++;
                total += k;
            }
        free(flags);
    }
    printf("primes below %ld: %ld\n", n, count);
    printf("sum: %ld\n", total);
    return 0;
}
