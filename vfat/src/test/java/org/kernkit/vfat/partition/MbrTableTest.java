package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

class MbrTableTest {

    private static final long DISK = 65536; // 32 MiB

    private static MbrTable twoPartitions() throws PartitionTableException {
        return MbrTable.builder(DISK).diskSignature(0x12345678)
                .add(PartitionType.FAT16_LBA, 8 << 20, true)
                .addRemaining(PartitionType.FAT32_LBA, false)
                .build();
    }

    /** Writes a raw entry into sector 0, bypassing the table's validation. */
    private static void putEntry(MemoryDisk disk, int index, int status, int type, long first, long count) {
        ByteBuffer le = ByteBuffer.wrap(disk.bytes).order(ByteOrder.LITTLE_ENDIAN);
        disk.bytes[MbrDescriptor.entryOffset(index, MbrDescriptor.STATUS)] = (byte) status;
        disk.bytes[MbrDescriptor.entryOffset(index, MbrDescriptor.TYPE)] = (byte) type;
        le.putInt(MbrDescriptor.entryOffset(index, MbrDescriptor.FIRST_LBA), (int) first);
        le.putInt(MbrDescriptor.entryOffset(index, MbrDescriptor.SECTOR_COUNT), (int) count);
        disk.bytes[510] = 0x55;
        disk.bytes[511] = (byte) 0xAA;
    }

    @Test
    void builderAlignsPartitionsToOneMebibyte() throws Exception {
        MbrTable table = twoPartitions();
        assertEquals(2048, table.partition(1).firstSector());
        assertEquals(16384, table.partition(1).sectorCount());
        assertEquals(2048 + 16384, table.partition(2).firstSector());
        assertEquals(DISK - 1, table.partition(2).lastSector(), "the disk ends on a MiB boundary");
    }

    @Test
    void writtenTableReadsBackEqual() throws Exception {
        MbrTable table = twoPartitions();
        MemoryDisk disk = new MemoryDisk(DISK);
        table.write(disk);
        PartitionTable read = PartitionTable.read(disk);
        assertInstanceOf(MbrTable.class, read);
        assertEquals(table, read);
        assertTrue(read.warnings().isEmpty());
    }

