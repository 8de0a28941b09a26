package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The listing of {@link PartitionTable#describe()}: its columns, and sizes in the largest binary unit. */
class TableListingTest {

    private static String[] columns(String line) {
        return line.trim().split("\\s+");
    }

    @Test
    void mbrListingShowsOneRowPerPartitionWithBootMarkAndSizeInTheLargestUnitBelow1024() throws Exception {
        MbrTable table = MbrTable.of(8192, 0x12345678, List.of(
                Partition.mbr(1, PartitionType.FAT32_LBA, 1, 1, true),
                Partition.mbr(2, PartitionType.FAT32_LBA, 2, 2, false),
                Partition.mbr(3, PartitionType.FAT16, 2048, 1536, false),
                Partition.mbr(4, PartitionType.FAT16, 4096, 4096, false)));
        String[] lines = table.describe().split("\n");
        assertEquals("MBR disk of 8192 sectors, disk signature 0x12345678", lines[0]);
        assertArrayEquals(new String[] {"#", "start", "end", "sectors", "size", "boot", "type"}, columns(lines[1]));
        assertArrayEquals(new String[] {"1", "1", "1", "1", "512", "B", "*", "FAT32", "LBA"}, columns(lines[2]));
        assertArrayEquals(new String[] {"2", "2", "3", "2", "1.0", "KiB", "FAT32", "LBA"}, columns(lines[3]));
        assertArrayEquals(new String[] {"3", "2048", "3583", "1536", "768.0", "KiB", "FAT16"}, columns(lines[4]));
        assertArrayEquals(new String[] {"4", "4096", "8191", "4096", "2.0", "MiB", "FAT16"}, columns(lines[5]));
        assertEquals(6, lines.length);
    }

    @Test
    void sizesPastTheLargestUnitStayInTebibytes() throws Exception {
        long sectors = 1L << 42; // 2 PiB
        GptTable table = GptTable.of(sectors + 4096, new UUID(7, 7), List.of(Partition.gpt(1,
                PartitionType.LINUX_FILESYSTEM, 2048, sectors, new UUID(8, 8), "big", false, 0)));
        String[] lines = table.describe().split("\n");
        assertArrayEquals(new String[] {"1", "2048", String.valueOf(2048 + sectors - 1), String.valueOf(sectors),
            "2048.0", "TiB", "Linux", "filesystem", "/", "\"big\"", "/", new UUID(8, 8).toString()}, columns(lines[2]));
    }
}
