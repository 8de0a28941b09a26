package org.kernkit.vfat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.kernkit.vfat.FatType;

/**
 * The table's entry layout per type (FAT12 at n + n/2, FAT16 at 2n, FAT32 at 4n keeping its high 4 bits), the
 * dirty blocks a change marks, the free count, and the next-free search with its hint and wrap-around. Expected
 * bytes are written out by hand from fatgen103's layout.
 */
class FatTableTest {

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    private static BitSet blocks(int... indexes) {
        BitSet b = new BitSet();
        for (int i : indexes) {
            b.set(i);
        }
        return b;
    }

    @Test
    void fat32EntriesSitAtFourTimesTheClusterAndKeepTheirHighBits() {
        byte[] raw = new byte[4 * 64];
        FatTable fat = new FatTable(raw, FatType.FAT32, 62);
        fat.setRaw(0, 0x0FFFFFF8L);
        fat.setRaw(1, 0xFFFFFFFFL);
        assertEquals(0x0FFFFFF8L, u32(raw, 0));
        assertEquals(0xFFFFFFFFL, fat.getRaw(1), "getRaw keeps the high bits");
        assertEquals(0x0FFFFFFFL, fat.get(1), "get masks them");

        fat.set(8, 5);
        assertEquals(5, u32(raw, 32), "cluster 8 at byte 32, high bits 0 as they were");
        fat.setRaw(9, 0xA0000007L);
        fat.set(9, 3);
        assertEquals(0xA0000003L, u32(raw, 36), "set keeps the stored high bits");
        assertEquals(0xA0000003L, fat.getRaw(9));
        assertEquals(3, fat.get(9));
        assertEquals(FatType.FAT32, fat.type());
        assertEquals(63, fat.maxCluster());
    }

    @Test
    void fat12EntriesShareBytesAndNeitherHalfDisturbsTheOther() {
        byte[] raw = new byte[512 * 2];
        FatTable fat = new FatTable(raw, FatType.FAT12, 600);
        fat.set(2, 0xABC); // bytes 3, 4: BC, xA
        fat.set(3, 0x123); // bytes 4, 5: 3x, 12
        assertEquals(0xBC, raw[3] & 0xFF);
        assertEquals(0x3A, raw[4] & 0xFF);
        assertEquals(0x12, raw[5] & 0xFF);
        assertEquals(0xABC, fat.get(2));
        assertEquals(0x123, fat.get(3));
        assertEquals(0x123, fat.getRaw(3));
    }

    @Test
    void aChangeMarksExactlyTheBlocksItsBytesLieIn() {
        FatTable fat16 = new FatTable(new byte[512 * 4], FatType.FAT16, 1000);
        fat16.set(255, 7); // bytes 510, 511
        assertEquals(blocks(0), fat16.dirtyBlocks());
        fat16.clearDirty();
        assertEquals(blocks(), fat16.dirtyBlocks());
        fat16.set(256, 7); // bytes 512, 513
        assertEquals(blocks(1), fat16.dirtyBlocks());

        FatTable fat12 = new FatTable(new byte[512 * 4], FatType.FAT12, 1000);
        fat12.set(341, 7); // 341 + 170 = 511: bytes 511, 512
        assertEquals(blocks(0, 1), fat12.dirtyBlocks());

        FatTable fat32 = new FatTable(new byte[512 * 4], FatType.FAT32, 500);
        fat32.setRaw(127, 1); // bytes 508..511
        assertEquals(blocks(0), fat32.dirtyBlocks());
        fat32.setRaw(128, 1); // bytes 512..515
        assertEquals(blocks(0, 1), fat32.dirtyBlocks());
    }

    @Test
    void theFreeCountFollowsEveryChangeOfDataClustersOnly() {
        FatTable fat = new FatTable(new byte[512], FatType.FAT16, 100);
        assertEquals(100, fat.freeCount());
        fat.set(0, 0xFFF8); // reserved entries do not count
        fat.set(1, 0xFFFF);
        assertEquals(100, fat.freeCount());
        fat.set(2, 0xFFFF);
        assertEquals(99, fat.freeCount());
        fat.set(2, 3); // used to used
        assertEquals(99, fat.freeCount());
        fat.set(2, 0);
        assertEquals(100, fat.freeCount());
        fat.set(5, 0); // free to free
        assertEquals(100, fat.freeCount());
    }

    @Test
    void theHintAcceptsOnlyDataClustersAndFallsBackToTwo() {
        FatTable fat = new FatTable(new byte[512], FatType.FAT16, 100); // clusters 2..101
        fat.setNextFreeHint(2);
        assertEquals(2, fat.nextFreeHint());
        fat.setNextFreeHint(101);
        assertEquals(101, fat.nextFreeHint());
        fat.setNextFreeHint(1);
        assertEquals(2, fat.nextFreeHint());
        fat.setNextFreeHint(50);
        fat.setNextFreeHint(102);
        assertEquals(2, fat.nextFreeHint());
    }

    @Test
    void findFreeSearchesFromTheHintThenWrapsAroundOnce() {
        FatTable fat = new FatTable(new byte[512], FatType.FAT16, 10); // clusters 2..11
        for (long c = 2; c <= 11; c++) {
            fat.set(c, 0xFFFF);
        }
        assertEquals(-1, fat.findFree(), "a full table");
        fat.set(4, 0);
        fat.set(11, 0);
        fat.setNextFreeHint(5);
        assertEquals(11, fat.findFree(), "from the hint up");
        assertEquals(2, fat.nextFreeHint(), "past the last cluster the hint wraps to 2");
        fat.set(11, 0xFFFF);
        fat.setNextFreeHint(6);
        assertEquals(4, fat.findFree(), "wrapped around below the hint");
        assertEquals(5, fat.nextFreeHint());
        fat.set(4, 0xFFFF);
        fat.set(7, 0);
        fat.setNextFreeHint(7);
        assertEquals(7, fat.findFree(), "the hint itself");
        assertEquals(8, fat.nextFreeHint());
    }

    @Test
    void findFreeReportsNoneWhenOnlyTheHintedRangeWasFullAndNothingBelowIsFree() {
        FatTable fat = new FatTable(new byte[512], FatType.FAT16, 10);
        for (long c = 2; c <= 11; c++) {
            fat.set(c, 0xFFFF);
        }
        fat.set(6, 0);
        fat.setNextFreeHint(6);
        assertEquals(6, fat.findFree());
        fat.set(6, 0xFFFF);
        assertEquals(-1, fat.findFree());
    }
}
