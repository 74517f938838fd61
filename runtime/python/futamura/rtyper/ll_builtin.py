"""System helpers for builtins and iteration, in low-level Python.

Iterators over lists and strings are structs {seq, index}; `ll_listnext`
and `ll_strnext` return the next item or raise StopIteration. Truth values
and str() of the primitive kinds, shifts with Python's checks, integer
powers, and float formatting through the external functions of the runtime.
"""

from futamura.rlib.rarithmetic import intmask, r_uint
from futamura.rtyper.extfunc import external
from futamura.rtyper.lltype import (Float, Signed, UniChar, cast_primitive, identityhash, malloc, nullptr,
                                    typeOf)
from futamura.rtyper.ll_math import _copysign, ll_math_floor
from futamura.rtyper.ll_str import STR, _ll_group, _ll_isspace_code, _ll_layout, ll_strconcat


@external("ll_float_repr", [Float], STR)
def _float_repr(x):
    s = repr(x)
    p = malloc(STR.TO, len(s))
    i = 0
    while i < len(s):
        p.chars[i] = s[i]
        i += 1
    return p


@external("ll_float_format", [Float, Signed, Signed], STR)
def _float_format(x, code, precision):
    fmt = "%." + str(precision if precision >= 0 else 6) + chr(code)
    s = fmt % x
    p = malloc(STR.TO, len(s))
    i = 0
    while i < len(s):
        p.chars[i] = s[i]
        i += 1
    return p


def ll_float_repr(x):
    return _float_repr(x)


def ll_float_format(x, code, precision):
    return _float_format(x, code, precision)


def ll_listnext(it):
    lst = it.seq
    i = it.index
    if i >= lst.length:
        raise StopIteration
    it.index = i + 1
    return lst.items[i]


def ll_listnext_reversed(it):
    i = it.index - 1
    if i < 0:
        raise StopIteration
    lst = it.seq
    if i >= lst.length:
        raise StopIteration
    it.index = i
    return lst.items[i]


def ll_strnext(it):
    s = it.seq
    i = it.index
    if i >= len(s.chars):
        raise StopIteration
    it.index = i + 1
    return s.chars[i]


def ll_str_is_true(s):
    if not s:
        return False
    return len(s.chars) > 0


def ll_list_is_true(lst):
    if not lst:
        return False
    return lst.length > 0


def _ll_from_ascii3(STRTYPE, a, b, c, d, n):
    p = malloc(STRTYPE.TO, n)
    p.chars[0] = cast_primitive(STRTYPE.TO.chars.OF, a)
    p.chars[1] = cast_primitive(STRTYPE.TO.chars.OF, b)
    p.chars[2] = cast_primitive(STRTYPE.TO.chars.OF, c)
    if n > 3:
        p.chars[3] = cast_primitive(STRTYPE.TO.chars.OF, d)
    return p


def ll_str_or_none(s):
    if not s:
        return _ll_from_ascii3(typeOf(s), 78, 111, 110, 101, 4)  # None
    return s


def ll_bool2str(STRTYPE, i):
    if i:
        return _ll_from_ascii3(STRTYPE, 84, 114, 117, 101, 4)  # True
    p = malloc(STRTYPE.TO, 5)  # False
    p.chars[0] = cast_primitive(STRTYPE.TO.chars.OF, 70)
    p.chars[1] = cast_primitive(STRTYPE.TO.chars.OF, 97)
    p.chars[2] = cast_primitive(STRTYPE.TO.chars.OF, 108)
    p.chars[3] = cast_primitive(STRTYPE.TO.chars.OF, 115)
    p.chars[4] = cast_primitive(STRTYPE.TO.chars.OF, 101)
    return p


def ll_strlt(a, b):
    n = len(a.chars)
    m = len(b.chars)
    i = 0
    while i < n and i < m:
        x = a.chars[i]
        y = b.chars[i]
        if x != y:
            return x < y
        i += 1
    return n < m


def ll_int_lshift(x, y):
    if y < 0:
        raise ValueError
    if y >= 64:
        return 0
    return intmask(x << y)


def ll_int_rshift(x, y):
    if y < 0:
        raise ValueError
    if y >= 64:
        if x < 0:
            return -1
        return 0
    return x >> y


def ll_uint_lshift(x, y):
    if y < 0:
        raise ValueError
    return x << y


def ll_uint_rshift(x, y):
    if y < 0:
        raise ValueError
    return x >> y


