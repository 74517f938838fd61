"""UnicodeDecodeError from bytes.decode (was an expected failure of rt_bytes.py)."""


def test_bytes_decode_error(n, s):
    b = b"\xff\xfe" + s.encode("utf-8")
    try:
        print(b.decode("utf-8"))
    except UnicodeDecodeError:
        print("decode error")


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_bytes_decode_error(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
