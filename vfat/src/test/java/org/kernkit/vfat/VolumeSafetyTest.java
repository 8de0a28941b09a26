package org.kernkit.vfat;

import org.kernkit.block.FileBlockDevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals that must come before the first write: format, root removal, damaged volumes; and the naming mode. */
class VolumeSafetyTest {

    @TempDir
    Path tmp;

    private Path image(NamingMode mode) throws Exception {
        Path image = tmp.resolve("v.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 8L << 20, FormatOptions.builder().namingMode(mode)
                .build())) {
            fs.writeAllBytes("/keep.txt", new byte[] {1, 2, 3});
        }
        return image;
    }

    @Test
    void formatWithAnInvalidLabelLeavesTheExistingImageByteForByte() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        byte[] before = Files.readAllBytes(image);
        assertThrows(InvalidNameException.class, () -> FatFileSystem.format(image, 8L << 20,
                FormatOptions.builder().volumeLabel("a:b").build()));
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void formatWithAnImpossibleTypeLeavesTheExistingImageByteForByte() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        byte[] before = Files.readAllBytes(image);
        assertThrows(IllegalArgumentException.class, () -> FatFileSystem.format(image, 8L << 20,
                FormatOptions.builder().fatType(FatType.FAT32).build()));
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void refusedFormatOfANewPathCreatesNoFile() throws Exception {
        Path image = tmp.resolve("new.img");
        assertThrows(IllegalArgumentException.class, () -> FatFileSystem.format(image, 8L << 20,
                FormatOptions.builder().fatType(FatType.FAT32).build()));
        assertFalse(Files.exists(image));
    }

    @Test
    void deletingTheRootTreeIsRefusedBeforeAnythingIsDeleted() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertThrows(FileSystemException.class, () -> fs.deleteTree("/"));
            assertThrows(FileSystemException.class, () -> fs.deleteTree("/keep.txt/.."));
            assertTrue(fs.exists("/keep.txt"));
            fs.createDirectories("/d/e/f");
            fs.deleteTree("/d");
            assertEquals(List.of("keep.txt"), fs.list("/").stream().map(FatEntry::name).toList());
        }
    }

    @Test
    void aSizeBeyondItsChainIsReportedAndBlocksEveryWrite() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        new CraftedImage(image).setSize("/keep.txt", 100_000);
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            CheckReport report = fs.check();
            assertTrue(report.problems().stream().anyMatch(p -> p.contains("/keep.txt") && p.contains("size")),
                    report.problems()::toString);
            assertThrows(CorruptImageException.class, () -> fs.createDirectory("/new"));
        }
    }

    @Test
    void aDirectoryLoopIsReportedAndBlocksEveryWrite() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        long outer;
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            fs.createDirectories("/Outer/Inner");
            outer = fs.stat("/Outer").firstCluster();
        }
        new CraftedImage(image).setFirstCluster("/Outer/Inner", outer);
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            List<String> problems = fs.check().problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("/Outer/Inner")), problems::toString);
            assertThrows(CorruptImageException.class, () -> fs.createDirectory("/new"));
            List<String> walked = new java.util.ArrayList<>();
            CorruptImageException e = assertThrows(CorruptImageException.class,
                    () -> fs.walk("/", (dir, entries) -> walked.add(dir)));
            assertTrue(e.getMessage().contains("directory loop"), e.getMessage());
        }
    }

    @Test
    void unsafeLongNamesAreReportedAndBlockWrites() throws Exception {
        Path image = image(NamingMode.WINDOWS);
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            fs.writeAllBytes("/Abcdefg", new byte[1]);
            fs.createDirectory("/Dd");
        }
        new CraftedImage(image).setLongName("/Abcdefg", "../../X");
        new CraftedImage(image).setLongName("/Dd", "..");
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            List<String> problems = fs.check().problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("../../X")), problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.contains("'..'")), problems::toString);
            assertThrows(CorruptImageException.class, () -> fs.createDirectory("/new"));
        }
    }

    @Test
    void patentSafeModeIsRecordedByFormatAndUsedWhenOpenedWithoutAMode() throws Exception {
        Path image = image(NamingMode.PATENT_SAFE);
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertEquals(NamingMode.PATENT_SAFE, fs.namingMode());
            assertEquals(FatFileSystem.ModeOrigin.RECORDED, fs.namingModeOrigin());
            fs.writeAllBytes("/A Long File Name.txt", new byte[1]);
            assertEquals(null, fs.stat("/A Long File Name.txt").shortName());
        }
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            assertEquals(NamingMode.PATENT_SAFE, fs.namingMode());
        }
        try (FatFileSystem fs = FatFileSystem.open(FileBlockDevice.open(image, false), null)) {
            assertEquals(NamingMode.PATENT_SAFE, fs.namingMode());
        }
    }

    @Test
    void patentSafeModeIsInferredFromDummiesOnAnImageWithoutTheRecord() throws Exception {
        Path image = tmp.resolve("mkfs.img");
        OracleTools.run("mkfs.fat", "-C", image.toString(), "4096");
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertEquals(FatFileSystem.ModeOrigin.DEFAULT, fs.namingModeOrigin());
        }
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.PATENT_SAFE)) {
            fs.writeAllBytes("/Some Long Name.txt", new byte[1]);
        }
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertEquals(NamingMode.PATENT_SAFE, fs.namingMode());
            assertEquals(FatFileSystem.ModeOrigin.INFERRED, fs.namingModeOrigin());
        }
    }
}
