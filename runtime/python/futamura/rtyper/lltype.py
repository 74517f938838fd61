"""The C-level type system, emulated in Python (sections 3.3-3.4 of the paper).

System code -- the helpers that transformations insert into the forest of
graphs, such as `ll_append` (figure 3), the dict implementation or the GCs --
is written in Python against C-like structs, arrays and pointers. The
translator reads it with the C-level types, as it reads any other function;
but the same code also runs on plain CPython, where the objects of this module
stand in for the C data. They behave like their C counterparts and check what
C would not: types on every store, array bounds, null pointers, downcasts,
reads of uninitialized raw memory. Testing and debugging system code is then
just running it (paper, section 3.4).

The types are those of include/futamura/rtyper/lltype.h, with the same names,
construction rules and printing:

  Signed, Unsigned, SignedLongLong, UnsignedLongLong, Float, Char, UniChar,
  Bool, Void                      primitives
  Struct(name, (fname, T), ..., hints=None), GcStruct(...)
  Array(T, hints=None), GcArray(T), FixedSizeArray(T, n)
  Ptr(TO), FuncType([ARGS], RESULT), OpaqueType(tag), GcOpaqueType(tag)
  ForwardReference(), GcForwardReference()   recursive types, with .become(T)

A struct whose first field is a struct of the same GC-ness inherits from it
(the field is conventionally called `super`). Types are compared structurally:
a type built twice is equal to itself, with a consistent hash, recursive types
included (comparison assumes equality of a pair it is already comparing).

Values of the primitive types are Python objects:

  Signed            int (stored truncated to 64 bits with intmask)
  Unsigned          r_uint
  SignedLongLong    r_longlong
  UnsignedLongLong  r_uint (Python has no separate class for it)
  Float             float
  Char / UniChar    a 1-character str (Char: code below 256)
  Bool              bool
  Void              None

Everything else is reached through a pointer, a `_ptr`: `p.field`,
`p.field = v`, `p[i]`, `p[i] = v`, `len(p)`, `bool(p)` (not null), `p == q`
(same object), `p(args)` for function pointers. Notes on the semantics, which
follow PyPy's rpython/rtyper/lltypesystem/lltype.py:

- `malloc(T)` of a GC type gives a fully zeroed object (fields 0, 0.0, '\\0',
  False, null). A raw malloc (`flavor='raw'`) leaves primitive and pointer
  fields uninitialized unless `zero=True`: reading one raises
  UninitializedMemoryAccess. Raw memory is released with `free(p, 'raw')`.
- A field is only reachable through a pointer to the struct that declares it:
  an inherited field is read as `p.super.x` or through
  `cast_pointer(Ptr(BASE), p).x` (the C-level types, here and in C++, have no
  implicit lookup in parents).
- An inlined non-GC struct or array inside a GC object is reached through an
  *interior pointer*: it reads and writes the inlined part, but it is not a
  value of a Ptr type (a GC may move the object), so it cannot be stored or
  passed; typeOf() refuses it.
- `cast_pointer` converts between pointers to a struct and to its parents:
  upcasts always succeed, downcasts are checked at run time (InvalidCast).
- A ForwardReference stays a placeholder object after `become(T)`; every
  operation sees through it (`Ptr(ref).TO` is T, `malloc(ref)` mallocs T).
"""

import itertools
import threading

from futamura.rlib.rarithmetic import intmask, r_longlong, r_uint

__all__ = [
    "LowLevelType", "ContainerType", "Primitive",
    "Signed", "Unsigned", "SignedLongLong", "UnsignedLongLong", "Float",
    "Char", "UniChar", "Bool", "Void",
    "Struct", "GcStruct", "Array", "GcArray", "FixedSizeArray", "Ptr",
    "FuncType", "OpaqueType", "GcOpaqueType",
    "ForwardReference", "GcForwardReference",
    "typeOf", "malloc", "free", "nullptr", "functionptr", "cast_pointer",
    "cast_primitive", "identityhash",
    "castable", "InvalidCast", "UninitializedMemoryAccess",
]


class UninitializedMemoryAccess(RuntimeError):
    """Reading raw memory that was never written."""


class InvalidCast(TypeError):
    """cast_pointer() between unrelated types, or a failed downcast."""


# --- Types -------------------------------------------------------------------

_tls = threading.local()


def _comparing():
    """The pairs of types being compared in this thread (recursion guard)."""
    try:
        return _tls.comparing
    except AttributeError:
        _tls.comparing = set()
        return _tls.comparing


def _resolve(T):
    """T, or the real type behind a resolved forward reference."""
    if isinstance(T, ForwardReference):
        target = T.__dict__.get("_target")
        if target is not None:
            return target
    return T


_HASH_DEPTH = 4


