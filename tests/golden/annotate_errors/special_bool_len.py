# Refused: `if stack:` would call Stack.__len__ on CPython; RPython's truth of
# an instance is "not None", so it refuses rather than differ. len(stack) is
# fine: it calls __len__.


class Stack(object):
    def __init__(self):
        self.items = []

    def __len__(self):
        return len(self.items)


def entry_point(argv):
    s = Stack()
    print(len(s))
    if s:  # <- error
        print("not empty")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
