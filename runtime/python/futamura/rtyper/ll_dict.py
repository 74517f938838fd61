"""Dict helpers in low-level Python: RPython's dict, an ordered dict as in
CPython 3.6+ and PyPy, for the rtyper.

Representation (built by the rtyper in C++, src/rtyper/rtyper.cpp):

    ENTRY = Struct('dictentry', ('key', K), ('value', V), ('f_hash', Signed),
                   ('f_valid', Bool))
    DICT = Ptr(GcStruct('dict', ('num_live_items', Signed),
                        ('num_ever_used_items', Signed),
                        ('resize_counter', Signed),
                        ('indexes', Ptr(GcArray(Signed))),
                        ('entries', Ptr(GcArray(ENTRY)))))
    ITER = Ptr(GcStruct('iter', ('seq', DICT), ('index', Signed),
                        ('length', Signed)))

`entries` holds the items in insertion order: entries[0:num_ever_used_items]
were all used since the last resize; those with f_valid False were deleted.
f_hash caches HASH(key). `indexes` is an open-addressing hash table of n
slots (n a power of two, at least 8) that maps hashes to entry positions:

    indexes[i] == 0 (FREE)       never used since the last resize
    indexes[i] == 1 (DELETED)    its entry was deleted; probing goes on
    indexes[i] == k + 2          the live entry entries[k]

Zero is FREE, so a freshly malloc'ed index table is empty. The probe sequence
is CPython's: i = hash & (n - 1), then with perturb = hash (unsigned),
perturb >>= 5, i = (5 * i + perturb + 1) & (n - 1), which visits every slot.

`resize_counter` is CPython's dk_usable: how many new entries may still be
appended before a resize, 2n//3 - num_ever_used_items. Inserting a new key
decrements it; deleting does not give the room back (the entry stays as a
hole, its index slot DELETED, and new keys never reuse DELETED slots), so
FREE slots are always at least a third of the table and probing ends. When
it is 0, inserting a new key first resizes: the index table is rebuilt with
the smallest n >= 8 such that n >= 3 * num_live_items (a table at most 1/3
full; it may shrink after many deletes) and the live entries are compacted in
order into a new entries array. Other invariants:

- num_live_items <= num_ever_used_items <= len(entries) == 2n//3; entries at
  positions >= num_ever_used_items are zero; so is the key and value of a
  deleted entry when they are pointers (cleared for the GC: the helpers test
  the field types against the primitive types, comparisons of constant types
  that the low-level annotator folds, so that only one branch is kept);
- updating the value of an existing key keeps its position; deleting a key
  and inserting it again moves it to the end. Iteration, keys(), values()
  and items() therefore give CPython's order for any sequence of operations.

Keys hash and compare through template functions, constant arguments of the
helpers (ll_common.py): `HASH(key)` gives a Signed, `EQ(a, b)` a Bool.

API (DICT, LIST, ITER are constant Ptr types):

  ll_newdict(DICT)                  ll_newdict_size(DICT, n)   (room for n)
  ll_dict_len(d)
  ll_dict_getitem(d, key, HASH, EQ)          KeyError
  ll_dict_setitem(d, key, value, HASH, EQ)
  ll_dict_delitem(d, key, HASH, EQ)          KeyError
  ll_dict_contains(d, key, HASH, EQ)
  ll_dict_get(d, key, default, HASH, EQ)
  ll_dict_setdefault(d, key, default, HASH, EQ)
  ll_dict_pop(d, key, HASH, EQ)              KeyError
  ll_dict_pop_default(d, key, default, HASH, EQ)
  ll_dict_popitem(TUPLE, d)                  KeyError (the last inserted item)
  ll_dict_clear(d)                  ll_dict_copy(d)
  ll_dict_update(d, other, HASH, EQ)
  ll_dict_keys(LIST, d)             ll_dict_values(LIST, d)
  ll_dict_items(LIST, d)            (a list of Ptr(GcStruct tuple2 {item0,
                                    item1}), LIST.TO.items.TO.OF.TO)
  ll_dictiter(ITER, d)              ll_dictnext(it)
  ll_dict_eq(d1, d2, HASH, EQ, VEQ)

DICT_OF(K, V), DICTITER_OF(DICT) and TUPLE2_OF(A, B) build the types for
tests on CPython. Like the other functions named *_OF they are plain Python,
never translated (the rtyper builds the types in C++), and the only code here
outside the low-level subset.

ll_dictnext(it) returns the position in it.seq.entries of the next live entry
(the caller reads .key and .value there) and raises StopIteration at the end,
or RuntimeError if the number of items changed since the iterator was made
("dictionary changed size during iteration"). The rtyper makes the iterator
itself: index 0, length = num_live_items. Its dict field is `seq`, as in
the list and string iterators of src/rtyper/rtyper.cpp.

A graph of low-level Python raises one exception class (the low-level
annotator joins the classes reaching the except block, and two different
constant classes do not join): ll_dictnext raises RuntimeError from a helper
of its own.
"""

