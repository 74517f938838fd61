"""Hints from an interpreter's author to the JIT generator (jitgen).

On CPython every hint is a no-op (the interpreter runs unmodified); the
static translation keeps them as operations that cost nothing, and the hint
annotator reads them.

- `JitDriver(greens=[...], reds=[...])`: the interpreter's dispatch loop.
  `driver.jit_merge_point(**vars)` at the head of the loop names every
  variable live there, greens (the position in the user's program: the
  bytecode and the program counter) and reds (the rest); so does
  `driver.can_enter_jit(**vars)` on the loop's backward jumps.
- `promote(x)`: from here on, x is a compile-time constant (the generated
  code switches on its run-time value).
- `hint(x, concrete=True)`: x must be a compile-time constant, and so must
  everything it depends on (an error names the run-time value that is not).
  `hint(x, promote=True)` is `promote(x)`.
- `@elidable`: a call with constant arguments can run at compile time (the
  function has no side effects and its result depends only on them).
- `@dont_look_inside`: the JIT calls the function, never traces into it.
- `we_are_jitted()`: False in the interpreter, True in code the JIT made.
"""


class JitHintError(Exception):
    """A hint used wrongly (on CPython, at the point of use)."""


class JitDriver(object):
    """The dispatch loop of an interpreter: its green and red variables."""

    def __init__(self, greens=None, reds=None, name="jitdriver"):
        if greens is None or reds is None:
            raise JitHintError("JitDriver(greens=[...], reds=[...]): both lists are needed")
        self.greens = list(greens)
        self.reds = list(reds)
        self.name = name
        both = self.greens + self.reds
        for v in both:
            if not isinstance(v, str) or not v.isidentifier():
                raise JitHintError("JitDriver: %r is not a variable name" % (v,))
        if len(set(both)) != len(both):
            raise JitHintError("JitDriver: a variable is both green and red, or listed twice: %r" % (both,))
        if not self.reds:
            raise JitHintError("JitDriver: at least one red variable is needed")

    def _check(self, where, livevars):
        expected = set(self.greens) | set(self.reds)
        if set(livevars) != expected:
            missing = sorted(expected - set(livevars))
            extra = sorted(set(livevars) - expected)
            raise JitHintError("%s.%s(): %s%s%s" % (
                self.name, where, "missing " + ", ".join(missing) if missing else "",
                "; " if missing and extra else "", "not declared: " + ", ".join(extra) if extra else ""))

    # (`_self`: an interpreter's variable may be called `self`)
    def jit_merge_point(_self, **livevars):
        _self._check("jit_merge_point", livevars)

    def can_enter_jit(_self, **livevars):
        _self._check("can_enter_jit", livevars)

    def _freeze_(self):
        return True  # a prebuilt constant of the translated program


def promote(x):
    return x


def hint(x, concrete=False, promote=False):
    return x


def elidable(func):
    func._elidable_function_ = True
    return func


def dont_look_inside(func):
    func._jit_look_inside_ = False
    return func


def we_are_jitted():
    return False
