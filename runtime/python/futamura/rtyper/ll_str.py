"""String helpers in low-level Python: RPython's str and bytes, for the rtyper.

Representation (the rtyper builds the same types in C++):

    STR   = Ptr(GcStruct('rpy_str',   ('hash', Signed), ('chars', Array(UniChar, hints={'immutable': True}))))
    BYTES = Ptr(GcStruct('rpy_bytes', ('hash', Signed), ('chars', Array(Char, hints={'immutable': True}))))

A STR holds code points (one UniChar each, surrogates included), a BYTES
holds bytes (one Char each). A string is never mutated once it is built, so
helpers may return one of their arguments instead of a copy (the `immutable`
hint of `chars` says so to the JIT generator: a character read from a
compile-time constant string is a constant). `hash` caches
ll_strhash() (0: not computed yet). The length is `len(s.chars)`.

The helpers are generic: the same function works on STR and on BYTES (it is
specialized per type by the translator). Where a helper makes a string of a
type it cannot derive from its arguments, the type is a template parameter
written in capitals (`STR`, `BYTES`, `LIST`). Characters are compared
through their codes (`ord`), made with cast_primitive().

Semantics are those of the CPython str/bytes operations, with these limits:

- Case and classes (upper, lower, swapcase, capitalize, title, isdigit,
  isalpha, isalnum, isupper, islower) follow ASCII: other code points are neither letters nor digits
  and are never case-mapped. Exact for bytes.
- Whitespace (strip, split, isspace, int()) and line breaks (splitlines)
  are exact: for bytes the six ASCII blanks, for str also \\x1c-\\x1f and
  the Unicode spaces (\\x85, \\xa0, \\u1680, \\u2000-\\u200a, \\u2028,
  \\u2029, \\u202f, \\u205f, \\u3000); int() does not strip \\x1c-\\x1f,
  as CPython.
- repr() of a str escapes exactly the code points CPython 3.11 escapes
  among those assigned in Unicode 14 (controls, separators, format
  characters, surrogates, private use: see _ll_isprintable()); unassigned
  code points are mostly kept as they are (CPython escapes them).
- int() accepts ASCII digits only and raises OverflowError (not a long)
  when the value does not fit in a Signed.
- Errors are raised without messages: IndexError, ValueError, OverflowError,
  and UnicodeDecodeError / UnicodeEncodeError (ValueError subclasses) from
  the UTF-8 codec (llexc.LLUnicodeDecodeError, LLUnicodeEncodeError).

Omitted `start`/`end` arguments are passed as 0 and sys.maxsize; indices
follow Python's rules (negative values count from the end, clamping).
Lists (split results, join arguments) have the layout of ll_list.py:

    LIST = Ptr(GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(STR or BYTES)))))

The helpers that raise both ValueError and OverflowError raise the latter
through _ll_overflow_if(): the low-level annotator wants a single exception
class per function.

API (STR, BYTES, LIST are constant types, the other arguments values; a
char is a Char or UniChar value, `code` an int code point):

  ll_str_from_char(STR, c)           ll_char_mul(STR, c, n)       c * n
  ll_strconcat(s1, s2)               ll_str_concat_many(STR, pieces)
                                     (pieces: Ptr(GcArray(STR)), all joined)
  ll_str_mul(s, n)                   s * n (OverflowError if too long)
  ll_streq(s1, s2)                   (nulls allowed)  ll_strcmp(s1, s2) (<0, 0, >0)
  ll_strhash(s)                      never 0, cached  ll_char_hash(c) (as a 1-char str)
  ll_str_getitem(s, i)               a char, IndexError
  ll_str_getitem_nonneg(s, i)        the same for i >= 0
  ll_str_slice(s, start, stop)       ll_str_slice_step(s, start, stop, step)
  ll_contains(s, sub)                ll_contains_char(s, c)
  ll_find(s, sub, start, end)        ll_rfind(s, sub, start, end)
  ll_find_char(s, c, start, end)     ll_rfind_char(s, c, start, end)
  ll_count(s, sub, start, end)       ll_index(s, sub, start, end)
  ll_rindex(s, sub, start, end)      (ValueError when not found)
  ll_startswith(s, prefix)           ll_endswith(s, suffix)
  ll_strip(s, left, right)           whitespace
  ll_strip_chars(s, chars, left, right)   (chars null: whitespace)
  ll_split(LIST, s, sep, maxsplit)   ll_rsplit(LIST, s, sep, maxsplit)
                                     (sep null: whitespace; maxsplit < 0: all)
  ll_splitlines(LIST, s)             ll_splitlines_keepends(LIST, s, keepends)
  ll_str_list(LIST, s)               list(s) (chars, or ints for a bytes)
  ll_join(s, lst)                    ll_replace(s, old, new, count) (count < 0: all)
  ll_upper(s)  ll_lower(s)  ll_swapcase(s)  ll_capitalize(s)  ll_title(s)
  ll_isdigit(s)  ll_isalpha(s)  ll_isspace(s)
  ll_isalnum(s)  ll_isupper(s)  ll_islower(s)
  ll_char_upper(c)  ll_char_lower(c)  ll_char_isdigit(c)  ll_char_isalpha(c)
  ll_char_isspace(c)  ll_char_isalnum(c)  ll_char_isupper(c)  ll_char_islower(c)
  ll_int2dec(STR, i)                 str(i)
  ll_int2hex(STR, i, upper, prefix)  hex(i) / format(i, 'x') / format(i, '#X')
  ll_int2oct(STR, i, prefix)         ll_int2bin(STR, i, prefix)
  ll_str2int(s, base)                int(s, base), base 0 or 2..36
  ll_format_int(STR, value, fill, align, sign, alternate, zero, width, grouping, type)
  ll_format_str(s, fill, align, width, precision)
  ll_pad(s, width, fill, align)
  ll_ljust(s, width, fill)  ll_rjust(s, width, fill)  ll_center(s, width, fill)
                                     (fill: a code point)
  ll_zfill(s, width)
  ll_str_repr(STR, s)                repr() of a str or bytes, as a STR
  ll_encode_utf8(BYTES, s)           ll_decode_utf8(STR, b)

Format specs arrive parsed: `fill` is a code point (0: not given), `align`
is ord('<'), ord('>'), ord('^'), ord('=') or 0 (the default of the kind of
value), `sign` ord('+'), ord('-'), ord(' ') or 0, `grouping` ord(','),
ord('_') or 0, `type` the code of 'd', 'x', 'X', 'o', 'b', 'c' or 0 ('d');
`width` 0 and `precision` -1 mean none.
"""

from futamura.rlib.rarithmetic import intmask, r_uint
from futamura.rtyper.llexc import LLUnicodeDecodeError, LLUnicodeEncodeError
from futamura.rtyper.lltype import (Array, Char, GcStruct, Ptr, Signed, UniChar, cast_primitive,
                                    malloc, nullptr, typeOf)

