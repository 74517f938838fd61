"""Hints from RPython programs to the translator.

All of them are harmless on CPython: the program runs unmodified.
"""


def we_are_translated():
    """False on CPython; the translator folds it to True."""
    return False


class _Specialize:
    """Decorators asking the annotator for one graph per call pattern.

    - `specialize.argtype(*n)`: one graph per type of the arguments `n`;
    - `specialize.arg(*n)`: one graph per constant value of the arguments `n`;
    - `specialize.memo()`: the function is called on constants only, at
      translation time, and its results become a lookup table;
    - `specialize.call_location()`: one graph per call site.
    """

    def _tag(self, tag):
        def decorate(func):
            func._annspecialcase_ = tag
            return func
        return decorate

    def argtype(self, *args):
        return self._tag("specialize:argtype(%s)" % ",".join(map(str, args)))

    def arg(self, *args):
        return self._tag("specialize:arg(%s)" % ",".join(map(str, args)))

    def memo(self):
        return self._tag("specialize:memo")

    def call_location(self):
        return self._tag("specialize:call_location")


specialize = _Specialize()


def dont_inline(func):
    """Keeps the backend optimizations from inlining func (a slow path)."""
    func._dont_inline_ = True
    return func


def not_rpython(func):
    """Marks a function that must never be translated (for import-time helpers)."""
    func._not_rpython_ = True
    return func
