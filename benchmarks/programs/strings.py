"""String processing: generate a pseudo-random text of N sentences (a
linear congruential generator picks the words), tokenize it by hand, count
the words in a dict, rank them by sorting formatted keys, and run split,
join, replace, upper and %-formatting over it, hashing each result.

usage: strings.py N    (prints token counts, the five most frequent words
and hashes of the derived texts)
The C twin is benchmarks/c/strings.c.
"""

WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
         "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt",
         "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "minim",
         "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris",
         "nisi", "aliquip", "ex", "ea", "commodo", "consequat"]

MODULUS = 1000000007


class Rng(object):
    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 1103515245 + 12345) & 0x7fffffff
        return (self.state >> 16) % bound


def text_hash(s):
    h = 0
    for c in s:
        h = (h * 31 + ord(c)) % MODULUS
    return h


def generate(n):
    rng = Rng(42)
    sentences = []
    for i in range(n):
        length = 3 + rng.next(10)
        words = []
        for k in range(length):
            w = WORDS[rng.next(len(WORDS))]
            r = rng.next(20)
            if r == 0:
                w = w + str(rng.next(1000))
            elif r == 1:
                w = w + ","
            words.append(w)
        first = words[0]
        words[0] = first[0].upper() + first[1:]
        sentences.append(" ".join(words) + ".")
    return " ".join(sentences)


def tokenize(text):
    """Words (runs of letters, lowercased) and numbers (runs of digits)."""
    tokens = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c.isalpha():
            j = i + 1
            while j < n and text[j].isalpha():
                j += 1
            tokens.append(text[i:j].lower())
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and text[j].isdigit():
                j += 1
            tokens.append(text[i:j])
            i = j
        else:
            i += 1
    return tokens


def entry_point(argv):
    n = 100
    if len(argv) > 1:
        n = int(argv[1])
    text = generate(n)
    tokens = tokenize(text)

    counts = {}
    number_sum = 0
    for tok in tokens:
        if tok[0].isdigit():
            number_sum += int(tok)
        else:
            counts[tok] = counts.get(tok, 0) + 1
    print("text: %d chars, %d tokens, %d distinct words, numbers sum %d"
          % (len(text), len(tokens), len(counts), number_sum))

    # Rank by decreasing count, then by word: sort keys that order that way.
    keys = []
    for word, count in counts.items():
        keys.append("%09d %s" % (999999999 - count, word))
    keys.sort()
    for k in range(min(5, len(keys))):
        key = keys[k]
        space = key.find(" ")
        word = key[space + 1:]
        print(f"  {word:<14}{counts[word]:>9}")

    replaced = text.replace("dolor", "PAIN").replace(", ", " , ")
    print("replaced: %d chars, hash %d" % (len(replaced), text_hash(replaced)))

    # Each sentence with its words in reverse order.
    sentences = text.split(". ")
    out = []
    for s in sentences:
        words = s.split(" ")
        words.reverse()
        out.append(" ".join(words))
    reversed_text = "|".join(out)
    print("sentences: %d, reversed hash %d" % (len(sentences), text_hash(reversed_text)))

    upper = text.upper()
    capitals = 0
    for c in text:
        if c.isupper():
            capitals += 1
    print("upper hash %d, capitals %d" % (text_hash(upper), capitals))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
