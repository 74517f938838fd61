"""The generational GC run untranslated on CPython over the emulated memory.
The test plays the transformer: roots live on the shadow stack (and are
read back from it after anything that can collect: objects move), and a
store of a pointer into an object that may be old is preceded by the
write barrier."""
import random
import unittest

from futamura.memory import generational as gen
from futamura.rtyper.llmemory import NULL, itemoffsetof

from gc_testing import ARR, ARR_TID, LEFT, chain_values, value
import gc_testing


class Heap(gc_testing.Heap):
    def __init__(self, debug=False, nursery=1 << 16):
        gc_testing.Heap.__init__(self, gen, debug, nursery_size=nursery)

    def store(self, obj, ofs, value):
        gen.write_barrier(self.gc, obj)
        (obj + ofs).address[0] = value


class GenerationTest(unittest.TestCase):
    def test_minor_collection_copies_what_is_reachable(self):
        h = Heap(nursery=1 << 16)
        head = NULL
        for i in range(50):
            head = h.node(i, head)
        h.push(head)
        for i in range(30):
            h.node(-i)  # garbage
        young = h.root(0)
        self.assertTrue(gen._young(h.gc, young))
        gen.minor_collect(h.gc)
        moved = h.root(0)
        self.assertFalse(gen._young(h.gc, moved))
        self.assertEqual(chain_values(moved), list(range(49, -1, -1)))
        self.assertEqual(h.gc.stat_copied, 50)
        self.assertEqual(h.gc.nursery_free, h.gc.nursery)
        self.assertEqual(gen.check_heap(h.gc), 0)

    def test_write_barrier_keeps_young_objects_of_old_ones(self):
        h = Heap(nursery=1 << 16)
        h.push(h.node(1))
        gen.minor_collect(h.gc)  # the node is old now
        old = h.root(0)
        h.store(old, LEFT, h.node(2))  # young, reachable only from an old object
        gen.minor_collect(h.gc)
        self.assertEqual(chain_values(h.root(0)), [1, 2])
        self.assertEqual(gen.check_heap(h.gc), 0)

    def test_a_missing_write_barrier_is_found(self):
        h = Heap(nursery=1 << 16)
        h.push(h.node(1))
        gen.minor_collect(h.gc)
        old = h.root(0)
        (old + LEFT).address[0] = h.node(2)  # no barrier
        gen.minor_collect(h.gc)
        self.assertEqual(gen.check_heap(h.gc), 1)

    def test_major_collection_frees_old_garbage(self):
        h = Heap(nursery=1 << 16)
        h.push(h.node(1))
        for i in range(20):
            h.push(h.node(i))
        gen.minor_collect(h.gc)
        for i in range(20):
            h.pop()
        gen.major_collect(h.gc)
        self.assertEqual(h.gc.stat_freed, 20)
        self.assertEqual(chain_values(h.root(0)), [1])

    def test_arrays_and_large_objects(self):
        h = Heap()
        n = 3000  # 24 KB: old at once
        arr = gen.malloc_varsize(h.gc, ARR_TID, n, itemoffsetof(ARR), 8, 0)
        self.assertFalse(gen._young(h.gc, arr))
        h.push(arr)
        # a fresh large object is remembered: no barrier until a collection
        for i in range(100):
            n = h.node(i * 3)
            (h.root(0) + itemoffsetof(ARR, i)).address[0] = n
        gen.minor_collect(h.gc)
        for i in range(100, 200):
            n = h.node(i * 3)
            h.store(h.root(0), itemoffsetof(ARR, i), n)
        gen.minor_collect(h.gc)
        arr = h.root(0)
        self.assertEqual([value((arr + itemoffsetof(ARR, i)).address[0]) for i in range(0, 200, 50)],
                         [0, 150, 300, 450])
        self.assertEqual(gen.check_heap(h.gc), 0)

    def test_small_arrays_are_young(self):
        h = Heap()
        arr = gen.malloc_varsize(h.gc, ARR_TID, 10, itemoffsetof(ARR), 8, 0)
        self.assertTrue(gen._young(h.gc, arr))
        self.assertEqual(arr.signed[0], 10)  # the length

    def test_identity_hash_survives_moves_and_is_unique(self):
        h = Heap()
        h.push(h.node(1))
        first = gen.identityhash(h.gc, h.root(0))
        self.assertEqual(gen.identityhash(h.gc, h.root(0)), first)
        gen.minor_collect(h.gc)
        self.assertFalse(gen._young(h.gc, h.root(0)))
        self.assertEqual(gen.identityhash(h.gc, h.root(0)), first)
        self.assertEqual(value(h.root(0)), 1)
        # a new young object at the old place has another hash
        h.push(h.node(2))
        self.assertNotEqual(gen.identityhash(h.gc, h.root(1)), first)
        gen.minor_collect(h.gc)
        gen.major_collect(h.gc)
        self.assertEqual(gen.identityhash(h.gc, h.root(0)), first)
        self.assertEqual(gen.check_heap(h.gc), 0)

    def test_nursery_size_is_configurable(self):
        h = Heap(nursery=1 << 20)
        self.assertEqual(h.gc.nursery_end - h.gc.nursery, 1 << 20)
        h = Heap(nursery=100)  # at least MIN_NURSERY
        self.assertEqual(h.gc.nursery_size, gen.MIN_NURSERY)
        for i in range(gen.MIN_NURSERY // 32 + 10):
            h.node(i)
        self.assertEqual(h.gc.stat_minor, 1)

    def test_collect_at_every_allocation_against_a_model(self):
        rnd = random.Random(7)
        h = Heap(debug=True)
        model = []
        for step in range(300):
            op = rnd.random()
            if op < 0.5 or not model:
                h.push(NULL)
                values = []
                for k in range(rnd.randint(1, 3)):
                    n = h.node(step * 10 + k, h.pop())  # (the head, read back from the stack)
                    h.push(n)
                    values.insert(0, step * 10 + k)
                model.append(values)
            elif op < 0.8:
                h.pop()
                model.pop()
            elif len(model) >= 2:
                top = h.root(len(model) - 1)
                below = h.root(len(model) - 2)
                h.store(top, LEFT, below)
                model[-1] = model[-1][:1] + model[-2]
        for i, values in enumerate(model):
            self.assertEqual(chain_values(h.root(i)), values)
        self.assertGreater(h.gc.stat_minor, 300)
        self.assertGreater(h.gc.stat_major, 10)
        self.assertEqual(h.gc.stat_heap_errors, 0)


if __name__ == "__main__":
    unittest.main()