def ll_int_pow(x, y):
    if y < 0:
        raise ValueError
    result = 1
    while y > 0:
        if y & 1:
            result = intmask(result * x)
        x = intmask(x * x)
        y = y >> 1
    return result


def ll_chr(i):
    if i < 0 or i > 1114111:
        raise ValueError
    return cast_primitive(UniChar, i)


def ll_select(cond, a, b):
    if cond:
        return a
    return b


@external("ll_str_to_float", [STR], Float)
def _str_to_float(s):
    return float("".join([s.chars[i] for i in range(len(s.chars))]))


_INF = 1e300 * 1e300


def _ll_ci(s, i, lower):
    """Whether s.chars[i] is the ASCII letter `lower` in either case."""
    c = ord(s.chars[i])
    return c == lower or c == lower - 32


def _ll_digit_run(s, i, stop):
    """The end of the run of ASCII digits from i, single underscores allowed
    between digits; -1 if an underscore is misplaced."""
    start = i
    while i < stop:
        c = ord(s.chars[i])
        if c >= 48 and c <= 57:
            i += 1
        elif c == 95 and i > start and i + 1 < stop and ord(s.chars[i + 1]) >= 48 and \
                ord(s.chars[i + 1]) <= 57:
            i += 1
        elif c == 95:
            return -1
        else:
            return i
    return i


def ll_str2float(s):
    """float(s) as CPython: surrounding whitespace is ignored, 'inf',
    'infinity' and 'nan' in any case with an optional sign, else a decimal
    number ([sign] digits [. digits] [e [sign] digits], underscores between
    digits). Hexadecimal and the C library's 'nan(...)' are refused
    (ValueError). Only ASCII digits are accepted."""
    n = len(s.chars)
    i = 0
    while i < n and _ll_isspace_code(typeOf(s), ord(s.chars[i])):
        i += 1
    while n > i and _ll_isspace_code(typeOf(s), ord(s.chars[n - 1])):
        n -= 1
    k = i
    neg = False
    if k < n and (ord(s.chars[k]) == 43 or ord(s.chars[k]) == 45):
        neg = ord(s.chars[k]) == 45
        k += 1
    m = n - k
    if (m == 3 or m == 8) and _ll_ci(s, k, 105) and _ll_ci(s, k + 1, 110) and _ll_ci(s, k + 2, 102):
        if m == 3 or (_ll_ci(s, k + 3, 105) and _ll_ci(s, k + 4, 110) and _ll_ci(s, k + 5, 105) and
                      _ll_ci(s, k + 6, 116) and _ll_ci(s, k + 7, 121)):
            if neg:
                return 0.0 - _INF
            return _INF
    if m == 3 and _ll_ci(s, k, 110) and _ll_ci(s, k + 1, 97) and _ll_ci(s, k + 2, 110):
        x = _INF
        if neg:
            return x - x
        return x - x
    # The decimal syntax; a copy without underscores for the C library.
    j = _ll_digit_run(s, k, n)
    if j < 0:
        raise ValueError
    ndigits = j - k
    if j < n and ord(s.chars[j]) == 46:
        f = _ll_digit_run(s, j + 1, n)
        if f < 0 or (f > j + 1 and ord(s.chars[j + 1]) == 95):
            raise ValueError
        ndigits += f - j - 1
        j = f
    if ndigits == 0:
        raise ValueError
    if j < n and (ord(s.chars[j]) == 101 or ord(s.chars[j]) == 69):
        j += 1
        if j < n and (ord(s.chars[j]) == 43 or ord(s.chars[j]) == 45):
            j += 1
        e = _ll_digit_run(s, j, n)
        if e <= j:
            raise ValueError
        j = e
    if j != n:
        raise ValueError
    clean = malloc(STR.TO, n - i)
    p = 0
    while i < n:
        c = ord(s.chars[i])
        if c != 95:
            clean.chars[p] = cast_primitive(UniChar, c)
            p += 1
        i += 1
    if p < len(clean.chars):
        clean = _ll_splice(clean, p, len(clean.chars), -1)
    return _str_to_float(clean)


