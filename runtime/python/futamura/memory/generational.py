"""The generational GC, in low-level Python over llmemory addresses (PyPy's
rpython/memory/gc/generation.py and minimark.py, as functions over a
GCSTATE record).

New objects are bump-allocated in the nursery; malloc_fixed,
malloc_varsize and write_barrier are fast paths the transformer inlines
into the program (their slow paths are calls). A minor collection copies
the nursery objects that the roots or old objects reach into the old
generation (blocks of the old space, memory/oldspace.py, like marksweep's
objects) and empties the nursery. Old
objects that may point to young ones are found through a remembered set,
`young_in_old`: an old object carries TRACK_YOUNG_PTRS until the write
barrier sees a store into it, which records it and clears the flag. An
object too large for the nursery is allocated old but starts remembered
(no flag, in the set), so that, like a young object, it needs no write
barrier until the next collection. When the old generation has grown past
its threshold, a major collection marks from the roots and sweeps the old
objects.

A copied object leaves FORWARDED in its old header and its new address in
its first word (so objects are at least a word long). The identity hash of
an object is its address; a young object asked for it gets a shadow, its
future old copy, allocated at once (HASHTAKEN, the dictionary `shadows`),
so that its hash (and id) never changes and no other live object has it.

With `debug` set, every allocation takes the slow path and makes a minor
collection, every 16th a major one, and the heap is checked after each
(stat_heap_errors). `nursery_size` may be set before setup().
"""
from futamura.memory import gcbase, oldspace
from futamura.memory.gcbase import PREBUILT, size_of, trace, walk_roots  # (PREBUILT: for the transformer)
from futamura.memory.gctypelayout import HDR, TID_MASK
from futamura.memory.support import (dict_clear, dict_get, dict_new, dict_set, stack_append, stack_new,
                                     stack_non_empty, stack_pop)
from futamura.rlib.objectmodel import dont_inline
from futamura.rtyper.llmemory import Address, cast_adr_to_int, raw_malloc, raw_memclear, raw_memcopy
from futamura.rtyper.lltype import Signed, Struct

TRACK_YOUNG_PTRS = 1 << 35
FORWARDED = 1 << 36
HASHTAKEN = 1 << 37
NURSERY_SIZE = 2 * 1024 * 1024  # about a core's L2 cache (RPY_GC_NURSERY sets it)
LARGE_OBJECT = 16 * 1024  # bytes with the header: larger objects are allocated old
MIN_NURSERY = 4 * LARGE_OBJECT
MOVING = True

GCSTATE = Struct("gcstate_generation", *gcbase.STATE_FIELDS,
                 ("nursery_free", Address), ("nursery_top", Address),
                 ("nursery", Address), ("nursery_end", Address), ("nursery_size", Signed),
                 ("young_in_old", Address), ("shadows", Address), ("old_bytes", Signed),
                 ("debug_count", Signed), ("stat_minor", Signed), ("stat_major", Signed),
                 ("stat_copied", Signed))


def setup(gc):
    gcbase.setup_common(gc)
    if gc.nursery_size <= 0:
        gc.nursery_size = NURSERY_SIZE
    if gc.nursery_size < MIN_NURSERY:
        gc.nursery_size = MIN_NURSERY
    gc.nursery_size = gcbase.round_size(gc.nursery_size)
    gc.nursery = raw_malloc(gc.nursery_size, True)
    gc.nursery_end = gc.nursery + gc.nursery_size
    gc.nursery_free = gc.nursery
    gc.nursery_top = gc.nursery_end
    if gc.debug != 0:
        gc.nursery_top = gc.nursery  # every allocation takes the slow path
    gc.young_in_old = stack_new()
    gc.shadows = dict_new()
    gc.old_bytes = 0


# --- allocation ---------------------------------------------------------------------------

