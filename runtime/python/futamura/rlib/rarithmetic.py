"""Machine-word arithmetic for RPython programs.

Translated, an `int` is a signed machine word (64 bits here) that wraps on
overflow. On CPython ints are unbounded; these helpers give programs the
translated meaning where it matters:

- `ovfcheck(x op y)` returns the result or raises OverflowError if it does not
  fit in a machine word (the translator turns the operation into its
  overflow-checked form);
- `intmask(x)` truncates to a signed machine word;
- `r_uint` is an unsigned machine word, `r_longlong` a signed 64-bit integer.
"""

LONG_BIT = 64
_MASK = (1 << LONG_BIT) - 1
sys_maxint = (1 << (LONG_BIT - 1)) - 1
MININT = -sys_maxint - 1


def ovfcheck(r):
    """Raises OverflowError if `r` does not fit in a signed machine word."""
    assert not isinstance(r, r_uint), "ovfcheck() is for signed arithmetic"
    if r > sys_maxint or r < MININT:
        raise OverflowError("signed integer expression did overflow")
    return r


def intmask(n):
    """`n` truncated to a signed machine word."""
    if isinstance(n, float):
        n = int(n)
    n = int(n) & _MASK
    if n > sys_maxint:
        n -= 1 << LONG_BIT
    return n


def _unsigned(n):
    return int(n) & _MASK


class r_uint(int):
    """An unsigned machine word: arithmetic wraps modulo 2**64."""

    def __new__(cls, value=0):
        return int.__new__(cls, _unsigned(value))

    def _wrap(op):
        def method(self, other):
            return r_uint(op(int(self), int(other)))
        return method

    def _rwrap(op):
        def method(self, other):
            return r_uint(op(int(other), int(self)))
        return method

    __add__ = _wrap(int.__add__)
    __radd__ = _rwrap(int.__add__)
    __sub__ = _wrap(int.__sub__)
    __rsub__ = _rwrap(int.__sub__)
    __mul__ = _wrap(int.__mul__)
    __rmul__ = _rwrap(int.__mul__)
    __floordiv__ = _wrap(int.__floordiv__)
    __rfloordiv__ = _rwrap(int.__floordiv__)
    __mod__ = _wrap(int.__mod__)
    __rmod__ = _rwrap(int.__mod__)
    __and__ = _wrap(int.__and__)
    __rand__ = _rwrap(int.__and__)
    __or__ = _wrap(int.__or__)
    __ror__ = _rwrap(int.__or__)
    __xor__ = _wrap(int.__xor__)
    __rxor__ = _rwrap(int.__xor__)
    __lshift__ = _wrap(int.__lshift__)
    __rshift__ = _wrap(int.__rshift__)
    del _wrap, _rwrap

    def __neg__(self):
        return r_uint(-int(self))

    def __invert__(self):
        return r_uint(~int(self))

    def __repr__(self):
        return "r_uint(%d)" % int(self)

    def __str__(self):
        # str() and print() show the number, as translated programs do
        return str(int(self))


class r_longlong(int):
    """A signed 64-bit integer (the same as `int` on 64-bit machines)."""

    def __new__(cls, value=0):
        return int.__new__(cls, intmask(value))


def r_int(n):
    return intmask(n)