def ll_round_ndigits(x, ndigits):
    """round(x, ndigits), correctly rounded as CPython: x is formatted with
    the C library (%.<ndigits>f, or %e to the needed significant digits when
    ndigits < 0) and parsed back. OverflowError if the rounded value is too
    large for a float."""
    if x - x != 0.0 or x == 0.0 or ndigits > 330:
        return x  # inf, nan, zeros; beyond the last digit of any float
    if ndigits >= 0:
        return _str_to_float(_float_format(x, 102, ndigits))
    a = x
    if a < 0.0:
        a = -a
    exp = _ll_exponent(_float_format(a, 101, 16))
    sig = exp + 1 + ndigits  # significant digits kept
    r = 0.0
    if sig > 0:
        r = _str_to_float(_float_format(a, 101, sig - 1))
        if r - r != 0.0:
            raise OverflowError
    elif sig == 0:
        # 0 or 10**-ndigits: the half way point is 5e(-ndigits - 1).
        half = _str_to_float(_ll_exp_literal(53, -ndigits - 1))
        if a > half:
            r = _str_to_float(_ll_exp_literal(49, -ndigits))
            if r - r != 0.0:
                raise OverflowError
    if x < 0.0:
        return -r
    return r


def _ll_exp_literal(digit, exp):
    """The STR chr(digit) + 'e' + str(exp), for 0 <= exp."""
    nd = 1
    t = exp
    while t >= 10:
        t = t // 10
        nd += 1
    r = malloc(STR.TO, 2 + nd)
    r.chars[0] = cast_primitive(UniChar, digit)
    r.chars[1] = cast_primitive(UniChar, 101)
    k = 1 + nd
    while k >= 2:
        r.chars[k] = cast_primitive(UniChar, 48 + exp % 10)
        exp = exp // 10
        k -= 1
    return r


def ll_round_int_ndigits(x, ndigits):
    """round(x, ndigits) for an int: halves to even when ndigits < 0."""
    if ndigits >= 0:
        return x
    if ndigits < -18:
        return 0
    p = 1
    while ndigits < 0:
        p = p * 10
        ndigits += 1
    a = x
    if a < 0:
        a = 0 - a
    q = a // p
    rem = a - q * p
    if rem * 2 > p or (rem * 2 == p and q % 2 == 1):
        q += 1
    if x < 0:
        return 0 - q * p
    return q * p


def ll_range(LIST, start, stop, step):
    if step == 0:
        raise ValueError
    n = 0
    if step > 0:
        if stop > start:
            n = (stop - start + step - 1) // step
    else:
        if start > stop:
            n = (start - stop - step - 1) // (0 - step)
    lst = malloc(LIST.TO)
    lst.length = n
    lst.items = malloc(LIST.TO.items.TO, n)
    i = 0
    v = start
    while i < n:
        lst.items[i] = v
        v += step
        i += 1
    return lst


def ll_listnext_enumerate(TUPLE, it):
    """next() of enumerate(lst, start): the iterator is {seq, index, start}."""
    lst = it.seq
    i = it.index
    if i >= lst.length:
        raise StopIteration
    it.index = i + 1
    t = malloc(TUPLE.TO)
    t.item0 = i + it.start
    t.item1 = lst.items[i]
    return t


def ll_strnext_enumerate(TUPLE, it):
    s = it.seq
    i = it.index
    if i >= len(s.chars):
        raise StopIteration
    it.index = i + 1
    t = malloc(TUPLE.TO)
    t.item0 = i + it.start
    t.item1 = s.chars[i]
    return t


def ll_hash_identity(p):
    return identityhash(p)


def ll_round(x):
    """round(x): the nearest integer, halves to even."""
    i = ll_math_floor(x)
    diff = x - float(i)
    if diff > 0.5:
        return i + 1
    if diff == 0.5 and i % 2 != 0:
        return i + 1
    return i


def _ll_append_ascii(s, c1, c2, n):
    """s + the n (1 or 2) characters with codes c1, c2."""
    m = len(s.chars)
    r = malloc(typeOf(s).TO, m + n)
    i = 0
    while i < m:
        r.chars[i] = s.chars[i]
        i += 1
    r.chars[m] = cast_primitive(typeOf(s).TO.chars.OF, c1)
    if n > 1:
        r.chars[m + 1] = cast_primitive(typeOf(s).TO.chars.OF, c2)
    return r


def _ll_has_point(s):
    """Whether a formatted float shows a point, an exponent or is inf/nan."""
    i = 0
    while i < len(s.chars):
        c = ord(s.chars[i])
        if c == 46 or c == 101 or c == 69 or c == 110 or c == 78:  # . e E n N
            return True
        i += 1
    return False


