# A long allocation loop with a small live set: under a GC its resident size
# stays flat however long it runs (tests/gc/run_bounded.py compares 1x and
# 10x the iterations).


class Cell(object):
    def __init__(self, value, next):
        self.value = value
        self.next = next


def churn(n):
    keep = [None] * 64  # the live set: 64 short chains, replaced in turn
    total = 0
    for i in range(n):
        chain = None
        for k in range(20):
            chain = Cell(i + k, chain)
        words = [str(i), "x" * (i % 7), str(i * 0.5)]
        total += len(words[0]) + len(words[1]) + len(words[2])
        keep[i % 64] = chain
        total += chain.value % 3
    for c in keep:
        while c is not None:
            total += c.value % 5
            c = c.next
    return total


def entry_point(argv):
    n = int(argv[1]) if len(argv) > 1 else 1000
    print(churn(n))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
