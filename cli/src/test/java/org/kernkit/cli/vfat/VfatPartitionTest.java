package org.kernkit.cli.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.cli.CliRun;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.partition.MbrTable;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.vfat.partition.PartitionType;

/** {@code -i disk.img@N} and {@code --partition N} on the vfat subcommands. */
class VfatPartitionTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    /** An MBR disk with two empty partitions. */
    private Path disk(String name) throws Exception {
        Path image = tmp.resolve(name);
        try (FileBlockDevice disk = FileBlockDevice.create(image, 40 * MIB)) {
            MbrTable.builder(disk.sectorCount()).diskSignature(7).add(PartitionType.FAT16_LBA, 16 * MIB, true)
                    .addRemaining(PartitionType.FAT32_LBA, false).build().write(disk);
        }
        return image;
    }

    private static byte[] tableBytes(Path image) throws Exception {
        byte[] all = Files.readAllBytes(image);
        return java.util.Arrays.copyOfRange(all, 0, 512);
    }

    @Test
    void everySubcommandReachesTheFatInsideAPartitionByAtNumberOrByOption() throws Exception {
        Path image = disk("disk.img");
        byte[] table = tableBytes(image);
        String at1 = image + "@1";
        assertTrue(run(0, "vfat", "mkfs", "-i", at1, "-n", "PART1").contains("(partition 1): FAT"));
        run(0, "vfat", "mkfs", "-i", image.toString(), "--partition", "2", "--fat", "12");
        Path host = tmp.resolve("hello.txt");
        Files.writeString(host, "hello from partition 1\n");
        run(0, "vfat", "mkdir", "-i", at1, "/dir");
        run(0, "vfat", "cp", "-i", at1, host.toString(), "::/dir/hello.txt");
        run(0, "vfat", "mv", "-i", at1, "/dir/hello.txt", "/dir/Hello Renamed.txt");
        assertEquals("dir/\n", run(0, "vfat", "ls", "-i", at1));
        assertEquals("Hello Renamed.txt\n", run(0, "vfat", "ls", "-i", image.toString(), "--partition", "1", "/dir"));
        assertEquals("", run(0, "vfat", "ls", "-i", image + "@2"));
        assertEquals("hello from partition 1\n", new String(VfatCommandTest.cat(at1, "/dir/hello renamed.txt")));
        Path out = tmp.resolve("out.txt");
        run(0, "vfat", "cp", "-i", at1, "::/dir/Hello Renamed.txt", out.toString());
        assertEquals("hello from partition 1\n", Files.readString(out));
        String info = run(0, "vfat", "info", "-i", at1);
        assertTrue(info.contains("label:        PART1") && info.contains("partition:    1 (MBR, first sector 2048"),
                info);
        assertTrue(run(0, "vfat", "check", "-i", at1).contains("clean"));
        run(0, "vfat", "rm", "-i", at1, "-r", "/dir");
        assertEquals("", run(0, "vfat", "ls", "-i", at1));
        assertArrayEquals(table, tableBytes(image), "the partition table is left as it was");
        try (FatFileSystem fs = FatFileSystem.openReadOnly(
                PartitionTable.openPartition(FileBlockDevice.open(image, true), 2))) {
            assertEquals(org.kernkit.vfat.FatType.FAT12, fs.type());
        }
    }

    @Test
    void aFileWhoseNameHoldsAnAtSignOpensAsItself() throws Exception {
        Path bare = tmp.resolve("backup@2.img");
        run(0, "vfat", "mkfs", "-i", bare.toString(), "-s", "2M", "-n", "LITERAL");
        assertTrue(run(0, "vfat", "info", "-i", bare.toString()).contains("label:        LITERAL"));
        // A disk whose own name ends in @N is reached with --partition.
        Path disk = disk("disk@1");
        run(0, "vfat", "mkfs", "-i", disk.toString(), "--partition", "1");
        assertTrue(run(0, "vfat", "check", "-i", disk.toString(), "--partition", "1").contains("clean"));
        assertTrue(run(0, "vfat", "check", "-i", disk + "@1").contains("clean"), "disk@1@1");
    }

    @Test
    void badPartitionNumbersAndTablelessImagesGetOneLine() throws Exception {
        Path image = disk("disk.img");
        String missing = run(1, "vfat", "ls", "-i", image + "@3");
        assertEquals("kernkit vfat ls: " + image + " (partition 3): no partition 3 in the MBR table; it has 1, 2\n",
                missing);
        String zero = run(2, "vfat", "ls", "-i", image.toString(), "--partition", "0");
        assertTrue(zero.contains("partitions are numbered from 1"), zero);
        String both = run(2, "vfat", "ls", "-i", image + "@1", "--partition", "1");
        assertTrue(both.contains("both name a partition"), both);
        String offset = run(2, "vfat", "ls", "-i", image + "@@1048576");
        assertTrue(offset.contains("mtools' byte offset") && offset.contains("@1"), offset);
        String unformatted = run(1, "vfat", "ls", "-i", image + "@2");
        assertEquals(1, unformatted.lines().count(), unformatted);
        Path bare = tmp.resolve("bare.img");
        run(0, "vfat", "mkfs", "-i", bare.toString(), "-s", "2M");
        String noTable = run(1, "vfat", "info", "-i", bare + "@1");
        assertTrue(noTable.contains("bare file system") && noTable.lines().count() == 1, noTable);
        String size = run(2, "vfat", "mkfs", "-i", image + "@1", "-s", "8M");
        assertTrue(size.contains("--size"), size);
    }

    @Test
    void checkRepairWorksInsideAPartitionAndLeavesTheOtherPartitionAndTheTableAlone() throws Exception {
        Path image = disk("disk.img");
        run(0, "vfat", "mkfs", "-i", image + "@1", "--fat", "16");
        run(0, "vfat", "mkfs", "-i", image + "@2", "--fat", "12");
        byte[] before = Files.readAllBytes(image);
        // Clear the clean bit of FAT[1] (FAT16: 0x8000, high byte of bytes 2..3) in both FAT copies of partition 1,
        // which starts at sector 2048 and has 1 reserved sector; BPB_FATSz16 is at byte 22.
        byte[] bytes = before.clone();
        int boot = 2048 * 512;
        int fatSize = (bytes[boot + 22] & 0xFF) | (bytes[boot + 23] & 0xFF) << 8;
        for (int copy = 0; copy < 2; copy++) {
            int entry1 = boot + 512 + copy * fatSize * 512 + 3;
            bytes[entry1] &= 0x7F;
        }
        Files.write(image, bytes);
        assertTrue(run(0, "vfat", "info", "-i", image + "@1").contains("dirty:        yes"));
        String repaired = run(0, "vfat", "check", "-i", image + "@1", "--repair");
        assertTrue(repaired.contains("repaired: volume was marked dirty: marked clean")
                && repaired.contains(image + " (partition 1): 1 repair(s) written; clean"), repaired);
        assertArrayEquals(before, Files.readAllBytes(image), "only the dirty bit changed, and back");
    }

    @Test
    void mkfsRefusesToFormatAWholeDiskOverItsPartitionTable() throws Exception {
        Path image = disk("disk.img");
        byte[] before = Files.readAllBytes(image);
        String err = run(1, "vfat", "mkfs", "-i", image.toString());
        assertTrue(err.contains("MBR partition table") && err.contains("@N"), err);
        String err2 = run(1, "vfat", "mkfs", "-i", image.toString(), "-s", "8M");
        assertTrue(err2.contains("refusing"), err2);
        assertArrayEquals(before, Files.readAllBytes(image), "nothing was written");
        assertFalse(Files.size(image) != before.length);
    }
}
