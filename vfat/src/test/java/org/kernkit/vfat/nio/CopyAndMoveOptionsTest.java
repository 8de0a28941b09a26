package org.kernkit.vfat.nio;

import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FileSystemFullException;

/**
 * {@code Files.copy} and {@code Files.move} on FAT paths with their options: what {@code COPY_ATTRIBUTES} carries,
 * what {@code REPLACE_EXISTING} may replace, directories, copies and moves between two images, and the space check
 * at its exact limit.
 */
class CopyAndMoveOptionsTest {

    private static final FileTime CREATED = FileTime.from(Instant.parse("2009-05-06T07:08:09.250Z"));
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2010-06-07T08:09:10Z"));
    private static final FileTime ACCESSED = FileTime.from(LocalDate.of(2011, 7, 8)
            .atStartOfDay(ZoneId.systemDefault()).toInstant());

    @TempDir
    Path tmp;

    /** A source file with all three times set and the given DOS bits. */
    private static Path source(FatNioFileSystem fs, String path, int attributes) throws Exception {
        Path p = fs.getPath(path);
        Files.writeString(p, "source");
        fs.core().setTimes(path, CREATED, MODIFIED, ACCESSED);
        fs.core().setAttributes(path, attributes);
        return p;
    }

    private static String entry(FatNioFileSystem fs, String path) throws Exception {
        FatEntry e = fs.core().stat(path);
        return "attributes " + e.attributes() + ", times " + List.of(e.created(), e.modified(), e.accessed());
    }

