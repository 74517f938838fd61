"""What a GC knows of the types of the objects it manages: one TYPE_INFO per
type id (PyPy's rpython/memory/gctypelayout.py, merged TYPE_INFO and
VARSIZE_TYPE_INFO).

Every GC object has a one-word header in front of it: the type id in the
low 32 bits, the GC's flags above. An object's address is the address just
after its header.

  infobits      T_IS_VARSIZE: the object ends with an array of `length` items
  fixedsize     the size of the fixed part (for a var-sized type: the offset
                of item 0)
  ofstoptrs     the offsets of the GC pointers of the fixed part
  varitemsize   the size of one item
  ofstolength   the offset of the length (-1: none)
  varofstoptrs  the offsets of the GC pointers inside one item

The translator builds the table as prebuilt data (src/transform); tests on
CPython build it with build_type_info() from lltype types.
"""
from futamura.rtyper.llmemory import arraylengthoffset, itemoffsetof, offsetof, sizeof
from futamura.rtyper.lltype import Array, FixedSizeArray, Ptr, Signed, Struct, _resolve, malloc

T_IS_VARSIZE = 1

HDR = 8
TID_MASK = 0xFFFFFFFF


def OFFSETS_OF():
    return Array(Signed)


def TYPE_INFO_OF():
    return Struct("type_info", ("infobits", Signed), ("fixedsize", Signed),
                  ("ofstoptrs", Ptr(OFFSETS_OF())), ("varitemsize", Signed),
                  ("ofstolength", Signed), ("varofstoptrs", Ptr(OFFSETS_OF())))


def TYPE_INFO_TABLE_OF():
    return Array(TYPE_INFO_OF())


def gc_pointer_offsets_OF(T, base):
    """The offsets of the GC pointers in the fixed part of T (a type)."""
    T = _resolve(T)
    out = []
    if isinstance(T, Ptr):
        if T.TO._gckind == "gc":
            out.append(base)
    elif isinstance(T, Struct):
        for name in T._names:
            F = T._flds[name]
            if F._is_varsize():
                continue
            out.extend(gc_pointer_offsets_OF(F, base + offsetof(T, name)))
    elif isinstance(T, FixedSizeArray):
        size = sizeof(T.OF)
        for i in range(T.length):
            out.extend(gc_pointer_offsets_OF(T.OF, base + i * size))
    return out


def build_type_info_OF(types):
    """A raw table of TYPE_INFO for `types` (type id i+1 for types[i]; 0 is
    reserved), as the translator builds it."""
    INFO = TYPE_INFO_OF()
    OFS = OFFSETS_OF()
    table = malloc(Array(INFO), len(types) + 1, flavor="raw", zero=True)

    def offsets(lst):
        a = malloc(OFS, len(lst), flavor="raw")
        for i, x in enumerate(lst):
            a[i] = x
        return a

    table[0].ofstoptrs = offsets([])
    table[0].varofstoptrs = offsets([])
    for i, T in enumerate(types):
        T = _resolve(T)
        info = table[i + 1]
        info.ofstoptrs = offsets(gc_pointer_offsets_OF(T, 0))
        if T._is_varsize():
            A = T if isinstance(T, Array) else T._flds[T._arrayfld]
            info.infobits = T_IS_VARSIZE
            info.fixedsize = itemoffsetof(T)
            info.varitemsize = sizeof(A.OF)
            length = arraylengthoffset(T)
            info.ofstolength = -1 if length is None else length
            info.varofstoptrs = offsets(gc_pointer_offsets_OF(A.OF, 0))
        else:
            info.fixedsize = sizeof(T)
            info.varofstoptrs = offsets([])
    return table
