"""List helpers in low-level Python: RPython's list, for the rtyper.

Representation (built by the rtyper in C++, src/rtyper/rtyper.cpp):

    LIST = Ptr(GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(ITEM)))))

`length` items are in use; `len(items)` is the capacity. Invariants:

- 0 <= l.length <= len(l.items), and l.items is never null;
- items at positions >= length are zero when ITEM is a pointer type (the
  helpers clear what they drop, so that the GC does not keep it alive);
  for primitive ITEMs they are garbage;
- growing overallocates as PyPy does (newsize + newsize // 8 + 3 or 6), so
  that appending is amortized O(1); shrinking reallocates when less than
  half of the capacity stays used.

The helpers follow Python's list semantics: negative indices count from the
end, slice bounds are clamped, errors are IndexError (indexing, pop) and
ValueError (index, remove, min/max of an empty list, slice step 0). Items
compare through template functions received as constant arguments (see
ll_common.py): `EQ(a, b)` for equality and `LT(a, b)` for ordering.

API (LIST is a constant Ptr type, the other arguments are values):

  ll_newlist(LIST, length)          `length` zeroed items, capacity length
  ll_newlist_hint(LIST, capacity)   empty, room for `capacity` items
  ll_length(l)
  ll_append(l, item)                ll_extend(l, other)  (other may be l)
  ll_insert(l, index, item)         ll_pop(l, index)     ll_pop_end(l)
  ll_getitem(l, index)              ll_getitem_nonneg(l, index)
  ll_setitem(l, index, item)        ll_delitem(l, index)
  ll_getslice(l, start, stop)       (omitted bounds: 0 and sys.maxsize)
  ll_getslice_step(l, start, stop, step)
                                    (omitted bounds as CPython's slice: for
                                    step > 0 0 and sys.maxsize, for step < 0
                                    sys.maxsize and -sys.maxsize - 1)
  ll_setslice(l, start, stop, other)   ll_delslice(l, start, stop)
  ll_concat(l1, l2)                 ll_mul(l, n)     ll_inplace_mul(l, n) -> l
  ll_copy(l)                        ll_clear(l)      ll_reverse(l)
  ll_contains(l, item, EQ)          ll_index(l, item, EQ)
  ll_count(l, item, EQ)             ll_remove(l, item, EQ)
  ll_listeq(l1, l2, EQ)             ll_list_lt(l1, l2, EQ, LT)
  ll_sort(l, LT)                    ll_sort_reverse(l, LT)   (both stable)
  ll_list_max(l, LT)                ll_list_min(l, LT)
  ll_listnext_reversed(it)          (reversed() iterators {seq, index})

LIST_OF(ITEM) builds the list type for tests on CPython. Like the other
functions named *_OF it is plain Python, never translated (the rtyper builds
the types in C++), and the only code here outside the low-level subset.
"""

from futamura.rlib.objectmodel import dont_inline
from futamura.rtyper.lltype import (Bool, Char, Float, GcArray, GcStruct, Ptr, Signed,
                                    SignedLongLong, UniChar, Unsigned, UnsignedLongLong, Void,
                                    malloc, nullptr, typeOf)

_MAXINT = 9223372036854775807

# Runs shorter than this are sorted by binary insertion before merging.
_SORT_RUN = 16


def LIST_OF(ITEM):
    """The type of a list of ITEMs, as the rtyper builds it (tests only)."""
    return Ptr(GcStruct("list", ("length", Signed), ("items", Ptr(GcArray(ITEM)))))


# --- storage -----------------------------------------------------------------


def _ll_clear_items(items, start, stop):
    """Zeroes items[start:stop] if the items are pointers (for the GC)."""
    ITEM = typeOf(items).TO.OF
    if (ITEM == Signed or ITEM == Unsigned or ITEM == SignedLongLong or
            ITEM == UnsignedLongLong or ITEM == Float or ITEM == Char or
            ITEM == UniChar or ITEM == Bool or ITEM == Void):
        return
    null = nullptr(ITEM.TO)
    i = start
    while i < stop:
        items[i] = null
        i += 1


def _ll_clear_item(items, i):
    """Zeroes items[i] if the items are pointers (for the GC)."""
    ITEM = typeOf(items).TO.OF
    if (ITEM == Signed or ITEM == Unsigned or ITEM == SignedLongLong or
            ITEM == UnsignedLongLong or ITEM == Float or ITEM == Char or
            ITEM == UniChar or ITEM == Bool or ITEM == Void):
        return
    items[i] = nullptr(ITEM.TO)


@dont_inline  # a slow path: the fast paths of append and pop stay small
def _ll_realloc(l, newcap):
    """Moves the used items of l to a new array of capacity newcap."""
    items = l.items
    newitems = malloc(typeOf(items).TO, newcap)
    n = l.length
    if n > newcap:
        n = newcap
    i = 0
    while i < n:
        newitems[i] = items[i]
        i += 1
    l.items = newitems


