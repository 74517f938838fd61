"""futamura.rlib.jit on CPython: the hints change nothing, and misuse is
reported where it happens."""
import unittest

from futamura.rlib import jit


class JitHintsTest(unittest.TestCase):
    def test_hints_are_identity(self):
        self.assertEqual(jit.promote(41) + 1, 42)
        self.assertEqual(jit.hint("x", concrete=True), "x")
        self.assertEqual(jit.hint(3, promote=True), 3)
        self.assertFalse(jit.we_are_jitted())

    def test_decorators_mark_and_return_the_function(self):
        def f(x):
            return x + 1
        self.assertIs(jit.elidable(f), f)
        self.assertTrue(f._elidable_function_)
        self.assertIs(jit.dont_look_inside(f), f)
        self.assertFalse(f._jit_look_inside_)
        self.assertEqual(f(1), 2)

    def test_driver_checks_its_variables(self):
        d = jit.JitDriver(greens=["pc", "code"], reds=["acc"])
        d.jit_merge_point(pc=0, code="", acc=1)
        d.can_enter_jit(acc=1, code="", pc=0)
        with self.assertRaisesRegex(jit.JitHintError, "missing acc"):
            d.jit_merge_point(pc=0, code="")
        with self.assertRaisesRegex(jit.JitHintError, "not declared: extra"):
            d.can_enter_jit(pc=0, code="", acc=1, extra=2)

    def test_bad_drivers_are_refused(self):
        with self.assertRaises(jit.JitHintError):
            jit.JitDriver(greens=["pc"])
        with self.assertRaises(jit.JitHintError):
            jit.JitDriver(greens=["pc"], reds=["pc"])
        with self.assertRaises(jit.JitHintError):
            jit.JitDriver(greens=["pc"], reds=[])
        with self.assertRaises(jit.JitHintError):
            jit.JitDriver(greens=["1pc"], reds=["a"])


if __name__ == "__main__":
    unittest.main()
