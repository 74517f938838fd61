"""os.write and os.read as external functions of the runtime."""

import os

from futamura.rtyper.extfunc import external
from futamura.rtyper.lltype import Signed, malloc
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
