"""Addresses and raw memory, emulated: what the GCs are written against
(section 3.3 of the paper: "our GC code ... manipulates objects that are
still at a lower level: pointer and address objects").

An address is a plain integer into an emulated flat memory: the GC code does
ordinary integer arithmetic on it, and every offset is the integer the C
compiler uses (the layout rules of include/futamura/rtyper/lltype.h, x86-64
LP64). PyPy's emulation (rpython/rtyper/lltypesystem/llmemory.py and
llarena.py: addresses into lltype containers, symbolic offsets) is replaced
by this simpler model, which checks what C would not:

- `raw_malloc(size, zero=False)` gives a fresh block, 16-aligned, with a
  red zone after it; blocks are never reused, so a freed block stays
  detectable. Reading a byte never written (of a block not zeroed) raises
  UninitializedMemoryAccess; an access outside a live block, across its
  end, misaligned, or into a freed block raises BadAddress, naming the
  address.
- `a + n`, `a - n`, `a - b` (an int), comparisons and `bool(a)` (not NULL).
- Typed access: `a.signed[i]`, `a.unsigned[i]`, `a.char[i]`, `a.unichar[i]`,
  `a.float[i]`, `a.bool[i]`, `a.address[i]` read and write item i of that
  type at `a + i * sizeof(type)`.
- `raw_free(a)`, `raw_memclear(a, n)`, `raw_memcopy(src, dst, n)`.
- Layout: `sizeof(T)`, `sizeof(T, n)` for var-sized types, `offsetof(T, f)`,
  `itemoffsetof(T, n=0)`, `arraylengthoffset(T)`: ints.
- `cast_adr_to_int(a)`, `cast_int_to_adr(i)`.
- `memory_stats()`: (live blocks, live bytes), for tests of GCs.

`Address` is a primitive low-level type (C: char*); its zero is NULL.
"""

# (no standard-library imports at module level: the translator imports this
# module for every program, whose folder comes first on sys.path)
from futamura.rlib.rarithmetic import r_uint
from futamura.rtyper import lltype
from futamura.rtyper.lltype import (Array, Bool, Char, FixedSizeArray, Float, Ptr, Signed,
                                    SignedLongLong, Struct, UniChar, Unsigned,
                                    UnsignedLongLong, Void, UninitializedMemoryAccess)

__all__ = [
    "Address", "NULL", "fakeaddress", "BadAddress",
    "raw_malloc", "raw_free", "raw_memclear", "raw_memcopy", "memory_stats",
    "sizeof", "offsetof", "itemoffsetof", "arraylengthoffset",
    "cast_adr_to_int", "cast_int_to_adr",
]


class BadAddress(RuntimeError):
    """An access C would make to memory it does not own."""


class fakeaddress(object):
    """An address: an integer into the emulated memory (0 is NULL)."""

    __slots__ = ("intaddress",)

    def __init__(self, intaddress):
        if type(intaddress) is not int or intaddress < 0:
            raise TypeError("an address is an int >= 0, not %r" % (intaddress,))
        self.intaddress = intaddress

    def __add__(self, n):
        if type(n) is not int:
            return NotImplemented
        return fakeaddress(self.intaddress + n)

    def __sub__(self, other):
        if isinstance(other, fakeaddress):
            return self.intaddress - other.intaddress
        if type(other) is not int:
            return NotImplemented
        return fakeaddress(self.intaddress - other)

    def __bool__(self):
        return self.intaddress != 0

    def __eq__(self, other):
        return isinstance(other, fakeaddress) and self.intaddress == other.intaddress

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self.intaddress < _adr(other).intaddress

    def __le__(self, other):
        return self.intaddress <= _adr(other).intaddress

    def __gt__(self, other):
        return self.intaddress > _adr(other).intaddress

    def __ge__(self, other):
        return self.intaddress >= _adr(other).intaddress

    def __hash__(self):
        return hash(self.intaddress)

    def __repr__(self):
        return "<address 0x%x>" % self.intaddress if self.intaddress else "<NULL>"

    # typed access
    @property
    def signed(self):
        return _Accessor(self, Signed)

    @property
    def unsigned(self):
        return _Accessor(self, Unsigned)

    @property
    def char(self):
        return _Accessor(self, Char)

    @property
    def unichar(self):
        return _Accessor(self, UniChar)

    @property
    def float(self):
        return _Accessor(self, Float)

    @property
    def bool(self):
        return _Accessor(self, Bool)

    @property
    def address(self):
        return _Accessor(self, Address)


def _adr(x):
    if not isinstance(x, fakeaddress):
        raise TypeError("not an address: %r" % (x,))
    return x


