"""The mark-and-sweep GC of the paper's framework (section 3.3), in
low-level Python over llmemory addresses (PyPy's
pypy/rpython/memory/gc/marksweep.py, as functions over a GCSTATE record).

Objects are raw blocks [header | object]; the GC keeps every object it
allocated on `all_objects`. A collection marks from the roots — the shadow
stack [root_stack_base, root_stack_top) of slots holding object addresses,
and the static roots, an array of addresses of slots (in prebuilt data,
prebuilt GC objects included: they are never freed and are flagged
PREBUILT) — then frees what was not reached. The next collection comes when
the bytes allocated since the last one exceed the larger of 4 MB and twice
the live bytes. With `debug` set: at every allocation, and then dead objects
are zeroed but kept (a stale pointer finds type id 0) and the heap is
checked after each collection (stat_heap_errors).
"""
from futamura.memory.gctypelayout import HDR, T_IS_VARSIZE, TID_MASK, TYPE_INFO_TABLE_OF
from futamura.memory.support import (stack_append, stack_delete, stack_foreach, stack_new, stack_non_empty,
                                     stack_pop)
from futamura.rtyper.llmemory import Address, raw_free, raw_malloc, raw_memclear
from futamura.rtyper.lltype import Ptr, Signed, Struct

VISITED = 1 << 32
PREBUILT = 1 << 33
CHECKED = 1 << 34  # (the heap checker's mark)
MIN_THRESHOLD = 4 * 1024 * 1024
MOVING = False

GCSTATE = Struct("gcstate_marksweep",
                 ("typeinfo", Ptr(TYPE_INFO_TABLE_OF())),
                 ("static_roots", Address), ("nstatic", Signed),
                 ("root_stack_base", Address), ("root_stack_top", Address),
                 ("all_objects", Address), ("pending", Address),
                 ("bytes_since", Signed), ("threshold", Signed), ("live_bytes", Signed),
                 ("debug", Signed), ("pending_bad", Signed), ("stat_heap_errors", Signed),
                 ("stat_collections", Signed), ("stat_freed", Signed))


ROOT_STACK_SLOTS = 1 << 20


def setup(gc):
    if not gc.root_stack_base:
        # (translated: the shadow stack; tests bring their own)
        gc.root_stack_base = raw_malloc(8 * ROOT_STACK_SLOTS)
        gc.root_stack_top = gc.root_stack_base
    gc.all_objects = stack_new()
    gc.pending = stack_new()
    gc.bytes_since = 0
    gc.threshold = MIN_THRESHOLD
    gc.live_bytes = 0
    gc.stat_collections = 0
    gc.stat_freed = 0


def malloc_fixed(gc, tid, size):
    if gc.debug != 0 or gc.bytes_since + HDR + size > gc.threshold:
        collect(gc)
    return _allocate(gc, tid, size)


def malloc_varsize_nocollect(gc, tid, n, fixedsize, itemsize, lenofs):
    """For the runtime's C code (strings made by external functions): never
    collects, so the C code holds no GC pointer across a collection."""
    obj = _allocate(gc, tid, fixedsize + itemsize * n)
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def _allocate(gc, tid, size):
    total = HDR + size
    block = raw_malloc(total, True)
    block.signed[0] = tid
    obj = block + HDR
    stack_append(gc.all_objects, obj)
    gc.bytes_since += total
    return obj


def malloc_varsize(gc, tid, n, fixedsize, itemsize, lenofs):
    obj = malloc_fixed(gc, tid, fixedsize + itemsize * n)
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def size_of(gc, obj):
    info = gc.typeinfo[(obj - HDR).signed[0] & TID_MASK]
    size = info.fixedsize
    if info.infobits & T_IS_VARSIZE:
        size += info.varitemsize * (obj + info.ofstolength).signed[0]
    return size


def trace(gc, obj, CB):
    """CB(gc, slot) for the address of every GC-pointer slot of obj."""
    info = gc.typeinfo[(obj - HDR).signed[0] & TID_MASK]
    ofs = info.ofstoptrs
    i = 0
    while i < len(ofs):
        CB(gc, obj + ofs[i])
        i += 1
    if info.infobits & T_IS_VARSIZE:
        vofs = info.varofstoptrs
        if len(vofs) > 0:
            n = (obj + info.ofstolength).signed[0]
            item = obj + info.fixedsize
            j = 0
            while j < n:
                k = 0
                while k < len(vofs):
                    CB(gc, item + vofs[k])
                    k += 1
                item = item + info.varitemsize
                j += 1


def walk_roots(gc, CB):
    """CB(gc, slot) for every root slot: the shadow stack, the static roots."""
    slot = gc.root_stack_base
    while slot < gc.root_stack_top:
        CB(gc, slot)
        slot = slot + 8
    i = 0
    while i < gc.nstatic:
        CB(gc, gc.static_roots.address[i])
        i += 1


def _visit(gc, slot):
    obj = slot.address[0]
    if obj:
        h = obj - HDR
        hdr = h.signed[0]
        if hdr & (VISITED | PREBUILT) == 0:
            h.signed[0] = hdr | VISITED
            stack_append(gc.pending, obj)


def collect(gc):
    gc.stat_collections += 1
    # mark
    walk_roots(gc, _visit)
    while stack_non_empty(gc.pending):
        trace(gc, stack_pop(gc.pending), _visit)
    # sweep
    survivors = stack_new()
    live = 0
    while stack_non_empty(gc.all_objects):
        obj = stack_pop(gc.all_objects)
        h = obj - HDR
        hdr = h.signed[0]
        if hdr & VISITED:
            h.signed[0] = hdr & ~VISITED
            stack_append(survivors, obj)
            live += HDR + size_of(gc, obj)
        else:
            if gc.debug != 0:
                # kept, zeroed: a stale pointer finds type id 0 (the heap
                # checker reports it) instead of memory given back
                raw_memclear(h, HDR + size_of(gc, obj))
            else:
                raw_free(h)
            gc.stat_freed += 1
    stack_delete(gc.all_objects)
    gc.all_objects = survivors
    gc.live_bytes = live
    gc.bytes_since = 0
    gc.threshold = 2 * live
    if gc.threshold < MIN_THRESHOLD:
        gc.threshold = MIN_THRESHOLD
    if gc.debug != 0:
        gc.stat_heap_errors += check_heap(gc)


def check_heap(gc):
    """The number of bad GC pointers: in a root slot or in an object, a
    pointer that is neither null, nor a prebuilt object, nor an object of
    all_objects with a valid type id (debugging aid: with `debug`, checked
    after every collection; the count adds to stat_heap_errors)."""
    gc.pending_bad = 0
    stack_foreach(gc.all_objects, gc, _flag_checked)
    walk_roots(gc, _check_slot)
    stack_foreach(gc.all_objects, gc, _check_object)
    stack_foreach(gc.all_objects, gc, _unflag_checked)
    return gc.pending_bad


def _flag_checked(gc, obj):
    h = obj - HDR
    h.signed[0] = h.signed[0] | CHECKED


def _unflag_checked(gc, obj):
    h = obj - HDR
    h.signed[0] = h.signed[0] & ~CHECKED


def _check_object(gc, obj):
    trace(gc, obj, _check_slot)


def _check_slot(gc, slot):
    obj = slot.address[0]
    if obj:
        hdr = (obj - HDR).signed[0]
        tid = hdr & TID_MASK
        if tid <= 0 or tid >= len(gc.typeinfo) or hdr & (CHECKED | PREBUILT) == 0:
            gc.pending_bad += 1