def _ll_overallocate(newsize):
    # Grows by half: a list built by appends is copied about twice in all
    # (CPython's eighth copies it about eight times, each copy an array the
    # GC allocates, clears and scans).
    if newsize < 9:
        return newsize + 3 + (newsize >> 3)
    return newsize + 6 + (newsize >> 1)


def _ll_resize_ge(l, newsize):
    """Sets the length to newsize >= l.length, growing the capacity."""
    if len(l.items) < newsize:
        _ll_realloc(l, _ll_overallocate(newsize))
    l.length = newsize


@dont_inline  # a slow path: the fast paths of append and pop stay small
def _ll_resize_le(l, newsize):
    """Sets the length to newsize <= l.length, dropping the tail."""
    cap = len(l.items)
    if newsize < (cap >> 1) - 5:
        l.length = newsize
        _ll_realloc(l, _ll_overallocate(newsize))
    else:
        _ll_clear_items(l.items, newsize, l.length)
        l.length = newsize


def _ll_copy_range(src, srcstart, dst, dststart, n):
    """dst[dststart:dststart+n] = src[srcstart:srcstart+n] for arrays; the
    ranges may overlap (the copy goes in the safe direction)."""
    if src == dst and dststart > srcstart:
        i = n - 1
        while i >= 0:
            dst[dststart + i] = src[srcstart + i]
            i -= 1
    else:
        i = 0
        while i < n:
            dst[dststart + i] = src[srcstart + i]
            i += 1


def _ll_new_with_items(LIST, length, capacity):
    l = malloc(LIST.TO)
    l.length = length
    l.items = malloc(LIST.TO.items.TO, capacity)
    return l


# --- construction and size ---------------------------------------------------


def ll_newlist(LIST, length):
    if length < 0:
        length = 0
    return _ll_new_with_items(LIST, length, length)


def ll_alloc_and_set(LIST, count, item):
    """[item] * count, without the one-item list (PyPy's alloc_and_set)."""
    if count < 0:
        count = 0
    l = _ll_new_with_items(LIST, count, count)
    items = l.items
    i = 0
    while i < count:
        items[i] = item
        i += 1
    return l


def ll_newlist_hint(LIST, capacity):
    if capacity < 0:
        capacity = 0
    return _ll_new_with_items(LIST, 0, capacity)


def ll_length(l):
    return l.length


def ll_copy(l):
    n = l.length
    res = _ll_new_with_items(typeOf(l), n, n)
    _ll_copy_range(l.items, 0, res.items, 0, n)
    return res


def ll_list_from_reversed(it):
    """list(reversed(l)) from the iterator of reversed(l) (seq, index: the
    items before index are still to come, last first); consumes it."""
    lst = it.seq
    n = it.index
    res = _ll_new_with_items(typeOf(lst), n, n)
    i = 0
    while i < n:
        res.items[i] = lst.items[n - 1 - i]
        i += 1
    it.index = 0
    return res


def ll_clear(l):
    l.length = 0
    l.items = malloc(typeOf(l).TO.items.TO, 0)


# --- adding and removing items ----------------------------------------------


def ll_append(l, item):
    # The common case is small enough to inline; growing is a call.
    n = l.length
    if n < len(l.items):
        l.length = n + 1
        l.items[n] = item
    else:
        _ll_append_grow(l, item)


@dont_inline  # a slow path: the fast paths of append and pop stay small
def _ll_append_grow(l, item):
    n = l.length
    _ll_resize_ge(l, n + 1)
    l.items[n] = item



def ll_extend(l, other):
    n1 = l.length
    n2 = other.length  # read first: other may be l
    _ll_resize_ge(l, n1 + n2)
    _ll_copy_range(other.items, 0, l.items, n1, n2)


def ll_insert(l, index, item):
    n = l.length
    if index < 0:
        index += n
        if index < 0:
            index = 0
    elif index > n:
        index = n
    _ll_resize_ge(l, n + 1)
    items = l.items
    _ll_copy_range(items, index, items, index + 1, n - index)
    items[index] = item


def _ll_pop_at(l, index):
    """Removes and returns l.items[index], 0 <= index < l.length."""
    items = l.items
    item = items[index]
    n = l.length
    _ll_copy_range(items, index + 1, items, index, n - index - 1)
    _ll_resize_le(l, n - 1)
    return item


def ll_pop(l, index):
    n = l.length
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    return _ll_pop_at(l, index)


def ll_pop_end(l):
    # The common case is small enough to inline; shrinking is a call.
    n = l.length - 1
    if n < 0:
        raise IndexError
    items = l.items
    item = items[n]
    if n >= (len(items) >> 1) - 5:
        # no shrinking: clear the slot (for the GC), shorten
        _ll_clear_item(items, n)
        l.length = n
    else:
        _ll_resize_le(l, n)
    return item