STR = Ptr(GcStruct('rpy_str', ('hash', Signed), ('chars', Array(UniChar, hints={'immutable': True}))))
BYTES = Ptr(GcStruct('rpy_bytes', ('hash', Signed), ('chars', Array(Char, hints={'immutable': True}))))

_MAXINT = 9223372036854775807

# Character codes.
_TAB = 9
_LF = 10
_VT = 11
_FF = 12
_CR = 13
_SPACE = 32
_DQUOTE = 34
_QUOTE = 39
_PLUS = 43
_COMMA = 44
_MINUS = 45
_ZERO = 48
_NINE = 57
_LESS = 60
_EQUAL = 61
_GREATER = 62
_UPPER_A = 65
_UPPER_B = 66
_UPPER_O = 79
_UPPER_U = 85
_UPPER_X = 88
_UPPER_Z = 90
_BACKSLASH = 92
_CARET = 94
_UNDERSCORE = 95
_LOWER_A = 97
_LOWER_B = 98
_LOWER_C = 99
_LOWER_D = 100
_LOWER_N = 110
_LOWER_O = 111
_LOWER_R = 114
_LOWER_T = 116
_LOWER_U = 117
_LOWER_X = 120
_LOWER_Z = 122

_HASH_MULT = 1000003
_HASH_EMPTY = 0x2DB7A5C1  # the hash of '' (a hash is never 0)


# --- building ----------------------------------------------------------------


def _ll_put(r, j, code):
    """Stores the character `code` at r.chars[j]; returns j + 1."""
    r.chars[j] = cast_primitive(typeOf(r).TO.chars.OF, code)
    return j + 1


def _ll_fill(r, j, code, n):
    """Stores n characters `code` from r.chars[j]; returns j + n."""
    c = cast_primitive(typeOf(r).TO.chars.OF, code)
    stop = j + n
    while j < stop:
        r.chars[j] = c
        j += 1
    return j


def _ll_copy(r, j, s, start, stop):
    """Copies s.chars[start:stop] to r.chars from j (same types); returns the
    position after the copy."""
    while start < stop:
        r.chars[j] = s.chars[start]
        start += 1
        j += 1
    return j


def _ll_substr(s, start, stop):
    """s[start:stop] for 0 <= start <= stop <= len(s); s itself if whole."""
    if start == 0 and stop == len(s.chars):
        return s
    r = malloc(typeOf(s).TO, stop - start)
    _ll_copy(r, 0, s, start, stop)
    return r


def _ll_empty(s):
    """An empty string of the type of s."""
    return malloc(typeOf(s).TO, 0)


def ll_str_from_char(STR, c):
    r = malloc(STR.TO, 1)
    r.chars[0] = cast_primitive(STR.TO.chars.OF, ord(c))
    return r


def ll_char_mul(STR, c, n):
    if n < 0:
        n = 0
    r = malloc(STR.TO, n)
    _ll_fill(r, 0, ord(c), n)
    return r


def ll_strconcat(s1, s2):
    n1 = len(s1.chars)
    n2 = len(s2.chars)
    if n2 == 0:
        return s1
    if n1 == 0:
        return s2
    r = malloc(typeOf(s1).TO, n1 + n2)
    _ll_copy(r, 0, s1, 0, n1)
    _ll_copy(r, n1, s2, 0, n2)
    return r


def ll_str_concat_many(STR, pieces):
    n = len(pieces)
    total = 0
    i = 0
    while i < n:
        total += len(pieces[i].chars)
        i += 1
    r = malloc(STR.TO, total)
    j = 0
    i = 0
    while i < n:
        p = pieces[i]
        j = _ll_copy(r, j, p, 0, len(p.chars))
        i += 1
    return r


def ll_str_mul(s, n):
    m = len(s.chars)
    if n <= 0 or m == 0:
        return _ll_empty(s)
    if n == 1:
        return s
    if n > _MAXINT // m:
        raise OverflowError
    r = malloc(typeOf(s).TO, m * n)
    j = 0
    i = 0
    while i < n:
        j = _ll_copy(r, j, s, 0, m)
        i += 1
    return r


# --- comparison and hashing --------------------------------------------------


def ll_streq(s1, s2):
    if s1 == s2:
        return True
    if not s1 or not s2:
        return False
    n = len(s1.chars)
    if n != len(s2.chars):
        return False
    i = 0
    while i < n:
        if s1.chars[i] != s2.chars[i]:
            return False
        i += 1
    return True


def ll_strcmp(s1, s2):
    n1 = len(s1.chars)
    n2 = len(s2.chars)
    n = n1
    if n2 < n:
        n = n2
    i = 0
    while i < n:
        c1 = ord(s1.chars[i])
        c2 = ord(s2.chars[i])
        if c1 != c2:
            return c1 - c2
        i += 1
    return n1 - n2


def ll_strhash(s):
    """CPython 2's string hash, cached in s.hash; never 0."""
    x = s.hash
    if x != 0:
        return x
    n = len(s.chars)
    if n == 0:
        x = _HASH_EMPTY
    else:
        x = ord(s.chars[0]) << 7
        i = 0
        while i < n:
            x = intmask((_HASH_MULT * x) ^ ord(s.chars[i]))
            i += 1
        x = intmask(x ^ n)
        if x == 0:
            x = _HASH_EMPTY
    s.hash = x
    return x


def ll_char_hash(c):
    """The hash of the one-character string c (as ll_strhash)."""
    code = ord(c)
    x = intmask(intmask(_HASH_MULT * (code << 7)) ^ code)
    x = intmask(x ^ 1)
    if x == 0:
        x = _HASH_EMPTY
    return x


# --- indexing and slicing ----------------------------------------------------


def ll_str_getitem_nonneg(s, i):
    # (the annotator proved i >= 0; no join of indices, so that the JIT's
    # binding-time analysis keeps a read at a green index green)
    if i >= len(s.chars):
        raise IndexError
    return s.chars[i]


def ll_str_getitem(s, i):
    n = len(s.chars)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise IndexError
    return s.chars[i]


def _ll_clamp(i, n):
    """A slice bound i adjusted to 0..n (negative counts from the end)."""
    if i < 0:
        i += n
        if i < 0:
            return 0
        return i
    if i > n:
        return n
    return i


def ll_str_slice(s, start, stop):
    n = len(s.chars)
    start = _ll_clamp(start, n)
    stop = _ll_clamp(stop, n)
    if stop <= start:
        return _ll_empty(s)
    return _ll_substr(s, start, stop)


def _ll_slice_bound(i, n, step):
    """A bound of an extended slice, as PySlice_AdjustIndices."""
    if i < 0:
        i += n
        if i < 0:
            if step < 0:
                return -1
            return 0
        return i
    if i >= n:
        if step < 0:
            return n - 1
        return n
    return i


