package org.kernkit.flexarray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The root swap of a growable tree, step by step: what a grower does when another thread swapped the root first
 * (a race the concurrent tests reach only when two growers really run at once, which a loaded 2-core machine
 * rarely gives them).
 */
class PartTreeGrowthTest {

    private static PartTree tree() {
        // 8-slot nodes, parts of one long: the tree grows every 3 bits of part number.
        return PartTree.growable(1L << 50, 3, new HeapLeaves(8, 1, (byte) 0), "test tree");
    }

    @Test
    void aGrowerThatLostTheRootSwapContinuesFromTheWinnersRoot() {
        PartTree tree = tree();
        PartTree.Level seen = tree.currentLevel();
        ((long[]) tree.dataForWrite(100))[0] = 7; // grows: 100 needs 3 levels of 3 bits
        PartTree.Level winner = tree.currentLevel();
        assertNotSame(seen, winner);
        // A grower that had read `seen` before the swap: its compare-and-exchange fails, and it must go on from
        // the Level in place, not from a root of its own that no other thread will ever see.
        assertSame(winner, tree.grow(seen));
        assertEquals(7, ((long[]) tree.dataOrNull(100))[0]);
    }

    @Test
    void aGrowthKeepsTheOldRootAsSlotZeroOfTheNewOne() {
        PartTree tree = tree();
        ((long[]) tree.dataForWrite(5))[0] = 5;
        PartTree.Level before = tree.currentLevel();
        PartTree.Level after = tree.grow(before);
        assertEquals(before.depth + 1, after.depth);
        assertEquals(before.topShift + 3, after.topShift);
        assertSame(before.root, after.root[0]);
        assertEquals(5, ((long[]) tree.dataOrNull(5))[0]);
    }
}
