"""The memory of the objects a GC does not move (marksweep's objects, the
generational GC's old ones): PyPy's rpython/memory/gc/minimarkpage.py,
simplified, as functions over a record in raw memory.

A block (header and object) of up to SMALL bytes comes from a page of
blocks of its size: pages of PAGE bytes, one size class (a multiple of 8)
each, carved in order; a freed block goes on its class's free list. Larger
blocks are raw_malloc'ed one by one, each after a word that chains them.
So there is no per-block overhead for small blocks, and the sweep walks
the pages: a block whose header is 0 is free (or not carved yet), any
other is allocated.

The record: [first large block's link, freed count] then per size class
[free list, pages, bump, bump end, quarantine]. A page: [next page, end
of its blocks] then its blocks. A free block: [0 (its header), next free block, garbage...].
"""
from futamura.memory.gctypelayout import HDR
from futamura.rtyper.llmemory import NULL, raw_free, raw_malloc, raw_memclear

PAGE = 16 * 1024
SMALL = 512
_PAGE_HDR = 16
_CLASS = 40
_CLASSES = 16  # the offset of class 0's record (classes are indexed by size >> 3)


def space_new():
    return raw_malloc(_CLASSES + _CLASS * (SMALL // 8 + 1), True)


def alloc(s, size, zero):
    """A block of size bytes (a multiple of 8, at least 16): zeroed if
    zero, else its header is 0 and the rest is garbage (for a copy)."""
    if size > SMALL:
        return _alloc_large(s, size)
    c = s + _CLASSES + _CLASS * (size >> 3)
    b = c.address[0]
    if b:
        c.address[0] = b.address[1]
        if zero:
            raw_memclear(b, size)
        return b
    b = c.address[2]
    if b and size <= c.address[3] - b:
        c.address[2] = b + size
        return b
    return _new_page(c, size)


def _alloc_large(s, size):
    link = raw_malloc(8 + size, True)
    link.address[0] = s.address[0]
    s.address[0] = link
    return link + 8


def _new_page(c, size):
    page = raw_malloc(PAGE, True)
    page.address[0] = c.address[1]
    c.address[1] = page
    b = page + _PAGE_HDR
    end = b + size
    while size <= page + PAGE - end:
        end = end + size
    page.address[1] = end
    c.address[2] = b + size
    c.address[3] = end
    return b


def sweep(s, MARK, quarantine):
    """Frees the allocated blocks whose header lacks the flag MARK (their
    header becomes 0: a stale pointer finds type id 0 until the block is
    reused) and clears the flag in the others. With quarantine, the blocks
    freed are reused only after the next sweep, and zeroed (a debugging
    aid: a stale pointer finds only zeroes until then)."""
    size = 16
    while size <= SMALL:
        c = s + _CLASSES + _CLASS * (size >> 3)
        b = c.address[4]
        while b:  # (last sweep's quarantine is free now)
            following = b.address[1]
            b.address[1] = c.address[0]
            c.address[0] = b
            b = following
        c.address[4] = NULL
        slot = 0
        if quarantine:
            slot = 4
        page = c.address[1]
        while page:
            b = page + _PAGE_HDR
            end = page.address[1]
            while b < end:
                hdr = b.signed[0]
                if hdr != 0:
                    if hdr & MARK:
                        b.signed[0] = hdr & ~MARK
                    else:
                        if quarantine:
                            raw_memclear(b, size)
                        else:
                            b.signed[0] = 0
                        b.address[1] = c.address[slot]
                        c.address[slot] = b
                        s.signed[1] = s.signed[1] + 1
                b = b + size
            page = page.address[0]
        size += 8
    prev = s
    link = s.address[0]
    while link:
        following = link.address[0]
        hdr = (link + 8).signed[0]
        if hdr & MARK:
            (link + 8).signed[0] = hdr & ~MARK
            prev = link
        else:
            prev.address[0] = following
            raw_free(link)
            s.signed[1] = s.signed[1] + 1
        link = following


def freed(s):
    """The number of blocks freed by sweeps so far."""
    return s.signed[1]


def foreach(s, gc, CB, ARG):
    """CB(gc, obj, ARG) for the object of every allocated block."""
    size = 16
    while size <= SMALL:
        c = s + _CLASSES + _CLASS * (size >> 3)
        page = c.address[1]
        while page:
            b = page + _PAGE_HDR
            end = page.address[1]
            while b < end:
                if b.signed[0] != 0:
                    CB(gc, b + HDR, ARG)
                b = b + size
            page = page.address[0]
        size += 8
    link = s.address[0]
    while link:
        CB(gc, link + 8 + HDR, ARG)
        link = link.address[0]