def ll_str_slice_step(s, start, stop, step):
    if step == 0:
        raise ValueError
    if step < 0 - _MAXINT:
        step = 0 - _MAXINT
    n = len(s.chars)
    start = _ll_slice_bound(start, n, step)
    stop = _ll_slice_bound(stop, n, step)
    count = 0
    if step < 0:
        if stop < start:
            count = (start - stop - 1) // (0 - step) + 1
    else:
        if start < stop:
            count = (stop - start - 1) // step + 1
    if step == 1:
        return _ll_substr(s, start, start + count)
    r = malloc(typeOf(s).TO, count)
    j = 0
    while j < count:
        r.chars[j] = s.chars[start]
        start += step
        j += 1
    return r


# --- searching ---------------------------------------------------------------


def _ll_adjust_end(end, n):
    if end > n:
        return n
    if end < 0:
        end += n
        if end < 0:
            return 0
    return end


def _ll_adjust_start(start, n):
    if start < 0:
        start += n
        if start < 0:
            return 0
    return start


def _ll_bloom(code):
    return r_uint(1) << (code & 63)


def _ll_find_char_raw(s, code, start, end):
    """The first i in start..end-1 with s[i] == code, or -1."""
    while start < end:
        if ord(s.chars[start]) == code:
            return start
        start += 1
    return -1


def _ll_rfind_char_raw(s, code, start, end):
    """The last i in start..end-1 with s[i] == code, or -1."""
    i = end - 1
    while i >= start:
        if ord(s.chars[i]) == code:
            return i
        i -= 1
    return -1


def _ll_find_raw(s, p, start, end):
    """The lowest i >= start with s[i:i+len(p)] == p and i + len(p) <= end,
    or -1; 0 <= start and end <= len(s). CPython's fastsearch: a
    Boyer-Moore-Horspool variant with a bloom filter of the pattern's
    characters."""
    m = len(p.chars)
    if end - start < m:
        return -1
    if m == 0:
        return start
    if m == 1:
        return _ll_find_char_raw(s, ord(p.chars[0]), start, end)
    mlast = m - 1
    last = p.chars[mlast]
    skip = mlast - 1
    mask = r_uint(0)
    i = 0
    while i < mlast:
        mask |= _ll_bloom(ord(p.chars[i]))
        if p.chars[i] == last:
            skip = mlast - i - 1
        i += 1
    mask |= _ll_bloom(ord(last))
    limit = end - m
    i = start
    while i <= limit:
        if s.chars[i + mlast] == last:
            j = 0
            while j < mlast and s.chars[i + j] == p.chars[j]:
                j += 1
            if j == mlast:
                return i
            if i + m < end and (mask & _ll_bloom(ord(s.chars[i + m]))) == r_uint(0):
                i += m
            else:
                i += skip
        else:
            if i + m < end and (mask & _ll_bloom(ord(s.chars[i + m]))) == r_uint(0):
                i += m
        i += 1
    return -1


def _ll_rfind_raw(s, p, start, end):
    """The highest i >= start with s[i:i+len(p)] == p and i + len(p) <= end,
    or -1; 0 <= start and end <= len(s)."""
    m = len(p.chars)
    if end - start < m:
        return -1
    if m == 0:
        return end
    if m == 1:
        return _ll_rfind_char_raw(s, ord(p.chars[0]), start, end)
    mlast = m - 1
    first = p.chars[0]
    skip = mlast - 1
    mask = _ll_bloom(ord(first))
    i = mlast
    while i > 0:
        mask |= _ll_bloom(ord(p.chars[i]))
        if p.chars[i] == first:
            skip = i - 1
        i -= 1
    i = end - m
    while i >= start:
        if s.chars[i] == first:
            j = mlast
            while j > 0 and s.chars[i + j] == p.chars[j]:
                j -= 1
            if j == 0:
                return i
            if i > start and (mask & _ll_bloom(ord(s.chars[i - 1]))) == r_uint(0):
                i -= m
            else:
                i -= skip
        else:
            if i > start and (mask & _ll_bloom(ord(s.chars[i - 1]))) == r_uint(0):
                i -= m
        i -= 1
    return -1


def _ll_count_raw(s, p, start, end, maxcount):
    """Non-overlapping occurrences of the non-empty p in s[start:end], at
    most maxcount."""
    m = len(p.chars)
    count = 0
    while count < maxcount:
        j = _ll_find_raw(s, p, start, end)
        if j < 0:
            break
        count += 1
        start = j + m
    return count


def ll_find(s, sub, start, end):
    n = len(s.chars)
    end = _ll_adjust_end(end, n)
    start = _ll_adjust_start(start, n)
    return _ll_find_raw(s, sub, start, end)


def ll_rfind(s, sub, start, end):
    n = len(s.chars)
    end = _ll_adjust_end(end, n)
    start = _ll_adjust_start(start, n)
    return _ll_rfind_raw(s, sub, start, end)


def ll_index(s, sub, start, end):
    i = ll_find(s, sub, start, end)
    if i < 0:
        raise ValueError
    return i


def ll_rindex(s, sub, start, end):
    i = ll_rfind(s, sub, start, end)
    if i < 0:
        raise ValueError
    return i


def ll_find_char(s, c, start, end):
    n = len(s.chars)
    end = _ll_adjust_end(end, n)
    start = _ll_adjust_start(start, n)
    return _ll_find_char_raw(s, ord(c), start, end)


def ll_rfind_char(s, c, start, end):
    n = len(s.chars)
    end = _ll_adjust_end(end, n)
    start = _ll_adjust_start(start, n)
    return _ll_rfind_char_raw(s, ord(c), start, end)


def ll_count(s, sub, start, end):
    n = len(s.chars)
    end = _ll_adjust_end(end, n)
    start = _ll_adjust_start(start, n)
    if start > end:
        return 0
    if len(sub.chars) == 0:
        return end - start + 1
    return _ll_count_raw(s, sub, start, end, _MAXINT)


def ll_contains(s, sub):
    return _ll_find_raw(s, sub, 0, len(s.chars)) >= 0


def ll_contains_char(s, c):
    return _ll_find_char_raw(s, ord(c), 0, len(s.chars)) >= 0


def ll_startswith(s, prefix):
    m = len(prefix.chars)
    if m > len(s.chars):
        return False
    i = 0
    while i < m:
        if s.chars[i] != prefix.chars[i]:
            return False
        i += 1
    return True


def ll_endswith(s, suffix):
    m = len(suffix.chars)
    off = len(s.chars) - m
    if off < 0:
        return False
    i = 0
    while i < m:
        if s.chars[off + i] != suffix.chars[i]:
            return False
        i += 1
    return True


# --- character classes (ASCII, exact whitespace) -----------------------------


def _ll_isspace_code(S, code):
    """Whitespace as str.isspace() (S is a STR type) or bytes.isspace()."""
    if code == _SPACE or (code >= _TAB and code <= _CR):
        return True
    if S.TO.chars.OF == Char:
        return False
    if code < 28:
        return False
    if code <= 31:
        return True
    if code < 0x85:
        return False
    return (code == 0x85 or code == 0xA0 or code == 0x1680 or
            (code >= 0x2000 and code <= 0x200A) or code == 0x2028 or code == 0x2029 or
            code == 0x202F or code == 0x205F or code == 0x3000)