def _type_hash(T, depth):
    """A structural hash looking `depth` levels deep: equal types hash equal."""
    T = _resolve(T)
    if isinstance(T, ForwardReference):
        raise TypeError("cannot hash %s: it has not become a real type yet" % T)
    if depth == 0:
        return hash(type(T).__name__)
    return hash((type(T).__name__,) + T._hash_parts(depth - 1))


def _print_type(T, out, brief, open_):
    """Appends T to `out`; a container met again inside itself is cut short."""
    T = _resolve(T)
    recursive = any(t is T for t in open_)
    open_.append(T)
    try:
        T._print(out, brief, recursive, open_)
    finally:
        open_.pop()


def _format_hints(hints):
    if not hints:
        return ""
    parts = []
    for key in sorted(hints):
        value = hints[key]
        parts.append(key if value in (True, "", None) else "%s=%s" % (key, value))
    return " [%s]" % ", ".join(parts)


def _make_hints(hints, where):
    hints = dict(hints or {})
    for key in hints:
        if not isinstance(key, str):
            raise TypeError("%s: hint names are strings, not %r" % (where, key))
    key = tuple(sorted(hints.items()))
    try:
        hash(key)
    except TypeError:
        raise TypeError("%s: hint values must be hashable: %r" % (where, hints)) from None
    return hints, key


class LowLevelType:
    """Base of all low-level types: structural equality, hashing, printing."""

    _gckind = "raw"

    def __eq__(self, other):
        if not isinstance(other, LowLevelType):
            return NotImplemented
        a, b = _resolve(self), _resolve(other)
        if a is b:
            return True
        if type(a) is not type(b) or isinstance(a, ForwardReference):
            return False
        seeing = _comparing()
        pair = (id(a), id(b))
        if pair in seeing:  # already being compared further up: assume equal
            return True
        seeing.add(pair)
        try:
            return a._key() == b._key()
        finally:
            seeing.discard(pair)

    def __hash__(self):
        return _type_hash(self, _HASH_DEPTH)

    def __str__(self):
        out = []
        _print_type(self, out, False, [])
        return "".join(out)

    __repr__ = __str__

    def _short_name(self):
        """Structs by name only: `Ptr(GcStruct node)`."""
        out = []
        _print_type(self, out, True, [])
        return "".join(out)

    def _is_varsize(self):
        return False


class Primitive(LowLevelType):
    """A primitive type; the instances are the module-level singletons."""

    def __init__(self, name, default, convert):
        self._name = name
        self._default = default
        self._convert = convert  # value -> stored value, or _REJECT

    def _key(self):
        return (self._name,)

    def _hash_parts(self, depth):
        return (self._name,)

    def _print(self, out, brief, recursive, open_):
        out.append(self._name)

    def _defl(self):
        """The zero value."""
        return self._default


_REJECT = object()


def _exact(*types):
    return lambda v: v if type(v) in types else _REJECT


def _of_class(cls):
    return lambda v: v if isinstance(v, cls) else _REJECT


def _char(limit):
    return lambda v: v if type(v) is str and len(v) == 1 and ord(v) < limit else _REJECT


Signed = Primitive("Signed", 0, lambda v: intmask(v) if type(v) is int else _REJECT)
Unsigned = Primitive("Unsigned", r_uint(0), _of_class(r_uint))
SignedLongLong = Primitive("SignedLongLong", r_longlong(0), _of_class(r_longlong))
UnsignedLongLong = Primitive("UnsignedLongLong", r_uint(0), _of_class(r_uint))
Float = Primitive("Float", 0.0, _exact(float))
Char = Primitive("Char", "\x00", _char(256))
UniChar = Primitive("UniChar", "\x00", _char(0x110000))
Bool = Primitive("Bool", False, _exact(bool))
Void = Primitive("Void", None, lambda v: v if v is None else _REJECT)


class ContainerType(LowLevelType):
    """What a Ptr may point to."""


def _check_inline(child, where, parent_gc_struct, first, last):
    """Refuses to store `child` inline where C (or the GC) could not."""
    what = child._short_name()
    if isinstance(child, (Primitive, Ptr, FixedSizeArray)):
        return
    if isinstance(child, Struct):
        if child._is_varsize():
            raise TypeError("%s: cannot inline the var-sized %s (only an array may be "
                            "var-sized, as the last field)" % (where, what))
        if child._gckind == "gc" and not (first and parent_gc_struct):
            raise TypeError("%s: cannot inline %s: a GcStruct can only be inlined as the "
                            "first field of another GcStruct" % (where, what))
    elif isinstance(child, Array):
        if child._gckind == "gc":
            raise TypeError("%s: cannot inline %s: a GcArray is only reached by a Ptr"
                            % (where, what))
        if not last:
            raise TypeError("%s: cannot inline %s: an array can only be inlined as the "
                            "last field of a struct" % (where, what))
        if parent_gc_struct and not child._has_length():
            raise TypeError("%s: cannot inline the no-length %s in a GcStruct" % (where, what))
    elif isinstance(child, OpaqueType):
        if child._gckind == "gc":
            raise TypeError("%s: cannot inline %s: it is only reached by a Ptr" % (where, what))
    elif isinstance(child, FuncType):
        raise TypeError("%s: cannot inline %s: use a Ptr to the function" % (where, what))
    elif isinstance(child, ForwardReference):
        raise TypeError("%s: cannot inline the unresolved %s: use a Ptr to it" % (where, what))


