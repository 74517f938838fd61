"""Stacks of addresses in raw memory, for the GCs (PyPy's
rpython/memory/support.py AddressStack, as functions over a record).

A stack is a 2-word record in raw memory: the current chunk and the number
of items used in it. A chunk is [next chunk, item 0, ..., item CHUNK-1];
full chunks are chained below the current one.
"""
from futamura.rtyper.llmemory import NULL, raw_free, raw_malloc

CHUNK = 1019
_CHUNK_BYTES = 8 + 8 * CHUNK


def stack_new():
    s = raw_malloc(16)
    s.address[0] = raw_malloc(_CHUNK_BYTES)
    s.address[0].address[0] = NULL
    s.signed[1] = 0
    return s


def stack_append(s, a):
    used = s.signed[1]
    if used == CHUNK:
        _stack_grow(s)
        used = 0
    (s.address[0] + 8).address[used] = a
    s.signed[1] = used + 1


def _stack_grow(s):
    chunk = raw_malloc(_CHUNK_BYTES)
    chunk.address[0] = s.address[0]
    s.address[0] = chunk
    s.signed[1] = 0


def stack_non_empty(s):
    return s.signed[1] > 0 or bool(s.address[0].address[0])


def stack_pop(s):
    used = s.signed[1]
    if used == 0:
        chunk = s.address[0]
        below = chunk.address[0]  # (never NULL: the caller checked stack_non_empty)
        raw_free(chunk)
        s.address[0] = below
        used = CHUNK
    used -= 1
    s.signed[1] = used
    return (s.address[0] + 8).address[used]


def stack_foreach(s, gc, CB, ARG):
    """CB(gc, a, ARG) for every address a on the stack (top first); ARG is
    passed on as it is (a constant: another callback, or 0)."""
    chunk = s.address[0]
    used = s.signed[1]
    while chunk:
        i = used - 1
        while i >= 0:
            CB(gc, (chunk + 8).address[i], ARG)
            i -= 1
        chunk = chunk.address[0]
        used = CHUNK


def stack_length(s):
    n = s.signed[1]
    chunk = s.address[0].address[0]
    while chunk:
        n += CHUNK
        chunk = chunk.address[0]
    return n


def stack_delete(s):
    chunk = s.address[0]
    while chunk:
        below = chunk.address[0]
        raw_free(chunk)
        chunk = below
    raw_free(s)