    @Test
    void entriesAreEncodedAsTheLayoutSays() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        twoPartitions().write(disk);
        ByteBuffer le = ByteBuffer.wrap(disk.bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x12345678, le.getInt(440));
        assertEquals(0x80, disk.bytes[446] & 0xFF);
        assertEquals(0x0E, disk.bytes[446 + 4] & 0xFF);
        assertEquals(2048, le.getInt(446 + 8));
        assertEquals(16384, le.getInt(446 + 12));
        assertEquals(0x0C, disk.bytes[462 + 4] & 0xFF);
        // CHS of LBA 2048 with 255 heads, 63 sectors: cylinder 0, head 32, sector 33.
        assertArrayEquals(new byte[] {32, 33, 0}, Arrays.copyOfRange(disk.bytes, 447, 450));
        assertEquals(0x55, disk.bytes[510] & 0xFF);
        assertEquals(0xAA, disk.bytes[511] & 0xFF);
    }

    @Test
    void writingKeepsTheBootCode() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        for (int i = 0; i < 440; i++) {
            disk.bytes[i] = (byte) (i * 7);
        }
        byte[] bootCode = Arrays.copyOf(disk.bytes, 440);
        twoPartitions().write(disk);
        assertArrayEquals(bootCode, Arrays.copyOf(disk.bytes, 440));
    }

    @Test
    void typesReadBackByCode() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 0, 0, 0x01, 2048, 2048);
        putEntry(disk, 1, 0, 0x06, 4096, 2048);
        putEntry(disk, 2, 0, 0xEF, 6144, 2048);
        putEntry(disk, 3, 0, 0x8E, 8192, 2048);
        List<Partition> parts = MbrTable.read(disk).partitions();
        assertEquals(PartitionType.FAT12, parts.get(0).type());
        assertEquals(PartitionType.FAT16, parts.get(1).type());
        assertEquals(PartitionType.EFI_SYSTEM, parts.get(2).type());
        assertEquals(0x8E, parts.get(3).type().mbrCode().getAsInt());
    }

    @Test
    void emptySlotsAreLeftOutAndNumbersKept() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 2, 0, 0x0C, 2048, 4096);
        MbrTable table = MbrTable.read(disk);
        assertEquals(1, table.partitions().size());
        assertEquals(3, table.partitions().get(0).number());
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> table.partition(1));
        assertEquals("no partition 1 in the MBR table; it has 3", e.getMessage());
    }

    @Test
    void badSignatureNamesTheValueFound() {
        MemoryDisk disk = new MemoryDisk(DISK);
        disk.bytes[510] = 0x12;
        disk.bytes[511] = 0x34;
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> PartitionTable.read(disk));
        assertTrue(e.getMessage().contains("0x3412") && e.getMessage().contains("0xaa55"), e.getMessage());
    }

    @Test
    void overlappingEntriesAreRefusedWithBothRanges() {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 0, 0, 0x0C, 2048, 4096);
        putEntry(disk, 1, 0, 0x0C, 4000, 4096);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.read(disk));
        assertEquals("MBR: partitions 1 (sectors 2048..6143) and 2 (sectors 4000..8095) overlap", e.getMessage());
    }

    @Test
    void entryPastTheEndOfTheDiskIsRefused() {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 0, 0, 0x0C, 2048, DISK);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.read(disk));
        assertEquals("MBR: partition 1 (sectors 2048..67583) passes the last usable sector 65535 (the disk has 65536"
                + " sectors)", e.getMessage());
    }

    @Test
    void entryCoveringSectorZeroIsRefused() {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 0, 0, 0x0C, 0, 100);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.read(disk));
        assertTrue(e.getMessage().contains("starts before the first usable sector 1"), e.getMessage());
    }

    @Test
    void badStatusByteIsRefused() {
        MemoryDisk disk = new MemoryDisk(DISK);
        putEntry(disk, 0, 0x17, 0x0C, 2048, 100);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> MbrTable.read(disk));
        assertEquals("MBR entry 1: status byte 0x17 is neither 0x00 nor 0x80", e.getMessage());
    }

    @Test
    void bareFatBootSectorIsNamedAsSuch() {
        MemoryDisk disk = new MemoryDisk(DISK);
        disk.bytes[0] = (byte) 0xEB;
        disk.bytes[11] = 0;
        disk.bytes[12] = 2; // 512 bytes per sector
        putEntry(disk, 0, 0x29, 0x0C, 2048, 100); // BPB bytes where entry 1 would be
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> PartitionTable.read(disk));
        assertTrue(e.getMessage().contains("looks like a FAT boot sector"), e.getMessage());
    }

    @Test
    void buildingMoreThanFourPartitionsIsRefused() {
        MbrTable.Builder builder = MbrTable.builder(DISK);
        for (int i = 0; i < 5; i++) {
            builder.add(PartitionType.FAT12, 1 << 20, false);
        }
        PartitionTableException e = assertThrows(PartitionTableException.class, builder::build);
        assertEquals("MBR: 5 partitions requested, an MBR holds 4", e.getMessage());
    }

    @Test
    void buildingPastTheDiskNamesTheRoomLeft() {
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> MbrTable.builder(DISK).add(PartitionType.FAT32_LBA, 64L << 20, false).build());
        assertTrue(e.getMessage().startsWith("MBR: partition 1 of 131072 sectors does not fit: 63488 whole-MiB"),
                e.getMessage());
    }

    @Test
    void gptOnlyTypeIsRefusedInAnMbr() {
        Partition p = Partition.gpt(1, PartitionType.ofGptGuid(java.util.UUID.randomUUID()), 2048, 10,
                java.util.UUID.randomUUID(), "", false, 0);
        assertThrows(PartitionTableException.class, () -> MbrTable.of(DISK, 0, List.of(p)));
    }

    @Test
    void writingToADiskOfAnotherSizeIsRefused() throws Exception {
        MbrTable table = twoPartitions();
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> table.write(new MemoryDisk(DISK * 2)));
        assertEquals("MBR: the table is for a disk of 65536 sectors, the device has 131072", e.getMessage());
    }

    @Test
    void seededRandomGivesTheSameDiskSignature() throws Exception {
        MbrTable a = MbrTable.builder(DISK).random(new java.util.SplittableRandom(7))
                .addRemaining(PartitionType.FAT12, false).build();
        MbrTable b = MbrTable.builder(DISK).random(new java.util.SplittableRandom(7))
                .addRemaining(PartitionType.FAT12, false).build();
        assertEquals(a.diskSignature(), b.diskSignature());
    }

    @Test
    void describeListsEveryPartition() throws Exception {
        String listing = twoPartitions().describe();
        assertTrue(listing.startsWith("MBR disk of 65536 sectors, disk signature 0x12345678\n"), listing);
        assertTrue(listing.contains("FAT16 LBA") && listing.contains("FAT32 LBA"), listing);
    }
}