def _ll_islinebreak_code(S, code):
    """Line boundaries of str.splitlines() (S a STR type) or bytes.splitlines()."""
    if code == _LF or code == _CR:
        return True
    if S.TO.chars.OF == Char:
        return False
    return (code == _VT or code == _FF or (code >= 28 and code <= 30) or code == 0x85 or
            code == 0x2028 or code == 0x2029)


def _ll_isdigit_code(code):
    return code >= _ZERO and code <= _NINE


def _ll_isupper_code(code):
    return code >= _UPPER_A and code <= _UPPER_Z


def _ll_islower_code(code):
    return code >= _LOWER_A and code <= _LOWER_Z


def _ll_isalpha_code(code):
    return _ll_isupper_code(code) or _ll_islower_code(code)


def _ll_isalnum_code(code):
    return _ll_isalpha_code(code) or _ll_isdigit_code(code)


def _ll_upper_code(code):
    if _ll_islower_code(code):
        return code - 32
    return code


def _ll_lower_code(code):
    if _ll_isupper_code(code):
        return code + 32
    return code


def ll_char_isdigit(c):
    return _ll_isdigit_code(ord(c))


def ll_char_isalpha(c):
    return _ll_isalpha_code(ord(c))


def ll_char_isalnum(c):
    return _ll_isalnum_code(ord(c))


def ll_char_isupper(c):
    return _ll_isupper_code(ord(c))


def ll_char_islower(c):
    return _ll_islower_code(ord(c))


def ll_char_isspace(c):
    """str.isspace() of a one-character str (chars come from str: indexing a
    bytes gives an int)."""
    return _ll_isspace_code(STR, ord(c))


def ll_char_upper(c):
    code = ord(c)
    if _ll_islower_code(code):
        return cast_primitive(typeOf(c), code - 32)
    return c


def ll_char_lower(c):
    code = ord(c)
    if _ll_isupper_code(code):
        return cast_primitive(typeOf(c), code + 32)
    return c