NULL = fakeaddress(0)
Address = lltype.Primitive("Address", NULL, lambda v: v if isinstance(v, fakeaddress) else lltype._REJECT)


# --- the memory ---------------------------------------------------------------------------

class _Block(object):
    __slots__ = ("start", "size", "data", "written", "freed")

    def __init__(self, start, size, zero):
        self.start = start
        self.size = size
        self.data = bytearray(size)
        self.written = bytearray(b"\x01" * size if zero else size)
        self.freed = False


class _Memory(object):
    """The emulated address space: blocks by start address."""

    FIRST = 0x10000
    RED_ZONE = 16

    def __init__(self):
        self.starts = []
        self.blocks = {}
        self.next = self.FIRST
        self.live_blocks = 0
        self.live_bytes = 0

    def allocate(self, size, zero):
        start = self.next
        block = _Block(start, size, zero)
        self.starts.append(start)
        self.blocks[start] = block
        self.next = (start + max(size, 1) + self.RED_ZONE + 15) & ~15
        self.live_blocks += 1
        self.live_bytes += size
        return block

    def find(self, adr, n, what):
        """The block holding [adr, adr + n), checked."""
        a = adr.intaddress
        if a == 0:
            raise BadAddress("%s through NULL" % what)
        lo, hi = 0, len(self.starts)  # the last start <= a
        while lo < hi:
            mid = (lo + hi) // 2
            if self.starts[mid] <= a:
                lo = mid + 1
            else:
                hi = mid
        i = lo - 1
        block = self.blocks[self.starts[i]] if i >= 0 else None
        if block is None or not (block.start <= a and a + n <= block.start + block.size):
            raise BadAddress("%s of %d bytes at 0x%x: outside any block" % (what, n, a))
        if block.freed:
            raise BadAddress("%s of %d bytes at 0x%x: the block at 0x%x was freed"
                             % (what, n, a, block.start))
        return block


_memory = _Memory()

_SIZES = {Signed: 8, Unsigned: 8, SignedLongLong: 8, UnsignedLongLong: 8, Float: 8, Char: 1,
          UniChar: 4, Bool: 1}


def _size_of_primitive(T):
    if T is Address:
        return 8
    if T is Void:
        return 0
    return _SIZES[T]


def _load(adr, T):
    n = _size_of_primitive(T)
    if adr.intaddress % n:
        raise BadAddress("a read of %s at 0x%x: misaligned" % (T._name, adr.intaddress))
    block = _memory.find(adr, n, "a read of " + T._name)
    ofs = adr.intaddress - block.start
    if 0 in block.written[ofs:ofs + n]:
        raise UninitializedMemoryAccess("a read of %s at 0x%x: never written" % (T._name, adr.intaddress))
    raw = bytes(block.data[ofs:ofs + n])
    if T is Float:
        import struct
        return struct.unpack("<d", raw)[0]
    v = int.from_bytes(raw, "little", signed=T is Signed or T is SignedLongLong)
    if T is Address:
        return fakeaddress(v)
    if T is Unsigned or T is UnsignedLongLong:
        return r_uint(v)
    if T is Char or T is UniChar:
        return chr(v)
    if T is Bool:
        return bool(v)
    return v


def _store(adr, T, value):
    n = _size_of_primitive(T)
    if adr.intaddress % n:
        raise BadAddress("a write of %s at 0x%x: misaligned" % (T._name, adr.intaddress))
    block = _memory.find(adr, n, "a write of " + T._name)
    if T is Float:
        import struct
        raw = struct.pack("<d", float(value))
    else:
        if T is Address:
            v = _adr(value).intaddress
        elif T is Char or T is UniChar:
            v = ord(value)
        elif T is Bool:
            v = 1 if value else 0
        else:
            v = int(value)
        raw = (v & ((1 << (8 * n)) - 1)).to_bytes(n, "little")
    ofs = adr.intaddress - block.start
    block.data[ofs:ofs + n] = raw
    block.written[ofs:ofs + n] = b"\x01" * n


class _Accessor(object):
    """adr.signed and friends: items of one primitive type from adr on."""

    __slots__ = ("adr", "T")

    def __init__(self, adr, T):
        self.adr = adr
        self.T = T

    def __getitem__(self, i):
        return _load(self.adr + i * _size_of_primitive(self.T), self.T)

    def __setitem__(self, i, value):
        _store(self.adr + i * _size_of_primitive(self.T), self.T, value)


def raw_malloc(size, zero=False):
    """A new block of `size` bytes (zeroed if `zero`, else uninitialized)."""
    if type(size) is not int or size < 0:
        raise TypeError("raw_malloc: the size is an int >= 0, not %r" % (size,))
    return fakeaddress(_memory.allocate(size, zero).start)