def ll_delitem(l, index):
    n = l.length
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    _ll_pop_at(l, index)


def ll_remove(l, item, EQ):
    _ll_pop_at(l, ll_index(l, item, EQ))


# --- indexing ----------------------------------------------------------------


def ll_getitem_nonneg(l, index):
    # (the annotator proved index >= 0)
    if index >= l.length:
        raise IndexError
    return l.items[index]


def ll_getitem(l, index):
    n = l.length
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    return l.items[index]


def ll_setitem_nonneg(l, index, item):
    # (the annotator proved index >= 0)
    if index >= l.length:
        raise IndexError
    l.items[index] = item


def ll_setitem(l, index, item):
    n = l.length
    if index < 0:
        index += n
    if index < 0 or index >= n:
        raise IndexError
    l.items[index] = item


# --- slices ------------------------------------------------------------------


def _ll_clamp(index, n):
    """A slice bound of step 1 clamped into [0, n]."""
    if index < 0:
        index += n
        if index < 0:
            return 0
        return index
    if index > n:
        return n
    return index


def ll_getslice(l, start, stop):
    n = l.length
    start = _ll_clamp(start, n)
    stop = _ll_clamp(stop, n)
    m = 0
    if stop > start:
        m = stop - start
    res = _ll_new_with_items(typeOf(l), m, m)
    _ll_copy_range(l.items, start, res.items, 0, m)
    return res


def _ll_clamp_step(index, n, step):
    """A bound of a slice of step `step` clamped as CPython does."""
    if index < 0:
        index += n
        if index < 0:
            if step < 0:
                return -1
            return 0
        return index
    if index >= n:
        if step < 0:
            return n - 1
        return n
    return index


def ll_getslice_step(l, start, stop, step):
    if step == 0:
        raise ValueError
    if step < -_MAXINT:
        step = -_MAXINT
    n = l.length
    start = _ll_clamp_step(start, n, step)
    stop = _ll_clamp_step(stop, n, step)
    m = 0
    if step < 0:
        if stop < start:
            m = (start - stop - 1) // (0 - step) + 1
    elif start < stop:
        m = (stop - start - 1) // step + 1
    res = _ll_new_with_items(typeOf(l), m, m)
    items = l.items
    newitems = res.items
    i = 0
    j = start
    while i < m:
        newitems[i] = items[j]
        j += step
        i += 1
    return res


def ll_setslice(l, start, stop, other):
    if other == l:
        other = ll_copy(l)
    n = l.length
    start = _ll_clamp(start, n)
    stop = _ll_clamp(stop, n)
    if stop < start:
        stop = start
    m = other.length
    newlen = n - (stop - start) + m
    tail = n - stop
    if newlen > n:
        _ll_resize_ge(l, newlen)
        _ll_copy_range(l.items, stop, l.items, start + m, tail)
    elif newlen < n:
        _ll_copy_range(l.items, stop, l.items, start + m, tail)
        _ll_resize_le(l, newlen)
    _ll_copy_range(other.items, 0, l.items, start, m)


def ll_delslice(l, start, stop):
    n = l.length
    start = _ll_clamp(start, n)
    stop = _ll_clamp(stop, n)
    if stop <= start:
        return
    _ll_copy_range(l.items, stop, l.items, start, n - stop)
    _ll_resize_le(l, n - (stop - start))


# --- whole-list operations ---------------------------------------------------


def ll_concat(l1, l2):
    n1 = l1.length
    n2 = l2.length
    res = _ll_new_with_items(typeOf(l1), n1 + n2, n1 + n2)
    _ll_copy_range(l1.items, 0, res.items, 0, n1)
    _ll_copy_range(l2.items, 0, res.items, n1, n2)
    return res


def _ll_mul_length(n, times):
    """n * times for times > 0, or MemoryError if it does not fit."""
    if n > _MAXINT // times:
        raise MemoryError
    return n * times


def ll_mul(l, times):
    n = l.length
    if times <= 0 or n == 0:
        return _ll_new_with_items(typeOf(l), 0, 0)
    total = _ll_mul_length(n, times)
    res = _ll_new_with_items(typeOf(l), total, total)
    items = l.items
    newitems = res.items
    j = 0
    if n == 1:
        # [x] * n: a plain fill (the C compiler makes it a memset)
        item = items[0]
        while j < total:
            newitems[j] = item
            j += 1
        return res
    while j < total:
        _ll_copy_range(items, 0, newitems, j, n)
        j += n
    return res


