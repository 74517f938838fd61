"""Exception classes that low-level Python raises in place of builtin ones.

System code raises exception classes without arguments (LLPYTHON.md). A few
builtin exceptions cannot be made without arguments on CPython; the classes
here can, and their `_ll_exception_` attribute names the builtin class the
translator raises instead, so translated programs see the builtin one.
"""


class LLUnicodeDecodeError(UnicodeDecodeError):
    """UnicodeDecodeError as system code raises it: `raise
    LLUnicodeDecodeError`, without arguments (CPython's UnicodeDecodeError
    wants five). The translator raises the builtin class named by
    `_ll_exception_` instead, so translated programs see a plain
    UnicodeDecodeError (a ValueError)."""

    def __init__(self):
        UnicodeDecodeError.__init__(self, "utf-8", b"", 0, 1, "invalid data")


LLUnicodeDecodeError._ll_exception_ = UnicodeDecodeError


class LLUnicodeEncodeError(UnicodeEncodeError):
    """UnicodeEncodeError raised by system code (as LLUnicodeDecodeError)."""

    def __init__(self):
        UnicodeEncodeError.__init__(self, "utf-8", "", 0, 1, "surrogates not allowed")


LLUnicodeEncodeError._ll_exception_ = UnicodeEncodeError
