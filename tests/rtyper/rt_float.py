"""Float repr: arithmetic, comparisons, conversions, str/repr, math."""
import math


def test_arith(n, s):
    a = n * 1.5
    b = 0.25 - n
    print("arith", a + b, a - b, a * b, a / b, -a, +b, a * 0.0)


def test_true_division_ints(n, s):
    print("truediv", n / 2, 7 / n, -7 / n, (n * 4) / 2, 1 / 3)


def test_mixed_int_float(n, s):
    f = 0.5
    print("mixed", n + f, f + n, n * f, n - f, f - n, n / f, f / n, n * 2.0)


def test_comparisons(n, s):
    a = n * 1.0
    b = 3.0
    c = 2.5
    print("cmp", a < b, a <= b, a == b, a != b, a > c, a >= c, c < a, -a < -c)


def test_compare_int_float(n, s):
    print("cmp mixed", n == 3.0, n < 3.5, n > 2.9, 3.0 == n, 2.99 < n, n != 3.0)


def test_float_of_int(n, s):
    print("float(int)", float(n), float(-n * 1000), float(0), float(1 << 53))


def test_int_of_float(n, s):
    vals = [n + 0.5, -n - 0.5, 0.1, -0.1, 1e18, -1e18, 2.0 ** 40]
    for f in vals:
        print("int(f)", int(f))


def test_str_repr(n, s):
    vals = [0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.0 / n, 100.0, 1e16, 1e-5, 123456789.125,
            1e22, 1.5e-10, 0.30000000000000004, n * 1e100, 5e-324]
    for f in vals:
        print("str", str(f), repr(f))


def test_str_concat_float(n, s):
    f = n * 0.1
    t = "val=" + str(f) + ";"
    print(t, len(t))


def test_print_floats(n, s):
    print(1.5, -0.0, n * 0.5, 10.0 ** 20, 1e-7)


def test_inf_nan(n, s):
    big = 1e308 * n
    inf = big * 10.0
    ninf = -inf
    nan = inf - inf
    print("inf", big, inf, ninf, nan, inf > big, nan == nan, nan != nan, ninf < -1e308)
    print("inf str", str(inf), repr(ninf), str(nan), inf == big, nan < 1.0, nan > 1.0)


def test_float_of_special_str(n, s):
    print("special", float("inf"), float("-inf"), float("nan"), float("-Infinity"))


def test_abs_min_max(n, s):
    a = -n * 1.25
    b = n * 0.5
    print("absminmax", abs(a), abs(b), min(a, b), max(a, b), max(a, b, 9.5), min(0.0, b))


def test_floordiv_mod(n, s):
    a = 7.5 + n
    print("fdivmod", a // 2.0, -a // 2.0, a % 2.0, -a % 2.0, a % -2.0, a // -4.0)


def test_pow(n, s):
    x = n * 1.0
    print("pow", x ** 2, x ** 0.5, 2.0 ** -n, x ** 0, (-x) ** 3)


def test_augassign(n, s):
    x = 1.0
    x += n
    x *= 2.5
    x -= 0.25
    x /= 4.0
    print("augassign", x)


def test_bool_of_float(n, s):
    z = n * 0.0
    print("bool(f)", bool(z), bool(n * 0.1), not z, not (n * 0.1))
    if z:
        print("z true")
    else:
        print("z false")


def test_float_loop(n, s):
    total = 0.0
    i = 0
    while i < 10 * n:
        total += 0.1
        i += 1
    print("loop", total, total == 3.0, abs(total - 3.0) < 1e-9)


def test_newton_sqrt(n, s):
    target = float(n * 7)
    x = target
    i = 0
    while i < 30:
        x = (x + target / x) / 2.0
        i += 1
    print("newton", x, x * x)


def test_zero_division(n, s):
    z = (n - 3) * 1.0
    try:
        print(1.0 / z)
    except ZeroDivisionError:
        print("float div by zero")


def test_float_int_eq(n, s):
    f = float(n)
    i = int(f)
    print("roundtrip", i == n, f == n, float(i) == f)


def test_math_misc(n, s):
    x = n + 0.75
    print("misc", math.fabs(-x), math.fmod(x, 2.0), math.fmod(-x, 2.0), math.pow(x, 2.0),
          math.hypot(3.0, 4.0 * n), math.log10(100.0 * n), math.trunc(-x), math.pi, math.e)


def test_math_sqrt_floor(n, s):
    x = n * 4.0 + 0.84
    print("math", math.sqrt(x), math.floor(x), math.ceil(x), math.floor(-x), math.ceil(-x))


def test_math_isinf(n, s):
    big = 1e308 * n
    nan = big - big
    print("isinf", math.isinf(big), math.isnan(nan), math.isnan(1.0), math.isfinite(1.0 * n))


def test_math_trig(n, s):
    x = n * 0.25
    print("trig", math.sin(x), math.cos(x), math.atan2(x, 1.0), math.exp(x), math.log(x))


def test_round(n, s):
    print("round", round(n * 1.5), round(-2.5), round(n * 0.5), round(-n * 0.5), round(n * 0.7))


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_arith(n, s)
    test_arith(n + 1, s)
    test_true_division_ints(n, s)
    test_mixed_int_float(n, s)
    test_comparisons(n, s)
    test_comparisons(n - 1, s)
    test_compare_int_float(n, s)
    test_float_of_int(n, s)
    test_int_of_float(n, s)
    test_str_repr(n, s)
    test_str_concat_float(n, s)
    test_print_floats(n, s)
    test_inf_nan(n, s)
    test_float_of_special_str(n, s)
    test_abs_min_max(n, s)
    test_floordiv_mod(n, s)
    test_pow(n, s)
    test_augassign(n, s)
    test_bool_of_float(n, s)
    test_bool_of_float(0, s)
    test_float_loop(n, s)
    test_newton_sqrt(n, s)
    test_zero_division(n, s)
    test_float_int_eq(n, s)
    test_math_isinf(n, s)
    test_math_sqrt_floor(n, s)
    test_math_trig(n, s)
    test_math_misc(n, s)
    test_round(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