from futamura.rlib.rarithmetic import intmask, r_uint
from futamura.rtyper.lltype import (Bool, Char, Float, GcArray, GcStruct, Ptr, Signed,
                                    SignedLongLong, Struct, UniChar, Unsigned,
                                    UnsignedLongLong, Void, malloc, nullptr, typeOf)

FREE = 0
DELETED = 1
VALID_OFFSET = 2

DICT_INITSIZE = 8
PERTURB_SHIFT = 5


def DICT_OF(K, V):
    """The type of a dict from K to V, as the rtyper builds it (tests only)."""
    ENTRY = Struct("dictentry", ("key", K), ("value", V), ("f_hash", Signed),
                   ("f_valid", Bool))
    return Ptr(GcStruct("dict", ("num_live_items", Signed), ("num_ever_used_items", Signed),
                        ("resize_counter", Signed), ("indexes", Ptr(GcArray(Signed))),
                        ("entries", Ptr(GcArray(ENTRY)))))


def DICTITER_OF(DICT):
    """The type of an iterator over a dict of type DICT (tests only)."""
    return Ptr(GcStruct("iter", ("seq", DICT), ("index", Signed), ("length", Signed)))


def TUPLE2_OF(A, B):
    """The type of a 2-tuple, the items of ll_dict_items() (tests only)."""
    return Ptr(GcStruct("tuple2", ("item0", A), ("item1", B)))


def _ll_usable(size):
    """How many entries an index table of `size` slots takes: 2/3 of it."""
    return (size * 2) // 3


# --- tables ------------------------------------------------------------------


def _ll_clear_entry(entries, k):
    """Drops the key and value of entries[k] if they are pointers (for the GC)."""
    ENTRY = typeOf(entries).TO.OF
    KEY = ENTRY.key
    VALUE = ENTRY.value
    if not (KEY == Signed or KEY == Unsigned or KEY == SignedLongLong or
            KEY == UnsignedLongLong or KEY == Float or KEY == Char or
            KEY == UniChar or KEY == Bool or KEY == Void):
        entries[k].key = nullptr(KEY.TO)
    if not (VALUE == Signed or VALUE == Unsigned or VALUE == SignedLongLong or
            VALUE == UnsignedLongLong or VALUE == Float or VALUE == Char or
            VALUE == UniChar or VALUE == Bool or VALUE == Void):
        entries[k].value = nullptr(VALUE.TO)


def _ll_setup(d, size):
    """Gives d an empty index table of `size` slots and room for its entries."""
    d.indexes = malloc(typeOf(d).TO.indexes.TO, size)
    d.entries = malloc(typeOf(d).TO.entries.TO, _ll_usable(size))
    d.num_live_items = 0
    d.num_ever_used_items = 0
    d.resize_counter = _ll_usable(size)


def _ll_size_for(n):
    """The index table size with room for n entries."""
    size = DICT_INITSIZE
    while _ll_usable(size) < n:
        size = size * 2
    return size


def _ll_find_free(indexes, h):
    """The first FREE slot of the probe sequence of the hash h."""
    mask = len(indexes) - 1
    i = h & mask
    perturb = r_uint(h)
    while indexes[i] != FREE:
        perturb >>= PERTURB_SHIFT
        i = intmask((r_uint(i) * 5 + perturb + 1) & r_uint(mask))
    return i


def _ll_lookup(d, key, h, EQ):
    """The slot of `indexes` holding the entry of `key` (whose hash is h); or,
    if the key is not in d, -1 - (the FREE slot where the probing ended)."""
    indexes = d.indexes
    entries = d.entries
    mask = len(indexes) - 1
    i = h & mask
    perturb = r_uint(h)
    index = indexes[i]
    while index != FREE:
        if index >= VALID_OFFSET:
            k = index - VALID_OFFSET
            if entries[k].f_hash == h:
                if EQ(entries[k].key, key):
                    return i
        perturb >>= PERTURB_SHIFT
        i = intmask((r_uint(i) * 5 + perturb + 1) & r_uint(mask))
        index = indexes[i]
    return -1 - i


