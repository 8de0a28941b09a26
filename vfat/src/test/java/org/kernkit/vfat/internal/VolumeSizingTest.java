package org.kernkit.vfat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FileSystemFullException;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;

/**
 * {@link VolumeSizing#smallest} against a reference that scans sector counts one unit at a time (no bisection, no
 * upper bound), over every type and cluster size the class's contract names; and {@link VolumeSizing#forSize}
 * against the geometry mkfs would choose.
 */
class VolumeSizingTest {

    @TempDir
    Path tmp;

    private SourceTree tree(int files, int fileBytes) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("src-" + files + "-" + fileBytes));
        Files.createDirectories(root.resolve("sub"));
        for (int i = 0; i < files; i++) {
            Files.write(root.resolve((i % 2 == 0 ? "" : "sub/") + "file-with-a-long-name-" + i + ".bin"),
                    new byte[fileBytes]);
        }
        return SourceTree.read(root, NamingMode.WINDOWS, 0, 64);
    }

    /** The contract's least and most cluster counts, 16 clear of the type boundaries. */
    private static long least(FatType type) {
        return switch (type) {
            case FAT12 -> 1;
            case FAT16 -> 4085 + 16;
            case FAT32 -> 65525 + 16;
        };
    }

    private static long most(FatType type) {
        return switch (type) {
            case FAT12 -> 4085 - 17;
            case FAT16 -> 65525 - 17;
            case FAT32 -> FatType.FAT32.maxClusters();
        };
    }

    /** The fewest sectors (in whole units) over all types and cluster sizes, found by a plain upward scan. */
    private static long referenceSmallest(SourceTree tree, List<FatType> types, long headroom, long unit) {
        long best = Long.MAX_VALUE;
        for (FatType type : types) {
            int rootEntries = type == FatType.FAT32 ? 0 : Math.max(512, (tree.root().slots() + 15) / 16 * 16);
            for (int spc = 1; spc <= 128; spc *= 2) {
                long clusterBytes = spc * 512L;
                long need = tree.clustersNeeded((int) clusterBytes, type == FatType.FAT32)
                        + (headroom + clusterBytes - 1) / clusterBytes;
                long clusters = Math.max(need, least(type));
                if (clusters > most(type)) {
                    continue;
                }
                // Data alone needs clusters * spc sectors: start there, step by one unit.
                for (long units = clusters * spc / unit; ; units++) {
                    ImageFormatter.Geometry g = ImageFormatter.compute(units * unit, spc, type, rootEntries);
                    if (g != null && g.clusters() >= clusters) {
                        if (g.type() == type && !ImageFormatter.nearTypeBoundary(g.clusters())) {
                            best = Math.min(best, g.totalSectors());
                        }
                        break;
                    }
                }
            }
        }
        return best;
    }

    @Test
    void theSmallestVolumeIsTheFewestSectorsAnyTypeAndClusterSizeNeeds() throws Exception {
        List<FatType> all = List.of(FatType.FAT12, FatType.FAT16, FatType.FAT32);
        for (SourceTree tree : List.of(tree(3, 1000), tree(40, 70_000), tree(5, 3_000_000))) {
            for (long headroom : new long[] {0, 1, 1 << 20}) {
                for (long unit : new long[] {1, 8, 2048}) {
                    VolumeSizing.Choice choice = VolumeSizing.smallest(tree, all, headroom, unit);
                    ImageFormatter.Geometry g = choice.geometry();
                    String what = tree.bytes() + " bytes, headroom " + headroom + ", unit " + unit + ": " + g;
                    assertEquals(referenceSmallest(tree, all, headroom, unit), g.totalSectors(), what);
                    assertEquals(0, g.totalSectors() % unit, what);
                    int clusterBytes = g.sectorsPerCluster() * 512;
                    assertEquals(tree.clustersNeeded(clusterBytes, g.type() == FatType.FAT32),
                            choice.neededClusters(), what);
                    assertEquals((g.clusters() - choice.neededClusters()) * clusterBytes, choice.freeBytes(), what);
                    assertTrue(choice.freeBytes() >= headroom, what);
                }
            }
        }
    }

    @Test
    void eachTypeAloneGetsItsOwnSmallestVolume() throws Exception {
        SourceTree tree = tree(10, 20_000);
        for (FatType type : FatType.values()) {
            VolumeSizing.Choice choice = VolumeSizing.smallest(tree, List.of(type), 0, 1);
            assertEquals(type, choice.geometry().type());
            assertEquals(referenceSmallest(tree, List.of(type), 0, 1), choice.geometry().totalSectors(),
                    type.toString());
            assertTrue(choice.geometry().clusters() >= least(type), type.toString());
        }
    }

    @Test
    void aTreeNoAllowedTypeHoldsIsRefusedNamingTheTypes() throws Exception {
        // 300 MiB (a sparse file): more than FAT12's 4068 clusters of 64 KiB hold.
        Path root = Files.createDirectories(tmp.resolve("big"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        SourceTree big = SourceTree.read(root, NamingMode.WINDOWS, 0, 64);
        FileSystemFullException e = assertThrows(FileSystemFullException.class,
                () -> VolumeSizing.smallest(big, List.of(FatType.FAT12), 0, 1));
        assertTrue(e.getMessage().contains("fits in no FAT12 volume; nothing was written"), e.getMessage());
        FileSystemFullException both = assertThrows(FileSystemFullException.class,
                () -> VolumeSizing.forSize(big, List.of(FatType.FAT12, FatType.FAT16), false, 65536, 0));
        assertTrue(both.getMessage().contains("does not fit in a FAT12 or FAT16 volume of 33554432 bytes"),
                both.getMessage());
    }

    @Test
    void aGivenSizeTakesMkfssGeometryWhenTheTreeFits() throws Exception {
        SourceTree tree = tree(4, 10_000);
        for (long sectors : new long[] {8192, 65536, 200_000, 1_200_000}) {
            VolumeSizing.Choice choice = VolumeSizing.forSize(tree, List.of(FatType.FAT12, FatType.FAT16,
                    FatType.FAT32), true, sectors, 0);
            ImageFormatter.Geometry usual = ImageFormatter.geometry(sectors, FormatOptions.defaults());
            assertEquals(usual, choice.geometry(), sectors + " sectors");
            assertEquals(tree.clustersNeeded(usual.sectorsPerCluster() * 512, usual.type() == FatType.FAT32),
                    choice.neededClusters());
        }
    }

    @Test
    void aGivenSizeOfAChosenTypeLeavesTheMostSpaceFree() throws Exception {
        SourceTree tree = tree(30, 5_000); // small files: small clusters waste least
        long sectors = 65536; // 32 MiB of FAT16
        VolumeSizing.Choice choice = VolumeSizing.forSize(tree, List.of(FatType.FAT16), false, sectors, 0);
        assertEquals(FatType.FAT16, choice.geometry().type());
        long bestFree = -1;
        for (int spc = 1; spc <= 128; spc *= 2) {
            ImageFormatter.Geometry g = ImageFormatter.compute(sectors, spc, FatType.FAT16, 512);
            if (g == null || g.type() != FatType.FAT16 || ImageFormatter.nearTypeBoundary(g.clusters())) {
                continue;
            }
            long free = (g.clusters() - tree.clustersNeeded(spc * 512, false)) * spc * 512L;
            bestFree = Math.max(bestFree, free);
        }
        assertEquals(bestFree, choice.freeBytes());
    }
}
