package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kernkit.block.FileBlockDevice;

/**
 * What {@link FatRepair} reports, sentence by sentence, for each kind of damage of {@link VolumeRepairTest} and
 * for the ways a subdirectory's first cluster can be wrong: the figures in each sentence (cluster numbers, counts,
 * sizes) follow from the image {@link VolumeRepairTest#image} builds, so a repair that does the right thing for
 * the wrong reason, or reports a wrong figure, fails here. (VolumeRepairTest judges the repaired image with
 * fsck.fat; this class judges the report.)
 */
class RepairReportTest {

    @TempDir
    Path tmp;

    private Path image(FatType type) throws Exception {
        return VolumeRepairTest.image(Files.createTempDirectory(tmp, "trial"), type);
    }

    private static RepairReport repair(Path image) throws Exception {
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            return FatRepair.repair(device, false);
        }
    }

    private static final String LOST_ONE = "1 lost cluster(s) (allocated, owned by no file or directory): freed";

    /** The report for each damage, derived from the image: FAT16 with 2 KiB clusters, FAT32 with 512 B. */
    private static List<String> expected(VolumeRepairTest.Damage damage) {
        return switch (damage) {
            case DIRTY_MARK -> List.of("volume was marked dirty: marked clean");
            case FSINFO_FREE_COUNT -> List.of("FSInfo free count was 123, 80574 clusters are free: corrected");
            case LOST_CLUSTERS -> List.of("2 lost cluster(s) (allocated, owned by no file or directory): freed");
            // a.txt: 5000 bytes in 3 clusters of 2 KiB; the size claims 3 clusters more.
            case SIZE_BEYOND_CHAIN -> List.of("/a.txt: size 11144 bytes but the chain holds 3 cluster(s): size cut"
                    + " to 6144");
            // c.txt: 7000 bytes in 14 clusters of 512 B; a size of 100 needs 1.
            case CHAIN_BEYOND_SIZE -> List.of(
                    "/dir/c.txt: chain of 14 cluster(s) is longer than its size 100 bytes needs: cut to 1",
                    "13 lost cluster(s) (allocated, owned by no file or directory): freed",
                    "FSInfo free count was 80574, 80587 clusters are free: corrected");
            case CROSS_LINK -> List.of("cluster chain of /b.txt is cross-linked at cluster 3 (another chain owns it):"
                    + " 1 shared cluster(s) copied to 14", LOST_ONE);
            // FAT16 entries are 2 bytes: the damaged entry of cluster maxCluster - 1 = 10211 starts at byte 20422.
            case FAT_COPIES_DIFFER -> List.of("FAT copy 1 differed from copy 0 (first at byte 20422): rewritten from"
                    + " copy 0");
            // The long name's two parts follow '.', '..', 'sub' and 'c.txt' in /dir.
            case BROKEN_LONG_NAME -> List.of("directory /dir: orphaned long-name part in slot 4 freed",
                    "directory /dir: orphaned long-name part in slot 5 freed");
            case CHAIN_INTO_FREE_CLUSTER -> List.of(
                    "cluster chain of /dir/c.txt runs into free cluster 22: cut after 1 cluster(s)",
                    "/dir/c.txt: size 7000 bytes but the chain holds 1 cluster(s): size cut to 512",
                    "12 lost cluster(s) (allocated, owned by no file or directory): freed",
                    "FSInfo free count was 80574, 80587 clusters are free: corrected");
            case CHAIN_LOOP -> List.of("cluster chain of /a.txt loops back to its cluster 2: cut after 3 cluster(s)");
            case FSINFO_SIGNATURE -> List.of("FSInfo sector 1 lacked its signatures: rewritten");
            case UNSAFE_LONG_NAME -> List.of("/dir/Long/File Name.txt: invalid long name (name 'Long/File Name.txt'"
                    + " contains character U+002F at index 4, which FAT does not allow): dropped, the 8.3 name stays");
            case WRONG_DOT_DOT -> List.of("directory /dir/sub: '..' pointed at cluster 20: pointed at the parent, 19");
            case DIRECTORY_LOOP -> List.of("directory /dir/sub starts in cluster 7, which another directory owns (a"
                    + " loop back to an ancestor, or a cross-link): entry removed", LOST_ONE);
            case DUPLICATE_SHORT_NAME -> List.of("/a.txt: duplicate 8.3 name 'A       TXT': 8.3 name set to"
                    + " FSCK0000.000");
        };
    }

    @ParameterizedTest
    @EnumSource(VolumeRepairTest.Damage.class)
    void theReportNamesEachRepairWithItsFigures(VolumeRepairTest.Damage damage) throws Exception {
        Path image = image(damage.type);
        damage.apply(new CraftedImage(image));
        RepairReport report = repair(image);
        assertEquals(expected(damage), report.actions(), damage.toString());
        assertEquals(List.of(), report.leftAlone(), damage.toString());
        assertTrue(report.clean() && report.written(), report.toString());
        assertEquals(List.of(), repair(image).actions(), damage + ": a second repair finds nothing");
    }

    @Test
    void aSubdirectoryStartingAtClusterZeroOneOrPastTheLastIsRemoved() throws Exception {
        for (long start : new long[] {0, 1}) {
            Path image = image(FatType.FAT16);
            new CraftedImage(image).setFirstCluster("/dir/sub", start);
            String why = start == 0 ? "starts at cluster 0" : "starts at cluster 1, outside the volume";
            assertEquals(List.of("directory /dir/sub " + why + ": entry removed", LOST_ONE), repair(image).actions());
        }
        Path image = image(FatType.FAT16);
        CraftedImage crafted = new CraftedImage(image);
        long max = crafted.layout().maxCluster();
        crafted.setFirstCluster("/dir/sub", max + 1);
        assertEquals(List.of("directory /dir/sub starts at cluster " + (max + 1) + ", outside the volume: entry"
                + " removed", LOST_ONE), repair(image).actions());
    }

    @Test
    void aSubdirectoryStartingAtTheLastClusterIsJudgedByWhatTheFatHoldsThere() throws Exception {
        Path image = image(FatType.FAT16);
        CraftedImage crafted = new CraftedImage(image);
        long max = crafted.layout().maxCluster();
        crafted.setFirstCluster("/dir/sub", max);
        assertEquals(List.of("directory /dir/sub starts at free cluster " + max + ": entry removed", LOST_ONE),
                repair(image).actions(), "the last cluster is inside the volume: it is free, not outside");

        Path bad = image(FatType.FAT16);
        CraftedImage badCrafted = new CraftedImage(bad);
        badCrafted.setFat(max, FatType.FAT16.badClusterMark(), 0, 1);
        badCrafted.setFirstCluster("/dir/sub", max);
        assertEquals(List.of("directory /dir/sub starts at bad cluster " + max + ": entry removed", LOST_ONE),
                repair(bad).actions());
    }

    @Test
    void aDirectoryInTheFirstDataClusterIsHealthy() throws Exception {
        Path image = tmp.resolve("first.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 8 << 20, FormatOptions.builder().fatType(FatType.FAT16)
                .build())) {
            fs.createDirectory("/d");
            assertEquals(2, fs.stat("/d").firstCluster(), "the first directory takes cluster 2");
            fs.writeAllBytes("/d/f.txt", new byte[100]);
        }
        RepairReport report = repair(image);
        assertEquals(List.of(), report.actions());
        assertEquals(List.of(), report.leftAlone());
    }
}
