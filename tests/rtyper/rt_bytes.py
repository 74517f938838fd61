"""Bytes repr: literals, encode/decode, len, indexing, slicing, comparisons,
methods, repr."""


def test_encode_len(n, s):
    b = (s * n).encode("utf-8")
    c = ("x" + chr(233) + chr(0x4e16)).encode("utf-8")
    print("encode", len(b), len(c))


def test_decode_roundtrip(n, s):
    t = "h" + chr(233) + "llo " + s + chr(0x1f600)
    u = t.encode("utf-8").decode("utf-8")
    print("roundtrip", u == t, len(u), u)


def test_bytes_repr(n, s):
    b = ("ab'c\n" + s).encode("utf-8")
    print("repr", repr(b), str(b), repr(b"\x00\xff\t\\"), repr(b'"'))


def test_bytes_literal_ops(n, s):
    b = b"hello world"
    print("lit", len(b), b == b"hello world", b != b"x", b"lo w" in b, b[0], b[-1], b[n])


def test_bytes_slice_concat(n, s):
    b = b"abcdef" + s.encode("utf-8")
    print("slice", repr(b[1:n]), repr(b[n:]), repr(b[:-1]), repr(b + b"!"), repr(b * 2))


def test_bytes_compare(n, s):
    a = s.encode("utf-8")
    print("bcmp", a == b"a", a < b"b", a > b"", b"abc" < b"abd", a <= a)


def test_bytes_methods(n, s):
    b = b"one,two,three" + s.encode("utf-8")
    print("bmeth", b.find(b"two"), b.count(b"o"), b.startswith(b"one"), b.endswith(b"a"), repr(b.upper()),
          len(b.split(b",")), repr(b.split(b",")[1]), repr(b.replace(b"o", b"0")), repr(b.strip(b"oa")))


def test_bytes_hash_bool(n, s):
    b = s.encode("utf-8")
    e = b[:0]
    print("bbool", bool(b), bool(e), hash(b) == hash(b"a"), not e)


def test_bytes_iter(n, s):
    total = 0
    for x in b"abc" + s.encode("utf-8"):
        total += x
    print("biter", total)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_encode_len(n, s)
    test_decode_roundtrip(n, s)
    test_bytes_repr(n, s)
    test_bytes_literal_ops(n, s)
    test_bytes_slice_concat(n, s)
    test_bytes_compare(n, s)
    test_bytes_methods(n, s)
    test_bytes_hash_bool(n, s)
    test_bytes_iter(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
