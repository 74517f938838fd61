"""String repr: indexing, slicing, concatenation, repetition, comparisons,
containment, iteration, methods, conversions."""


def test_index(n, s):
    t = "hello" + s
    print("index", t[0], t[n], t[-1], t[-n], t[len(t) - 1])


def test_index_error(n, s):
    t = "abc" + s
    try:
        print(t[n + 10])
    except IndexError:
        print("IndexError caught")
    try:
        print(t[-n - 10])
    except IndexError:
        print("IndexError caught neg")


def test_slice(n, s):
    t = "abcdefghij" + s
    print("slice", t[n:], t[:n], t[1:n + 2], t[-n:], t[:-n], t[n:-1], t[:], t[5:2], t[100:], t[-100:2])


def test_concat(n, s):
    a = "foo"
    b = s * n
    c = a + b
    c += "!"
    c = c + "" + c
    print("concat", c, len(c), "" + "", s + s)


def test_mul(n, s):
    t = "ab" + s
    print("mul", t * n, t * 0, t * -1, "-" * 20, len("xyz" * (n * 100)))
    u = s
    u *= n
    print("imul", u)


def test_compare(n, s):
    a = "apple" + s
    b = "apple"
    c = "banana"
    print("cmp", a == b, a != b, a < c, a > b, b < a, b <= b, c >= a, "" < a, a == "apple" + s)


def test_compare_prefixes(n, s):
    strs = ["", "a", "ab", "abc", "b", "B", "aa" + s, "z" * n]
    out = ""
    for x in strs:
        for y in strs:
            if x < y:
                out += "<"
            elif x == y:
                out += "="
            else:
                out += ">"
        out += " "
    print("cmp matrix", out)


def test_in(n, s):
    t = "the quick brown fox" + s
    print("in", "quick" in t, "slow" in t, "" in t, s in t, "fox" + s in t, "qu" not in t, t in t)


def test_len(n, s):
    print("len", len(""), len(s), len("hello" * n), len(str(n * 12345)))


def test_iteration(n, s):
    t = "hello world " + s
    count = 0
    vowels = 0
    for c in t:
        count += 1
        if c in "aeiou":
            vowels += 1
    print("iter", count, vowels)


def test_reverse_manual(n, s):
    t = "stressed" + s
    r = ""
    i = len(t) - 1
    while i >= 0:
        r += t[i]
        i -= 1
    print("reversed", r)


def test_find(n, s):
    t = "abracadabra" + s
    print("find", t.find("bra"), t.find("bra", n), t.find("bra", 2, 8), t.find("xyz"), t.find(""), t.find("a", -n),
          t.find("c"), t.find(s))


def test_rfind(n, s):
    t = "abracadabra" + s
    print("rfind", t.rfind("bra"), t.rfind("bra", 0, 8), t.rfind("xyz"), t.rfind(""), t.rfind("a"), t.rfind("a", 0, n))


def test_index_method(n, s):
    t = "abracadabra"
    print("index", t.index("cad"), t.index("a", n))
    try:
        print(t.index("zz"))
    except ValueError:
        print("index ValueError")


def test_count(n, s):
    t = "abracadabra" * n
    print("count", t.count("a"), t.count("bra"), t.count(""), t.count("zz"), t.count("a", n), t.count("a", 0, 5),
          "aaaa".count("aa"))


def test_split(n, s):
    t = "a,b,,c," + s
    parts = t.split(",")
    print("split", len(parts), "|".join(parts))
    ws = "  hello   world  foo " + s
    parts2 = ws.split()
    print("splitws", len(parts2), "|".join(parts2))
    parts3 = t.split(",", n - 1)
    print("splitmax", len(parts3), "|".join(parts3))
    parts4 = "a--b--c".split("--")
    print("splitmulti", "|".join(parts4))


def test_rsplit(n, s):
    t = "a,b,,c," + s
    print("rsplit", "|".join(t.rsplit(",")), "|".join(t.rsplit(",", n - 2)), "|".join(" x  y z ".rsplit(None, 1)))


def test_split_empty(n, s):
    print("splitempty", len("".split(",")), len("".split()), len("   ".split()), len(",".split(",")))


def test_join(n, s):
    lst = ["x", "yy", "zzz", s]
    print("join", ", ".join(lst), "".join(lst), "+".join(["one"]), s.join(["1", "2", "3"]))
    empty = [s]
    del empty[0]
    print("join empty", "[" + "-".join(empty) + "]")


def test_join_built(n, s):
    lst = []
    i = 0
    while i < n * 3:
        lst.append(str(i))
        i += 1
    print("joinbuilt", ",".join(lst))


def test_strip(n, s):
    t = "  \t hello world \n " + s
    print("strip", "[" + t.strip() + "]", "[" + t.lstrip() + "]", "[" + t.rstrip() + "]")


