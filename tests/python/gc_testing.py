"""What the tests of the framework GCs on CPython share: the types of their
objects and a heap that plays the transformer (the shadow stack, the type
table, the static roots; objects read back from the shadow stack after
anything that can collect, since a moving GC moves them)."""
from futamura.memory.gctypelayout import build_type_info_OF
from futamura.rtyper.llmemory import NULL, offsetof, raw_malloc, sizeof
from futamura.rtyper.lltype import Array, GcArray, GcForwardReference, GcStruct, Ptr, Signed, UniChar, malloc

NODE = GcForwardReference()
NODE.become(GcStruct("node", ("value", Signed), ("left", Ptr(NODE)), ("right", Ptr(NODE))))
ARR = GcArray(Ptr(NODE))
STR = GcStruct("str", ("hash", Signed), ("chars", Array(UniChar)))
NODE_TID, ARR_TID, STR_TID = 1, 2, 3
VALUE, LEFT, RIGHT = offsetof(NODE, "value"), offsetof(NODE, "left"), offsetof(NODE, "right")


class Heap(object):
    """The GC `module` with a shadow stack of 1000 slots and room for 10
    static roots; `fields` are set in its state before setup()."""

    def __init__(self, module, debug=False, **fields):
        self.module = module
        self.gc = malloc(module.GCSTATE, flavor="raw", zero=True)
        self.gc.typeinfo = build_type_info_OF([NODE, ARR, STR])
        self.gc.debug = 1 if debug else 0
        for name, v in fields.items():
            setattr(self.gc, name, v)
        self.stack = raw_malloc(8 * 1000, True)
        self.gc.root_stack_base = self.stack
        self.gc.root_stack_top = self.stack
        self.statics = raw_malloc(8 * 10, True)
        self.gc.static_roots = self.statics
        module.setup(self.gc)

    def push(self, obj):
        self.gc.root_stack_top.address[0] = obj
        self.gc.root_stack_top = self.gc.root_stack_top + 8

    def pop(self):
        self.gc.root_stack_top = self.gc.root_stack_top - 8
        return self.gc.root_stack_top.address[0]

    def root(self, i):
        return (self.stack + 8 * i).address[0]

    def node(self, value, left=NULL, right=NULL):
        # left/right survive an allocation only through the shadow stack
        self.push(left)
        self.push(right)
        obj = self.module.malloc_fixed(self.gc, NODE_TID, sizeof(NODE))
        right = self.pop()
        left = self.pop()
        # a fresh object: no write barrier needed
        (obj + VALUE).signed[0] = value
        (obj + LEFT).address[0] = left
        (obj + RIGHT).address[0] = right
        return obj


def value(obj):
    return (obj + VALUE).signed[0]


def chain_values(obj):
    out = []
    while obj:
        out.append(value(obj))
        obj = (obj + LEFT).address[0]
    return out
