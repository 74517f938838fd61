"""The math module for translated programs.

The C library computes (external functions `ll_math_<name>`, implemented by
the runtime with CPython's error rules: a NaN from a non-NaN argument raises
ValueError, an infinity from finite arguments raises OverflowError where the
function can overflow and ValueError where it is a pole, like log(0.0)).
Everything that needs no libm is written here.
"""

import math

from futamura.rtyper.extfunc import external
from futamura.rtyper.lltype import Float


def _unary(name):
    f = getattr(math, name)
    return external("ll_math_" + name, [Float], Float)(lambda x: f(x))


def _binary(name):
    f = getattr(math, name)
    return external("ll_math_" + name, [Float, Float], Float)(lambda x, y: f(x, y))


_sqrt = _unary("sqrt")
_exp = _unary("exp")
_log = _unary("log")
_log10 = _unary("log10")
_log2 = _unary("log2")
_sin = _unary("sin")
_cos = _unary("cos")
_tan = _unary("tan")
_asin = _unary("asin")
_acos = _unary("acos")
_atan = _unary("atan")
_sinh = _unary("sinh")
_cosh = _unary("cosh")
_tanh = _unary("tanh")
_floor = _unary("floor")
_ceil = _unary("ceil")
_atan2 = _binary("atan2")
_pow = _binary("pow")
_fmod = _binary("fmod")
_hypot = _binary("hypot")
_copysign = _binary("copysign")


def ll_math_sqrt(x):
    return _sqrt(x)


def ll_math_exp(x):
    return _exp(x)


def ll_math_log(x):
    return _log(x)


def ll_math_log_base(x, base):
    return _log(x) / _log(base)


def ll_math_log10(x):
    return _log10(x)


def ll_math_log2(x):
    return _log2(x)


def ll_math_sin(x):
    return _sin(x)


def ll_math_cos(x):
    return _cos(x)


def ll_math_tan(x):
    return _tan(x)


def ll_math_asin(x):
    return _asin(x)


def ll_math_acos(x):
    return _acos(x)


def ll_math_atan(x):
    return _atan(x)


def ll_math_sinh(x):
    return _sinh(x)


def ll_math_cosh(x):
    return _cosh(x)


def ll_math_tanh(x):
    return _tanh(x)


def ll_math_atan2(y, x):
    return _atan2(y, x)


def ll_math_pow(x, y):
    return _pow(x, y)


def ll_math_fmod(x, y):
    return _fmod(x, y)


def ll_math_hypot(x, y):
    return _hypot(x, y)


def ll_math_copysign(x, y):
    return _copysign(x, y)


def ll_math_fabs(x):
    if x < 0.0:
        return -x
    if x == 0.0:
        return 0.0
    return x


def ll_math_isnan(x):
    return x != x


def ll_math_isinf(x):
    return x == x and x - x != 0.0


def ll_math_isfinite(x):
    return x - x == 0.0


def _ll_to_int(f):
    if f != f:
        raise ValueError
    if f - f != 0.0:
        raise OverflowError
    if f >= 9223372036854775808.0 or f < -9223372036854775808.0:
        raise OverflowError
    return int(f)


def ll_math_floor(x):
    return _ll_to_int(_floor(x))


def ll_math_ceil(x):
    return _ll_to_int(_ceil(x))


def ll_math_trunc(x):
    return _ll_to_int(x)