def _check_type(T, where):
    if not isinstance(T, LowLevelType):
        raise TypeError("%s: %r is not a low-level type" % (where, T))
    return _resolve(T)


class Struct(ContainerType):
    """A C struct: named, ordered fields. `STRUCT.fname` is the field's type."""

    _kindname = "Struct"

    def __init__(self, name, *fields, hints=None):
        if not isinstance(name, str):
            raise TypeError("%s: the name must be a str, not %r" % (self._kindname, name))
        where = "%s %s" % (self._kindname, name)
        flds = {}
        for i, field in enumerate(fields):
            if not (isinstance(field, tuple) and len(field) == 2):
                raise TypeError("%s: fields are (name, TYPE) pairs, not %r" % (where, field))
            fname, T = field
            if not isinstance(fname, str) or not fname or fname.startswith("_"):
                raise TypeError("%s: field name %r must be non-empty and not start "
                                "with '_'" % (where, fname))
            if fname in flds:
                raise TypeError("%s: repeated field name '%s'" % (where, fname))
            T = _check_type(T, "%s, field '%s'" % (where, fname))
            _check_inline(T, "%s, field '%s'" % (where, fname), self._gckind == "gc",
                          i == 0, i == len(fields) - 1)
            flds[fname] = T
        self._name = name
        self._flds = flds
        self._names = tuple(flds)
        self._hints, self._hints_key = _make_hints(hints, where)
        last = self._names[-1] if self._names else None
        self._arrayfld = last if last and isinstance(flds[last], Array) else None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        flds = self.__dict__.get("_flds", {})
        if name in flds:
            return flds[name]
        raise AttributeError("%s has no field %r" % (self._short_name(), name))

    def _first_struct(self):
        """(name, TYPE) of the parent struct in the first field, or (None, None)."""
        if self._names:
            T = self._flds[self._names[0]]
            if isinstance(T, Struct) and T._gckind == self._gckind:
                return self._names[0], T
        return None, None

    def _is_varsize(self):
        return self._arrayfld is not None

    def _key(self):
        return (self._name, self._names, tuple(self._flds.values()), self._hints_key)

    def _hash_parts(self, depth):
        return (self._name, self._names,
                tuple(_type_hash(T, depth) for T in self._flds.values()), self._hints_key)

    def _print(self, out, brief, recursive, open_):
        out.append("%s %s" % (self._kindname, self._name))
        if brief or recursive:
            return
        out.append(" {")
        for i, name in enumerate(self._names):
            out.append(", " if i else " ")
            out.append(name + ": ")
            _print_type(self._flds[name], out, brief, open_)
        out.append(" }" if self._names else "}")
        out.append(_format_hints(self._hints))


class GcStruct(Struct):
    """A GC-managed struct, only reached through pointers (or inlined as the
    first field of another GcStruct: inheritance)."""

    _kindname = "GcStruct"
    _gckind = "gc"


class Array(ContainerType):
    """An array of `length` items; its length is stored unless the `nolength`
    hint is given."""

    _kindname = "Array"

    def __init__(self, OF, hints=None):
        OF = _check_type(OF, self._kindname)
        _check_inline(OF, self._kindname, False, False, False)
        self.OF = OF
        self._hints, self._hints_key = _make_hints(hints, self._kindname)

    def _has_length(self):
        return "nolength" not in self._hints

    def _is_varsize(self):
        return True

    def _key(self):
        return (self.OF, self._hints_key)

    def _hash_parts(self, depth):
        return (_type_hash(self.OF, depth), self._hints_key)

    def _print(self, out, brief, recursive, open_):
        out.append(self._kindname + "(")
        if recursive:
            out.append("...")
        else:
            _print_type(self.OF, out, brief, open_)
        out.append(")" + _format_hints(self._hints))


class GcArray(Array):
    """A GC-managed array, only reached through pointers."""

    _kindname = "GcArray"
    _gckind = "gc"


class FixedSizeArray(ContainerType):
    """`length` items, inlined like a struct."""

    def __init__(self, OF, length):
        OF = _check_type(OF, "FixedSizeArray")
        _check_inline(OF, "FixedSizeArray", False, False, False)
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise TypeError("FixedSizeArray: the length must be an int >= 0, not %r" % (length,))
        self.OF = OF
        self.length = int(length)

    def _key(self):
        return (self.OF, self.length)

    def _hash_parts(self, depth):
        return (_type_hash(self.OF, depth), self.length)

    def _print(self, out, brief, recursive, open_):
        out.append("FixedSizeArray(")
        if recursive:
            out.append("...")
        else:
            _print_type(self.OF, out, brief, open_)
        out.append(", %d)" % self.length)