def raw_free(adr):
    """Gives the block starting at `adr` back."""
    block = _memory.blocks.get(_adr(adr).intaddress)
    if block is None:
        raise BadAddress("raw_free(0x%x): not the start of a block" % adr.intaddress)
    if block.freed:
        raise BadAddress("raw_free(0x%x): freed twice" % adr.intaddress)
    block.freed = True
    _memory.live_blocks -= 1
    _memory.live_bytes -= block.size


def raw_memclear(adr, n):
    """Zeroes n bytes from adr."""
    if n == 0:
        return
    block = _memory.find(_adr(adr), n, "raw_memclear")
    ofs = adr.intaddress - block.start
    block.data[ofs:ofs + n] = bytes(n)
    block.written[ofs:ofs + n] = b"\x01" * n


def raw_memcopy(src, dst, n):
    """Copies n bytes from src to dst (the ranges must not overlap)."""
    if n == 0:
        return
    s = _memory.find(_adr(src), n, "raw_memcopy from")
    d = _memory.find(_adr(dst), n, "raw_memcopy to")
    so = src.intaddress - s.start
    do = dst.intaddress - d.start
    if s is d and so < do + n and do < so + n:
        raise BadAddress("raw_memcopy: overlapping ranges")
    d.data[do:do + n] = s.data[so:so + n]
    d.written[do:do + n] = s.written[so:so + n]


def memory_stats():
    """(live blocks, live bytes) of the emulated memory."""
    return _memory.live_blocks, _memory.live_bytes


def cast_adr_to_int(adr):
    return _adr(adr).intaddress


def cast_int_to_adr(i):
    return fakeaddress(i)


# --- layout (the rules of src/rtyper/lltype.cpp) -------------------------------------------

def _resolve(T):
    return lltype._resolve(T)


def _align(T):
    T = _resolve(T)
    if isinstance(T, lltype.Primitive):
        return max(1, _size_of_primitive(T)) if T is not Void else 1
    if isinstance(T, Ptr):
        return 8
    if isinstance(T, Struct):
        return _layout(T)[2]
    if isinstance(T, Array):
        return max(8 if T._has_length() else 1, _align(T.OF))
    if isinstance(T, FixedSizeArray):
        return _align(T.OF)
    raise TypeError("%s has no layout" % (T,))


def _round(n, a):
    return (n + a - 1) // a * a


def _layout(S):
    """(offsets by field name, end, alignment) of a struct."""
    offsets = {}
    end = 0
    align = 1
    empty = True
    for name in S._names:
        F = _resolve(S._flds[name])
        if F is Void:
            offsets[name] = end
            continue
        a = _align(F)
        ofs = _round(end, a)
        offsets[name] = ofs
        end = ofs + (0 if F._is_varsize() else sizeof(F))
        align = max(align, a)
        empty = False
    if empty:
        end = 1
    return offsets, end, align


def sizeof(T, n=None):
    """The size in bytes of T, or of the var-sized T with n items."""
    T = _resolve(T)
    if T._is_varsize():
        if n is None:
            raise TypeError("sizeof(%s): variable-sized, give the number of items" % (T,))
        return itemoffsetof(T, n)
    if n is not None:
        raise TypeError("sizeof(%s, n): not variable-sized" % (T,))
    if isinstance(T, lltype.Primitive):
        return _size_of_primitive(T)
    if isinstance(T, Ptr):
        return 8
    if isinstance(T, Struct):
        _, end, align = _layout(T)
        return _round(end, align)
    if isinstance(T, FixedSizeArray):
        return sizeof(T.OF) * T.length
    raise TypeError("%s has no layout" % (T,))


def offsetof(S, name):
    """The offset of field `name` in struct S."""
    S = _resolve(S)
    if not isinstance(S, Struct) or name not in S._flds:
        raise TypeError("offsetof: %s has no field %r" % (S, name))
    return _layout(S)[0][name]


def _varsize(T):
    """(items offset, item size, length offset or None) of a var-sized type."""
    T = _resolve(T)
    if isinstance(T, Array):
        item = sizeof(T.OF)
        if not T._has_length():
            return 0, item, None
        return _round(8, _align(T.OF)), item, 0
    if isinstance(T, Struct) and T._arrayfld is not None:
        base = _layout(T)[0][T._arrayfld]
        items, item, length = _varsize(T._flds[T._arrayfld])
        return items + base, item, None if length is None else length + base
    raise TypeError("%s is not variable-sized" % (T,))


def itemoffsetof(T, n=0):
    """The offset of item n of the var-sized T (its array part)."""
    items, item, _ = _varsize(T)
    return items + item * n


def arraylengthoffset(T):
    """The offset of the length of the var-sized T (None for `nolength` arrays)."""
    return _varsize(T)[2]