def test_strip_chars(n, s):
    t = "xxyhelloyxx" + s
    print("stripchars", t.strip("xy"), t.lstrip("x"), t.rstrip("xy" + s), "[" + "aaa".strip("a") + "]")


def test_startswith_endswith(n, s):
    t = "hello world" + s
    print("startsends", t.startswith("hello"), t.startswith("world"), t.endswith(s), t.endswith("world"),
          t.startswith(""), t.endswith(""), "".startswith("a"), t.startswith(t))


def test_replace(n, s):
    t = "one two one three one" + s
    print("replace", t.replace("one", "1"), t.replace("one", "ONE", n - 2), t.replace("zz", "y"),
          t.replace(" ", ""), "aaa".replace("a", "bb"), "abc".replace("", "-"))


def test_upper_lower(n, s):
    t = "Hello World 123 " + s
    print("case", t.upper(), t.lower(), "".upper(), "ABC".lower())


def test_is_methods(n, s):
    strs = ["123", "abc", "ABC", "aBc", "a1", "", "   ", " a ", "12 3", s, "Abc1"]
    for t in strs:
        print("is", "[" + t + "]", t.isdigit(), t.isalpha(), t.isalnum(), t.isspace(), t.isupper(), t.islower())


def test_str_of_values(n, s):
    print("str()", str(n), str(-n), str(n > 2), str(n * 0.5), str(s), str(""), str(n == 3))


def test_repr_of_strings(n, s):
    strs = ["hello", "", "it's", 'say "hi"', "both ' and \"", "tab\there", "nl\n", "back\\slash", "\x00\x7f",
            s, chr(233) + chr(0x263a)]
    for t in strs:
        print("repr", repr(t))


def test_repr_of_values(n, s):
    print("repr()", repr(n), repr(-n), repr(n > 2), repr(n * 0.5), repr(s))


def test_str_hash_eq(n, s):
    a = "key" + str(n)
    b = "key3"
    print("hash", hash(a) == hash(b), a == b, a is not None)


def test_bool_of_str(n, s):
    e = s[:0]
    print("bool(str)", bool(s), bool(e), not s, not e)
    if e:
        print("e true")
    else:
        print("e false")
    if s:
        print("s true")


def test_str_build_loop(n, s):
    out = ""
    i = 0
    while i < 10:
        out += str(i * n)
        if i % 3 == 0:
            out += ","
        i += 1
    print("build", out)


def test_palindromes(n, s):
    words = ["racecar", "hello", "a", "", "abba", "abca", s + "b" + s]
    for w in words:
        print("palindrome", w, is_palindrome(w))


def is_palindrome(w):
    i = 0
    j = len(w) - 1
    while i < j:
        if w[i] != w[j]:
            return False
        i += 1
        j -= 1
    return True


def test_word_count(n, s):
    text = "the cat and the dog and the bird " + s
    words = text.split()
    count = 0
    for w in words:
        if w == "the":
            count += 1
    print("wordcount", len(words), count)


def test_none_str(n, s):
    x = None
    if n > 2:
        x = "set"
    y = None
    if n > 10:
        y = "nope"
    print("optional", x is None, y is None, x is not None, x == "set", y == "nope")
    if x is not None:
        print("x is", x)
    if y is not None:
        print("y is", y)


def test_str_max_min(n, s):
    print("maxmin", max("apple", s), min("apple", s), max("b", "ab", "abc"))


def test_char_vs_str_eq(n, s):
    c = s[0]
    t = s + ""
    print("charstr", c == t, t == c, c == "a", t == "a", c + t)


def entry_point(argv):
    n = len(argv)
    s = argv[1] if n > 1 else "x"
    test_index(n, s)
    test_index_error(n, s)
    test_slice(n, s)
    test_concat(n, s)
    test_mul(n, s)
    test_compare(n, s)
    test_compare_prefixes(n, s)
    test_in(n, s)
    test_len(n, s)
    test_iteration(n, s)
    test_reverse_manual(n, s)
    test_find(n, s)
    test_rfind(n, s)
    test_index_method(n, s)
    test_count(n, s)
    test_split(n, s)
    test_rsplit(n, s)
    test_split_empty(n, s)
    test_join(n, s)
    test_join_built(n, s)
    test_strip(n, s)
    test_strip_chars(n, s)
    test_startswith_endswith(n, s)
    test_replace(n, s)
    test_upper_lower(n, s)
    test_is_methods(n, s)
    test_str_of_values(n, s)
    test_repr_of_strings(n, s)
    test_repr_of_values(n, s)
    test_str_hash_eq(n, s)
    test_bool_of_str(n, s)
    test_str_build_loop(n, s)
    test_palindromes(n, s)
    test_word_count(n, s)
    test_none_str(n, s)
    test_str_max_min(n, s)
    test_char_vs_str_eq(n, s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
