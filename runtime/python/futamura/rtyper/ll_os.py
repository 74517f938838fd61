"""os.write, os.read, os.open, os.close and the clocks of `time` as external
functions of the runtime."""

import os
import time

from futamura.rtyper.extfunc import external
from futamura.rtyper.lltype import Float, Signed, malloc
from futamura.rtyper.ll_str import BYTES


@external("ll_os_write", [Signed, BYTES], Signed)
def _os_write(fd, data):
    return os.write(fd, bytes(ord(data.chars[i]) for i in range(len(data.chars))))


@external("ll_os_read", [Signed, Signed], BYTES)
def _os_read(fd, n):
    b = os.read(fd, n)
    p = malloc(BYTES.TO, len(b))
    for i, c in enumerate(b):
        p.chars[i] = chr(c)
    return p


def ll_os_write(fd, data):
    return _os_write(fd, data)


def ll_os_read(fd, n):
    return _os_read(fd, n)


@external("ll_os_open", [BYTES, Signed, Signed], Signed)
def _os_open(path, flags, mode):
    return os.open(bytes(ord(path.chars[i]) for i in range(len(path.chars))), flags, mode)


@external("ll_os_close", [Signed], Signed)
def _os_close(fd):
    os.close(fd)
    return 0


@external("ll_time_time", [], Float)
def _time_time():
    return time.time()


@external("ll_time_monotonic", [], Float)
def _time_monotonic():
    return time.monotonic()


@external("ll_time_perf_counter", [], Float)
def _time_perf_counter():
    return time.perf_counter()


def ll_os_open(path, flags, mode):
    return _os_open(path, flags, mode)


def ll_os_close(fd):
    _os_close(fd)


def ll_time_time():
    return _time_time()


def ll_time_monotonic():
    return _time_monotonic()


def ll_time_perf_counter():
    return _time_perf_counter()
