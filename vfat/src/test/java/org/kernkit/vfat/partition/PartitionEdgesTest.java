package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

/** The smallest and largest values the partition types accept, and the writes and flushes they pass on. */
class PartitionEdgesTest {

    private static final long U32_MAX = 0xFFFF_FFFFL;

    @Test
    void partitionMayStartAtSectorZeroAndHaveOneSector() {
        Partition p = Partition.mbr(1, PartitionType.FAT32_LBA, 0, 1, false);
        assertEquals(0, p.lastSector());
    }

    @Test
    void gptNameOfThirtySixUnitsIsAccepted() {
        String name = "n".repeat(36);
        assertEquals(name, Partition.gpt(1, PartitionType.EFI_SYSTEM, 34, 1, UUID.randomUUID(), name, false, 0)
                .name());
    }

    @Test
    void gptNameStartingWithNulIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Partition.gpt(1, PartitionType.EFI_SYSTEM, 34, 1, UUID.randomUUID(), "\0a", false, 0));
    }

    @Test
    void partitionsSharingOneSectorOverlapEitherWayRound() {
        Partition a = Partition.mbr(1, PartitionType.FAT32_LBA, 0, 10, false);
        Partition b = Partition.mbr(2, PartitionType.FAT32_LBA, 9, 10, false);
        Partition c = Partition.mbr(3, PartitionType.FAT32_LBA, 10, 10, false);
        assertTrue(a.overlaps(b));
        assertTrue(b.overlaps(a));
        assertFalse(a.overlaps(c));
        assertFalse(c.overlaps(a));
    }

    @Test
    void typesDifferByNameCodeAndGuidAndSayWhichInTheirName() {
        assertNotEquals(PartitionType.FAT32_LBA, PartitionType.FAT32_CHS);
        assertEquals("FAT32 LBA (0x0c)", PartitionType.FAT32_LBA.toString());
        assertEquals("Extended (0x05)", PartitionType.EXTENDED.toString());
        UUID guid = new UUID(1, 2);
        PartitionType gptOnly = PartitionType.ofGptGuid(guid);
        assertTrue(gptOnly.toString().endsWith(" (" + guid + ")"), gptOnly.toString());
    }

    @Test
    void mbrTableOfTwoSectorsHoldsNoPartitionButIsValid() throws Exception {
        assertEquals(List.of(), MbrTable.of(2, 0, List.of()).partitions());
        assertDoesNotThrow(() -> MbrTable.builder(2));
    }

    @Test
    void mbrPartitionAtTheLast32BitSectorOrOfThe32BitMaximumCountFits() throws Exception {
        long disk = 1L << 33;
        MbrTable.of(disk, 0, List.of(Partition.mbr(1, PartitionType.FAT32_LBA, U32_MAX, 1, false)));
        MbrTable.of(disk, 0, List.of(Partition.mbr(1, PartitionType.FAT32_LBA, 1, U32_MAX, false)));
    }

    @Test
    void oneSectorDiskIsRefusedForHavingNoRoomForAPartition() {
        byte[] sector = new byte[512];
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> MbrTable.read(new MemoryDisk(sector)));
        assertTrue(e.getMessage().contains("a disk of 1 sectors has no room for a partition"), e.getMessage());
    }

    @Test
    void mbrTablesWithDifferentSignaturesDifferAndPrintTheirListing() throws Exception {
        MbrTable a = MbrTable.of(4096, 1, List.of());
        MbrTable b = MbrTable.of(4096, 2, List.of());
        assertNotEquals(a, b);
        assertEquals(a.describe(), a.toString());
    }

    @Test
    void gptOfTheSmallestDiskHasOneUsableSector() throws Exception {
        GptTable table = GptTable.of(68, new UUID(1, 1), List.of());
        assertEquals(table.firstUsableSector(), table.lastUsableSector());
        assertEquals("GPT", table.kind());
        assertEquals(table.describe(), table.toString());
        assertDoesNotThrow(() -> GptTable.builder(1));
    }

    @Test
    void partitionOfExactlyTheSpaceLeftFitsAndOneByteTakesOneMebibyte() throws Exception {
        MbrTable exact = MbrTable.builder(4096).add(PartitionType.FAT32_LBA, 1 << 20, false).build();
        assertEquals(2048, exact.partitions().get(0).sectorCount());
        MbrTable tiny = MbrTable.builder(8192).add(PartitionType.FAT32_LBA, 1, false).build();
        assertEquals(2048, tiny.partitions().get(0).sectorCount());
    }

    @Test
    void chsOfCylinder1023IsEncodedNotClampedWithTheCylindersHighBitsInTheSectorByte() {
        byte[] chs = new byte[3];
        MbrDescriptor.putChs(chs, 0, 1023L * MbrDescriptor.HEADS * MbrDescriptor.SECTORS_PER_TRACK);
        assertArrayEquals(new byte[] {0, (byte) 0xC1, (byte) 0xFF}, chs);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048, 4096})
    void bareFatBootSectorReadAsAnMbrGetsTheHint(int bytesPerSector) {
        byte[] sector = new byte[512];
        sector[0] = (byte) 0xE9;
        ByteBuffer.wrap(sector).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(11, (short) bytesPerSector);
        sector[446] = 0x12;
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> MbrTable.read(new MemoryDisk(java.util.Arrays.copyOf(sector, 8 * 512))));
        assertTrue(e.getMessage().startsWith("MBR entry 1: status byte 0x12 is neither 0x00 nor 0x80 (sector 0 looks"
                + " like a FAT boot sector"), e.getMessage());
    }

    @Test
    void sliceMayStartAtSectorZeroWithOneSectorAndReachItsLastSector() throws Exception {
        MemoryDisk disk = new MemoryDisk(4);
        try (PartitionBlockDevice slice = PartitionBlockDevice.slice(disk, 0, 1, false)) {
            slice.write(0, ByteBuffer.wrap(new byte[512]));
        }
        try (PartitionBlockDevice slice = PartitionBlockDevice.slice(disk, 1, 3, false)) {
            slice.read(2, ByteBuffer.allocate(512));
        }
    }

    @Test
    void writesAreFlushedByTheMbrAndBySlices() throws Exception {
        LoggingDisk disk = new LoggingDisk(4096);
        MbrTable.of(4096, 1, List.of()).write(disk);
        assertEquals(List.of("write 0 +1", "flush"), disk.log);
        PartitionBlockDevice.slice(disk, 2048, 2048, false).flush();
        assertEquals(List.of("write 0 +1", "flush", "flush"), disk.log);
    }

    @Test
    void partitionEndingInTheLastSectorOfTheDiskFits() throws Exception {
        MbrTable.of(4096, 0, List.of(Partition.mbr(1, PartitionType.FAT32_LBA, 1, 4095, false)));
    }

    @Test
    void partitionNumberUsedTwiceIsFoundWhateverTheOrderGiven() {
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.of(4096, 0, List.of(
                Partition.mbr(1, PartitionType.FAT32_LBA, 1, 10, false),
                Partition.mbr(2, PartitionType.FAT32_LBA, 100, 10, false),
                Partition.mbr(1, PartitionType.FAT32_LBA, 200, 10, false))));
        assertEquals("MBR: partition number 1 is used twice", e.getMessage());
    }

    @Test
    void overlapWithALaterReachingPartitionIsFoundPastAnEarlierOne() {
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.of(4096, 0, List.of(
                Partition.mbr(1, PartitionType.FAT32_LBA, 1, 100, false),
                Partition.mbr(2, PartitionType.FAT32_LBA, 200, 101, false),
                Partition.mbr(3, PartitionType.FAT32_LBA, 250, 11, false))));
        assertTrue(e.getMessage().startsWith("MBR: partitions 2 "), e.getMessage());
    }

    @Test
    void oneSectorDiskWithoutSignatureIsRefusedForItsSignature() {
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> PartitionTable.read(new MemoryDisk(1)));
        assertEquals(MbrCodec.signatureProblem(new byte[512]), e.getMessage());
    }

    @Test
    void gptBuilderTakesAFullArrayOfPartitionsWithNamesOfThirtySixUnits() throws Exception {
        GptTable.Builder builder = GptTable.builder(140 * 2048 + 4096).seed(1);
        for (int i = 0; i < 128; i++) {
            builder.add(PartitionType.LINUX_FILESYSTEM, 1 << 20, "n".repeat(36));
        }
        assertEquals(128, builder.build().partitions().size());
    }
}
