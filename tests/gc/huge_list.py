# A list far beyond memory: MemoryError (uncaught: exit 1) under every GC,
# never a wrapped-around size.


def entry_point(argv):
    n = len(argv) * (1 << 60)
    print("start")
    a = [7] * n
    print(len(a))
    return 0


if __name__ == "__main__":
    import sys
    entry_point(sys.argv)