class Ptr(LowLevelType):
    """A pointer to a container; a GC pointer when the container is GC-managed."""

    def __init__(self, TO):
        if not isinstance(TO, ContainerType):
            what = TO._short_name() if isinstance(TO, LowLevelType) else repr(TO)
            raise TypeError("Ptr: can only point to a container type (Struct, Array, "
                            "FixedSizeArray, Func, Opaque), not to %s" % what)
        self._TO = TO

    @property
    def TO(self):
        """The container type, seen through a resolved forward reference."""
        return _resolve(self._TO)

    def _key(self):
        return (self.TO,)

    def _hash_parts(self, depth):
        return (_type_hash(self.TO, depth),)

    def _print(self, out, brief, recursive, open_):
        out.append("Ptr(")
        _print_type(self.TO, out, brief, open_)
        out.append(")")

    def _defl(self):
        """The null pointer."""
        return _ptr(self, None)


class FuncType(ContainerType):
    """A function type: `ARGS` (a tuple) and `RESULT`."""

    def __init__(self, args, result):
        self.ARGS = tuple(_check_type(a, "Func: argument") for a in args)
        result = _check_type(result, "Func: result")
        if isinstance(result, ContainerType):
            raise TypeError("Func: the result must be a primitive or a pointer, not %s"
                            % result._short_name())
        self.RESULT = result

    def _key(self):
        return (self.ARGS, self.RESULT)

    def _hash_parts(self, depth):
        return (tuple(_type_hash(a, depth) for a in self.ARGS), _type_hash(self.RESULT, depth))

    def _print(self, out, brief, recursive, open_):
        if recursive:
            out.append("Func(...)")
            return
        out.append("Func(")
        for i, arg in enumerate(self.ARGS):
            if i:
                out.append(", ")
            _print_type(arg, out, brief, open_)
        out.append(") -> ")
        _print_type(self.RESULT, out, brief, open_)


class OpaqueType(ContainerType):
    """A named type whose contents only the backend knows."""

    _kindname = "Opaque"

    def __init__(self, tag):
        if not isinstance(tag, str):
            raise TypeError("%s: the name must be a str, not %r" % (self._kindname, tag))
        self.tag = tag

    def _key(self):
        return (self.tag,)

    def _hash_parts(self, depth):
        return (self.tag,)

    def _print(self, out, brief, recursive, open_):
        out.append("%s %s" % (self._kindname, self.tag))


class GcOpaqueType(OpaqueType):
    """A GC-managed opaque type."""

    _kindname = "GcOpaque"
    _gckind = "gc"


class ForwardReference(ContainerType):
    """A container to be defined later, for recursive types: build the type
    with Ptr(ref) where it refers to itself, then call ref.become(type)."""

    _kindname = "ForwardReference"
    _numbers = itertools.count(1)

    def __init__(self):
        self._target = None
        self._number = next(ForwardReference._numbers)

    def become(self, real):
        """From now on this reference stands for `real` (a container type)."""
        me = self._short_name()
        if self._target is not None:
            raise TypeError("%s: already became %s" % (me, self._target._short_name()))
        real = _check_type(real, me + ".become()")
        if real is self or isinstance(real, ForwardReference):
            raise TypeError("%s: cannot become another unresolved forward reference" % me)
        if not isinstance(real, ContainerType):
            raise TypeError("%s: can only become a container type, not %s"
                            % (me, real._short_name()))
        if real._gckind != self._gckind:
            raise TypeError("%s: cannot become %s (use a %sForwardReference for it)"
                            % (me, real._short_name(), "Gc" if real._gckind == "gc" else ""))
        self._target = real

    def __getattr__(self, name):
        target = self.__dict__.get("_target")
        if target is None:
            raise AttributeError("%r: %s has not become a real type yet"
                                 % (name, self._short_name()))
        return getattr(target, name)

    def _print(self, out, brief, recursive, open_):
        out.append("%s #%d" % (self._kindname, self._number))


class GcForwardReference(ForwardReference):
    """A forward reference to a GC-managed container."""

    _kindname = "GcForwardReference"
    _gckind = "gc"


# --- typeOf and value checks -------------------------------------------------


