# A long allocation loop with a small live set: under a GC its resident size
# stays flat however long it runs (tests/gc/run_bounded.py compares 1x and
# 10x the iterations).
import os


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


def peak_rss_kb():
    """VmHWM of /proc/self/status: this process's peak resident size (the
    size its parent sees from wait4 counts the parent's pages too when the
    parent forked it without copying, as Python does)."""
    fd = os.open("/proc/self/status", os.O_RDONLY, 0)
    data = os.read(fd, 65536)
    os.close(fd)
    for line in data.decode().split("\n"):
        if line.startswith("VmHWM:"):
            return int(line[6:].strip().split(" ")[0])
    return -1


def entry_point(argv):
    n = int(argv[1]) if len(argv) > 1 else 1000
    print(churn(n))
    if len(argv) > 2 and argv[2] == "--rss":
        os_write_err("peak_rss_kb %d\n" % peak_rss_kb())
    return 0


def os_write_err(text):
    os.write(2, text.encode())


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