def _ll_find_exp(s):
    """The index of the 'e' or 'E' of a formatted float, or its length."""
    i = 0
    n = len(s.chars)
    while i < n:
        c = ord(s.chars[i])
        if c == 101 or c == 69:
            return i
        i += 1
    return n


def _ll_exponent(s):
    """The decimal exponent written after the 'e' of a %e-formatted float."""
    i = _ll_find_exp(s) + 1
    n = len(s.chars)
    neg = False
    if i < n and ord(s.chars[i]) == 45:
        neg = True
    i += 1  # the sign
    e = 0
    while i < n:
        e = e * 10 + (ord(s.chars[i]) - 48)
        i += 1
    if neg:
        return 0 - e
    return e


def _ll_splice(s, start, stop, code):
    """s[:start] + chr(code) + s[stop:] (code < 0: nothing inserted)."""
    n = len(s.chars)
    m = n - (stop - start)
    if code >= 0:
        m += 1
    r = malloc(typeOf(s).TO, m)
    j = 0
    i = 0
    while i < start:
        r.chars[j] = s.chars[i]
        i += 1
        j += 1
    if code >= 0:
        r.chars[j] = cast_primitive(typeOf(s).TO.chars.OF, code)
        j += 1
    i = stop
    while i < n:
        r.chars[j] = s.chars[i]
        i += 1
        j += 1
    return r


def _ll_add_point(s):
    """The '#' form: a point before the exponent when there is none."""
    e = _ll_find_exp(s)
    i = 0
    while i < e:
        if ord(s.chars[i]) == 46:
            return s
        i += 1
    return _ll_splice(s, e, e, 46)


def _ll_strip_zeros(s):
    """%g's removal of the trailing zeros of the fraction (and of a point
    left alone) before the exponent."""
    e = _ll_find_exp(s)
    point = -1
    i = 0
    while i < e:
        if ord(s.chars[i]) == 46:
            point = i
        i += 1
    if point < 0:
        return s
    k = e
    while k > point + 1 and ord(s.chars[k - 1]) == 48:
        k -= 1
    if k == point + 1:
        k = point
    if k == e:
        return s
    return _ll_splice(s, k, e, -1)


def _ll_float_body(x, type, precision, alternate):
    """format(x, spec) of a non-negative (or nan) float without sign, width
    or grouping, as CPython's format_float_internal: `type` is the code of
    e E f F g G % or 0 (none), `precision` -1 when absent."""
    if x - x != 0.0:
        # inf and nan: the letters in the case of the type.
        code = 102
        if type == 69 or type == 70 or type == 71:
            code = 70
        body = _float_format(x, code, 0)
        if type == 37:
            body = _ll_append_ascii(body, 37, 0, 1)
        return body
    if type == 0 and precision < 0:
        body = ll_float_repr(x)
        if alternate:
            body = _ll_add_point(body)
        return body
    if type == 37:
        if precision < 0:
            precision = 6
        body = _float_format(x * 100.0, 102, precision)
        if alternate:
            body = _ll_add_point(body)
        return _ll_append_ascii(body, 37, 0, 1)
    if type == 101 or type == 69 or type == 102 or type == 70:
        if precision < 0:
            precision = 6
        body = _float_format(x, type, precision)
        if alternate:
            body = _ll_add_point(body)
        return body
    # g, G, or no type with a precision: like 'g', but switching to the
    # exponent one digit earlier and keeping a '.0' on integral values.
    if precision < 0:
        precision = 6
    if precision == 0:
        precision = 1
    ecode = 101
    if type == 71:
        ecode = 69
    sci = _float_format(x, ecode, precision - 1)
    exp = _ll_exponent(sci)
    limit = precision
    if type == 0:
        limit = precision - 1
    if exp < -4 or exp >= limit:
        body = sci
    else:
        body = _float_format(x, 102, precision - 1 - exp)
    if alternate:
        return _ll_add_point(body)
    body = _ll_strip_zeros(body)
    if type == 0 and _ll_find_exp(body) == len(body.chars):
        body = _ll_add_point(body)
        if ord(body.chars[len(body.chars) - 1]) == 46:
            body = _ll_append_ascii(body, 48, 0, 1)
    return body