def ll_isdigit(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not _ll_isdigit_code(ord(s.chars[i])):
            return False
        i += 1
    return True


def ll_isalpha(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not _ll_isalpha_code(ord(s.chars[i])):
            return False
        i += 1
    return True


def ll_isalnum(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not _ll_isalnum_code(ord(s.chars[i])):
            return False
        i += 1
    return True


def ll_isspace(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            return False
        i += 1
    return True


def ll_isupper(s):
    n = len(s.chars)
    cased = False
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if _ll_islower_code(code):
            return False
        if _ll_isupper_code(code):
            cased = True
        i += 1
    return cased


def ll_islower(s):
    n = len(s.chars)
    cased = False
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if _ll_isupper_code(code):
            return False
        if _ll_islower_code(code):
            cased = True
        i += 1
    return cased


def ll_upper(s):
    n = len(s.chars)
    r = malloc(typeOf(s).TO, n)
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if _ll_islower_code(code):
            _ll_put(r, i, code - 32)
        else:
            r.chars[i] = s.chars[i]
        i += 1
    return r


def ll_lower(s):
    n = len(s.chars)
    r = malloc(typeOf(s).TO, n)
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if _ll_isupper_code(code):
            _ll_put(r, i, code + 32)
        else:
            r.chars[i] = s.chars[i]
        i += 1
    return r


def _ll_swap_code(code):
    if _ll_islower_code(code):
        return code - 32
    if _ll_isupper_code(code):
        return code + 32
    return code


def ll_swapcase(s):
    n = len(s.chars)
    r = malloc(typeOf(s).TO, n)
    i = 0
    while i < n:
        _ll_put(r, i, _ll_swap_code(ord(s.chars[i])))
        i += 1
    return r


def ll_capitalize(s):
    """The first character upper-cased, the others lower-cased."""
    n = len(s.chars)
    r = malloc(typeOf(s).TO, n)
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if i == 0:
            _ll_put(r, i, _ll_upper_code(code))
        else:
            _ll_put(r, i, _ll_lower_code(code))
        i += 1
    return r


def ll_title(s):
    """Cased characters upper-cased after an uncased one, lower-cased after
    a cased one."""
    n = len(s.chars)
    r = malloc(typeOf(s).TO, n)
    previous_cased = False
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if previous_cased:
            _ll_put(r, i, _ll_lower_code(code))
        else:
            _ll_put(r, i, _ll_upper_code(code))
        previous_cased = _ll_isalpha_code(code)
        i += 1
    return r


# --- strip -------------------------------------------------------------------


def _ll_in_chars(chars, code):
    """Whether `code` is one of the characters of `chars` (null: whitespace)."""
    if not chars:
        return _ll_isspace_code(typeOf(chars), code)
    return _ll_find_char_raw(chars, code, 0, len(chars.chars)) >= 0


def ll_strip_chars(s, chars, left, right):
    n = len(s.chars)
    start = 0
    stop = n
    if left:
        while start < stop and _ll_in_chars(chars, ord(s.chars[start])):
            start += 1
    if right:
        while stop > start and _ll_in_chars(chars, ord(s.chars[stop - 1])):
            stop -= 1
    return _ll_substr(s, start, stop)


def ll_strip(s, left, right):
    return ll_strip_chars(s, nullptr(typeOf(s).TO), left, right)


# --- split, join, replace ----------------------------------------------------


def _ll_newlist(LIST, n):
    lst = malloc(LIST.TO)
    lst.length = n
    lst.items = malloc(LIST.TO.items.TO, n)
    return lst


def ll_str_list(LIST, s):
    """list(s): the characters of a str, or the byte values (ints) of a
    bytes."""
    n = len(s.chars)
    lst = _ll_newlist(LIST, n)
    i = 0
    while i < n:
        if LIST.TO.items.TO.OF == Signed:
            lst.items[i] = ord(s.chars[i])
        else:
            lst.items[i] = s.chars[i]
        i += 1
    return lst


def _ll_split_ws(s, maxsplit, lst):
    """s.split(None, maxsplit) into lst.items (lst null: only counts);
    returns the number of pieces."""
    n = len(s.chars)
    count = 0
    i = 0
    while maxsplit < 0 or count < maxsplit:
        while i < n and _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i += 1
        if i == n:
            break
        j = i
        i += 1
        while i < n and not _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i += 1
        if lst:
            lst.items[count] = _ll_substr(s, j, i)
        count += 1
    if i < n:
        while i < n and _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i += 1
        if i < n:
            if lst:
                lst.items[count] = _ll_substr(s, i, n)
            count += 1
    return count


def _ll_rsplit_ws(s, maxsplit, lst):
    """s.rsplit(None, maxsplit) into lst.items (filled from the end; lst
    null: only counts); returns the number of pieces."""
    n = len(s.chars)
    count = 0
    i = n - 1
    while maxsplit < 0 or count < maxsplit:
        while i >= 0 and _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i -= 1
        if i < 0:
            break
        j = i + 1
        i -= 1
        while i >= 0 and not _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i -= 1
        if lst:
            lst.items[lst.length - 1 - count] = _ll_substr(s, i + 1, j)
        count += 1
    if i >= 0:
        while i >= 0 and _ll_isspace_code(typeOf(s), ord(s.chars[i])):
            i -= 1
        if i >= 0:
            if lst:
                lst.items[lst.length - 1 - count] = _ll_substr(s, 0, i + 1)
            count += 1
    return count


def _ll_split_sep(s, sep, maxsplit, lst):
    """s.split(sep, maxsplit) for a non-empty sep, as _ll_split_ws."""
    n = len(s.chars)
    m = len(sep.chars)
    count = 0
    i = 0
    while maxsplit < 0 or count < maxsplit:
        j = _ll_find_raw(s, sep, i, n)
        if j < 0:
            break
        if lst:
            lst.items[count] = _ll_substr(s, i, j)
        count += 1
        i = j + m
    if lst:
        lst.items[count] = _ll_substr(s, i, n)
    return count + 1


def _ll_rsplit_sep(s, sep, maxsplit, lst):
    """s.rsplit(sep, maxsplit) for a non-empty sep, as _ll_rsplit_ws."""
    m = len(sep.chars)
    count = 0
    j = len(s.chars)
    while maxsplit < 0 or count < maxsplit:
        i = _ll_rfind_raw(s, sep, 0, j)
        if i < 0:
            break
        if lst:
            lst.items[lst.length - 1 - count] = _ll_substr(s, i + m, j)
        count += 1
        j = i
    if lst:
        lst.items[lst.length - 1 - count] = _ll_substr(s, 0, j)
    return count + 1


def ll_split(LIST, s, sep, maxsplit):
    if not sep:
        lst = _ll_newlist(LIST, _ll_split_ws(s, maxsplit, nullptr(LIST.TO)))
        _ll_split_ws(s, maxsplit, lst)
        return lst
    if len(sep.chars) == 0:
        raise ValueError
    lst = _ll_newlist(LIST, _ll_split_sep(s, sep, maxsplit, nullptr(LIST.TO)))
    _ll_split_sep(s, sep, maxsplit, lst)
    return lst


def ll_rsplit(LIST, s, sep, maxsplit):
    if not sep:
        lst = _ll_newlist(LIST, _ll_rsplit_ws(s, maxsplit, nullptr(LIST.TO)))
        _ll_rsplit_ws(s, maxsplit, lst)
        return lst
    if len(sep.chars) == 0:
        raise ValueError
    lst = _ll_newlist(LIST, _ll_rsplit_sep(s, sep, maxsplit, nullptr(LIST.TO)))
    _ll_rsplit_sep(s, sep, maxsplit, lst)
    return lst


def _ll_splitlines(s, keepends, lst):
    """s.splitlines(keepends) into lst.items (lst null: only counts)."""
    n = len(s.chars)
    count = 0
    i = 0
    while i < n:
        j = i
        while i < n and not _ll_islinebreak_code(typeOf(s), ord(s.chars[i])):
            i += 1
        eol = i
        if i < n:
            if ord(s.chars[i]) == _CR and i + 1 < n and ord(s.chars[i + 1]) == _LF:
                i += 2
            else:
                i += 1
            if keepends:
                eol = i
        if lst:
            lst.items[count] = _ll_substr(s, j, eol)
        count += 1
    return count


def ll_splitlines_keepends(LIST, s, keepends):
    lst = _ll_newlist(LIST, _ll_splitlines(s, keepends, nullptr(LIST.TO)))
    _ll_splitlines(s, keepends, lst)
    return lst


def ll_splitlines(LIST, s):
    return ll_splitlines_keepends(LIST, s, False)


def ll_join(s, lst):
    n = lst.length
    if n == 0:
        return _ll_empty(s)
    if n == 1:
        return lst.items[0]
    m = len(s.chars)
    total = m * (n - 1)
    i = 0
    while i < n:
        total += len(lst.items[i].chars)
        i += 1
    r = malloc(typeOf(s).TO, total)
    p = lst.items[0]
    j = _ll_copy(r, 0, p, 0, len(p.chars))
    i = 1
    while i < n:
        j = _ll_copy(r, j, s, 0, m)
        p = lst.items[i]
        j = _ll_copy(r, j, p, 0, len(p.chars))
        i += 1
    return r


def ll_join_chars(s, lst):
    """sep.join(lst) for a list of characters."""
    n = lst.length
    if n == 0:
        return _ll_empty(s)
    m = len(s.chars)
    r = malloc(typeOf(s).TO, n + m * (n - 1))
    r.chars[0] = lst.items[0]
    j = 1
    i = 1
    while i < n:
        j = _ll_copy(r, j, s, 0, m)
        r.chars[j] = lst.items[i]
        j += 1
        i += 1
    return r


def ll_replace(s, old, new, count):
    n = len(s.chars)
    m = len(old.chars)
    k = len(new.chars)
    if count < 0:
        count = _MAXINT
    if m == 0:
        # new goes before each character and at the end: n + 1 places
        if count > n + 1:
            count = n + 1
        if count == 0:
            return s
        r = malloc(typeOf(s).TO, n + count * k)
        j = 0
        i = 0
        while i < count:
            j = _ll_copy(r, j, new, 0, k)
            if i < n:
                r.chars[j] = s.chars[i]
                j += 1
            i += 1
        _ll_copy(r, j, s, i, n)
        return r
    found = _ll_count_raw(s, old, 0, n, count)
    if found == 0:
        return s
    r = malloc(typeOf(s).TO, n + found * (k - m))
    j = 0
    i = 0
    while found > 0:
        pos = _ll_find_raw(s, old, i, n)
        j = _ll_copy(r, j, s, i, pos)
        j = _ll_copy(r, j, new, 0, k)
        i = pos + m
        found -= 1
    _ll_copy(r, j, s, i, n)
    return r


# --- integers to text --------------------------------------------------------


def _ll_digit_code(d, upper):
    if d < 10:
        return _ZERO + d
    if upper:
        return _UPPER_A - 10 + d
    return _LOWER_A - 10 + d


def _ll_magnitude(i):
    """abs(i) as an Unsigned (exact for -2**63)."""
    if i < 0:
        return r_uint(0) - r_uint(i)
    return r_uint(i)


def _ll_ndigits(u, base):
    """The number of digits of the Unsigned u in base (at least 1)."""
    b = r_uint(base)
    n = 1
    u = u // b
    while u != r_uint(0):
        n += 1
        u = u // b
    return n


def _ll_put_digits(r, stop, u, base, upper):
    """Writes the digits of u in base so that the last one is at stop - 1;
    returns the position of the first one."""
    b = r_uint(base)
    j = stop - 1
    _ll_put(r, j, _ll_digit_code(intmask(u % b), upper))
    u = u // b
    while u != r_uint(0):
        j -= 1
        _ll_put(r, j, _ll_digit_code(intmask(u % b), upper))
        u = u // b
    return j


def _ll_int2base(STR, i, base, upper, prefix):
    """i in base with a '-' if negative, then '0' + chr(prefix) if prefix != 0."""
    u = _ll_magnitude(i)
    nd = _ll_ndigits(u, base)
    n = nd
    if i < 0:
        n += 1
    if prefix != 0:
        n += 2
    r = malloc(STR.TO, n)
    j = 0
    if i < 0:
        j = _ll_put(r, j, _MINUS)
    if prefix != 0:
        j = _ll_put(r, j, _ZERO)
        j = _ll_put(r, j, prefix)
    _ll_put_digits(r, n, u, base, upper)
    return r


def ll_int2dec(STR, i):
    return _ll_int2base(STR, i, 10, False, 0)


def ll_int2hex(STR, i, upper, prefix):
    p = 0
    if prefix:
        p = _LOWER_X
        if upper:
            p = _UPPER_X
    return _ll_int2base(STR, i, 16, upper, p)


def ll_int2oct(STR, i, prefix):
    p = 0
    if prefix:
        p = _LOWER_O
    return _ll_int2base(STR, i, 8, False, p)


def ll_int2bin(STR, i, prefix):
    p = 0
    if prefix:
        p = _LOWER_B
    return _ll_int2base(STR, i, 2, False, p)


# --- text to integers --------------------------------------------------------


def _ll_overflow_if(cond):
    """Raises OverflowError if cond. For the helpers that also raise
    ValueError: the low-level annotator wants one exception class per
    function (the class raised is a constant of the exception block)."""
    if cond:
        raise OverflowError


def _ll_digit_value(code):
    """The value of an ASCII digit or letter (36 for anything else)."""
    if code >= _ZERO and code <= _NINE:
        return code - _ZERO
    if code >= _LOWER_A and code <= _LOWER_Z:
        return code - _LOWER_A + 10
    if code >= _UPPER_A and code <= _UPPER_Z:
        return code - _UPPER_A + 10
    return 36


def _ll_isspace_int(S, code):
    """The whitespace int() strips: not \\x1c-\\x1f (CPython turns the
    non-ASCII spaces into blanks, then strips the ASCII ones)."""
    if code >= 28 and code <= 31:
        return False
    return _ll_isspace_code(S, code)


def ll_str2int(s, base):
    """int(s, base): surrounding whitespace, a sign, a 0x/0o/0b prefix (base
    0 or the matching base), underscores between digits; base 0 guesses the
    base from the prefix and refuses leading zeros. ValueError for a bad
    base or literal, OverflowError if the value does not fit in a Signed."""
    if base != 0 and (base < 2 or base > 36):
        raise ValueError
    n = len(s.chars)
    i = 0
    while i < n and _ll_isspace_int(typeOf(s), ord(s.chars[i])):
        i += 1
    while n > i and _ll_isspace_int(typeOf(s), ord(s.chars[n - 1])):
        n -= 1
    neg = False
    if i < n:
        code = ord(s.chars[i])
        if code == _MINUS:
            neg = True
            i += 1
        elif code == _PLUS:
            i += 1
    prefixed = False
    if n - i >= 2 and ord(s.chars[i]) == _ZERO:
        code = _ll_lower_code(ord(s.chars[i + 1]))
        if code == _LOWER_X and (base == 16 or base == 0):
            base = 16
            prefixed = True
        elif code == _LOWER_O and (base == 8 or base == 0):
            base = 8
            prefixed = True
        elif code == _LOWER_B and (base == 2 or base == 0):
            base = 2
            prefixed = True
        if prefixed:
            i += 2
    zeros_only = False
    if base == 0:
        base = 10
        # no prefix: a literal starting with 0 must be all zeros
        zeros_only = i < n and ord(s.chars[i]) == _ZERO
    limit = r_uint(_MAXINT)
    if neg:
        limit = limit + r_uint(1)
    b = r_uint(base)
    acc = r_uint(0)
    overflow = False
    ndigits = 0
    underscore_ok = prefixed
    last_underscore = False
    while i < n:
        code = ord(s.chars[i])
        i += 1
        if code == _UNDERSCORE:
            if not underscore_ok:
                raise ValueError
            underscore_ok = False
            last_underscore = True
            continue
        d = _ll_digit_value(code)
        if d >= base:
            raise ValueError
        if zeros_only and d != 0:
            raise ValueError
        ndigits += 1
        underscore_ok = True
        last_underscore = False
        if not overflow:
            if acc > (limit - r_uint(d)) // b:
                overflow = True
            else:
                acc = acc * b + r_uint(d)
    if ndigits == 0 or last_underscore:
        raise ValueError
    _ll_overflow_if(overflow)
    if neg:
        return intmask(r_uint(0) - acc)
    return intmask(acc)


# --- format specs ------------------------------------------------------------


def _ll_layout(STR, sign, prefix, body, bstart, width, fill, align):
    """A STR of at least `width` characters: the sign character (0: none),
    '0' + chr(prefix) (prefix 0: none), then body[bstart:]; padded with
    `fill` as `align` says ('=': between the prefix and the body)."""
    nb = len(body.chars) - bstart
    total = nb
    if sign != 0:
        total += 1
    if prefix != 0:
        total += 2
    pad = width - total
    if pad < 0:
        pad = 0
    left = 0
    if align == _GREATER:
        left = pad
    elif align == _CARET:
        left = pad // 2
    r = malloc(STR.TO, total + pad)
    j = _ll_fill(r, 0, fill, left)
    if sign != 0:
        j = _ll_put(r, j, sign)
    if prefix != 0:
        j = _ll_put(r, j, _ZERO)
        j = _ll_put(r, j, prefix)
    if align == _EQUAL:
        j = _ll_fill(r, j, fill, pad)
        left = pad
    j = _ll_copy(r, j, body, bstart, bstart + nb)
    _ll_fill(r, j, fill, pad - left)
    return r


def _ll_group(digits, sep, size, minwidth, r):
    """The digits with `sep` every `size` digits from the right, padded with
    zero digits to at least `minwidth` characters as CPython's
    _PyUnicode_InsertThousandsGrouping does; written into r (r null: only
    measures). Returns the length."""
    remaining = len(digits.chars)
    total = 0
    pos = 0
    if r:
        pos = len(r.chars)
    first = True
    while True:
        l = remaining
        if minwidth > l:
            l = minwidth
        if l < 1:
            l = 1
        if l > size:
            l = size
        zeros = l - remaining
        if zeros < 0:
            zeros = 0
        nchars = remaining
        if nchars > l:
            nchars = l
        if not first:
            total += 1
            if r:
                pos -= 1
                _ll_put(r, pos, sep)
        first = False
        total += zeros + nchars
        if r:
            pos -= nchars
            _ll_copy(r, pos, digits, remaining - nchars, remaining)
            pos -= zeros
            _ll_fill(r, pos, _ZERO, zeros)
        remaining -= nchars
        minwidth -= l
        if remaining <= 0 and minwidth <= 0:
            break
        minwidth -= 1
    return total


def ll_format_int(STR, value, fill, align, sign, alternate, zero, width, grouping, type):
    """format(value, spec) for an int, the spec already parsed (see the
    module docstring). ValueError for the combinations CPython refuses,
    OverflowError for a 'c' out of range."""
    if type == 0:
        type = _LOWER_D
    if fill == 0 and zero:
        fill = _ZERO
        if align == 0:
            align = _EQUAL
    if fill == 0:
        fill = _SPACE
    if align == 0:
        align = _GREATER
    if type == _LOWER_C:
        if sign != 0 or alternate or grouping != 0:
            raise ValueError
        if STR.TO.chars.OF == Char:
            _ll_overflow_if(value < 0 or value > 255)
        else:
            _ll_overflow_if(value < 0 or value > 0x10FFFF)
        body = malloc(STR.TO, 1)
        _ll_put(body, 0, value)
        return _ll_layout(STR, 0, 0, body, 0, width, fill, align)
    base = 10
    upper = False
    if type == _LOWER_X:
        base = 16
    elif type == _UPPER_X:
        base = 16
        upper = True
    elif type == _LOWER_O:
        base = 8
    elif type == _LOWER_B:
        base = 2
    elif type != _LOWER_D:
        raise ValueError
    if grouping == _COMMA and base != 10:
        raise ValueError
    signch = 0
    if value < 0:
        signch = _MINUS
    elif sign == _PLUS or sign == _SPACE:
        signch = sign
    prefix = 0
    if alternate and base != 10:
        prefix = type
    u = _ll_magnitude(value)
    nd = _ll_ndigits(u, base)
    digits = malloc(STR.TO, nd)
    _ll_put_digits(digits, nd, u, base, upper)
    if grouping != 0:
        size = 3
        if base != 10:
            size = 4
        minwidth = 0
        if fill == _ZERO and align == _EQUAL:
            minwidth = width
            if signch != 0:
                minwidth -= 1
            if prefix != 0:
                minwidth -= 2
        grouped = malloc(STR.TO, _ll_group(digits, grouping, size, minwidth, nullptr(STR.TO)))
        _ll_group(digits, grouping, size, minwidth, grouped)
        digits = grouped
    return _ll_layout(STR, signch, prefix, digits, 0, width, fill, align)


def ll_format_str(s, fill, align, width, precision):
    """format(s, spec): precision truncates, the default alignment is left,
    '=' is refused (ValueError)."""
    if align == _EQUAL:
        raise ValueError
    if align == 0:
        align = _LESS
    if fill == 0:
        fill = _SPACE
    if precision >= 0 and precision < len(s.chars):
        s = _ll_substr(s, 0, precision)
    if width <= len(s.chars):
        return s
    return _ll_layout(typeOf(s), 0, 0, s, 0, width, fill, align)


def ll_pad(s, width, fill, align):
    """s padded to `width` with `fill` (0: space) aligned as `align` (0:
    right); '=' pads after a leading sign character (+, - or space)."""
    if width <= len(s.chars):
        return s
    if fill == 0:
        fill = _SPACE
    if align == 0:
        align = _GREATER
    if align == _EQUAL and len(s.chars) > 0:
        code = ord(s.chars[0])
        if code == _PLUS or code == _MINUS or code == _SPACE:
            return _ll_layout(typeOf(s), code, 0, s, 1, width, fill, align)
    return _ll_layout(typeOf(s), 0, 0, s, 0, width, fill, align)



def ll_ljust(s, width, fill):
    """s.ljust(width, chr(fill))."""
    if width <= len(s.chars):
        return s
    return _ll_layout(typeOf(s), 0, 0, s, 0, width, fill, _LESS)


def ll_rjust(s, width, fill):
    """s.rjust(width, chr(fill))."""
    if width <= len(s.chars):
        return s
    return _ll_layout(typeOf(s), 0, 0, s, 0, width, fill, _GREATER)


def ll_center(s, width, fill):
    """s.center(width, chr(fill)): the odd padding character goes left when
    width is odd, as CPython's pad()."""
    n = len(s.chars)
    if width <= n:
        return s
    marg = width - n
    left = marg // 2 + (marg & width & 1)
    r = malloc(typeOf(s).TO, width)
    j = _ll_fill(r, 0, fill, left)
    j = _ll_copy(r, j, s, 0, n)
    _ll_fill(r, j, fill, marg - left)
    return r


def ll_zfill(s, width):
    """s.zfill(width): zeros after a leading sign (+ or -)."""
    if width <= len(s.chars):
        return s
    if len(s.chars) > 0:
        code = ord(s.chars[0])
        if code == _PLUS or code == _MINUS:
            return _ll_layout(typeOf(s), code, 0, s, 1, width, _ZERO, _EQUAL)
    return _ll_layout(typeOf(s), 0, 0, s, 0, width, _ZERO, _GREATER)

# --- repr --------------------------------------------------------------------


def _ll_isprintable(code):
    """str.isprintable() of one code point: exact for the code points
    assigned in Unicode 14 (CPython 3.11); unassigned ones count as
    printable, except in the ranges tested here."""
    if code < 0x20 or (code >= 0x7F and code <= 0xA0) or code == 0xAD:
        return False
    if code < 0x0600:
        return True
    if (code <= 0x0605 or code == 0x061C or code == 0x06DD or code == 0x070F or
            code == 0x0890 or code == 0x0891 or code == 0x08E2):
        return False
    if code < 0x1680:
        return True
    if code == 0x1680 or code == 0x180E:
        return False
    if code < 0x2000:
        return True
    if code <= 0x200F or (code >= 0x2028 and code <= 0x202F) or (code >= 0x205F and code <= 0x206F):
        return False
    if code == 0x3000:
        return False
    if code < 0xD800:
        return True
    if code <= 0xF8FF:
        return False
    if code >= 0x10000:
        return _ll_isprintable_astral(code)
    return not (code == 0xFEFF or (code >= 0xFFF0 and code <= 0xFFFB) or code >= 0xFFFE)


def _ll_isprintable_astral(code):
    """_ll_isprintable() for code >= 0x10000."""
    if code == 0x110BD or code == 0x110CD or (code >= 0x13430 and code <= 0x13438):
        return False
    if (code >= 0x1BCA0 and code <= 0x1BCA3) or (code >= 0x1D173 and code <= 0x1D17A):
        return False
    if code >= 0xE0000 and code <= 0xE007F:
        return False
    return code < 0xF0000


def _ll_repr_width(S, code, quote):
    """How many characters repr() gives the character `code` of a string of
    type S inside `quote`s."""
    if code == quote or code == _BACKSLASH or code == _TAB or code == _LF or code == _CR:
        return 2
    if S.TO.chars.OF == Char:
        if code < 0x20 or code >= 0x7F:
            return 4
        return 1
    if _ll_isprintable(code):
        return 1
    if code < 0x100:
        return 4
    if code < 0x10000:
        return 6
    return 10


def _ll_put_hex(r, j, code, ndigits):
    """Writes `code` as ndigits lowercase hex digits at r.chars[j]."""
    shift = 4 * (ndigits - 1)
    while shift >= 0:
        j = _ll_put(r, j, _ll_digit_code((code >> shift) & 15, False))
        shift -= 4
    return j


def _ll_repr_put(r, j, S, code, quote):
    """Writes repr() of the character `code` (see _ll_repr_width) at
    r.chars[j]; returns the position after it."""
    w = _ll_repr_width(S, code, quote)
    if w == 1:
        return _ll_put(r, j, code)
    j = _ll_put(r, j, _BACKSLASH)
    if w == 2:
        if code == _TAB:
            return _ll_put(r, j, _LOWER_T)
        if code == _LF:
            return _ll_put(r, j, _LOWER_N)
        if code == _CR:
            return _ll_put(r, j, _LOWER_R)
        return _ll_put(r, j, code)
    if w == 4:
        j = _ll_put(r, j, _LOWER_X)
        return _ll_put_hex(r, j, code, 2)
    if w == 6:
        j = _ll_put(r, j, _LOWER_U)
        return _ll_put_hex(r, j, code, 4)
    j = _ll_put(r, j, _UPPER_U)
    return _ll_put_hex(r, j, code, 8)


def ll_str_repr(STR, s):
    """repr(s) as a STR, for a str (quotes and escapes as CPython) or a
    bytes (b'...', \\xNN for the bytes outside 0x20..0x7e)."""
    n = len(s.chars)
    has_quote = False
    has_dquote = False
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if code == _QUOTE:
            has_quote = True
        elif code == _DQUOTE:
            has_dquote = True
        i += 1
    quote = _QUOTE
    if has_quote and not has_dquote:
        quote = _DQUOTE
    total = 2
    if typeOf(s).TO.chars.OF == Char:
        total += 1
    i = 0
    while i < n:
        total += _ll_repr_width(typeOf(s), ord(s.chars[i]), quote)
        i += 1
    r = malloc(STR.TO, total)
    j = 0
    if typeOf(s).TO.chars.OF == Char:
        j = _ll_put(r, j, _LOWER_B)
    j = _ll_put(r, j, quote)
    i = 0
    while i < n:
        j = _ll_repr_put(r, j, typeOf(s), ord(s.chars[i]), quote)
        i += 1
    _ll_put(r, j, quote)
    return r


# --- UTF-8 -------------------------------------------------------------------


def ll_encode_utf8(BYTES, s):
    """s.encode('utf-8'); UnicodeEncodeError for a surrogate."""
    n = len(s.chars)
    size = 0
    i = 0
    while i < n:
        c = ord(s.chars[i])
        if c < 0x80:
            size += 1
        elif c < 0x800:
            size += 2
        elif c < 0x10000:
            if c >= 0xD800 and c <= 0xDFFF:
                raise LLUnicodeEncodeError
            size += 3
        else:
            size += 4
        i += 1
    r = malloc(BYTES.TO, size)
    i = 0
    j = 0
    while i < n:
        c = ord(s.chars[i])
        if c < 0x80:
            j = _ll_put(r, j, c)
        elif c < 0x800:
            j = _ll_put(r, j, 0xC0 | (c >> 6))
            j = _ll_put(r, j, 0x80 | (c & 0x3F))
        elif c < 0x10000:
            j = _ll_put(r, j, 0xE0 | (c >> 12))
            j = _ll_put(r, j, 0x80 | ((c >> 6) & 0x3F))
            j = _ll_put(r, j, 0x80 | (c & 0x3F))
        else:
            j = _ll_put(r, j, 0xF0 | (c >> 18))
            j = _ll_put(r, j, 0x80 | ((c >> 12) & 0x3F))
            j = _ll_put(r, j, 0x80 | ((c >> 6) & 0x3F))
            j = _ll_put(r, j, 0x80 | (c & 0x3F))
        i += 1
    return r


def _ll_utf8_cont(b, i, lo, hi):
    """Whether b[i] exists and lies in lo..hi."""
    if i >= len(b.chars):
        return False
    c = ord(b.chars[i])
    return c >= lo and c <= hi


def _ll_utf8_seqlen(b, i):
    """The length of the well-formed UTF-8 sequence at b[i]; UnicodeDecodeError if
    there is none (overlong forms, surrogates, > U+10FFFF, truncation)."""
    c = ord(b.chars[i])
    if c < 0x80:
        return 1
    if c < 0xC2:
        raise LLUnicodeDecodeError
    if c < 0xE0:
        if not _ll_utf8_cont(b, i + 1, 0x80, 0xBF):
            raise LLUnicodeDecodeError
        return 2
    if c < 0xF0:
        lo = 0x80
        hi = 0xBF
        if c == 0xE0:
            lo = 0xA0
        elif c == 0xED:
            hi = 0x9F
        if not _ll_utf8_cont(b, i + 1, lo, hi) or not _ll_utf8_cont(b, i + 2, 0x80, 0xBF):
            raise LLUnicodeDecodeError
        return 3
    if c < 0xF5:
        lo = 0x80
        hi = 0xBF
        if c == 0xF0:
            lo = 0x90
        elif c == 0xF4:
            hi = 0x8F
        if (not _ll_utf8_cont(b, i + 1, lo, hi) or not _ll_utf8_cont(b, i + 2, 0x80, 0xBF) or
                not _ll_utf8_cont(b, i + 3, 0x80, 0xBF)):
            raise LLUnicodeDecodeError
        return 4
    raise LLUnicodeDecodeError


def ll_decode_utf8(STR, b):
    """b.decode('utf-8'), strict: UnicodeDecodeError for ill-formed input."""
    n = len(b.chars)
    count = 0
    i = 0
    while i < n:
        i += _ll_utf8_seqlen(b, i)
        count += 1
    r = malloc(STR.TO, count)
    i = 0
    j = 0
    while i < n:
        c = ord(b.chars[i])
        if c < 0x80:
            i += 1
        elif c < 0xE0:
            c = ((c & 0x1F) << 6) | (ord(b.chars[i + 1]) & 0x3F)
            i += 2
        elif c < 0xF0:
            c = (((c & 0x0F) << 12) | ((ord(b.chars[i + 1]) & 0x3F) << 6) |
                 (ord(b.chars[i + 2]) & 0x3F))
            i += 3
        else:
            c = (((c & 0x07) << 18) | ((ord(b.chars[i + 1]) & 0x3F) << 12) |
                 ((ord(b.chars[i + 2]) & 0x3F) << 6) | (ord(b.chars[i + 3]) & 0x3F))
            i += 4
        j = _ll_put(r, j, c)
    return r
