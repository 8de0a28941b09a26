package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;

class PartitionBlockDeviceTest {

    private static final long DISK = 16384; // 8 MiB

    @Test
    void sectorZeroOfTheViewIsThePartitionsFirstSector() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        PartitionBlockDevice view = PartitionBlockDevice.slice(disk, 2048, 100, false);
        byte[] sector = new byte[512];
        Arrays.fill(sector, (byte) 0x5A);
        view.write(0, ByteBuffer.wrap(sector));
        assertArrayEquals(sector, Arrays.copyOfRange(disk.bytes, 2048 * 512, 2049 * 512));
        assertEquals(100, view.sectorCount());
    }

    @Test
    void accessPastThePartitionIsRefusedAndTouchesNothing() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        PartitionBlockDevice view = PartitionBlockDevice.slice(disk, 2048, 100, false);
        assertThrows(EOFException.class, () -> view.write(99, ByteBuffer.allocate(1024)));
        assertThrows(EOFException.class, () -> view.read(-1, ByteBuffer.allocate(512)));
        assertArrayEquals(new byte[disk.bytes.length], disk.bytes);
    }

    @Test
    void viewPastTheDiskIsRefused() {
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> PartitionBlockDevice.slice(new MemoryDisk(DISK), 16000, 1000, false));
        assertEquals("sectors 16000..16999 pass the end of the disk of 16384 sectors", e.getMessage());
    }

    @Test
    void owningViewClosesTheDiskAndBorrowingDoesNot() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        Partition p = Partition.mbr(1, PartitionType.FAT12, 2048, 100, false);
        PartitionBlockDevice.borrowing(disk, p).close();
        assertFalse(disk.closed);
        PartitionBlockDevice.owning(disk, p).close();
        assertTrue(disk.closed);
    }

    @Test
    void fatFormattedInAPartitionOpensByNumberAndLeavesTheTableIntact() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        GptTable table = GptTable.builder(DISK).seed(3).addRemaining(PartitionType.EFI_SYSTEM, "ESP").build();
        table.write(disk);
        byte[] content = "hello from inside partition 1".getBytes(StandardCharsets.UTF_8);
        try (FatFileSystem fs = FatFileSystem.format(PartitionBlockDevice.borrowing(disk, table.partition(1)),
                FormatOptions.builder().fatType(FatType.FAT12).build())) {
            fs.createDirectory("/EFI");
            fs.writeAllBytes("/EFI/hello.txt", content);
        }
        assertEquals(table, GptTable.read(disk));
        assertTrue(GptTable.read(disk).warnings().isEmpty());
        try (FatFileSystem fs = FatFileSystem.open(PartitionTable.openPartition(disk, 1), NamingMode.WINDOWS)) {
            assertArrayEquals(content, fs.readAllBytes("/EFI/hello.txt"));
            assertTrue(fs.check().clean(), fs.check().toString());
        }
        assertTrue(disk.closed, "openPartition owns the disk");
    }

    @Test
    void openPartitionOfAMissingNumberClosesTheDiskAndSaysWhatThereIs() throws Exception {
        MemoryDisk disk = new MemoryDisk(DISK);
        MbrTable.builder(DISK).addRemaining(PartitionType.FAT16, false).build().write(disk);
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> PartitionTable.openPartition(disk, 2));
        assertEquals("no partition 2 in the MBR table; it has 1", e.getMessage());
        assertTrue(disk.closed);
    }
}
