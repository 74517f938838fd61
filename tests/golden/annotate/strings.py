"""Text strings (str): operators, methods, chars, formatting, nullable strings."""


# concatenation and repetition
def concat(a, b, n):
    return a + "-" + b * n


# comparison of strs gives bools
def str_compare(a, b):
    return a < b or a == b


# `in` on strs: substring and char
def contains(s, t):
    return t in s or "." in s


# slicing with constant and variable bounds
def slices(s, i):
    return s[1:] + s[:i] + s[i:i + 2] + s[:-1]


# indexing a str gives a one-char str
def first_last(s):
    return s[0] + s[len(s) - 1]


# iterating over a str gives one-char strs
def count_vowels(s):
    n = 0
    for c in s:
        if c in "aeiou":
            n += 1
    return n


# ord and chr
def shift_char(c, k):
    return chr(ord(c) + k)


# comparison of chars
def is_upper_char(c):
    return "A" <= c and c <= "Z"


# %-formatting of an int, a float and a str
def percent_format(n, x, s):
    return "%d items, %f each, %s" % (n, x, s)


# %-formatting with a single value
def percent_one(n):
    return "n=%d" % n


# f-string of an int, a float and a str
def fstring(n, x, s):
    return f"{s}: {n} ({x})"


# join of a list of strs
def join_words(words):
    return ", ".join(words)


# split with a separator and on whitespace
def split_count(s):
    return len(s.split(",")) + len(s.split())


# strip, lstrip, rstrip
def strips(s):
    return s.strip() + s.lstrip() + s.rstrip("x")


# find, rfind and count
def searches(s, t):
    return s.find(t) + s.rfind(t) + s.count(t)


# replace
def replace_all(s, a, b):
    return s.replace(a, b)


# startswith and endswith
def affixes(s, p):
    return s.startswith(p) and s.endswith(".py")


# lower and upper
def cases(s):
    return s.lower() + s.upper()


# isdigit, isalpha, isalnum, isspace of a char
def classify(c):
    if c.isdigit():
        return 1
    elif c.isalpha():
        return 2
    elif c.isalnum():
        return 3
    elif c.isspace():
        return 4
    return 0


# isdigit of a whole str
def all_digits(s):
    return len(s) > 0 and s.isdigit()


# str() of an int, a float and a bool
def to_strs(n, x):
    return str(n) + str(x) + str(n > 0)


# int() and float() of a str
def parse(s):
    return int(s) + int(float(s + ".5"))


# a nullable str: returns a str or None
def find_word(words, prefix):
    for w in words:
        if w.startswith(prefix):
            return w
    return None


# `is None` narrows a nullable str to a str
def word_len(words, prefix):
    w = find_word(words, prefix)
    if w is None:
        return -1
    return len(w)


# encode to bytes with utf-8
def encode_utf8(s):
    return s.encode("utf-8")


# latin-1 round trip: encode then decode
def roundtrip_latin1(s):
    b = s.encode("latin-1")
    return b.decode("latin-1")


# building a str with a list and join
def repeat_join(s, n):
    parts = []
    for i in range(n):
        parts.append(s + str(i))
    return "".join(parts)


# equality with constant strs
def keyword_kind(s):
    if s == "if" or s == "while":
        return 1
    if s == "def":
        return 2
    return 0


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    x = float(n)
    c = s[0]
    words = [s, "alpha", "beta " + s]
    concat(s, "ab", n)
    str_compare(s, "m")
    contains(s, "py")
    slices(s, n)
    first_last(s)
    count_vowels(s)
    shift_char(c, n)
    is_upper_char(c)
    percent_format(n, x, s)
    percent_one(n)
    fstring(n, x, s)
    join_words(words)
    split_count(s + ", x y")
    strips(" " + s + "x ")
    searches(s, "a")
    replace_all(s, ".", "_")
    affixes(s, "s")
    cases(s)
    classify(c)
    all_digits(str(n))
    to_strs(n, x)
    parse(str(n + 10))
    word_len(words, "b")
    encode_utf8(s)
    roundtrip_latin1(s)
    repeat_join(s, n + 1)
    keyword_kind(s)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