    @Test
    void copyAttributesCarriesTheTimesAndTheDosBits() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            source(fs, "/a.txt", FatEntry.HIDDEN | FatEntry.SYSTEM | FatEntry.READ_ONLY);
            Files.copy(fs.getPath("/a.txt"), fs.getPath("/b.txt"), COPY_ATTRIBUTES);
            assertEquals(entry(fs, "/a.txt"), entry(fs, "/b.txt"));
            assertEquals("source", Files.readString(fs.getPath("/b.txt")));
        }
    }

    @Test
    void copyAttributesBetweenTwoImagesCarriesTheTimesAndTheDosBits() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            source(a, "/a.txt", FatEntry.HIDDEN | FatEntry.ARCHIVE);
            Files.copy(a.getPath("/a.txt"), b.getPath("/a.txt"), COPY_ATTRIBUTES);
            assertEquals(entry(a, "/a.txt"), entry(b, "/a.txt"));
        }
    }

    @Test
    void aPlainCopyIsANewArchivedFileWithTheSourcesBytesOnly() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            source(fs, "/a.txt", FatEntry.HIDDEN | FatEntry.SYSTEM);
            Files.copy(fs.getPath("/a.txt"), fs.getPath("/b.txt"));
            FatEntry copy = fs.core().stat("/b.txt");
            assertEquals(FatEntry.ARCHIVE, copy.attributes());
            assertFalse(MODIFIED.equals(copy.modified()), "the copy's modified time is its own");
            assertEquals("source", Files.readString(fs.getPath("/b.txt")));
        }
    }

    @Test
    void copyOfADirectoryMakesAnEmptyDirectory() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectories(fs.getPath("/d/sub"));
            Files.writeString(fs.getPath("/d/f.txt"), "x");
            Files.copy(fs.getPath("/d"), fs.getPath("/e"));
            assertTrue(Files.isDirectory(fs.getPath("/e")));
            assertEquals(List.of(), fs.core().list("/e"));
            assertEquals(2, fs.core().list("/d").size());
        }
    }

    @Test
    void copyOfADirectoryWithReplaceReplacesAFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/d"));
            Files.writeString(fs.getPath("/e"), "file");
            Files.copy(fs.getPath("/d"), fs.getPath("/e"), REPLACE_EXISTING);
            assertTrue(Files.isDirectory(fs.getPath("/e")));
        }
    }

    @Test
    void copyOfAFileWithReplaceReplacesAnEmptyDirectory() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "bytes");
            Files.createDirectory(fs.getPath("/d"));
            Files.copy(fs.getPath("/a.txt"), fs.getPath("/d"), REPLACE_EXISTING);
            assertTrue(Files.isRegularFile(fs.getPath("/d")));
            assertEquals("bytes", Files.readString(fs.getPath("/d")));
        }
    }

    @Test
    void copyWithReplaceRefusesANonEmptyDirectoryAndKeepsIt() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "bytes");
            Files.createDirectory(fs.getPath("/d"));
            Files.writeString(fs.getPath("/d/inside.txt"), "kept");
            DirectoryNotEmptyException e = assertThrows(DirectoryNotEmptyException.class,
                    () -> Files.copy(fs.getPath("/a.txt"), fs.getPath("d/."), REPLACE_EXISTING));
            assertEquals("d/.", e.getFile(), "the target as given");
            assertEquals("kept", Files.readString(fs.getPath("/d/inside.txt")));
        }
    }

    @Test
    void copyWithReplaceOverwritesAnExistingFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "new");
            Files.writeString(fs.getPath("/b.txt"), "older and longer");
            Files.copy(fs.getPath("/a.txt"), fs.getPath("/b.txt"), REPLACE_EXISTING);
            assertEquals("new", Files.readString(fs.getPath("/b.txt")));
        }
    }

    @Test
    void copyBetweenTwoImagesOntoTheSamePathNeedsReplace() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            Files.writeString(a.getPath("/x.txt"), "from a");
            Files.writeString(b.getPath("/x.txt"), "in b");
            assertThrows(FileAlreadyExistsException.class, () -> Files.copy(a.getPath("/x.txt"), b.getPath("/x.txt")));
            assertEquals("in b", Files.readString(b.getPath("/x.txt")));
            Files.copy(a.getPath("/x.txt"), b.getPath("/x.txt"), REPLACE_EXISTING);
            assertEquals("from a", Files.readString(b.getPath("/x.txt")));
            assertEquals("from a", Files.readString(a.getPath("/x.txt")));
        }
    }

    @Test
    void aCopyThatExactlyFillsTheTargetVolumeFits() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"), Map.of("size", "1474560"))) {
            long free = b.core().freeClusters() * b.core().clusterSize();
            Files.write(a.getPath("/big.bin"), new byte[(int) free]);
            Files.copy(a.getPath("/big.bin"), b.getPath("/big.bin"));
            assertEquals(free, Files.size(b.getPath("/big.bin")));
            assertEquals(0, b.core().freeClusters());
        }
    }

    @Test
    void aCopyOneByteLargerThanTheFreeSpaceIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"), Map.of("size", "1474560"))) {
            long freeClusters = b.core().freeClusters();
            int cluster = b.core().clusterSize();
            Files.write(a.getPath("/big.bin"), new byte[(int) (freeClusters * cluster + 1)]);
            FileSystemFullException e = assertThrows(FileSystemFullException.class,
                    () -> Files.copy(a.getPath("/big.bin"), b.getPath("/big.bin")));
            assertEquals("copy to /big.bin needs " + (freeClusters + 1) + " free cluster(s) of " + cluster
                    + " bytes, the volume has " + freeClusters + "; nothing was changed", e.getMessage());
            assertFalse(Files.exists(b.getPath("/big.bin")));
            assertEquals(freeClusters, b.core().freeClusters());
        }
    }

    /**
     * The space check counts the file's clusters, not a cluster the target directory may need for the new entry:
     * when that one is the last, the copy runs out of space midway, and the torn target is taken away.
     */
    @Test
    void aCopyThatRunsOutOfSpaceMidwayLeavesNoTornTarget() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"), Map.of("size", "1474560"))) {
            b.core().createDirectory("/d");
            int slots = b.core().clusterSize() / 32 - 2;
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < slots; i++) {
                String name = String.format("F%03d.TXT", i);
                b.core().writeAllBytes("/d/" + name, new byte[0]);
                names.add(name);
            }
            long free = b.core().freeClusters() * b.core().clusterSize();
            Files.write(a.getPath("/BIG.BIN"), new byte[(int) free]);
            assertThrows(FileSystemFullException.class,
                    () -> Files.copy(a.getPath("/BIG.BIN"), b.getPath("/d/BIG.BIN")));
            assertFalse(Files.exists(b.getPath("/d/BIG.BIN")));
            assertEquals(names, b.core().list("/d").stream().map(FatEntry::name).toList());
        }
    }

    @Test
    void noFollowLinksIsAcceptedAndMeansNothing() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "x");
            Files.copy(fs.getPath("/a.txt"), fs.getPath("/b.txt"), LinkOption.NOFOLLOW_LINKS);
            Files.move(fs.getPath("/b.txt"), fs.getPath("/c.txt"), LinkOption.NOFOLLOW_LINKS);
            assertEquals("x", Files.readString(fs.getPath("/c.txt")));
        }
    }

    @Test
    void aNonStandardCopyOptionIsUnsupportedAndNamesTheOperation() throws Exception {
        CopyOption custom = new CopyOption() {
            @Override
            public String toString() {
                return "CUSTOM";
            }
        };
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "x");
            assertEquals("copy option CUSTOM is not supported by FAT copy", assertThrows(
                    UnsupportedOperationException.class,
                    () -> Files.copy(fs.getPath("/a.txt"), fs.getPath("/b.txt"), custom)).getMessage());
            assertEquals("copy option CUSTOM is not supported by FAT move", assertThrows(
                    UnsupportedOperationException.class,
                    () -> Files.move(fs.getPath("/a.txt"), fs.getPath("/b.txt"), custom)).getMessage());
            assertEquals(List.of("a.txt"), fs.core().list("/").stream().map(FatEntry::name).toList());
        }
    }

    @Test
    void aNullCopyOptionIsANullPointer() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "x");
            assertThrows(NullPointerException.class, () -> fs.provider().copy(fs.getPath("/a.txt"),
                    fs.getPath("/b.txt"), new CopyOption[] {null}));
            assertFalse(Files.exists(fs.getPath("/b.txt")));
        }
    }

    @Test
    void moveWithinAnImageReplacesOnlyWithReplaceExisting() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "moved");
            Files.writeString(fs.getPath("/b.txt"), "old");
            assertThrows(FileAlreadyExistsException.class, () -> Files.move(fs.getPath("/a.txt"),
                    fs.getPath("/b.txt")));
            Files.move(fs.getPath("/a.txt"), fs.getPath("/b.txt"), REPLACE_EXISTING);
            assertEquals("moved", Files.readString(fs.getPath("/b.txt")));
            assertFalse(Files.exists(fs.getPath("/a.txt")));
        }
    }

    @Test
    void moveBetweenTwoImagesCarriesTheAttributesAndReplacesWithReplaceExisting() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            source(a, "/a.txt", FatEntry.HIDDEN);
            String before = entry(a, "/a.txt");
            Files.writeString(b.getPath("/a.txt"), "old");
            assertThrows(FileAlreadyExistsException.class, () -> Files.move(a.getPath("/a.txt"),
                    b.getPath("/a.txt")));
            assertTrue(Files.exists(a.getPath("/a.txt")));
            Files.move(a.getPath("/a.txt"), b.getPath("/a.txt"), REPLACE_EXISTING);
            assertEquals(before, entry(b, "/a.txt"));
            assertEquals("source", Files.readString(b.getPath("/a.txt")));
            assertFalse(Files.exists(a.getPath("/a.txt")));
        }
    }

    @Test
    void moveOfANonEmptyDirectoryBetweenTwoImagesNamesTheSourceAsGiven() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            Files.createDirectories(a.getPath("/d/sub"));
            DirectoryNotEmptyException e = assertThrows(DirectoryNotEmptyException.class,
                    () -> Files.move(a.getPath("d/./sub/.."), b.getPath("/d")));
            assertEquals("d/./sub/..", e.getFile());
            assertFalse(Files.exists(b.getPath("/d")));
        }
    }

    @Test
    void moveOfAnEmptyDirectoryBetweenTwoImagesMovesIt() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            Files.createDirectory(a.getPath("/d"));
            Files.move(a.getPath("/d"), b.getPath("/d"));
            assertTrue(Files.isDirectory(b.getPath("/d")));
            assertFalse(Files.exists(a.getPath("/d")));
        }
    }

    @Test
    void moveFromAReadOnlyImageTakesTheCopyBackWhenTheSourceCannotBeDeleted() throws Exception {
        Path imageA = tmp.resolve("a.img");
        try (FatNioFileSystem a = ImageFixtures.create(imageA)) {
            Files.writeString(a.getPath("/a.txt"), "stays");
        }
        try (FileSystem a = FileSystems.newFileSystem(imageA, Map.of("readOnly", "true"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.move(a.getPath("/a.txt"),
                    b.getPath("/a.txt")));
            assertFalse(Files.exists(b.getPath("/a.txt")), "the copy was taken back");
            assertEquals("stays", Files.readString(a.getPath("/a.txt")));
        }
    }
}