def typeOf(value):
    """The low-level type of a value (see the table in the module docstring)."""
    if isinstance(value, _ptr):
        if value._interior:
            raise TypeError("typeOf(): %r is an interior pointer into a GC object, which "
                            "is not a value of any Ptr type" % (value,))
        return value._TYPE
    if isinstance(value, _container):
        return value._TYPE
    tp = type(value)
    if tp is bool:
        return Bool
    if tp is int:
        return Signed
    if isinstance(value, r_uint):
        return Unsigned
    if isinstance(value, r_longlong):
        return SignedLongLong
    if tp is float:
        return Float
    if tp is str and len(value) == 1:
        return Char if ord(value) < 256 else UniChar
    if value is None:
        return Void
    raise TypeError("typeOf(): a %s object (%r) is not a low-level value"
                    % (tp.__name__, value))


def _names_of(A, B):
    """Short names of two types, or full ones when the short names coincide."""
    a, b = A._short_name(), B._short_name()
    return (str(A), str(B)) if a == b else (a, b)


def _mismatch(T, value, where):
    """The TypeError for storing `value` in a slot of type T."""
    if isinstance(value, _ptr) and value._interior:
        got = "an interior pointer to %s (it cannot be stored or passed)" % (
            value._T._short_name())
        expected = T._short_name()
    else:
        try:
            VT = typeOf(value)
        except TypeError:
            expected = T._short_name()
            got = "a Python %s (%r)" % (type(value).__name__, value)
        else:
            expected, got = _names_of(T, VT)
            if not isinstance(VT, Ptr):
                got = "%s (%r)" % (got, value)
    return TypeError("%s expects %s, got %s" % (where, expected, got))


def _enforce(T, value, where):
    """`value` as stored in a slot of type T, or TypeError naming `where`."""
    if isinstance(T, Primitive):
        result = T._convert(value)
        if result is not _REJECT:
            return result
    elif isinstance(T, Ptr):
        if isinstance(value, _ptr) and not value._interior and value._TYPE == T:
            return value
    else:
        raise TypeError("%s: cannot assign a whole %s" % (where, T._short_name()))
    raise _mismatch(T, value, where)


# --- Containers: the emulated memory ------------------------------------------


class _uninitialized:
    """The contents of raw memory that was never written."""

    __slots__ = ("TYPE",)

    def __init__(self, TYPE):
        self.TYPE = TYPE

    def __repr__(self):
        return "<uninitialized %s>" % self.TYPE._short_name()


def _allocate(T, init, parent, index, n=None):
    """A new value of type T: zeroed (`init == 'zero'`) or uninitialized ('raw')."""
    if isinstance(T, Primitive):
        return T._default if init == "zero" or T is Void else _uninitialized(T)
    if isinstance(T, Ptr):
        return _ptr(T, None) if init == "zero" else _uninitialized(T)
    if isinstance(T, Struct):
        return _struct(T, n, init, parent, index)
    if isinstance(T, (Array, FixedSizeArray)):
        return _array(T, n, init, parent, index)
    if isinstance(T, OpaqueType):
        return _opaque(T, parent, index)
    raise TypeError("cannot allocate %s" % T._short_name())


class _container:
    """A piece of emulated memory; inlined parts know their parent."""

    __slots__ = ("_TYPE", "_parent", "_parentindex", "_freed")

    def __init__(self, TYPE, parent=None, parentindex=None):
        self._TYPE = TYPE
        self._parent = parent
        self._parentindex = parentindex
        self._freed = False

    def _check_alive(self):
        c = self
        while c is not None:
            if c._freed:
                raise RuntimeError("accessing freed memory: %s" % self._TYPE._short_name())
            c = c._parent

    def _outermost_struct(self):
        """The struct this one is the (inherited) first part of, or itself."""
        c = self
        while (isinstance(c._parent, _struct)
               and c._parent._TYPE._first_struct()[0] == c._parentindex):
            c = c._parent
        return c


def _check_length(T, n):
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("%s: the length must be an int, not %r" % (T._short_name(), n))
    if n < 0:
        raise ValueError("%s: negative length %d" % (T._short_name(), n))
    return int(n)


class _struct(_container):
    __slots__ = ("_values",)

    def __init__(self, TYPE, n, init, parent=None, parentindex=None):
        _container.__init__(self, TYPE, parent, parentindex)
        if n is not None and TYPE._arrayfld is None:
            raise TypeError("%s is not variable-sized: no length expected"
                            % TYPE._short_name())
        if n is None and TYPE._arrayfld is not None:
            raise TypeError("%s is variable-sized: a length is needed" % TYPE._short_name())
        self._values = {name: _allocate(T, init, self, name,
                                        n if name == TYPE._arrayfld else None)
                        for name, T in TYPE._flds.items()}

    def _getfield(self, name):
        value = self._values[name]
        if isinstance(value, _uninitialized):
            raise UninitializedMemoryAccess("reading the uninitialized field '%s' of %s"
                                            % (name, self._TYPE._short_name()))
        return value

    def __repr__(self):
        parts = []
        for name, value in self._values.items():
            if isinstance(value, (_ptr, _container)):
                value = "..."
            else:
                value = repr(value)
            parts.append("%s=%s" % (name, value))
        return "struct %s { %s }" % (self._TYPE._name, ", ".join(parts))