def malloc_fixed(gc, tid, size):
    """The fast path (inlined; size is a constant)."""
    total = HDR + gcbase.round_size(size)
    h = gc.nursery_free
    if total > LARGE_OBJECT or total > gc.nursery_top - h:
        return _malloc_slow(gc, tid, total)
    gc.nursery_free = h + total
    h.signed[0] = tid
    return h + HDR


def malloc_varsize(gc, tid, n, fixedsize, itemsize, lenofs):
    """The fast path (inlined; all but n are constants)."""
    if n < 0 or n > LARGE_OBJECT:
        return _malloc_varsize_slow(gc, tid, n, fixedsize, itemsize, lenofs)
    total = HDR + gcbase.round_size(fixedsize + itemsize * n)
    h = gc.nursery_free
    if total > LARGE_OBJECT or total > gc.nursery_top - h:
        return _malloc_varsize_slow(gc, tid, n, fixedsize, itemsize, lenofs)
    gc.nursery_free = h + total
    h.signed[0] = tid
    obj = h + HDR
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


@dont_inline
def _malloc_slow(gc, tid, total):
    """The nursery is full, or the object large (or `debug`)."""
    if gc.debug != 0:
        _debug_collect(gc)
    if total > LARGE_OBJECT:
        return _malloc_large(gc, tid, total - HDR)
    if gc.debug == 0:
        minor_collect(gc)
    h = gc.nursery_free
    gc.nursery_free = h + total
    if gc.debug != 0:
        gc.nursery_top = gc.nursery_free
    h.signed[0] = tid
    return h + HDR


@dont_inline
def _malloc_varsize_slow(gc, tid, n, fixedsize, itemsize, lenofs):
    if gcbase.too_many_items(n, itemsize):
        obj = gcbase.out_of_memory(n)
    else:
        obj = _malloc_slow(gc, tid, HDR + gcbase.round_size(fixedsize + itemsize * n))
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def malloc_varsize_nocollect(gc, tid, n, fixedsize, itemsize, lenofs):
    """For the runtime's C code: allocated old, never collects."""
    obj = _allocate_old(gc, tid, gcbase.round_size(fixedsize + itemsize * n), True)
    stack_append(gc.young_in_old, obj)
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def _malloc_large(gc, tid, size):
    """An old object that starts remembered (as if just written to)."""
    if gc.old_bytes + HDR + size > gc.threshold:
        collect(gc)
    obj = _allocate_old(gc, tid, gcbase.round_size(size), True)
    stack_append(gc.young_in_old, obj)
    return obj


def _allocate_old(gc, tid, size, zero):
    """An old object (zeroed if zero, else to be copied into); its header
    is tid (not tracked)."""
    block = oldspace.alloc(gc.old, HDR + size, zero)
    block.signed[0] = tid
    gc.old_bytes += HDR + size
    return block + HDR


def _debug_collect(gc):
    gc.debug_count += 1
    if (gc.debug_count & 15) == 0:
        minor_collect(gc)
        major_collect(gc)
    else:
        minor_collect(gc)


def write_barrier(gc, obj):
    """The fast path (inlined) before a GC pointer is stored into obj (the
    transformer leaves it out for objects allocated since the last call
    that can collect: they are young, or large and remembered)."""
    if (obj - HDR).signed[0] & TRACK_YOUNG_PTRS:
        _remember(gc, obj)


@dont_inline
def _remember(gc, obj):
    h = obj - HDR
    h.signed[0] = h.signed[0] & ~TRACK_YOUNG_PTRS
    stack_append(gc.young_in_old, obj)


def _young(gc, obj):
    return gc.nursery <= obj and obj < gc.nursery_end


# --- identity -----------------------------------------------------------------------------

def identityhash(gc, obj):
    """The identity hash (and id) of obj: its address, or its shadow's."""
    if _young(gc, obj):
        obj = _shadow(gc, obj)
    return cast_adr_to_int(obj) >> 3


