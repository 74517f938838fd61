"""Less common string methods and string algorithms."""


def test_split_maxsplit_kw(n, s):
    t = "a b c d e" + s
    print("splitmax", "|".join(t.split(" ", 2)), "|".join(t.rsplit(" ", 2)), "|".join(t.split(None, n - 1)))


def test_strip_to_empty(n, s):
    t = " " * n
    print("[" + t.strip() + "]", "[" + t.lstrip() + "]", "[" + "".rstrip() + "]")


def test_str_ord_table(n, s):
    counts = [0] * 26
    text = "the quick brown fox jumps over the lazy dog" + s * n
    for c in text:
        if "a" <= c <= "z":
            counts[ord(c) - ord("a")] += 1
    out = ""
    i = 0
    while i < 26:
        if counts[i] > 1:
            out += chr(ord("a") + i) + str(counts[i])
        i += 1
    print("freq", out)


def test_run_length(n, s):
    t = "aaabccddddde" + s * n
    out = ""
    i = 0
    while i < len(t):
        j = i
        while j < len(t) and t[j] == t[i]:
            j += 1
        out += t[i] + str(j - i)
        i = j
    print("rle", out)


def test_tokenize(n, s):
    src = "x1 = foo(42, bar) + 7*y" + s
    tokens = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isalpha() or c == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append("ID:" + src[i:j])
            i = j
        elif c.isdigit():
            j = i
            while j < len(src) and src[j].isdigit():
                j += 1
            tokens.append("NUM:" + src[i:j])
            i = j
        else:
            tokens.append("OP:" + c)
            i += 1
    print("tokens", len(tokens), " ".join(tokens))


def test_int_parse_manual(n, s):
    t = "12345" + str(n)
    v = 0
    for c in t:
        v = v * 10 + (ord(c) - ord("0"))
    print("parse", v, v == int(t))


def test_str_in_list_search(n, s):
    names = ["alice", "bob", "carol", s]
    found = 0
    for name in names:
        if name.startswith("a") or name.endswith("b"):
            found += 1
    print("search", found, names.index("carol"), s in names, "dave" in names)


def test_str_sort_manual(n, s):
    words = ["pear", "apple", "fig", s, "banana", "cherry"]
    i = 1
    while i < len(words):
        key = words[i]
        j = i - 1
        while j >= 0 and words[j] > key:
            words[j + 1] = words[j]
            j -= 1
        words[j + 1] = key
        i += 1
    print("sorted", " ".join(words))


def test_find_all(n, s):
    t = "abababab" + s
    pos = []
    i = t.find("ab")
    while i >= 0:
        pos.append(str(i))
        i = t.find("ab", i + 1)
    print("findall", ",".join(pos))


def test_count_overlap_char(n, s):
    t = "mississippi" * n
    print("countc", t.count("s"), t.count("ss"), t.count("i", 5), t.count("issi"))


def test_replace_count(n, s):
    t = "aXbXcXdX" + s
    print("replcnt", t.replace("X", "", 2), t.replace("X", "--", 0), t.replace("aX", "Y", -1))


def test_long_string(n, s):
    t = "abc" * 1000 + s
    print("long", len(t), t.count("abc"), t.find("cab", 500), t.rfind("abc"), t[2998:], len(t.upper()))


def test_unicode_basic(n, s):
    t = "h" + chr(233) + "llo w" + chr(246) + "rld " + chr(0x4e16) + s
    print("unicode", t, len(t), t.find(chr(246)), t[1], repr(t), t[3:9], t.count("l"))
    print("|".join(t.split(" ")), t < "i", t.replace(chr(233), "e"))


def test_encode_decode(n, s):
    t = "caf" + chr(233) + s
    b = t.encode("utf-8")
    u = b.decode("utf-8")
    print("encode", len(t), len(b), u == t, u)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_split_maxsplit_kw(n, s)
    test_strip_to_empty(n, s)
    test_str_ord_table(n, s)
    test_run_length(n, s)
    test_tokenize(n, s)
    test_int_parse_manual(n, s)
    test_str_in_list_search(n, s)
    test_str_sort_manual(n, s)
    test_find_all(n, s)
    test_count_overlap_char(n, s)
    test_replace_count(n, s)
    test_long_string(n, s)
    test_unicode_basic(n, s)
    test_encode_decode(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
