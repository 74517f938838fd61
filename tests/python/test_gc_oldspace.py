"""The old space (memory/oldspace.py) on CPython over the emulated memory:
pages of blocks of one size, free lists, large blocks."""
import unittest

from futamura.memory import oldspace
from futamura.memory.gctypelayout import HDR
from futamura.rtyper.llmemory import memory_stats

MARK = 1 << 40


def objects(s):
    seen = []
    oldspace.foreach(s, None, lambda gc, obj, arg: seen.append(obj - HDR), 0)
    return seen


class OldSpaceTest(unittest.TestCase):
    def test_blocks_of_a_size_share_pages(self):
        s = oldspace.space_new()
        blocks = [oldspace.alloc(s, 32, True) for i in range(100)]
        for i, b in enumerate(blocks):
            self.assertEqual(b.signed[0], 0)  # zeroed
            b.signed[0] = i + 1  # (a header: allocated)
        self.assertEqual(len(set(b - blocks[0] for b in blocks)), 100)
        self.assertTrue(all(b2 - b1 == 32 for b1, b2 in zip(blocks, blocks[1:])))  # one page, in order
        self.assertEqual(sorted(objects(s), key=lambda b: b - blocks[0]), blocks)

    def test_sweep_frees_unmarked_blocks_and_reuses_them(self):
        s = oldspace.space_new()
        blocks = [oldspace.alloc(s, 48, True) for i in range(500)]
        for i, b in enumerate(blocks):
            b.signed[0] = 7 | (MARK if i % 3 == 0 else 0)
            b.signed[1] = 12345
        oldspace.sweep(s, MARK, False)
        self.assertEqual(oldspace.freed(s), 333)
        live = objects(s)
        self.assertEqual(len(live), 167)
        self.assertTrue(all(b.signed[0] == 7 for b in live))  # the mark cleared
        pages = memory_stats()[0]
        again = [oldspace.alloc(s, 48, True) for i in range(333)]
        self.assertEqual(memory_stats()[0], pages)  # reused, no new page
        self.assertTrue(all(b.signed[0] == 0 and b.signed[1] == 0 for b in again))  # zeroed

    def test_large_blocks(self):
        s = oldspace.space_new()
        big = [oldspace.alloc(s, 4096 + 8 * i, True) for i in range(5)]
        small = oldspace.alloc(s, 16, True)
        for i, b in enumerate(big):
            b.signed[0] = 3 | (MARK if i in (1, 3) else 0)
        small.signed[0] = 3 | MARK
        self.assertEqual(len(objects(s)), 6)
        oldspace.sweep(s, MARK, False)
        self.assertEqual(oldspace.freed(s), 3)
        self.assertEqual(sorted(b - small for b in objects(s)), sorted([0, big[1] - small, big[3] - small]))

    def test_quarantined_blocks_are_reused_after_the_next_sweep(self):
        s = oldspace.space_new()
        a = oldspace.alloc(s, 16, True)
        a.signed[0] = 5
        oldspace.sweep(s, MARK, True)
        self.assertEqual(a.signed[0], 0)
        b = oldspace.alloc(s, 16, True)
        self.assertNotEqual(b - a, 0)
        b.signed[0] = 5 | MARK
        oldspace.sweep(s, MARK, True)
        self.assertEqual(oldspace.alloc(s, 16, True) - a, 0)


if __name__ == "__main__":
    unittest.main()
