package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.ImageBuilder.Table;
import org.kernkit.vfat.internal.LittleEndian;

/** {@link ImageBuilder}: reproducible output, the auto size rule, and refusal before writing. */
class ImageBuilderTest {

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path tree(String name, Duration age) throws IOException {
        return SourceTrees.mixed(Files.createDirectory(dir.resolve(name)), Instant.now().minus(age));
    }

    private ImageBuilder builder(Path tree, Table table, NamingMode mode) {
        return ImageBuilder.from(tree).table(table).namingMode(mode).label("KERNKIT").esp(table == Table.GPT);
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void reproducibleBuildsOfTreesInDifferentPlacesWithDifferentMtimesAreByteIdentical(Table table)
            throws IOException {
        Path one = tree("one", Duration.ofHours(1));
        Path two = tree("two", Duration.ofHours(50));
        for (NamingMode mode : NamingMode.values()) {
            Path a = dir.resolve("a-" + mode + ".img");
            Path b = dir.resolve("b-" + mode + ".img");
            builder(one, table, mode).reproducible(EPOCH).build(a);
            builder(two, table, mode).reproducible(EPOCH).build(b);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), table + " " + mode);
        }
    }

    @Test
    void progressRisesFileByFileToTheTreesContentBytes() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        ImageBuilder.Plan plan = ImageBuilder.from(src).plan();
        List<Long> reports = new java.util.ArrayList<>();
        plan.write(dir.resolve("progress.img"), reports::add);
        assertEquals(plan.fileCount(), reports.size(), "one report per file copied in");
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i) >= reports.get(i - 1), reports::toString);
        }
        assertEquals(plan.contentBytes(), reports.getLast());
    }

    @Test
    void skippingTheFsyncChangesNoByteOfTheImage() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        Path synced = dir.resolve("synced.img");
        Path unsynced = dir.resolve("unsynced.img");
        builder(src, Table.GPT, NamingMode.PATENT_SAFE).reproducible(EPOCH).build(synced);
        builder(src, Table.GPT, NamingMode.PATENT_SAFE).reproducible(EPOCH).durable(false).build(unsynced);
        assertArrayEquals(Files.readAllBytes(synced), Files.readAllBytes(unsynced));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void withoutReproducibleTwoBuildsDiffer(Table table) throws IOException {
        Path one = tree("one", Duration.ofHours(1));
        Path two = tree("two", Duration.ofHours(50));
        for (NamingMode mode : NamingMode.values()) {
            Path a = dir.resolve("a-" + mode + ".img");
            Path b = dir.resolve("b-" + mode + ".img");
            builder(one, table, mode).build(a);
            builder(two, table, mode).build(b);
            assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), table + " " + mode);
        }
    }

    @Test
    void reproducibleClampsTimesNewerThanTheEpochAndKeepsOlderOnes() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        Instant old = Instant.parse("2001-02-03T04:05:06Z");
        Files.setLastModifiedTime(src.resolve("README.TXT"), FileTime.from(old));
        Path image = dir.resolve("x.img");
        ImageBuilder.from(src).reproducible(EPOCH).build(image);
        try (FatFileSystem fs = SourceTrees.openVolume(image, false)) {
            assertEquals(old, fs.stat("/README.TXT").modified().toInstant());
            assertEquals(EPOCH, fs.stat("/big.img").modified().toInstant());
            assertEquals(EPOCH, fs.stat("/big.img").created().toInstant());
            assertEquals(EPOCH, fs.stat("/EFI").modified().toInstant());
        }
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void theBuiltVolumeHoldsTheTreeAndChecksClean(Table table) throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        for (NamingMode mode : NamingMode.values()) {
            Path image = dir.resolve(mode + ".img");
            ImageBuilder.Plan plan = builder(src, table, mode).build(image);
            assertEquals(plan.imageBytes(), Files.size(image));
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(image)), "an image is an ordinary file, not a private temp file");
            try (FatFileSystem fs = SourceTrees.openVolume(image, table != Table.NONE)) {
                SourceTrees.assertHoldsTree(fs, src);
                assertEquals(List.of(), fs.check().problems());
                assertEquals("KERNKIT", fs.volumeLabel());
                assertEquals(mode, fs.namingMode());
                assertEquals(plan.clusterCount() - plan.neededClusters(), fs.freeClusters());
            }
        }
    }

    @Test
    void anEfiSystemPartitionIsFat32AndItsVolumeRecordsThePartitionStartAsHiddenSectors() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        Path image = dir.resolve("esp.img");
        ImageBuilder.Plan plan = ImageBuilder.from(src).esp(true).build(image);
        assertEquals(FatType.FAT32, plan.fatType());
        assertEquals(2048, plan.partition().firstSector());
        assertEquals(org.kernkit.vfat.partition.PartitionType.EFI_SYSTEM, plan.partition().type());
        byte[] boot = new byte[512];
        try (FileBlockDevice disk = FileBlockDevice.open(image, true)) {
            disk.read(2048, java.nio.ByteBuffer.wrap(boot));
        }
        assertEquals(2048, LittleEndian.u32(boot, 28));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void autoSizeIsTheSmallestThatHoldsTheTreeAndItsHeadroom(Table table) throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        for (long headroom : new long[] {0, 3_000_000}) {
            ImageBuilder.Plan plan = ImageBuilder.from(src).table(table).headroom(headroom).plan();
            Path image = dir.resolve("auto-" + headroom + ".img");
            ImageBuilder.from(src).table(table).headroom(headroom).build(image);
            try (FatFileSystem fs = SourceTrees.openVolume(image, table != Table.NONE)) {
                assertTrue(fs.freeSpace() >= headroom, fs.freeSpace() + " free, headroom " + headroom);
            }
            // One cluster less (one MiB less with a table, whose partitions are whole MiB) does not hold it.
            long smaller = plan.imageBytes() - (table == Table.NONE ? plan.clusterBytes() : 1 << 20);
            assertThrows(FileSystemFullException.class,
                    () -> ImageBuilder.from(src).table(table).headroom(headroom).size(smaller).plan());
        }
    }

    @Test
    void aSizeTooSmallFailsBeforeAnyFileIsMade() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        Path image = dir.resolve("small.img");
        FileSystemFullException e = assertThrows(FileSystemFullException.class,
                () -> ImageBuilder.from(src).size(256 * 1024).build(image));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertFalse(Files.exists(image));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anExistingOutputIsRefusedAndLeftAsItWas() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        Path image = dir.resolve("taken.img");
        Files.writeString(image, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> ImageBuilder.from(src).build(image));
        assertEquals("precious", Files.readString(image));
        assertThrows(FileSystemFullException.class,
                () -> ImageBuilder.from(src).size(256 * 1024).overwrite(true).build(image));
        assertEquals("precious", Files.readString(image));
        assertEquals(List.of(), leftovers());
        ImageBuilder.from(src).overwrite(true).build(image);
        try (FatFileSystem fs = SourceTrees.openVolume(image, false)) {
            SourceTrees.assertHoldsTree(fs, src);
        }
    }

    @Test
    void aSourceThatChangesAfterPlanningFailsTheWriteAndLeavesNoFile() throws IOException {
        Path src = tree("src", Duration.ofHours(1));
        ImageBuilder.Plan plan = ImageBuilder.from(src).plan();
        Files.write(src.resolve("big.img"), new byte[10]);
        Path image = dir.resolve("changed.img");
        FileSystemException e = assertThrows(FileSystemException.class, () -> plan.write(image));
        assertTrue(e.getMessage().contains("big.img"), e.getMessage());
        assertFalse(Files.exists(image));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void namesEqualWithoutCaseAreRefusedNamingBoth() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.writeString(src.resolve("Case.txt"), "a");
        Files.writeString(src.resolve("CASE.TXT"), "b");
        assertRefused(src, "clashes with");
    }

    @Test
    void aSymbolicLinkLoopIsRefused() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.createDirectories(src.resolve("a/b"));
        Files.createSymbolicLink(src.resolve("a/b/up"), src.resolve("a"));
        assertRefused(src, "symbolic link loop");
    }

    @Test
    void aDanglingSymbolicLinkIsRefused() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.createSymbolicLink(src.resolve("gone"), src.resolve("nowhere"));
        assertRefused(src, "dangling symbolic link");
    }

    @Test
    void aSymbolicLinkToAFileIsCopiedAsTheFile() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Path outside = Files.writeString(dir.resolve("target.txt"), "through the link");
        Files.createSymbolicLink(src.resolve("link.txt"), outside);
        Path image = dir.resolve("link.img");
        ImageBuilder.from(src).build(image);
        try (FatFileSystem fs = SourceTrees.openVolume(image, false)) {
            assertEquals("through the link", new String(fs.readAllBytes("/link.txt")));
        }
    }

    @Test
    void aFifoIsRefused() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        Path fifo = src.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        assertRefused(src, "special file");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Path deep = src;
        for (int i = 0; i <= TreeCopy.MAX_DEPTH; i++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep);
        assertRefused(src, "nested deeper than");
    }

    @Test
    void aNameFatCannotHoldIsRefused() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.writeString(src.resolve("what?.txt"), "x");
        assertRefused(src, "what?.txt");
    }

    private void assertRefused(Path src, String why) throws IOException {
        Path image = dir.resolve("refused.img");
        FileSystemException e = assertThrows(FileSystemException.class, () -> ImageBuilder.from(src).build(image));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains(src.toString()), e.getMessage());
        assertFalse(Files.exists(image));
        assertEquals(List.of(), leftovers());
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
