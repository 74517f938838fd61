"""String helpers (a first subset; the full module replaces it).

STR is RPython str (code points, UniChar), BYTES is bytes (Char).
"""
from futamura.rlib.rarithmetic import intmask, r_uint
from futamura.rtyper.lltype import (Array, Char, GcStruct, Ptr, Signed, UniChar, cast_primitive,
                                    malloc, typeOf)

STR = Ptr(GcStruct('rpy_str', ('hash', Signed), ('chars', Array(UniChar))))
BYTES = Ptr(GcStruct('rpy_bytes', ('hash', Signed), ('chars', Array(Char))))


def ll_strconcat(s1, s2):
    n1 = len(s1.chars)
    n2 = len(s2.chars)
    r = malloc(typeOf(s1).TO, n1 + n2)
    i = 0
    while i < n1:
        r.chars[i] = s1.chars[i]
        i += 1
    i = 0
    while i < n2:
        r.chars[n1 + i] = s2.chars[i]
        i += 1
    return r


def ll_str_from_char(STRT, c):
    r = malloc(STRT.TO, 1)
    r.chars[0] = c
    return r


def ll_encode_utf8(BYTEST, s):
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
            size += 3
        else:
            size += 4
        i += 1
    r = malloc(BYTEST.TO, size)
    i = 0
    j = 0
    while i < n:
        c = ord(s.chars[i])
        if c < 0x80:
            r.chars[j] = cast_primitive(Char, c)
            j += 1
        elif c < 0x800:
            r.chars[j] = cast_primitive(Char, 0xC0 | (c >> 6))
            r.chars[j + 1] = cast_primitive(Char, 0x80 | (c & 0x3F))
            j += 2
        elif c < 0x10000:
            r.chars[j] = cast_primitive(Char, 0xE0 | (c >> 12))
            r.chars[j + 1] = cast_primitive(Char, 0x80 | ((c >> 6) & 0x3F))
            r.chars[j + 2] = cast_primitive(Char, 0x80 | (c & 0x3F))
            j += 3
        else:
            r.chars[j] = cast_primitive(Char, 0xF0 | (c >> 18))
            r.chars[j + 1] = cast_primitive(Char, 0x80 | ((c >> 12) & 0x3F))
            r.chars[j + 2] = cast_primitive(Char, 0x80 | ((c >> 6) & 0x3F))
            r.chars[j + 3] = cast_primitive(Char, 0x80 | (c & 0x3F))
            j += 4
        i += 1
    return r


def ll_int2dec(STRT, i):
    neg = i < 0
    if neg:
        u = r_uint(0) - r_uint(i)
    else:
        u = r_uint(i)
    n = 1
    x = u // r_uint(10)
    while x != r_uint(0):
        n += 1
        x = x // r_uint(10)
    if neg:
        n += 1
    r = malloc(STRT.TO, n)
    j = n - 1
    x = u
    r.chars[j] = cast_primitive(STRT.TO.chars.OF, 48 + intmask(x % r_uint(10)))
    x = x // r_uint(10)
    while x != r_uint(0):
        j -= 1
        r.chars[j] = cast_primitive(STRT.TO.chars.OF, 48 + intmask(x % r_uint(10)))
        x = x // r_uint(10)
    if neg:
        r.chars[0] = cast_primitive(STRT.TO.chars.OF, 45)
    return r


def ll_streq(s1, s2):
    if not s1 or not s2:
        return s1 == s2
    n = len(s1.chars)
    if n != len(s2.chars):
        return False
    i = 0
    while i < n:
        if s1.chars[i] != s2.chars[i]:
            return False
        i += 1
    return True


def ll_strhash(s):
    x = s.hash
    if x != 0:
        return x
    n = len(s.chars)
    x = 5381
    i = 0
    while i < n:
        x = intmask(x * 33 + ord(s.chars[i]))
        i += 1
    if x == 0:
        x = 1
    s.hash = x
    return x