def _ll_resize(d):
    """Rebuilds the index table for the live entries, compacting them."""
    live = d.num_live_items
    size = DICT_INITSIZE
    while size < 3 * live:
        size = size * 2
    old = d.entries
    used = d.num_ever_used_items
    _ll_setup(d, size)
    indexes = d.indexes
    entries = d.entries
    j = 0
    k = 0
    while k < used:
        if old[k].f_valid:
            entries[j].key = old[k].key
            entries[j].value = old[k].value
            entries[j].f_hash = old[k].f_hash
            entries[j].f_valid = True
            indexes[_ll_find_free(indexes, old[k].f_hash)] = j + VALID_OFFSET
            j += 1
        k += 1
    d.num_live_items = j
    d.num_ever_used_items = j
    d.resize_counter = _ll_usable(size) - j


def _ll_insert_new(d, slot, key, value, h):
    """Appends a new entry for a key not in d; `slot` is the FREE slot where
    its lookup ended (-1 - slot as returned by _ll_lookup), or -1 to find
    one after a resize."""
    if d.resize_counter <= 0:
        _ll_resize(d)
        slot = -1
    if slot < 0:
        slot = _ll_find_free(d.indexes, h)
    k = d.num_ever_used_items
    entries = d.entries
    entries[k].key = key
    entries[k].value = value
    entries[k].f_hash = h
    entries[k].f_valid = True
    d.indexes[slot] = k + VALID_OFFSET
    d.num_ever_used_items = k + 1
    d.num_live_items += 1
    d.resize_counter -= 1


def _ll_delete_at(d, slot):
    """Deletes the entry held by indexes[slot]."""
    k = d.indexes[slot] - VALID_OFFSET
    d.indexes[slot] = DELETED
    entries = d.entries
    entries[k].f_valid = False
    _ll_clear_entry(entries, k)
    d.num_live_items -= 1


# --- construction and size ---------------------------------------------------


def ll_newdict(DICT):
    d = malloc(DICT.TO)
    _ll_setup(d, DICT_INITSIZE)
    return d


def ll_newdict_size(DICT, n):
    d = malloc(DICT.TO)
    _ll_setup(d, _ll_size_for(n))
    return d


def ll_dict_len(d):
    return d.num_live_items


def ll_dict_clear(d):
    _ll_setup(d, DICT_INITSIZE)


def ll_dict_copy(d):
    res = malloc(typeOf(d).TO)
    size = len(d.indexes)
    _ll_setup(res, size)
    indexes = d.indexes
    newindexes = res.indexes
    i = 0
    while i < size:
        newindexes[i] = indexes[i]
        i += 1
    entries = d.entries
    newentries = res.entries
    used = d.num_ever_used_items
    k = 0
    while k < used:
        if entries[k].f_valid:
            newentries[k].key = entries[k].key
            newentries[k].value = entries[k].value
            newentries[k].f_hash = entries[k].f_hash
            newentries[k].f_valid = True
        k += 1
    res.num_live_items = d.num_live_items
    res.num_ever_used_items = used
    res.resize_counter = d.resize_counter
    return res


# --- items -------------------------------------------------------------------


def ll_dict_getitem(d, key, HASH, EQ):
    slot = _ll_lookup(d, key, HASH(key), EQ)
    if slot < 0:
        raise KeyError
    return d.entries[d.indexes[slot] - VALID_OFFSET].value


def ll_dict_setitem(d, key, value, HASH, EQ):
    h = HASH(key)
    slot = _ll_lookup(d, key, h, EQ)
    if slot >= 0:
        d.entries[d.indexes[slot] - VALID_OFFSET].value = value
    else:
        _ll_insert_new(d, -1 - slot, key, value, h)


def ll_dict_delitem(d, key, HASH, EQ):
    slot = _ll_lookup(d, key, HASH(key), EQ)
    if slot < 0:
        raise KeyError
    _ll_delete_at(d, slot)


def ll_dict_contains(d, key, HASH, EQ):
    return _ll_lookup(d, key, HASH(key), EQ) >= 0


def ll_dict_get(d, key, default, HASH, EQ):
    slot = _ll_lookup(d, key, HASH(key), EQ)
    if slot < 0:
        return default
    return d.entries[d.indexes[slot] - VALID_OFFSET].value


def ll_dict_setdefault(d, key, default, HASH, EQ):
    h = HASH(key)
    slot = _ll_lookup(d, key, h, EQ)
    if slot >= 0:
        return d.entries[d.indexes[slot] - VALID_OFFSET].value
    _ll_insert_new(d, -1 - slot, key, default, h)
    return default


def ll_dict_pop(d, key, HASH, EQ):
    slot = _ll_lookup(d, key, HASH(key), EQ)
    if slot < 0:
        raise KeyError
    value = d.entries[d.indexes[slot] - VALID_OFFSET].value
    _ll_delete_at(d, slot)
    return value


