# A field declared immutable (_immutable_fields_) is set by the constructor
# only: the JIT generator reads it once, at compile time.
class Code(object):
    _immutable_fields_ = ["text"]

    def __init__(self, text):
        self.text = text


def patch(code):
    code.text = code.text + "!"  # <- error


def entry_point(argv):
    code = Code("abc")
    patch(code)
    print(code.text)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
