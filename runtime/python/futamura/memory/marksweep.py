"""The mark-and-sweep GC of the paper's framework (section 3.3), in
low-level Python over llmemory addresses (PyPy's
pypy/rpython/memory/gc/marksweep.py, as functions over a GCSTATE record).

Objects are blocks [header | object] of the old space (memory/oldspace.py:
pages of blocks of one size, free lists). A collection marks from the
roots — the shadow stack [root_stack_base, root_stack_top) of slots holding
object addresses, and the static roots, an array of addresses of slots (in
prebuilt data, prebuilt GC objects included: they are never freed and are
flagged PREBUILT) — then frees what was not reached (zeroed: a stale
pointer finds type id 0). The next collection comes when the bytes
allocated since the last one exceed the larger of 4 MB and twice the live
bytes. With `debug` set: at every allocation, and the heap is checked
after each collection (stat_heap_errors).
"""
from futamura.memory import gcbase
from futamura.memory.gcbase import PREBUILT  # (the header flag of prebuilt objects, for the transformer)
from futamura.memory.gctypelayout import HDR
from futamura.memory import oldspace
from futamura.rtyper.lltype import Signed, Struct

MOVING = False

GCSTATE = Struct("gcstate_marksweep", *gcbase.STATE_FIELDS,
                 ("bytes_since", Signed), ("stat_collections", Signed))


def setup(gc):
    gcbase.setup_common(gc)
    gc.bytes_since = 0


def malloc_fixed(gc, tid, size):
    size = gcbase.round_size(size)
    if gc.debug != 0 or gc.bytes_since + HDR + size > gc.threshold:
        collect(gc)
    return _allocate(gc, tid, size)


def malloc_varsize(gc, tid, n, fixedsize, itemsize, lenofs):
    if gcbase.too_many_items(n, itemsize):
        return gcbase.out_of_memory(n)
    obj = malloc_fixed(gc, tid, fixedsize + itemsize * n)
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def malloc_varsize_nocollect(gc, tid, n, fixedsize, itemsize, lenofs):
    """For the runtime's C code (strings made by external functions): never
    collects, so the C code holds no GC pointer across a collection."""
    obj = _allocate(gc, tid, gcbase.round_size(fixedsize + itemsize * n))
    if lenofs >= 0:
        (obj + lenofs).signed[0] = n
    return obj


def _allocate(gc, tid, size):
    total = HDR + size
    block = oldspace.alloc(gc.old, total, True)
    block.signed[0] = tid
    gc.bytes_since += total
    return block + HDR


def collect(gc):
    gc.stat_collections += 1
    heap = gc.live_bytes + gc.bytes_since
    if heap > gc.stat_peak_heap:
        gc.stat_peak_heap = heap
    gcbase.clock_start(gc)
    live = gcbase.mark_and_sweep(gc)
    gc.live_bytes = live
    if live > gc.stat_peak_live:
        gc.stat_peak_live = live
    gc.bytes_since = 0
    gc.threshold = 2 * live
    if gc.threshold < gcbase.MIN_THRESHOLD:
        gc.threshold = gcbase.MIN_THRESHOLD
    if gc.debug != 0:
        gc.stat_heap_errors += check_heap(gc)
    gcbase.clock_stop(gc)


def check_heap(gc):
    """The number of bad GC pointers: in a root slot or in an object, a
    pointer that is neither null, nor a prebuilt object, nor an object of
    old space with a valid type id (debugging aid: with `debug`, checked
    after every collection; the count adds to stat_heap_errors)."""
    return gcbase.check_heap(gc, gcbase.check_slot)
