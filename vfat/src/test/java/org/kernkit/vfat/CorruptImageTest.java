package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.internal.LittleEndian;
import org.kernkit.vfat.internal.VolumeLayout;

/** Damaged images give errors naming the damage, never hang, and are never written further. */
class CorruptImageTest {

    @TempDir
    Path tmp;
    Path image;
    long fileA;
    long fileB;

    @BeforeEach
    void makeImage() throws Exception {
        image = tmp.resolve("c.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 8 << 20,
                FormatOptions.builder().fatType(FatType.FAT16).build())) {
            fs.writeAllBytes("/File A.bin", new byte[fs.clusterSize() * 3]);
            fs.writeAllBytes("/File B.bin", filled(fs.clusterSize() * 2, 7));
            fileA = fs.stat("/File A.bin").firstCluster();
            fileB = fs.stat("/File B.bin").firstCluster();
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private VolumeLayout layout() throws Exception {
        byte[] all = Files.readAllBytes(image);
        return VolumeLayout.parse(Arrays.copyOf(all, 512), all.length);
    }

    /** Sets FAT16 entry {@code cluster} to {@code value} in both copies. */
    private void setFat(long cluster, int value) throws Exception {
        VolumeLayout l = layout();
        byte[] all = Files.readAllBytes(image);
        for (int copy = 0; copy < l.numFats; copy++) {
            LittleEndian.put16(all, (int) (l.fatOffset(copy) + cluster * 2), value);
        }
        Files.write(image, all);
    }

    private void poke(long offset, byte... bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes), offset);
        }
    }

    @Test
    void impossibleBytesPerSectorIsNamedWithItsValue() throws Exception {
        poke(11, (byte) 0x2C, (byte) 0x01); // 300
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> FatFileSystem.openReadOnly(image));
        assertTrue(e.getMessage().contains("bytes per sector is 300"), e.getMessage());
    }

    @Test
    void zeroSectorsPerClusterIsNamed() throws Exception {
        poke(13, (byte) 0);
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> FatFileSystem.openReadOnly(image));
        assertTrue(e.getMessage().contains("sectors per cluster is 0"), e.getMessage());
    }

    @Test
    void truncatedImageIsNamedWithBothSizes() throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.truncate(4 << 20);
        }
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> FatFileSystem.openReadOnly(image));
        assertTrue(e.getMessage().contains("truncated image") && e.getMessage().contains(String.valueOf(4 << 20)),
                e.getMessage());
    }

    @Test
    void loopingChainIsReportedNotFollowedForever() throws Exception {
        setFat(fileA + 2, (int) fileA);
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            CorruptImageException e = assertThrows(CorruptImageException.class, () -> fs.readAllBytes("/File A.bin"));
            assertTrue(e.getMessage().contains("loops"), e.getMessage());
            assertFalse(fs.check().clean());
        }
    }

    @Test
    void chainPastTheVolumeEndIsNamedWithTheCluster() throws Exception {
        setFat(fileA + 1, 0xFF00);
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            CorruptImageException e = assertThrows(CorruptImageException.class, () -> fs.readAllBytes("/File A.bin"));
            assertTrue(e.getMessage().contains("65280") && e.getMessage().contains("outside"), e.getMessage());
        }
    }

    @Test
    void crossLinkedVolumeIsNeverWrittenSoDamageCannotSpread() throws Exception {
        setFat(fileA + 2, (int) fileB); // A's tail now runs into B's clusters
        byte[] before = Files.readAllBytes(image);
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            java.util.List<String> problems = fs.check().problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("cross-linked")), problems::toString);
            CorruptImageException e = assertThrows(CorruptImageException.class,
                    () -> fs.append("/File A.bin", new byte[100]));
            assertTrue(e.getMessage().contains("refusing to change a damaged volume"), e.getMessage());
            assertThrows(CorruptImageException.class, () -> fs.writeAllBytes("/new.txt", new byte[1]));
        }
        assertArrayEquals(before, Files.readAllBytes(image), "the damaged image was not written at all");
    }

    @Test
    void brokenLongNameRunFallsBackToTheShortNameAndIsReported() throws Exception {
        long root = layout().rootDirOffset();
        byte[] all = Files.readAllBytes(image);
        int slot = (int) root;
        while ((all[slot + 11] & 0x3F) != 0x0F) {
            slot += 32;
        }
        poke(slot + 13, (byte) (all[slot + 13] ^ 0x55)); // wrong checksum in the first LFN part of File A
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            java.util.List<FatEntry> listing = fs.list("/");
            assertTrue(listing.stream().anyMatch(e -> e.name().equals("FILEA~1.BIN")), listing::toString);
            java.util.List<String> problems = fs.check().problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("long name")), problems::toString);
        }
        assertFalse(OracleTools.fsckComplaints(image).isEmpty(), "fsck.fat also sees the damage");
    }

    @Test
    void diskFullIsRefusedBeforeAnythingChanges() throws Exception {
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/warm-up.txt", new byte[1]);
            fs.flush();
            byte[] before = Files.readAllBytes(image);
            long free = fs.freeSpace();
            FileSystemFullException e = assertThrows(FileSystemFullException.class,
                    () -> fs.writeAllBytes("/too big.bin", new byte[(int) free + 1]));
            assertTrue(e.getMessage().contains("free cluster"), e.getMessage());
            assertThrows(FileSystemFullException.class,
                    () -> fs.writeAllBytes("/File B.bin", new byte[(int) free + fs.clusterSize()]));
            assertArrayEquals(before, Files.readAllBytes(image));
            assertArrayEquals(filled(fs.clusterSize() * 2, 7), fs.readAllBytes("/File B.bin"));
        }
    }

    @Test
    void fullFixedRootIsRefusedBeforeAnythingChanges() throws Exception {
        Path small = tmp.resolve("r.img");
        try (FatFileSystem fs = FatFileSystem.format(small, 2 << 20,
                FormatOptions.builder().fatType(FatType.FAT12).rootEntries(16).build())) {
            for (int i = 0; i < 16; i++) {
                fs.writeAllBytes("/F" + i + ".TXT", new byte[1]);
            }
            fs.flush();
            byte[] before = Files.readAllBytes(small);
            FileSystemFullException e = assertThrows(FileSystemFullException.class,
                    () -> fs.writeAllBytes("/ONE.TXT", new byte[100]));
            assertTrue(e.getMessage().contains("root directory is full (16 entries"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(small));
        }
    }

    @Test
    void invalidNamesAreRefusedNamingTheCharacter() throws Exception {
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            InvalidNameException e = assertThrows(InvalidNameException.class,
                    () -> fs.writeAllBytes("/a:b.txt", new byte[1]));
            assertTrue(e.getMessage().contains("U+003A at index 1"), e.getMessage());
            e = assertThrows(InvalidNameException.class, () -> fs.writeAllBytes("/" + "x".repeat(256), new byte[1]));
            assertTrue(e.getMessage().contains("256"), e.getMessage());
            assertThrows(InvalidNameException.class, () -> fs.createDirectory("/trailing dot."));
            assertEquals(2, fs.list("/").size());
        }
    }
}