@dont_inline
def _shadow(gc, obj):
    """The old copy a young object will have, allocated now."""
    h = obj - HDR
    hdr = h.signed[0]
    if hdr & HASHTAKEN:
        return dict_get(gc.shadows, obj)
    shadow = _allocate_old(gc, hdr & TID_MASK, size_of(gc, obj), True)
    h.signed[0] = hdr | HASHTAKEN
    dict_set(gc.shadows, obj, shadow)
    return shadow


def collect(gc):
    """A full collection."""
    majors = gc.stat_major
    minor_collect(gc)
    if gc.stat_major == majors:
        major_collect(gc)


# --- minor collections ------------------------------------------------------------------

def minor_collect(gc):
    gc.stat_minor += 1
    heap = gc.old_bytes + (gc.nursery_free - gc.nursery)
    if heap > gc.stat_peak_heap:
        gc.stat_peak_heap = heap
    gcbase.clock_start(gc)
    walk_roots(gc, _drag_out)
    while stack_non_empty(gc.young_in_old):
        obj = stack_pop(gc.young_in_old)
        h = obj - HDR
        h.signed[0] = h.signed[0] | TRACK_YOUNG_PTRS
        trace(gc, obj, _drag_out)
    used = gc.nursery_free - gc.nursery
    raw_memclear(gc.nursery, used)
    gc.nursery_free = gc.nursery
    if gc.debug != 0:
        gc.nursery_top = gc.nursery  # (the next allocation takes the slow path again)
    dict_clear(gc.shadows)
    if gc.debug != 0:
        gc.stat_heap_errors += check_heap(gc)
    gcbase.clock_stop(gc)
    if gc.old_bytes > gc.threshold:
        major_collect(gc)


def _drag_out(gc, slot):
    """The object in slot, if young, moves out of the nursery (once)."""
    obj = slot.address[0]
    if obj and _young(gc, obj):
        h = obj - HDR
        hdr = h.signed[0]
        if hdr & FORWARDED:
            slot.address[0] = obj.address[0]
            return
        size = size_of(gc, obj)
        if hdr & HASHTAKEN:
            copy = dict_get(gc.shadows, obj)
        else:
            copy = _allocate_old(gc, hdr & TID_MASK, size, False)
        raw_memcopy(obj, copy, size)
        h.signed[0] = hdr | FORWARDED
        obj.address[0] = copy
        slot.address[0] = copy
        gc.stat_copied += 1
        # its own pointers may be young: traced by minor_collect
        (copy - HDR).signed[0] = hdr & TID_MASK
        stack_append(gc.young_in_old, copy)


# --- major collections ------------------------------------------------------------------

def major_collect(gc):
    """Mark and sweep of the old objects (the nursery is empty: after a
    minor collection)."""
    gc.stat_major += 1
    gcbase.clock_start(gc)
    live = gcbase.mark_and_sweep(gc)
    gc.live_bytes = live
    if live > gc.stat_peak_live:
        gc.stat_peak_live = live
    gc.old_bytes = live
    gc.threshold = live + (live >> 1)  # (a peak resident size near 1.5x the live heap, plus the nursery)
    if gc.threshold < gcbase.MIN_THRESHOLD:
        gc.threshold = gcbase.MIN_THRESHOLD
    if gc.debug != 0:
        gc.stat_heap_errors += check_heap(gc)
    gcbase.clock_stop(gc)


# --- the heap checker -------------------------------------------------------------------

def check_heap(gc):
    """The number of bad GC pointers in the roots and the old objects: not
    null, prebuilt or a live old object with a valid type id (the nursery is
    empty after a collection, and an old object with a young pointer must
    be in the remembered set: no young pointer is valid here)."""
    return gcbase.check_heap(gc, _check_slot)


def _check_slot(gc, slot):
    obj = slot.address[0]
    if obj and _young(gc, obj):
        gc.pending_bad += 1
    else:
        gcbase.check_slot(gc, slot)


FAST_PATHS = (malloc_fixed, malloc_varsize, write_barrier, identityhash)  # inlined by the transformer
