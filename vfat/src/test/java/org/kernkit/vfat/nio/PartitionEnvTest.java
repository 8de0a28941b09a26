package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.partition.GptTable;
import org.kernkit.vfat.partition.PartitionBlockDevice;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.vfat.partition.PartitionType;

/** The provider's {@code "partition"} env key opens the FAT inside one partition of a GPT or MBR disk. */
class PartitionEnvTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    /** A GPT disk whose partition 2 holds a FAT16 with one file; partition 1 is left unformatted. */
    private Path disk() throws Exception {
        Path image = tmp.resolve("disk@2.img");
        try (FileBlockDevice disk = FileBlockDevice.create(image, 48 * MIB)) {
            GptTable table = GptTable.builder(disk.sectorCount()).seed(3)
                    .add(PartitionType.EFI_SYSTEM, 8 * MIB, "esp")
                    .addRemaining(PartitionType.MICROSOFT_BASIC_DATA, "data").build();
            table.write(disk);
            try (FatFileSystem fs = FatFileSystem.format(PartitionBlockDevice.borrowing(disk, table.partition(2)),
                    FormatOptions.builder().fatType(FatType.FAT16).build())) {
                fs.writeAllBytes("/IN-PART.TXT", "inside partition 2".getBytes());
            }
        }
        return image;
    }

    @Test
    void partitionKeyOpensTheFatInsideThatPartitionForReadingAndWriting() throws Exception {
        Path image = disk();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("partition", 2))) {
            assertEquals("inside partition 2", Files.readString(fs.getPath("/in-part.txt")));
            Files.writeString(fs.getPath("/Written Through NIO.txt"), "nio");
        }
        try (FatFileSystem fs = FatFileSystem.openReadOnly(
                PartitionTable.openPartition(FileBlockDevice.open(image, true), 2))) {
            assertEquals("nio", new String(fs.readAllBytes("/Written Through NIO.txt")));
            assertTrue(fs.check().clean(), fs.check().toString());
        }
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("partition", "2", "readOnly", "true"))) {
            assertTrue(fs.isReadOnly());
            assertTrue(Files.exists(fs.getPath("/written through nio.txt")));
        }
    }

    @Test
    void aMissingPartitionNamesTheDiskAndThePartitionsThereAre() throws Exception {
        Path image = disk();
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> FileSystems.newFileSystem(image, Map.of("partition", 3)));
        assertTrue(e.getMessage().contains(image.toString()) && e.getMessage().contains("no partition 3")
                && e.getMessage().contains("1, 2"), e.getMessage());
    }

    @Test
    void anUnformattedPartitionIsNotAFatVolume() throws Exception {
        Path image = disk();
        assertThrows(java.io.IOException.class, () -> FileSystems.newFileSystem(image, Map.of("partition", 1)));
    }

    @Test
    void aBareFileSystemImageWithAPartitionNumberSaysItHasNoTable() throws Exception {
        Path image = tmp.resolve("bare.img");
        FatFileSystem.format(image, 4 * MIB, FormatOptions.defaults()).close();
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> FileSystems.newFileSystem(image, Map.of("partition", 1)));
        assertTrue(e.getMessage().contains("bare file system"), e.getMessage());
    }

    @Test
    void partitionZeroAndPartitionWithCreateAreRefusedBeforeAnythingIsOpened() throws Exception {
        Path image = disk();
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> FileSystems.newFileSystem(image, Map.of("partition", 0)));
        assertTrue(zero.getMessage().contains("numbered from 1"), zero.getMessage());
        java.net.URI uri = java.net.URI.create("fat:" + tmp.resolve("new.img").toUri());
        IllegalArgumentException create = assertThrows(IllegalArgumentException.class,
                () -> FileSystems.newFileSystem(uri, Map.of("create", "true", "size", "8M", "partition", 1)));
        assertTrue(create.getMessage().contains("'partition'"), create.getMessage());
        assertTrue(Files.notExists(tmp.resolve("new.img")));
    }
}