def ll_inplace_mul(l, times):
    n = l.length
    if times <= 0:
        ll_clear(l)
        return l
    if n == 0 or times == 1:
        return l
    total = _ll_mul_length(n, times)
    _ll_resize_ge(l, total)
    items = l.items
    j = n
    while j < total:
        _ll_copy_range(items, 0, items, j, n)
        j += n
    return l


def ll_reverse(l):
    items = l.items
    i = 0
    j = l.length - 1
    while i < j:
        tmp = items[i]
        items[i] = items[j]
        items[j] = tmp
        i += 1
        j -= 1


# --- searching and comparing -------------------------------------------------


def ll_contains(l, item, EQ):
    items = l.items
    i = 0
    while i < l.length:
        if EQ(items[i], item):
            return True
        i += 1
    return False


def ll_index(l, item, EQ):
    items = l.items
    i = 0
    while i < l.length:
        if EQ(items[i], item):
            return i
        i += 1
    raise ValueError


def ll_count(l, item, EQ):
    items = l.items
    count = 0
    i = 0
    while i < l.length:
        if EQ(items[i], item):
            count += 1
        i += 1
    return count


def ll_listeq(l1, l2, EQ):
    if not l1:
        return not l2
    if not l2:
        return False
    n = l1.length
    if n != l2.length:
        return False
    items1 = l1.items
    items2 = l2.items
    i = 0
    while i < n:
        if not EQ(items1[i], items2[i]):
            return False
        i += 1
    return True


def ll_list_lt(l1, l2, EQ, LT):
    n1 = l1.length
    n2 = l2.length
    items1 = l1.items
    items2 = l2.items
    i = 0
    while i < n1 and i < n2:
        if not EQ(items1[i], items2[i]):
            return LT(items1[i], items2[i])
        i += 1
    return n1 < n2


def ll_list_max(l, LT):
    n = l.length
    if n == 0:
        raise ValueError
    items = l.items
    best = items[0]
    i = 1
    while i < n:
        if LT(best, items[i]):
            best = items[i]
        i += 1
    return best


def ll_list_min(l, LT):
    n = l.length
    if n == 0:
        raise ValueError
    items = l.items
    best = items[0]
    i = 1
    while i < n:
        if LT(items[i], best):
            best = items[i]
        i += 1
    return best


# --- sorting -----------------------------------------------------------------


def _ll_insertion_sort(items, start, stop, LT):
    """Stable binary insertion sort of items[start:stop]."""
    i = start + 1
    while i < stop:
        x = items[i]
        lo = start
        hi = i
        while lo < hi:  # first position whose item is > x
            mid = lo + ((hi - lo) >> 1)
            if LT(x, items[mid]):
                hi = mid
            else:
                lo = mid + 1
        j = i
        while j > lo:
            items[j] = items[j - 1]
            j -= 1
        items[lo] = x
        i += 1


def _ll_merge(src, dst, start, mid, stop, LT):
    """Merges the sorted src[start:mid] and src[mid:stop] into dst[start:stop];
    an item of the left run goes first unless the right one is smaller."""
    i = start
    j = mid
    k = start
    while i < mid and j < stop:
        if LT(src[j], src[i]):
            dst[k] = src[j]
            j += 1
        else:
            dst[k] = src[i]
            i += 1
        k += 1
    while i < mid:
        dst[k] = src[i]
        i += 1
        k += 1
    while j < stop:
        dst[k] = src[j]
        j += 1
        k += 1


def ll_sort(l, LT):
    """Stable bottom-up merge sort: O(n log n) comparisons, one temporary
    array of n items."""
    n = l.length
    if n < 2:
        return
    items = l.items
    start = 0
    while start < n:
        stop = start + _SORT_RUN
        if stop > n:
            stop = n
        _ll_insertion_sort(items, start, stop, LT)
        start = stop
    if n <= _SORT_RUN:
        return
    src = items
    dst = malloc(typeOf(items).TO, n)
    width = _SORT_RUN
    while width < n:
        start = 0
        while start < n:
            mid = start + width
            if mid > n:
                mid = n
            stop = mid + width
            if stop > n:
                stop = n
            _ll_merge(src, dst, start, mid, stop, LT)
            start = stop
        tmp = src
        src = dst
        dst = tmp
        width = width * 2
    if src != items:
        _ll_copy_range(src, 0, items, 0, n)


def ll_sort_reverse(l, LT):
    """list.sort(reverse=True): as CPython, reverse, sort, reverse again, so
    that equal items keep their original order."""
    ll_reverse(l)
    ll_sort(l, LT)
    ll_reverse(l)


# --- iteration ---------------------------------------------------------------


def ll_listnext_reversed(it):
    """The next item of a reversed() iterator {seq, index}: index starts at
    the length of the list and counts down."""
    i = it.index - 1
    if i < 0:
        raise StopIteration
    l = it.seq
    if i >= l.length:
        raise StopIteration
    it.index = i
    return l.items[i]
