package org.kernkit.vfat;

import org.kernkit.block.FileBlockDevice;

import org.kernkit.block.BlockDevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rename/move, truncate/append, channels, attributes, times, label, dirty bit, read-only opens. */
class FileOperationsTest {

    @TempDir
    Path tmp;

    private FatFileSystem fresh(FatType type) throws Exception {
        long size = type == FatType.FAT32 ? 40L << 20 : 8L << 20;
        return FatFileSystem.format(tmp.resolve("f.img"), size, FormatOptions.builder().fatType(type).build());
    }

    @Test
    void movingADirectoryRepointsItsDotDotAndKeepsItsContent() throws Exception {
        Path image = tmp.resolve("f.img");
        try (FatFileSystem fs = fresh(FatType.FAT32)) {
            fs.createDirectories("/a/Child Dir");
            fs.writeAllBytes("/a/Child Dir/file.txt", "content".getBytes(StandardCharsets.UTF_8));
            fs.createDirectory("/b");
            fs.move("/a/Child Dir", "/b/Renamed Child", false);
            assertEquals("content", new String(fs.readAllBytes("/b/Renamed Child/file.txt"), StandardCharsets.UTF_8));
            assertFalse(fs.exists("/a/Child Dir"));
            fs.move("/b/Renamed Child", "/At Root", false);
            assertTrue(fs.check().clean(), fs.check().problems().toString());
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
    }

    @Test
    void movingADirectoryIntoItselfIsRefused() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT16)) {
            fs.createDirectories("/a/b");
            FileSystemException e = assertThrows(FileSystemException.class, () -> fs.move("/a", "/a/b/a", false));
            assertTrue(e.getMessage().contains("into itself"), e.getMessage());
            assertTrue(fs.exists("/a/b"));
        }
    }

    @Test
    void caseOnlyRenameChangesTheDisplayedName() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT16)) {
            fs.writeAllBytes("/readme.txt", new byte[] {1});
            fs.move("/readme.txt", "/ReadMe.TXT", false);
            assertEquals(List.of("ReadMe.TXT"), fs.list("/").stream().map(FatEntry::name).toList());
            assertArrayEquals(new byte[] {1}, fs.readAllBytes("/README.TXT"));
        }
    }

    @Test
    void moveOntoAnExistingNameNeedsReplace() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT16)) {
            fs.writeAllBytes("/one.txt", new byte[] {1});
            fs.writeAllBytes("/two.txt", new byte[] {2});
            assertThrows(FileAlreadyExistsException.class, () -> fs.move("/one.txt", "/two.txt", false));
            fs.move("/one.txt", "/two.txt", true);
            assertArrayEquals(new byte[] {1}, fs.readAllBytes("/two.txt"));
            assertEquals(1, fs.list("/").size());
            assertTrue(fs.check().clean());
        }
    }

    @Test
    void channelWritesAtOffsetsZeroFillGapsAndTruncate() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT12)) {
            int cluster = fs.clusterSize();
            try (SeekableByteChannel ch = fs.newByteChannel("/sparse.bin",
                    Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE))) {
                ch.position(cluster * 2L + 5);
                ch.write(ByteBuffer.wrap(new byte[] {9, 9}));
                ch.position(3);
                ch.write(ByteBuffer.wrap(new byte[] {7}));
                assertEquals(cluster * 2L + 7, ch.size());
            }
            byte[] expected = new byte[cluster * 2 + 7];
            expected[3] = 7;
            expected[cluster * 2 + 5] = 9;
            expected[cluster * 2 + 6] = 9;
            assertArrayEquals(expected, fs.readAllBytes("/sparse.bin"));
            fs.truncate("/sparse.bin", 4);
            assertArrayEquals(new byte[] {0, 0, 0, 7}, fs.readAllBytes("/sparse.bin"));
            fs.truncate("/sparse.bin", 6);
            assertArrayEquals(new byte[] {0, 0, 0, 7, 0, 0}, fs.readAllBytes("/sparse.bin"));
            fs.append("/sparse.bin", new byte[] {5});
            assertEquals(7, fs.stat("/sparse.bin").size());
            fs.truncate("/sparse.bin", 0);
            assertEquals(0, fs.stat("/sparse.bin").firstCluster());
            assertTrue(fs.check().clean(), fs.check().problems().toString());
        }
    }

    @Test
    void twoChannelsOnOneFileShareItsSize() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT16)) {
            Set<StandardOpenOption> rw = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE);
            try (SeekableByteChannel a = fs.newByteChannel("/shared", rw);
                    SeekableByteChannel b = fs.newByteChannel("/shared", rw)) {
                a.write(ByteBuffer.wrap(new byte[5000]));
                assertEquals(5000, b.size());
                ByteBuffer dst = ByteBuffer.allocate(6000);
                assertEquals(5000, b.read(dst));
            }
            assertEquals(5000, fs.stat("/shared").size());
        }
    }

    @Test
    void attributesAndTimesAreStoredAndReadOnlyFilesRefuseWrites() throws Exception {
        try (FatFileSystem fs = fresh(FatType.FAT16)) {
            fs.writeAllBytes("/f.txt", new byte[1]);
            assertEquals(FatEntry.ARCHIVE, fs.stat("/f.txt").attributes());
            fs.setAttributes("/f.txt", FatEntry.READ_ONLY | FatEntry.HIDDEN);
            assertEquals(FatEntry.READ_ONLY | FatEntry.HIDDEN, fs.stat("/f.txt").attributes());
            assertThrows(AccessDeniedException.class, () -> fs.writeAllBytes("/f.txt", new byte[2]));
            assertThrows(AccessDeniedException.class, () -> fs.delete("/f.txt"));
            assertThrows(IllegalArgumentException.class, () -> fs.setAttributes("/f.txt", FatEntry.DIRECTORY));
            FileTime modified = FileTime.from(Instant.parse("2009-07-20T10:11:12Z"));
            FileTime created = FileTime.from(Instant.parse("2001-02-03T04:05:06.780Z"));
            fs.setTimes("/f.txt", created, modified, null);
            FatEntry e = fs.stat("/f.txt");
            assertEquals(modified.toInstant(), e.modified().toInstant());
            assertEquals(created.toInstant(), e.created().toInstant());
        }
    }

    @Test
    void volumeLabelIsWrittenToBootSectorAndRootAndValidated() throws Exception {
        Path image = tmp.resolve("f.img");
        try (FatFileSystem fs = fresh(FatType.FAT32)) {
            fs.setVolumeLabel("my disk");
            assertEquals("MY DISK", fs.volumeLabel());
            assertThrows(InvalidNameException.class, () -> fs.setVolumeLabel("much too long label"));
            assertThrows(InvalidNameException.class, () -> fs.setVolumeLabel("a*b"));
        }
        assertTrue(OracleTools.run("mlabel", "-s", "-i", image.toString(), "::").output().contains("MY DISK"));
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
    }

    @Test
    void volumeIsDirtyWhileChangedAndCleanAfterClose() throws Exception {
        Path image = tmp.resolve("f.img");
        FatFileSystem fs = fresh(FatType.FAT16);
        fs.writeAllBytes("/x", new byte[1]);
        fs.flush();
        byte[] whileOpen = Files.readAllBytes(image);
        fs.close();
        try (FatFileSystem reopened = FatFileSystem.openReadOnly(image)) {
            assertFalse(reopened.wasDirtyWhenOpened());
        }
        Files.write(tmp.resolve("torn.img"), whileOpen);
        try (FatFileSystem torn = FatFileSystem.openReadOnly(tmp.resolve("torn.img"))) {
            assertTrue(torn.wasDirtyWhenOpened(), "FAT[1] clean bit cleared while open for writing");
        }
    }

    @Test
    void readOnlyOpenRefusesChanges() throws Exception {
        Path image = tmp.resolve("f.img");
        fresh(FatType.FAT12).close();
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            assertThrows(ReadOnlyFileSystemException.class, () -> fs.writeAllBytes("/x", new byte[1]));
        }
    }

    @Test
    void tenThousandFilesInOneDirectoryHaveDistinctShortNamesAndPassFsck() throws Exception {
        Path image = tmp.resolve("f.img");
        // Names, not durability, are under test here: skip the two syncs per file (OverwriteCrashTest covers them).
        FatFileSystem.format(image, 64L << 20, FormatOptions.builder().fatType(FatType.FAT16).build()).close();
        try (FatFileSystem fs = FatFileSystem.open(BlockDevice.withoutBarriers(FileBlockDevice.open(image, false)),
                NamingMode.WINDOWS)) {
            fs.createDirectory("/d");
            for (int i = 0; i < 10_000; i++) {
                fs.writeAllBytes("/d/Holiday Photo Number " + i + ".jpeg", new byte[0]);
            }
            List<FatEntry> listing = fs.list("/d");
            assertEquals(10_000, listing.size());
            Set<String> shorts = new HashSet<>();
            for (FatEntry e : listing) {
                assertTrue(shorts.add(e.shortName()), "duplicate " + e.shortName());
            }
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
    }
}
