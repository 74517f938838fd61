"""What the framework GCs share (PyPy's rpython/memory/gc/base.py): the
header flags, object sizes, tracing an object's GC pointers, walking the
roots, marking the objects of the old space (memory/oldspace.py) and
sweeping it, the heap checker, and the fields of the GC state records that
these use (STATE_FIELDS: each GC's GCSTATE starts with them; the functions
are specialized per record type, like every helper).

Objects are raw blocks [header | object]; the header is the type id in the
low 32 bits and the flags above.

GC code must not raise (the transformer inlines it where the program does
not expect an exception): no division by a variable, which RPython checks
for zero. The translator refuses a GC function that can raise.
"""
from futamura.memory.gctypelayout import HDR, T_IS_VARSIZE, TID_MASK
from futamura.memory import oldspace
from futamura.memory.support import stack_append, stack_non_empty, stack_pop
from futamura.memory.gctypelayout import TYPE_INFO_TABLE_OF
from futamura.memory.support import stack_new
from futamura.rtyper.ll_os import ll_time_perf_counter
from futamura.rtyper.llmemory import Address, raw_malloc
from futamura.rtyper.lltype import Float, Ptr, Signed

MIN_THRESHOLD = 4 * 1024 * 1024
ROOT_STACK_SLOTS = 1 << 20

# The fields of a GC state record that the functions here use (each GC's
# GCSTATE starts with them and adds its own).
STATE_FIELDS = (("typeinfo", Ptr(TYPE_INFO_TABLE_OF())),
                ("static_roots", Address), ("nstatic", Signed),
                ("root_stack_base", Address), ("root_stack_top", Address),
                ("old", Address), ("pending", Address),
                ("threshold", Signed), ("live_bytes", Signed),
                ("debug", Signed), ("pending_bad", Signed),
                ("stat_freed", Signed), ("stat_heap_errors", Signed), ("stat_peak_live", Signed),
                ("stat_peak_heap", Signed), ("clock", Float), ("stat_gc_seconds", Float))


def setup_common(gc):
    """The shadow stack (translated: the runtime gives it; tests bring their
    own), the old space, the mark stack, the first threshold."""
    if not gc.root_stack_base:
        gc.root_stack_base = raw_malloc(8 * ROOT_STACK_SLOTS)
        gc.root_stack_top = gc.root_stack_base
    gc.old = oldspace.space_new()
    gc.pending = stack_new()
    gc.threshold = MIN_THRESHOLD
    gc.live_bytes = 0

PREBUILT = 1 << 32  # a prebuilt object: never freed, never traced (its slots are static roots)
VISITED = 1 << 33   # marked by a major collection
CHECKED = 1 << 34   # marked by the heap checker


def clock_start(gc):
    """Time in the GC (stat_gc_seconds): a collection starts..."""
    gc.clock = ll_time_perf_counter()


def clock_stop(gc):
    """...and ends."""
    gc.stat_gc_seconds += ll_time_perf_counter() - gc.clock


MAX_ITEMS = 1 << 40


def too_many_items(n, itemsize):
    """Whether n items of itemsize bytes are negative or far beyond memory;
    below that, no size computation overflows (itemsize * n < 2**61)."""
    if n < 0 or n > MAX_ITEMS:
        return True
    return itemsize > (1 << 20) and n > (MAX_ITEMS >> 20)


def out_of_memory(n):
    """An allocation far beyond memory (petabytes): raw_malloc reports the
    failure (n only keeps the C compiler from seeing a constant size)."""
    return raw_malloc(MAX_ITEMS * 4096 + (n & MAX_ITEMS))


def round_size(size):
    """Object sizes are whole words, at least one (a moving GC keeps the
    forwarding address in an object's first word)."""
    if size < 8:
        return 8
    return (size + 7) & ~7


def size_of(gc, obj):
    info = gc.typeinfo[(obj - HDR).signed[0] & TID_MASK]
    size = info.fixedsize
    if info.infobits & T_IS_VARSIZE:
        size += info.varitemsize * (obj + info.ofstolength).signed[0]
    return round_size(size)


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


def mark_and_sweep(gc):
    """Marks what the roots reach, frees the other objects of the old space
    (zeroed: a stale pointer finds type id 0 until the block is reused; with
    `debug`, not before the next collection); returns the live bytes."""
    walk_roots(gc, _visit)
    live = 0
    while stack_non_empty(gc.pending):
        obj = stack_pop(gc.pending)
        live += HDR + size_of(gc, obj)
        trace(gc, obj, _visit)
    before = oldspace.freed(gc.old)
    oldspace.sweep(gc.old, VISITED, gc.debug != 0)
    gc.stat_freed += oldspace.freed(gc.old) - before
    return live


def _visit(gc, slot):
    obj = slot.address[0]
    if obj:
        h = obj - HDR
        hdr = h.signed[0]
        if hdr & (VISITED | PREBUILT) == 0:
            h.signed[0] = hdr | VISITED
            stack_append(gc.pending, obj)


def check_heap(gc, CHECK_SLOT):
    """The number of bad GC pointers in the roots and in the objects of the
    old space, as CHECK_SLOT(gc, slot) counts them in gc.pending_bad
    (check_slot is the common rule); the objects are flagged CHECKED
    meanwhile."""
    gc.pending_bad = 0
    oldspace.foreach(gc.old, gc, _flag_checked, 0)
    walk_roots(gc, CHECK_SLOT)
    oldspace.foreach(gc.old, gc, _check_object, CHECK_SLOT)
    oldspace.foreach(gc.old, gc, _unflag_checked, 0)
    return gc.pending_bad


def _check_object(gc, obj, CHECK_SLOT):
    trace(gc, obj, CHECK_SLOT)


def check_slot(gc, slot):
    """A bad pointer: neither null, nor prebuilt, nor a flagged (allocated)
    object with a valid type id."""
    obj = slot.address[0]
    if obj:
        hdr = (obj - HDR).signed[0]
        tid = hdr & TID_MASK
        if tid <= 0 or tid >= len(gc.typeinfo) or hdr & (CHECKED | PREBUILT) == 0:
            gc.pending_bad += 1


def _flag_checked(gc, obj, unused):
    h = obj - HDR
    h.signed[0] = h.signed[0] | CHECKED


def _unflag_checked(gc, obj, unused):
    h = obj - HDR
    h.signed[0] = h.signed[0] & ~CHECKED
