"""Stacks and dictionaries of addresses in raw memory, for the GCs (PyPy's
rpython/memory/support.py AddressStack and AddressDict, as functions over
records).

A stack is a 2-word record in raw memory: the current chunk and the number
of items used in it. A chunk is [next chunk, item 0, ..., item CHUNK-1];
full chunks are chained below the current one.

A dictionary maps non-null addresses to addresses: a 3-word record [table,
capacity, used]; the table is `capacity` (a power of two) pairs [key,
value], open addressing with linear probing, at most half full.
"""
from futamura.rtyper.llmemory import NULL, cast_adr_to_int, raw_free, raw_malloc, raw_memclear

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


# --- dictionaries ---------------------------------------------------------------------

def dict_new():
    d = raw_malloc(24)
    d.address[0] = raw_malloc(16 * 16, True)
    d.signed[1] = 16
    d.signed[2] = 0
    return d


def _dict_slot(table, capacity, key):
    """The pair holding key, or the empty pair where it would go."""
    mask = capacity - 1
    h = cast_adr_to_int(key)
    i = ((h >> 4) ^ (h >> 13)) & mask
    while True:
        pair = table + 16 * i
        k = pair.address[0]
        if not k or k == key:
            return pair
        i = (i + 1) & mask


def dict_get(d, key):
    """The value of key (not null), or NULL."""
    pair = _dict_slot(d.address[0], d.signed[1], key)
    if pair.address[0]:
        return pair.address[1]
    return NULL


def dict_set(d, key, value):
    pair = _dict_slot(d.address[0], d.signed[1], key)
    if not pair.address[0]:
        if 2 * (d.signed[2] + 1) > d.signed[1]:
            _dict_grow(d)
            pair = _dict_slot(d.address[0], d.signed[1], key)
        pair.address[0] = key
        d.signed[2] = d.signed[2] + 1
    pair.address[1] = value


def _dict_grow(d):
    old = d.address[0]
    n = d.signed[1]
    capacity = 2 * n
    table = raw_malloc(16 * capacity, True)
    i = 0
    while i < n:
        pair = old + 16 * i
        if pair.address[0]:
            dst = _dict_slot(table, capacity, pair.address[0])
            dst.address[0] = pair.address[0]
            dst.address[1] = pair.address[1]
        i += 1
    raw_free(old)
    d.address[0] = table
    d.signed[1] = capacity


def dict_length(d):
    return d.signed[2]


def dict_clear(d):
    if d.signed[2] > 0:
        raw_memclear(d.address[0], 16 * d.signed[1])
        d.signed[2] = 0
