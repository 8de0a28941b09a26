package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;

/**
 * {@code format} on a device full of old bytes: every metadata byte it owns is written, read back here at the
 * offsets fatgen103 gives (not through the library's descriptors), and fsck.fat accepts the result. A formatter
 * that skips zeroing a region, a backup sector or one FAT copy passes on a fresh all-zero file; here the old
 * bytes (0xA5) would show.
 */
class FormatOverGarbageTest {

    @TempDir
    Path tmp;

    private static int le16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long le32(byte[] b, int off) {
        return le16(b, off) | (long) le16(b, off + 2) << 16;
    }

    private static byte[] sector(byte[] image, long index) {
        return Arrays.copyOfRange(image, (int) (index * 512), (int) (index * 512 + 512));
    }

    private static void assertZero(byte[] image, long fromByte, long toByte, String what) {
        for (long i = fromByte; i < toByte; i++) {
            if (image[(int) i] != 0) {
                throw new AssertionError(what + ": byte " + i + " is 0x" + Integer.toHexString(image[(int) i] & 0xFF)
                        + ", not 0 (bytes " + fromByte + ".." + toByte + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"FAT12, 4", "FAT16, 32", "FAT32, 40"})
    void everyMetadataByteIsWrittenOverOldContent(FatType type, int mib) throws Exception {
        OracleTools.require("fsck.fat");
        Path image = tmp.resolve(type + ".img");
        byte[] garbage = new byte[mib << 20];
        Arrays.fill(garbage, (byte) 0xA5);
        Files.write(image, garbage);
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            FatFileSystem.format(device, FormatOptions.builder().fatType(type).volumeId(0x0BADCAFE).build()).close();
        }
        byte[] b = Files.readAllBytes(image);
        byte[] boot = sector(b, 0);
        boolean fat32 = type == FatType.FAT32;
        long total = (long) b.length / 512;

        assertEquals(List.of(0xEB, fat32 ? 0x58 : 0x3C, 0x90), List.of(boot[0] & 0xFF, boot[1] & 0xFF,
                boot[2] & 0xFF), "jump");
        assertEquals("KERNKIT ", new String(boot, 3, 8, StandardCharsets.US_ASCII), "OEM name");
        assertEquals(512, le16(boot, 11), "bytes per sector");
        int spc = boot[13] & 0xFF;
        int reserved = le16(boot, 14);
        assertEquals(fat32 ? 32 : 1, reserved, "reserved sectors");
        assertEquals(2, boot[16], "FAT copies");
        int rootEntries = le16(boot, 17);
        assertEquals(fat32 ? 0 : 512, rootEntries, "root entries");
        if (total < 0x10000 && !fat32) {
            assertEquals(total, le16(boot, 19), "16-bit total sectors");
            assertEquals(0, le32(boot, 32), "32-bit total sectors unused");
        } else {
            assertEquals(0, le16(boot, 19), "16-bit total sectors unused");
            assertEquals(total, le32(boot, 32), "32-bit total sectors");
        }
        assertEquals(0xF8, boot[21] & 0xFF, "media");
        assertEquals(32, le16(boot, 24), "sectors per track");
        assertEquals(64, le16(boot, 26), "heads");
        assertEquals(0, le32(boot, 28), "hidden sectors of an unpartitioned image");
        long fatSectors = fat32 ? le32(boot, 36) : le16(boot, 22);
        int tail = fat32 ? 64 : 36;
        assertEquals(0x80, boot[tail] & 0xFF, "drive number");
        assertEquals(0x29, boot[tail + 2] & 0xFF, "extended boot signature");
        assertEquals(0x0BADCAFEL, le32(boot, tail + 3), "volume id");
        assertEquals("NO NAME    ", new String(boot, tail + 7, 11, StandardCharsets.US_ASCII), "label");
        assertEquals(type + "   ",
                new String(boot, tail + 18, 8, StandardCharsets.US_ASCII), "file-system type");
        assertEquals(0x55, boot[510] & 0xFF);
        assertEquals(0xAA, boot[511] & 0xFF);

        // The reserved region: the boot sector, on FAT32 also FSInfo (1) and their backups (6, 7); zeros elsewhere.
        if (fat32) {
            assertEquals(2, le32(boot, 44), "root cluster");
            assertEquals(1, le16(boot, 48), "FSInfo sector");
            assertEquals(6, le16(boot, 50), "backup boot sector");
            byte[] info = sector(b, 1);
            assertEquals(0x41615252L, le32(info, 0), "FSInfo lead signature");
            assertEquals(0x61417272L, le32(info, 484), "FSInfo struct signature");
            assertArrayEquals(boot, sector(b, 6), "backup boot sector");
            assertArrayEquals(info, sector(b, 7), "backup FSInfo");
            assertZero(b, 2 * 512, 6 * 512, "reserved sectors 2..5");
            assertZero(b, 8 * 512, (long) reserved * 512, "reserved sectors 8..");
        }

        // Both FAT copies: the media entry, the end-of-chain entry (and the root's on FAT32), zeros after.
        long fatBytes = fatSectors * 512;
        long fat0 = (long) reserved * 512;
        byte[] copy0 = Arrays.copyOfRange(b, (int) fat0, (int) (fat0 + fatBytes));
        byte[] copy1 = Arrays.copyOfRange(b, (int) (fat0 + fatBytes), (int) (fat0 + 2 * fatBytes));
        assertArrayEquals(copy0, copy1, "FAT copy 1 equals copy 0");
        int used = switch (type) {
            case FAT12 -> 3;  // 0xFF8, 0xFFF in 12-bit entries
            case FAT16 -> 4;  // 0xFFF8, 0xFFFF
            case FAT32 -> 12; // 0x0FFFFFF8, 0x0FFFFFFF, the root's 0x0FFFFFFF
        };
        byte[] head = switch (type) {
            case FAT12 -> new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF};
            case FAT16 -> new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            case FAT32 -> new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF, 0x0F, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0x0F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        };
        assertArrayEquals(head, Arrays.copyOf(copy0, used), "reserved FAT entries");
        assertZero(copy0, used, copy0.length, "FAT copy 0 after the reserved entries");

        // The root: the fixed region on FAT12/16, cluster 2 on FAT32, all zeros (empty, end marker first).
        long dataStart = fat0 + 2 * fatBytes + (long) rootEntries * 32;
        if (fat32) {
            assertZero(b, dataStart, dataStart + (long) spc * 512, "root cluster");
        } else {
            assertZero(b, fat0 + 2 * fatBytes, dataStart, "root region");
        }

        assertEquals(List.of(), OracleTools.fsckComplaints(image), "fsck.fat -n");
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertEquals(List.of(), fs.check().problems());
            assertEquals(List.of(), fs.list("/"));
        }
    }
}
