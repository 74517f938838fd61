"""The mark-and-sweep GC run untranslated on CPython over the emulated
memory (section 3.4 of the paper): the transformer's part — the shadow
stack, the type table, the static roots — is played by the test."""
import random
import unittest

from futamura.memory import marksweep as ms
from futamura.memory import support
from futamura.memory.gctypelayout import HDR
from futamura.rtyper.llmemory import NULL, itemoffsetof, memory_stats, raw_malloc, sizeof

from gc_testing import ARR, ARR_TID, LEFT, NODE, NODE_TID, RIGHT, STR, STR_TID, chain_values, value
import gc_testing


class Heap(gc_testing.Heap):
    def __init__(self, debug=False):
        gc_testing.Heap.__init__(self, ms, debug)

    def array(self, n):
        return ms.malloc_varsize(self.gc, ARR_TID, n, itemoffsetof(ARR), 8, 0)


class MarkSweepTest(unittest.TestCase):
    def test_unreachable_objects_are_freed(self):
        h = Heap()
        head = NULL
        for i in range(100):
            head = h.node(i, head)
        h.push(head)
        for i in range(50):
            h.node(-i)  # garbage
        ms.collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 50)
        self.assertEqual(chain_values(h.root(0)), list(range(99, -1, -1)))
        self.assertEqual(h.gc.live_bytes, 100 * (HDR + sizeof(NODE)))
        # the freed blocks are reused: no new page for 50 more nodes
        blocks = memory_stats()[0]
        for i in range(50):
            h.node(i)
        self.assertEqual(memory_stats()[0], blocks)
        self.assertEqual(ms.check_heap(h.gc), 0)

    def test_cycles_are_collected(self):
        h = Heap()
        a = h.node(1)
        h.push(a)
        b = h.node(2, a)
        (a + LEFT).address[0] = b  # a <-> b
        ms.collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 0)
        h.pop()
        ms.collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 2)

    def test_arrays_keep_their_items(self):
        h = Heap()
        arr = h.array(5)
        h.push(arr)
        self.assertEqual(arr.signed[0], 5)  # the length
        for i in range(5):
            n = h.node(i * 10)
            (h.root(0) + itemoffsetof(ARR, i)).address[0] = n
        h.node(99)
        s = ms.malloc_varsize(h.gc, STR_TID, 3, itemoffsetof(STR), 4, 8)
        self.assertEqual((s + 8).signed[0], 3)
        ms.collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 2)  # node 99, the string
        arr = h.root(0)
        self.assertEqual([value((arr + itemoffsetof(ARR, i)).address[0]) for i in range(5)],
                         [0, 10, 20, 30, 40])

    def test_static_roots_and_prebuilt_objects(self):
        h = Heap()
        # a prebuilt node (never freed, not on all_objects) holding a heap node
        pre = raw_malloc(HDR + sizeof(NODE), True)
        pre.signed[0] = NODE_TID | ms.PREBUILT
        pobj = pre + HDR
        (pobj + LEFT).address[0] = h.node(7)
        h.statics.address[0] = pobj + LEFT
        h.gc.nstatic = 1
        h.node(8)
        ms.collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 1)
        self.assertEqual(value((pobj + LEFT).address[0]), 7)
        self.assertEqual(pre.signed[0], NODE_TID | ms.PREBUILT)

    def test_collect_at_every_allocation_against_a_model(self):
        rnd = random.Random(42)
        h = Heap(debug=True)
        model = []  # the values of the chains rooted in the shadow stack
        for step in range(300):
            op = rnd.random()
            if op < 0.5 or not model:
                # a new chain of 1-3 nodes in a new root
                head = NULL
                values = []
                for k in range(rnd.randint(1, 3)):
                    h.push(head)
                    head = h.node(step * 10 + k, h.pop())
                    values.insert(0, step * 10 + k)
                h.push(head)
                model.append(values)
            elif op < 0.8:
                h.pop()
                model.pop()
            else:
                # relink: the top chain's head points to the chain below it
                if len(model) >= 2:
                    top = h.root(len(model) - 1)
                    below = h.root(len(model) - 2)
                    (top + LEFT).address[0] = below
                    model[-1] = model[-1][:1] + model[-2]
            self.assertEqual(ms.check_heap(h.gc), 0)
        for i, values in enumerate(model):
            self.assertEqual(chain_values(h.root(i)), values)
        self.assertGreater(h.gc.stat_collections, 300)
        self.assertGreater(h.gc.stat_freed, 0)
        self.assertEqual(h.gc.stat_heap_errors, 0)

    def test_heap_checker_finds_a_dangling_pointer(self):
        h = Heap()
        h.gc.debug = 1  # (dead objects are zeroed, not reused before the next collection)
        a = h.node(1)
        h.push(a)
        b = h.node(2)
        (a + LEFT).address[0] = b
        self.assertEqual(ms.check_heap(h.gc), 0)
        (a + RIGHT).address[0] = h.node(3)  # not rooted yet: fine before a collection
        (a + LEFT).address[0] = NULL
        h.node(4)  # collects (debug): b dies
        self.assertEqual(h.gc.stat_heap_errors, 0)
        (a + LEFT).address[0] = b  # a stale pointer, as a missing root leaves
        self.assertEqual(ms.check_heap(h.gc), 1)

    def test_address_stack(self):
        s = support.stack_new()
        for i in range(3000):  # several chunks
            support.stack_append(s, NULL + 8 * i)
        self.assertEqual(support.stack_length(s), 3000)
        out = []
        while support.stack_non_empty(s):
            out.append(support.stack_pop(s) - NULL)
        self.assertEqual(out, [8 * i for i in range(2999, -1, -1)])
        support.stack_delete(s)

    def test_address_dict(self):
        d = support.dict_new()
        keys = [NULL + 16 * i + 8 for i in range(1, 500)] + [NULL + (1 << 20) * i for i in range(1, 50)]
        for k in keys:
            support.dict_set(d, k, k + 1)
        support.dict_set(d, keys[3], NULL + 77)  # a replaced value
        self.assertEqual(support.dict_length(d), len(keys))
        self.assertEqual(support.dict_get(d, keys[3]) - NULL, 77)
        self.assertTrue(all(support.dict_get(d, k) == k + 1 for k in keys if k != keys[3]))
        self.assertFalse(support.dict_get(d, NULL + 16))
        support.dict_clear(d)
        self.assertEqual(support.dict_length(d), 0)
        self.assertFalse(support.dict_get(d, keys[0]))


if __name__ == "__main__":
    unittest.main()
