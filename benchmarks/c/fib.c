/* Recursive Fibonacci, the C twin of benchmarks/programs/fib.py.
 * usage: fib N */
#include <stdio.h>
#include <stdlib.h>

static long fib(long n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

static long calls(long n)
{
    long a = 1, b = 1;
    for (long i = 0; i < n - 1; i++) {
        long c = 1 + a + b;
        a = b;
        b = c;
    }
    return b;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 30;
    printf("fib(%ld) = %ld\n", n, fib(n));
    printf("calls: %ld\n", calls(n));
    return 0;
}