def ll_format_float(STRTYPE, x, fill, align, sign, alternate, zero, width, grouping, type, precision):
    """format(x, spec) for a float, the spec parsed as for ll_format_int;
    `type` is the code of e E f F g G % or 0, `precision` -1 when absent,
    `grouping` ord(',') or ord('_') groups the digits before the point."""
    if fill == 0 and zero:
        fill = 48
        if align == 0:
            align = 61
    if fill == 0:
        fill = 32
    if align == 0:
        align = 62
    signch = 0
    if x == x and _copysign(1.0, x) < 0.0:
        signch = 45
        x = -x
    elif sign == 43 or sign == 32:
        signch = sign
    body = _ll_float_body(x, type, precision, alternate)
    if grouping != 0:
        k = 0
        n = len(body.chars)
        while k < n and ord(body.chars[k]) >= 48 and ord(body.chars[k]) <= 57:
            k += 1
        if k > 0:
            minwidth = 0
            if fill == 48 and align == 61:
                minwidth = width - (n - k)
                if signch != 0:
                    minwidth -= 1
            intpart = _ll_splice(body, k, n, -1)
            glen = _ll_group(intpart, grouping, 3, minwidth, nullptr(typeOf(body).TO))
            grouped = malloc(typeOf(body).TO, glen)
            _ll_group(intpart, grouping, 3, minwidth, grouped)
            body = ll_strconcat(grouped, _ll_splice(body, 0, k, -1))
    return _ll_layout(STRTYPE, signch, 0, body, 0, width, fill, align)


def ll_dict_is_true(d):
    if not d:
        return False
    return d.num_live_items != 0


def ll_isinstance_nullable(obj, lo, hi):
    """isinstance() of an instance that may be None, as the range test of
    its class id: obj is cast to the root `object` struct."""
    if not obj:
        return False
    i = obj.typeptr.subclassrange_min
    return lo <= i and i < hi


def ll_rangeiter(ITER, start, stop, step):
    """iter(range(start, stop, step)) without building the list: the
    iterator counts in `index` up (or down) to `stop`; `seq` stays null."""
    if step == 0:
        raise ValueError
    it = malloc(ITER.TO)
    it.index = start
    it.stop = stop
    it.step = step
    return it


def ll_rangenext(it):
    """The next item of a range iterator: counting when `seq` is null, else
    the next item of the range list `seq`."""
    lst = it.seq
    i = it.index
    if lst:
        if i >= lst.length:
            raise StopIteration
        it.index = i + 1
        return lst.items[i]
    step = it.step
    if step > 0:
        if i >= it.stop:
            raise StopIteration
    elif i <= it.stop:
        raise StopIteration
    it.index = i + step
    return i


def ll_none_str(STRTYPE):
    return _ll_from_ascii3(STRTYPE, 78, 111, 110, 101, 4)  # None


def ll_wrap(STRTYPE, opening, s, closing):
    """chr(opening) + s + chr(closing)."""
    n = len(s.chars)
    r = malloc(STRTYPE.TO, n + 2)
    r.chars[0] = cast_primitive(STRTYPE.TO.chars.OF, opening)
    i = 0
    while i < n:
        r.chars[i + 1] = s.chars[i]
        i += 1
    r.chars[n + 1] = cast_primitive(STRTYPE.TO.chars.OF, closing)
    return r


def ll_comma_sep(STRTYPE):
    """', ' (the separator of the items of a list's text)."""
    r = malloc(STRTYPE.TO, 2)
    r.chars[0] = cast_primitive(STRTYPE.TO.chars.OF, 44)
    r.chars[1] = cast_primitive(STRTYPE.TO.chars.OF, 32)
    return r


def ll_colon_join(a, b):
    """a + ': ' + b (an item of a dict's text)."""
    n = len(a.chars)
    m = len(b.chars)
    r = malloc(typeOf(a).TO, n + m + 2)
    i = 0
    while i < n:
        r.chars[i] = a.chars[i]
        i += 1
    r.chars[n] = cast_primitive(typeOf(a).TO.chars.OF, 58)
    r.chars[n + 1] = cast_primitive(typeOf(a).TO.chars.OF, 32)
    i = 0
    while i < m:
        r.chars[n + 2 + i] = b.chars[i]
        i += 1
    return r


def ll_uint2dec(STRTYPE, u):
    """str() of an r_uint: its decimal digits (no sign)."""
    n = 1
    v = u
    ten = r_uint(10)
    while v >= ten:
        v = v // ten
        n += 1
    p = malloc(STRTYPE.TO, n)
    i = n - 1
    v = u
    while i >= 0:
        p.chars[i] = cast_primitive(STRTYPE.TO.chars.OF, 48 + intmask(v % ten))
        v = v // ten
        i -= 1
    return p
