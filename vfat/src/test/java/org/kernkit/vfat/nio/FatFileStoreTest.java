package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store of a FAT image: its name is the volume label, its type the FAT type, and its space figures are
 * those of the data region as the boot sector lays it out ({@link BootSectorGeometry}), less the clusters in use.
 */
class FatFileStoreTest {

    @TempDir
    Path tmp;

    private record Figures(long total, long usable, long unallocated) {
        static Figures of(FileStore store) throws Exception {
            return new Figures(store.getTotalSpace(), store.getUsableSpace(), store.getUnallocatedSpace());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FAT12, 1474560, fat12", "FAT16, 8388608, fat16", "FAT32, 67108864, fat32"})
    void theTypeIsTheFatTypeInLowerCase(String fatType, long size, String expected) throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"),
                Map.of("fatType", fatType, "size", size))) {
            assertEquals(expected, Files.getFileStore(fs.getPath("/")).type());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FAT12, 1474560", "FAT16, 8388608", "FAT32, 67108864"})
    void totalSpaceIsTheDataRegionOfTheBootSector(String fatType, long size) throws Exception {
        Path image = tmp.resolve("disk.img");
        long total;
        try (FatNioFileSystem fs = ImageFixtures.create(image, Map.of("fatType", fatType, "size", size))) {
            total = Files.getFileStore(fs.getPath("/")).getTotalSpace();
        }
        assertEquals(BootSectorGeometry.of(image).dataBytes(), total);
    }

    @Test
    void aNewFat16VolumeHasItsWholeDataRegionFree() throws Exception {
        Path image = tmp.resolve("disk.img");
        Figures figures;
        try (FatNioFileSystem fs = ImageFixtures.create(image, Map.of("fatType", "FAT16"))) {
            figures = Figures.of(Files.getFileStore(fs.getPath("/")));
        }
        long data = BootSectorGeometry.of(image).dataBytes();
        assertEquals(new Figures(data, data, data), figures);
    }

    @Test
    void aNewFat32VolumeHasAllButTheRootDirectoryClusterFree() throws Exception {
        Path image = tmp.resolve("disk.img");
        Figures figures;
        try (FatNioFileSystem fs = ImageFixtures.create(image, Map.of("fatType", "FAT32", "size", "64M"))) {
            figures = Figures.of(Files.getFileStore(fs.getPath("/")));
        }
        BootSectorGeometry g = BootSectorGeometry.of(image);
        long free = g.dataBytes() - g.clusterBytes();
        assertEquals(new Figures(g.dataBytes(), free, free), figures);
    }

    @Test
    void aFileTakesWholeClustersFromTheFreeSpace() throws Exception {
        Path image = tmp.resolve("disk.img");
        Figures before;
        Figures after;
        try (FatNioFileSystem fs = ImageFixtures.create(image, Map.of("fatType", "FAT16"))) {
            FileStore store = Files.getFileStore(fs.getPath("/"));
            before = Figures.of(store);
            Files.write(fs.getPath("/a.bin"), new byte[3 * fs.core().clusterSize() + 1]);
            after = Figures.of(store);
        }
        long cluster = BootSectorGeometry.of(image).clusterBytes();
        assertEquals(new Figures(before.total(), before.usable() - 4 * cluster, before.unallocated() - 4 * cluster),
                after);
    }

    @Test
    void theNameIsTheVolumeLabel() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("label", "PHOTOS"))) {
            assertEquals("PHOTOS", Files.getFileStore(fs.getPath("/")).name());
        }
    }

    @Test
    void theNameOfAVolumeWithoutLabelIsEmpty() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertEquals("", Files.getFileStore(fs.getPath("/")).name());
        }
    }

    @Test
    void theNameOfTheStoreOfAClosedFileSystemIsEmpty() throws Exception {
        FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("label", "PHOTOS"));
        FileStore store = Files.getFileStore(fs.getPath("/"));
        fs.close();
        assertEquals("", store.name());
    }

    @Test
    void theStoreOfAReadOnlyFileSystemIsReadOnly() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", "true"))) {
            assertTrue(Files.getFileStore(fs.getPath("/")).isReadOnly());
        }
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertFalse(Files.getFileStore(fs.getPath("/")).isReadOnly());
        }
    }

    @Test
    void theStoreSupportsExactlyTheBasicAndDosViews() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            FileStore store = Files.getFileStore(fs.getPath("/"));
            assertEquals(List.of(true, true, false, false), List.of(
                    store.supportsFileAttributeView(BasicFileAttributeView.class),
                    store.supportsFileAttributeView(DosFileAttributeView.class),
                    store.supportsFileAttributeView(PosixFileAttributeView.class),
                    store.supportsFileAttributeView(AclFileAttributeView.class)));
            assertEquals(List.of(true, true, false, false), List.of(store.supportsFileAttributeView("basic"),
                    store.supportsFileAttributeView("dos"), store.supportsFileAttributeView("posix"),
                    store.supportsFileAttributeView("DOS")));
        }
    }

    @Test
    void theStoreHasNoStoreAttributes() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            FileStore store = Files.getFileStore(fs.getPath("/"));
            assertNull(store.getFileStoreAttributeView(FileStoreAttributeView.class));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> store.getAttribute("totalSpace"));
            assertEquals("file store attribute 'totalSpace' is not supported", e.getMessage());
        }
    }

    @Test
    void theFileSystemListsOneStoreWithThePathsFigures() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("label", "ONE"))) {
            List<FileStore> stores = new java.util.ArrayList<>();
            fs.getFileStores().forEach(stores::add);
            assertEquals(1, stores.size());
            FileStore viaPath = Files.getFileStore(fs.getPath("/"));
            assertEquals(List.of("ONE", viaPath.getTotalSpace(), viaPath.getUnallocatedSpace()),
                    List.of(stores.get(0).name(), stores.get(0).getTotalSpace(),
                            stores.get(0).getUnallocatedSpace()));
        }
    }
}