def ll_dict_pop_default(d, key, default, HASH, EQ):
    slot = _ll_lookup(d, key, HASH(key), EQ)
    if slot < 0:
        return default
    value = d.entries[d.indexes[slot] - VALID_OFFSET].value
    _ll_delete_at(d, slot)
    return value


def ll_dict_popitem(TUPLE, d):
    """d.popitem(): removes the last inserted item and returns it as a
    fresh (key, value) tuple; KeyError if d is empty."""
    k = d.num_ever_used_items - 1
    entries = d.entries
    while k >= 0 and not entries[k].f_valid:
        k -= 1
    if k < 0:
        raise KeyError
    # Its slot: the probe sequence of its hash reaches it.
    indexes = d.indexes
    mask = len(indexes) - 1
    h = entries[k].f_hash
    i = h & mask
    perturb = r_uint(h)
    while indexes[i] != k + VALID_OFFSET:
        perturb >>= PERTURB_SHIFT
        i = intmask((r_uint(i) * 5 + perturb + 1) & r_uint(mask))
    t = malloc(TUPLE.TO)
    t.item0 = entries[k].key
    t.item1 = entries[k].value
    _ll_delete_at(d, i)
    return t


def ll_dict_update(d, other, HASH, EQ):
    entries = other.entries
    k = 0
    while k < other.num_ever_used_items:
        if entries[k].f_valid:
            # f_hash is HASH(key): no need to hash again.
            key = entries[k].key
            h = entries[k].f_hash
            slot = _ll_lookup(d, key, h, EQ)
            if slot >= 0:
                d.entries[d.indexes[slot] - VALID_OFFSET].value = entries[k].value
            else:
                _ll_insert_new(d, -1 - slot, key, entries[k].value, h)
        k += 1


def ll_dict_eq(d1, d2, HASH, EQ, VEQ):
    if d1.num_live_items != d2.num_live_items:
        return False
    entries = d1.entries
    k = 0
    while k < d1.num_ever_used_items:
        if entries[k].f_valid:
            slot = _ll_lookup(d2, entries[k].key, entries[k].f_hash, EQ)
            if slot < 0:
                return False
            if not VEQ(entries[k].value,
                       d2.entries[d2.indexes[slot] - VALID_OFFSET].value):
                return False
        k += 1
    return True


# --- lists of the keys, values, items ----------------------------------------


def _ll_new_list(LIST, n):
    l = malloc(LIST.TO)
    l.length = n
    l.items = malloc(LIST.TO.items.TO, n)
    return l


def ll_dict_keys(LIST, d):
    res = _ll_new_list(LIST, d.num_live_items)
    items = res.items
    entries = d.entries
    j = 0
    k = 0
    while k < d.num_ever_used_items:
        if entries[k].f_valid:
            items[j] = entries[k].key
            j += 1
        k += 1
    return res


def ll_dict_values(LIST, d):
    res = _ll_new_list(LIST, d.num_live_items)
    items = res.items
    entries = d.entries
    j = 0
    k = 0
    while k < d.num_ever_used_items:
        if entries[k].f_valid:
            items[j] = entries[k].value
            j += 1
        k += 1
    return res


def ll_dict_items(LIST, d):
    TUPLE = LIST.TO.items.TO.OF.TO
    res = _ll_new_list(LIST, d.num_live_items)
    items = res.items
    entries = d.entries
    j = 0
    k = 0
    while k < d.num_ever_used_items:
        if entries[k].f_valid:
            t = malloc(TUPLE)
            t.item0 = entries[k].key
            t.item1 = entries[k].value
            items[j] = t
            j += 1
        k += 1
    return res


# --- iteration ---------------------------------------------------------------


def ll_dictiter(ITER, d):
    it = malloc(ITER.TO)
    it.seq = d
    it.index = 0
    it.length = d.num_live_items
    return it


def _ll_changed_size():
    raise RuntimeError


def ll_dictnext(it):
    d = it.seq
    if d.num_live_items != it.length:
        # In a helper of its own: the low-level annotator keeps one
        # exception class per `raise` target of a graph.
        _ll_changed_size()
    entries = d.entries
    k = it.index
    while k < d.num_ever_used_items:
        if entries[k].f_valid:
            it.index = k + 1
            return k
        k += 1
    it.index = k
    raise StopIteration


def ll_dictnext_key(it):
    k = ll_dictnext(it)
    return it.seq.entries[k].key


def ll_dictnext_value(it):
    k = ll_dictnext(it)
    return it.seq.entries[k].value


def ll_dictnext_item(TUPLE, it):
    k = ll_dictnext(it)
    e = it.seq.entries[k]
    t = malloc(TUPLE.TO)
    t.item0 = e.key
    t.item1 = e.value
    return t
