"""List helpers (a first subset; the full module replaces it).

A list is Ptr(GcStruct('list', ('length', Signed), ('items', Ptr(GcArray(ITEM))))):
`length` items used, `len(items)` the capacity.
"""

from futamura.rtyper.lltype import malloc, typeOf


def ll_newlist(LIST, length):
    lst = malloc(LIST.TO)
    lst.length = length
    lst.items = malloc(LIST.TO.items.TO, length)
    return lst


def ll_getitem_nonneg(lst, index):
    if index >= lst.length:
        raise IndexError
    return lst.items[index]


def ll_getitem(lst, index):
    if index < 0:
        index += lst.length
    if index < 0 or index >= lst.length:
        raise IndexError
    return lst.items[index]


def ll_setitem(lst, index, item):
    if index < 0:
        index += lst.length
    if index < 0 or index >= lst.length:
        raise IndexError
    lst.items[index] = item


def _ll_grow(lst, needed):
    items = lst.items
    cap = len(items)
    if needed <= cap:
        return
    newcap = needed + (needed >> 3) + 6
    newitems = malloc(typeOf(lst).TO.items.TO, newcap)
    i = 0
    while i < lst.length:
        newitems[i] = items[i]
        i += 1
    lst.items = newitems


def ll_append(lst, item):
    n = lst.length
    _ll_grow(lst, n + 1)
    lst.items[n] = item
    lst.length = n + 1