class _array(_container):
    __slots__ = ("_items",)

    def __init__(self, TYPE, n, init, parent=None, parentindex=None):
        _container.__init__(self, TYPE, parent, parentindex)
        if isinstance(TYPE, FixedSizeArray):
            if n is not None:
                raise TypeError("%s is not variable-sized: no length expected"
                                % TYPE._short_name())
            n = TYPE.length
        elif n is None:
            raise TypeError("%s is variable-sized: a length is needed" % TYPE._short_name())
        n = _check_length(TYPE, n)
        OF = TYPE.OF
        if isinstance(OF, Primitive) and (init == "zero" or OF is Void):
            self._items = [OF._default] * n
        else:
            self._items = [_allocate(OF, init, self, i) for i in range(n)]

    def _getitem(self, i):
        value = self._items[i]
        if isinstance(value, _uninitialized):
            raise UninitializedMemoryAccess("reading the uninitialized item %d of %s"
                                            % (i, self._TYPE._short_name()))
        return value

    def __repr__(self):
        items = ["..." if isinstance(v, (_ptr, _container)) else repr(v)
                 for v in self._items[:10]]
        if len(self._items) > 10:
            items.append("... (%d items)" % len(self._items))
        return "array [%s]" % ", ".join(items)


class _opaque(_container):
    __slots__ = ()

    def __repr__(self):
        return "opaque %s" % self._TYPE.tag


class _func(_container):
    """A function: its name, `_callable` (the Python function run when the
    pointer is called) and any other attributes given to functionptr()."""

    def __init__(self, TYPE, name, attrs):
        _container.__init__(self, TYPE)
        self._name = name
        self._callable = None
        for key, value in attrs.items():
            setattr(self, key, value)

    def __repr__(self):
        return "func %s" % self._name


# --- Pointers ----------------------------------------------------------------


class _ptr:
    """A pointer to emulated memory; None as the object is the null pointer."""

    __slots__ = ("_TYPE", "_obj0")
    _interior = False

    def __init__(self, TYPE, obj):
        object.__setattr__(self, "_TYPE", TYPE)
        object.__setattr__(self, "_obj0", obj)

    @property
    def _T(self):
        """The container type pointed to."""
        return self._TYPE.TO

    def _deref(self, what):
        obj = self._obj0
        if obj is None:
            raise RuntimeError("null pointer dereference: %s through a null %s"
                               % (what, self._TYPE._short_name()))
        obj._check_alive()
        return obj

    @property
    def _obj(self):
        """The container pointed to (raises for a null pointer)."""
        return self._deref("access")

    def _expose(self, value):
        """A field or item as seen from this pointer: inlined containers
        become pointers (interior ones inside GC objects)."""
        if isinstance(value, _container):
            T = value._TYPE
            if (T._gckind == "raw" and not isinstance(T, OpaqueType)
                    and (self._interior or self._T._gckind == "gc")):
                return _interior_ptr(Ptr(T), value)
            return _ptr(Ptr(T), value)
        return value

    # -- structs

    def _nofield(self, name):
        T = self._T
        if not isinstance(T, Struct):
            return "%s has no fields: cannot access '%s' through a %s" % (
                T._short_name(), name, self._TYPE._short_name())
        message = "%s has no field '%s'" % (T._short_name(), name)
        path, P = [], T
        while True:
            first, P = P._first_struct()
            if first is None:
                return message
            path.append(first)
            if name in P._flds:
                return "%s (it is a field of the parent %s: use .%s.%s or cast_pointer())" % (
                    message, P._short_name(), ".".join(path), name)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        T = self._T
        if isinstance(T, Struct) and name in T._flds:
            obj = self._deref("reading field '%s'" % name)
            return self._expose(obj._getfield(name))
        raise AttributeError(self._nofield(name))

    def __setattr__(self, name, value):
        T = self._T
        if isinstance(T, Struct) and name in T._flds:
            where = "field '%s' of %s" % (name, T._short_name())
            value = _enforce(T._flds[name], value, where)
            self._deref("writing field '%s'" % name)._values[name] = value
            return
        if name.startswith("_"):
            raise AttributeError("cannot set %r on a pointer" % name)
        raise AttributeError(self._nofield(name))

    # -- arrays

    def _array_type(self, what):
        T = self._T
        if not isinstance(T, (Array, FixedSizeArray)):
            raise TypeError("%s is not an array: cannot %s" % (T._short_name(), what))
        return T

    def _index(self, obj, i):
        if not isinstance(i, int) or isinstance(i, bool):
            raise TypeError("array index must be an int, not %r" % (i,))
        if not 0 <= i < len(obj._items):
            raise IndexError("index %d out of bounds for %s of length %d"
                             % (i, self._T._short_name(), len(obj._items)))
        return int(i)

    def __getitem__(self, i):
        self._array_type("index it")
        obj = self._deref("reading an item")
        return self._expose(obj._getitem(self._index(obj, i)))

    def __setitem__(self, i, value):
        T = self._array_type("assign to items")
        value = _enforce(T.OF, value, "item %r of %s" % (i, T._short_name()))
        obj = self._deref("writing an item")
        obj._items[self._index(obj, i)] = value

    def __len__(self):
        T = self._array_type("take its length")
        if isinstance(T, Array) and not T._has_length():
            raise TypeError("%s does not store its length" % T._short_name())
        return len(self._deref("taking the length")._items)

    # -- functions

    def __call__(self, *args):
        T = self._T
        if not isinstance(T, FuncType):
            raise TypeError("%s is not a function: cannot call it" % T._short_name())
        fn = self._deref("calling")
        where = "calling '%s' (%s)" % (fn._name, T._short_name())
        if len(args) != len(T.ARGS):
            raise TypeError("%s: expects %d arguments, got %d"
                            % (where, len(T.ARGS), len(args)))
        args = [a if ARG is Void else _enforce(ARG, a, "%s: argument %d" % (where, i + 1))
                for i, (a, ARG) in enumerate(zip(args, T.ARGS))]
        if fn._callable is None:
            raise RuntimeError("%s: the function has no _callable" % where)
        return _enforce(T.RESULT, fn._callable(*args), "%s: the result" % where)

    # -- identity

    def __bool__(self):
        return self._obj0 is not None

    def __eq__(self, other):
        if not isinstance(other, _ptr):
            raise TypeError("comparing a pointer with a %s object" % type(other).__name__)
        if self._TYPE != other._TYPE:
            raise TypeError("comparing pointers of different types: %s and %s"
                            % _names_of(self._TYPE, other._TYPE))
        return self._obj0 is other._obj0

    def __ne__(self, other):
        return not self == other

    __hash__ = None  # as in PyPy: pointers are not dictionary keys

    def __repr__(self):
        if self._obj0 is None:
            return "<null %s>" % self._TYPE._short_name()
        return "<* %r>" % (self._obj0,)


