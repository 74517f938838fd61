"""The generational GC, in low-level Python over llmemory addresses (PyPy's
rpython/memory/gc/generation.py and minimark.py, as functions over a
GCSTATE record).

New objects are bump-allocated in the nursery. A minor collection copies
the nursery objects that the roots or old objects reach into the old
generation (raw blocks, like marksweep's) and empties the nursery. Old
objects that may point to young ones are found through a remembered set:
an old object carries TRACK_YOUNG_PTRS until the write barrier sees a store
into it, which records it and clears the flag. When the old generation has
grown past its threshold, a major collection marks from the roots and
sweeps the old objects.

A copied object leaves FORWARDED in its old header and its new address in
its first word (so objects are at least a word long). With `debug` set,
every allocation makes a minor collection, every 16th a major one, and the
heap is checked after each (stat_heap_errors).
"""
from futamura.memory import gcbase
from futamura.memory.gcbase import PREBUILT, size_of, trace, walk_roots  # (PREBUILT: for the transformer)
from futamura.memory.gctypelayout import HDR, TID_MASK, TYPE_INFO_TABLE_OF
from futamura.memory.support import stack_append, stack_new, stack_non_empty, stack_pop
from futamura.rtyper.llmemory import Address, raw_malloc, raw_memclear, raw_memcopy
from futamura.rtyper.lltype import Ptr, Signed, Struct

TRACK_YOUNG_PTRS = 1 << 35
FORWARDED = 1 << 36
MIN_THRESHOLD = 4 * 1024 * 1024
NURSERY_SIZE = 1024 * 1024
ROOT_STACK_SLOTS = 1 << 20
MOVING = True

GCSTATE = Struct("gcstate_generation",
                 ("typeinfo", Ptr(TYPE_INFO_TABLE_OF())),
                 ("static_roots", Address), ("nstatic", Signed),
                 ("root_stack_base", Address), ("root_stack_top", Address),
                 ("nursery", Address), ("nursery_free", Address), ("nursery_top", Address),
                 ("nursery_size", Signed),
                 ("all_objects", Address), ("pending", Address), ("young_in_old", Address),
                 ("old_bytes", Signed), ("threshold", Signed), ("live_bytes", Signed),
                 ("debug", Signed), ("debug_count", Signed), ("pending_bad", Signed),
                 ("stat_minor", Signed), ("stat_major", Signed), ("stat_copied", Signed),
                 ("stat_freed", Signed), ("stat_heap_errors", Signed))


def setup(gc):
    if not gc.root_stack_base:
        gc.root_stack_base = raw_malloc(8 * ROOT_STACK_SLOTS)
        gc.root_stack_top = gc.root_stack_base
    if gc.nursery_size <= 0:
        gc.nursery_size = NURSERY_SIZE
    gc.nursery = raw_malloc(gc.nursery_size, True)
    gc.nursery_free = gc.nursery
    gc.nursery_top = gc.nursery + gc.nursery_size
    gc.all_objects = stack_new()
    gc.pending = stack_new()
    gc.young_in_old = stack_new()
    gc.old_bytes = 0
    gc.threshold = MIN_THRESHOLD
    gc.live_bytes = 0


def malloc_fixed(gc, tid, size):
    size = gcbase.round_size(size)
    total = HDR + size
    if total > gc.nursery_size >> 2:
        return _malloc_old(gc, tid, size)
    if gc.debug != 0:
        _debug_collect(gc)
    elif gc.nursery_free + total > gc.nursery_top:
        minor_collect(gc)
    h = gc.nursery_free
    gc.nursery_free = h + total
    h.signed[0] = tid
    return h + HDR


def malloc_varsize(gc, tid, n, fixedsize, itemsize, lenofs):
    obj = malloc_fixed(gc, tid, fixedsize + itemsize * n)
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def malloc_varsize_nocollect(gc, tid, n, fixedsize, itemsize, lenofs):
    """For the runtime's C code: allocated old, never collects."""
    obj = _allocate_old(gc, tid, gcbase.round_size(fixedsize + itemsize * n))
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def _malloc_old(gc, tid, size):
    if gc.old_bytes + HDR + size > gc.threshold:
        minor_collect(gc)
        major_collect(gc)
    return _allocate_old(gc, tid, size)


def _allocate_old(gc, tid, size):
    block = raw_malloc(HDR + size, True)
    block.signed[0] = tid | TRACK_YOUNG_PTRS
    obj = block + HDR
    stack_append(gc.all_objects, obj)
    gc.old_bytes += HDR + size
    return obj


def _debug_collect(gc):
    minor_collect(gc)
    gc.debug_count += 1
    if gc.debug_count % 16 == 0:
        major_collect(gc)


def write_barrier(gc, obj):
    """Before a GC pointer is stored into obj (not needed for objects
    allocated since the last call that can collect: they are young)."""
    h = obj - HDR
    hdr = h.signed[0]
    if hdr & TRACK_YOUNG_PTRS:
        h.signed[0] = hdr & ~TRACK_YOUNG_PTRS
        stack_append(gc.young_in_old, obj)


def _young(gc, obj):
    return gc.nursery <= obj and obj < gc.nursery_top


# --- minor collections ------------------------------------------------------------------

def minor_collect(gc):
    gc.stat_minor += 1
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
        gc.stat_heap_errors += check_heap(gc)
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
        copy = _allocate_old(gc, hdr & TID_MASK, size)
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
    live = gcbase.mark_and_sweep(gc)
    gc.live_bytes = live
    gc.old_bytes = live
    gc.threshold = live + (live >> 1) + (live >> 2)
    if gc.threshold < MIN_THRESHOLD:
        gc.threshold = MIN_THRESHOLD
    if gc.debug != 0:
        gc.stat_heap_errors += check_heap(gc)


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
