"""Integer repr: arithmetic, division/modulo of negatives, shifts, bit
operations, comparisons, builtins, conversions, r_uint/intmask."""
from futamura.rlib.rarithmetic import r_uint, intmask, ovfcheck, sys_maxint


def test_add_sub_mul(n, s):
    a = n * 7 - 5
    b = -n - 11
    print("addsubmul", a + b, a - b, a * b, b * b, -a, +b, a + 0, 0 - a)


def test_floordiv_signs(n, s):
    vals = [7 + n, -7 - n, 13 * n, -13 * n]
    divs = [2, -2, n, -n, 5, -5]
    for x in vals:
        line = ""
        for y in divs:
            line += " " + str(x // y)
        print("floordiv", x, line)


def test_mod_signs(n, s):
    vals = [7 + n, -7 - n, 13 * n, -13 * n, 0]
    divs = [2, -2, n, -n, 5, -5]
    for x in vals:
        line = ""
        for y in divs:
            line += " " + str(x % y)
        print("mod", x, line)


def test_divmod_identity(n, s):
    ok = True
    divs = [-7, -3, -1, 1, 3, 7, n]
    x = -50
    while x <= 50:
        for y in divs:
            q = x // y
            r = x % y
            if q * y + r != x:
                ok = False
            if r != 0 and (r < 0) != (y < 0):
                ok = False
        x += 1
    print("divmod identity", ok)


def test_zero_division(n, s):
    d = n - len(s) - 2
    try:
        x = n // d
        print("no error", x)
    except ZeroDivisionError:
        print("floordiv by zero caught")
    try:
        x = n % d
        print("no error", x)
    except ZeroDivisionError:
        print("mod by zero caught")


def test_shifts(n, s):
    x = n + 5
    print("shifts", x << 3, x >> 1, -x >> 1, -x << 2, 1 << (n + 50), x >> 63, -x >> 63)
    y = -1
    print("shift neg", y >> n, y << n, (-100) >> n)


def test_bitops(n, s):
    a = 0x5a5a + n
    b = 0x0ff0 - n
    print("bitops", a & b, a | b, a ^ b, ~a, ~b, ~0, -a & 0xff, -b | 3, (-a) ^ (-b))


def test_comparisons(n, s):
    a = n
    b = 3
    c = -n
    print("cmp", a < b, a <= b, a == b, a != b, a > b, a >= b, c < a, c > a, c == -a)


def test_chained_compare(n, s):
    print("chain", 0 < n < 10, 0 < n < 2, n == 3 == n, -5 <= -n <= 0)


def test_abs_min_max(n, s):
    a = -n * 4
    b = n + 1
    print("absminmax", abs(a), abs(b), abs(0), min(a, b), max(a, b), min(b, a, 0), max(a, b, 100))


def test_int_of_str(n, s):
    strs = ["0", "42", "-17", "  123  ", "+8", "007", str(n * 1000)]
    for t in strs:
        print("int(str)", t, int(t))


def test_int_of_str_base(n, s):
    print("base", int("ff", 16), int("FF", 16), int("-101", 2), int("777", 8), int("z", 36), int("10", n))


def test_int_of_bad_str(n, s):
    strs = ["", "abc", "1.5", "12a", s, "- 3"]
    for t in strs:
        try:
            print("int ok", int(t))
        except ValueError:
            print("int ValueError", len(t))


def test_int_of_float(n, s):
    f = n * 1.75
    g = -f
    print("int(float)", int(f), int(g), int(0.999), int(-0.999), int(1e15), int(-2.5))


def test_int_of_bool(n, s):
    t = n > 2
    f = n > 10
    print("int(bool)", int(t), int(f), t + t, f + 1, t * 10)


def test_str_repr_of_int(n, s):
    x = -n * 12345
    print("str(int)", str(x), repr(x), str(0), str(n), str(-sys_maxint - 1), str(sys_maxint))
    print("len str", len(str(x)), str(x)[1:3])


def test_hex_oct_bin(n, s):
    x = 255 + n
    print("hexoct", hex(x), oct(x), bin(x), hex(-x), oct(-n), bin(0), hex(0))


def test_augassign(n, s):
    x = n
    x += 10
    x -= 3
    x *= 7
    x //= 2
    x %= 17
    x <<= 4
    x >>= 1
    x &= 0x7c
    x |= 1
    x ^= 0x55
    print("augassign", x)


def test_pow(n, s):
    print("pow", n ** 2, 2 ** (n + 10), (-n) ** 3, 7 ** 0, (-2) ** 11)


def test_loop_sum(n, s):
    total = 0
    i = -n
    while i < 100:
        total += i * i - 3 * i
        i += 1
    print("loop sum", total)


def test_wraparound(n, s):
    big = sys_maxint - n + 1
    print("intmask", intmask(big + n), intmask(big * 4), intmask(-big * 4))


def test_ovfcheck(n, s):
    x = sys_maxint - n
    try:
        y = ovfcheck(x + n)
        print("no overflow", y)
    except OverflowError:
        print("overflow 1")
    try:
        y = ovfcheck(x + n + 1)
        print("no overflow", y)
    except OverflowError:
        print("overflow 2")
    try:
        y = ovfcheck(x * 2)
        print("no overflow", y)
    except OverflowError:
        print("overflow 3")


def test_r_uint(n, s):
    u = r_uint(n)
    v = r_uint(-1)
    w = v + u
    print("r_uint", intmask(w), intmask(v // r_uint(2)), intmask(u * r_uint(5)), intmask(v >> 60), v > u)


def test_r_uint_cmp(n, s):
    a = r_uint(-n)
    b = r_uint(n)
    print("ucmp", a > b, a < b, a == b, b >= r_uint(3), intmask(a - b), intmask(a % r_uint(10)))


def test_bool_of_int(n, s):
    z = n - 3
    print("bool(int)", bool(n), bool(z), not n, not z)
    if z:
        print("z true")
    else:
        print("z false")


def test_int_identity_ops(n, s):
    x = n * 1000003
    print("identity", x * 1, x // 1, x % 1, x | 0, x & -1, x ^ 0, x << 0, x >> 0)


def test_gcd(n, s):
    a = 1071 * n
    b = 462
    while b:
        a, b = b, a % b
    print("gcd", a)


def test_fact_digits(n, s):
    f = 1
    i = 1
    while i <= 20:
        f *= i
        i += 1
    digits = 0
    while f > 0:
        digits += f % 10
        f //= 10
    print("digitsum", digits)


def test_negative_literal_ops(n, s):
    print("negs", -n // 1, -(n // 2), (-n) // 2, -n % 2, -(n % 2), -n * -n)


def test_int_in_conditions(n, s):
    x = n
    r = 0
    if x > 2 and x < 4:
        r += 1
    if x < 0 or x == 3:
        r += 10
    if not (x == 4):
        r += 100
    print("cond", r, x if x > 1 else -x, (x > 1) and x or 99)


def test_range_sum(n, s):
    t = 0
    for i in range(n, 30, 4):
        t += i
    for i in range(10, -n, -3):
        t -= i
    print("range", t)


def test_iter_tuple_literal(n, s):
    t = 0
    for y in [1, 2, n]:
        t += y
    for z in (10, 20, 30):
        t += z
    print("tuple iter", t)


def test_popcount(n, s):
    total = 0
    x = 0
    while x < 64 * n:
        v = x
        c = 0
        while v:
            c += v & 1
            v >>= 1
        total += c
        x += 1
    print("popcount", total)


def test_int_sign_tricks(n, s):
    vals = [n, -n, 0, 12345, -12345]
    for v in vals:
        sign = (v > 0) - (v < 0)
        print("sign", v, sign, v * sign, (v >> 63) | 1, v & (v - 1), v ^ (v >> 63))


def test_collatz_max(n, s):
    best = 0
    arg = 0
    i = 1
    while i < 200 * n:
        x = i
        steps = 0
        while x != 1:
            if x & 1:
                x = 3 * x + 1
            else:
                x >>= 1
            steps += 1
        if steps > best:
            best = steps
            arg = i
        i += 1
    print("collatz", arg, best)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_add_sub_mul(n, s)
    test_add_sub_mul(-n, s)
    test_floordiv_signs(n, s)
    test_mod_signs(n, s)
    test_divmod_identity(n, s)
    test_zero_division(n, s)
    test_shifts(n, s)
    test_bitops(n, s)
    test_comparisons(n, s)
    test_comparisons(n + 1, s)
    test_chained_compare(n, s)
    test_abs_min_max(n, s)
    test_int_of_str(n, s)
    test_int_of_str_base(n, s)
    test_int_of_bad_str(n, s)
    test_int_of_float(n, s)
    test_int_of_bool(n, s)
    test_str_repr_of_int(n, s)
    test_hex_oct_bin(n, s)
    test_augassign(n, s)
    test_pow(n, s)
    test_loop_sum(n, s)
    test_wraparound(n, s)
    test_ovfcheck(n, s)
    test_r_uint(n, s)
    test_r_uint_cmp(n, s)
    test_bool_of_int(n, s)
    test_bool_of_int(3, s)
    test_int_identity_ops(n, s)
    test_gcd(n, s)
    test_fact_digits(n, s)
    test_negative_literal_ops(n, s)
    test_int_in_conditions(n, s)
    test_int_in_conditions(n + 1, s)
    test_range_sum(n, s)
    test_iter_tuple_literal(n, s)
    test_popcount(n, s)
    test_int_sign_tricks(n, s)
    test_collatz_max(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