class _interior_ptr(_ptr):
    """A pointer to a non-GC part inlined in a GC object: usable to read and
    write that part, but not a value (typeOf() refuses it)."""

    __slots__ = ()
    _interior = True

    def __bool__(self):
        raise RuntimeError("do not test an interior pointer for nullity")

    def __repr__(self):
        return "<interior * %r>" % (self._obj0,)


# --- Operations --------------------------------------------------------------


def malloc(T, n=None, flavor="gc", zero=False):
    """A pointer to a new container of type T (`n` items for var-sized types).

    flavor='gc' needs a GC type and gives a zeroed object; flavor='raw' needs
    a non-GC type and leaves the memory uninitialized unless zero=True.
    """
    T = _check_type(T, "malloc()")
    if flavor not in ("gc", "raw"):
        raise ValueError("malloc(): flavor must be 'gc' or 'raw', not %r" % (flavor,))
    if not isinstance(T, (Struct, Array, FixedSizeArray, OpaqueType)):
        raise TypeError("malloc(): cannot allocate %s" % T._short_name())
    if flavor == "gc" and T._gckind != "gc":
        raise TypeError("malloc(): %s is not GC-managed: use flavor='raw'" % T._short_name())
    if flavor == "raw" and T._gckind == "gc":
        raise TypeError("malloc(): %s is GC-managed: use flavor='gc'" % T._short_name())
    if isinstance(T, OpaqueType) and n is not None:
        raise TypeError("malloc(): %s has no length" % T._short_name())
    init = "zero" if zero or flavor == "gc" else "raw"
    return _ptr(Ptr(T), _allocate(T, init, None, None, n))


def free(p, flavor):
    """Releases memory from malloc(..., flavor='raw')."""
    if flavor != "raw":
        raise TypeError("free(): only flavor='raw' memory is freed explicitly")
    if not isinstance(p, _ptr) or p._interior or p._T._gckind != "raw":
        raise TypeError("free(): expects a pointer to raw memory, got %r" % (p,))
    obj = p._deref("free()")
    if obj._parent is not None:
        raise TypeError("free(): %r is not the start of a malloc'ed block" % (p,))
    obj._freed = True


def nullptr(T):
    """The null pointer of type Ptr(T)."""
    return _ptr(Ptr(_check_type(T, "nullptr()")), None)


def identityhash(p):
    """A hash of the object `p` points to, stable for its lifetime; 0 for null."""
    if not isinstance(p, _ptr):
        raise TypeError("identityhash(): expects a pointer, got %r" % (p,))
    if p._obj0 is None:
        return 0
    obj = p._deref("identityhash()")
    while obj._parent is not None:
        obj = obj._parent
    return hash(id(obj)) & 0x3FFFFFFFFFFFFFFF


def functionptr(TYPE, name, **attrs):
    """A pointer to a function of type TYPE; calling it calls `_callable`."""
    TYPE = _check_type(TYPE, "functionptr()")
    if not isinstance(TYPE, FuncType):
        raise TypeError("functionptr(): %s is not a FuncType" % TYPE._short_name())
    return _ptr(Ptr(TYPE), _func(TYPE, name, attrs))


def _castdepth(OUTSIDE, INSIDE):
    """How many first-field steps lead from struct OUTSIDE to INSIDE, or -1."""
    depth = 0
    while OUTSIDE != INSIDE:
        first, OUTSIDE = OUTSIDE._first_struct()
        if first is None:
            return -1
        depth += 1
    return depth


def castable(PTRTYPE, CURTYPE):
    """For cast_pointer(PTRTYPE, <a CURTYPE>): the number of upcast steps
    (> 0), of downcast steps (< 0), or 0; InvalidCast if unrelated."""
    CUR, TGT = CURTYPE.TO, PTRTYPE.TO
    if CUR._gckind != TGT._gckind:
        raise InvalidCast("cast_pointer() cannot change the GC-ness: %s to %s"
                          % _names_of(CURTYPE, PTRTYPE))
    if CURTYPE == PTRTYPE:
        return 0
    if isinstance(CUR, Struct) and isinstance(TGT, Struct):
        up = _castdepth(CUR, TGT)
        if up >= 0:
            return up
        down = _castdepth(TGT, CUR)
        if down >= 0:
            return -down
    raise InvalidCast("cast_pointer(): %s and %s are not related by inheritance"
                      % _names_of(CURTYPE, PTRTYPE))


def cast_pointer(PTRTYPE, ptr):
    """`ptr` seen as a PTRTYPE: a pointer to one of its parent structs
    (upcast), or back to the child it is part of (downcast, checked)."""
    if not isinstance(PTRTYPE, Ptr) or not isinstance(ptr, _ptr):
        raise TypeError("cast_pointer() converts a pointer to another Ptr type")
    steps = castable(PTRTYPE, ptr._TYPE)
    if steps == 0:
        return ptr
    obj = ptr._obj0
    if obj is None:
        return type(ptr)(PTRTYPE, None)
    obj._check_alive()
    if steps > 0:
        for _ in range(steps):
            obj = obj._values[obj._TYPE._names[0]]
    else:
        start = obj
        for _ in range(-steps):
            parent = obj._parent
            if not (isinstance(parent, _struct)
                    and parent._TYPE._first_struct()[0] == obj._parentindex):
                break
            obj = parent
        else:
            if obj._TYPE == PTRTYPE.TO:
                return type(ptr)(PTRTYPE, obj)
        actual = start._outermost_struct()._TYPE
        raise InvalidCast("cast_pointer(): downcast failed: the object is a %s, not a %s"
                          % _names_of(actual, PTRTYPE.TO))
    return type(ptr)(PTRTYPE, obj)


_INTEGRAL = ("Signed", "Unsigned", "SignedLongLong", "UnsignedLongLong", "Char", "UniChar",
             "Bool")


def _as_int(value):
    if type(value) is str:
        return ord(value)
    return int(value)


def cast_primitive(TYPE, value):
    """`value` (of a primitive type) converted to the primitive TYPE, as a C
    cast does: integers wrap to the width of TYPE, Float truncates toward
    zero, Char and UniChar go through their code point (Char keeps the low 8
    bits), Bool is `value != 0`."""
    if not isinstance(TYPE, Primitive) or TYPE is Void:
        raise TypeError("cast_primitive(): %s is not a primitive type" % (TYPE,))
    FROM = typeOf(value)
    if not isinstance(FROM, Primitive) or FROM is Void:
        raise TypeError("cast_primitive(): %r is not a primitive value" % (value,))
    if TYPE is Float:
        return float(_as_int(value)) if FROM is not Float else value
    if TYPE is Bool:
        return value != 0.0 if FROM is Float else _as_int(value) != 0
    n = int(value) if FROM is Float else _as_int(value)
    if TYPE is Signed:
        return intmask(n)
    if TYPE is Unsigned or TYPE is UnsignedLongLong:
        return r_uint(n)
    if TYPE is SignedLongLong:
        return r_longlong(n)
    if TYPE is Char:
        return chr(n & 0xFF)
    if TYPE is UniChar:
        n &= 0xFFFFFFFF
        if n >= 0x110000:
            raise ValueError("cast_primitive(): %d is not a code point" % n)
        return chr(n)
    raise TypeError("cast_primitive(): cannot cast to %s" % (TYPE,))
