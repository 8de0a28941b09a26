package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kernkit.block.FileBlockDevice;

/**
 * {@link FatRepair} against each kind of damage {@code check} reports: an image made by {@code format}, damaged
 * byte by byte, repaired; then {@code fsck.fat -n} and our check are clean, and the files match what
 * {@code fsck.fat -a} keeps on a copy of the same damaged image (differences are named per case).
 */
class VolumeRepairTest {

    @TempDir
    Path tmp;

    static final byte[] A = bytes(1, 5000);
    static final byte[] B = bytes(2, 3000);
    static final byte[] C = bytes(3, 7000);
    static final byte[] LONG = bytes(4, 100);

    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    Path image(FatType type) throws IOException {
        return image(tmp, type);
    }

    /** A 20 MiB FAT16 (2 KiB clusters) or 40 MiB FAT32 image with a few files, in {@code dir}. */
    static Path image(Path dir, FatType type) throws IOException {
        Path image = dir.resolve("damaged-" + type + ".img");
        long size = type == FatType.FAT32 ? 40L << 20 : 20L << 20;
        FormatOptions.Builder options = FormatOptions.builder().fatType(type).volumeId(0x1234);
        if (type == FatType.FAT16) {
            options.sectorsPerCluster(4);
        }
        try (FatFileSystem fs = FatFileSystem.format(image, size, options.build())) {
            fs.writeAllBytes("/a.txt", A);
            fs.writeAllBytes("/b.txt", B);
            fs.createDirectories("/dir/sub");
            fs.writeAllBytes("/dir/c.txt", C);
            fs.writeAllBytes("/dir/Long File Name.txt", LONG);
        }
        return image;
    }

    /** One kind of damage, done to the bytes below the library. */
    enum Damage {
        DIRTY_MARK(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.markDirty();
            }
        },
        FSINFO_FREE_COUNT(FatType.FAT32) {
            void apply(CraftedImage img) throws IOException {
                img.setFsInfoFreeCount(123);
            }
        },
        LOST_CLUSTERS(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                long last = img.layout().maxCluster();
                img.setFat(last - 3, last - 2, 0, 1);
                img.setFat(last - 2, FatType.FAT16.endOfChainMark(), 0, 1);
            }
        },
        SIZE_BEYOND_CHAIN(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.setSize("/a.txt", A.length + 3 * 2048L);
            }
        },
        CHAIN_BEYOND_SIZE(FatType.FAT32) {
            void apply(CraftedImage img) throws IOException {
                img.setSize("/dir/c.txt", 100);
            }
        },
        CROSS_LINK(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                long a1 = img.firstCluster("/a.txt");
                long a2 = img.fat(0, a1);
                img.setFat(img.firstCluster("/b.txt"), a2, 0, 1);
            }
        },
        FAT_COPIES_DIFFER(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.setFat(img.layout().maxCluster() - 1, FatType.FAT16.endOfChainMark(), 1);
            }
        },
        BROKEN_LONG_NAME(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.breakLongNameChecksum("/dir/Long File Name.txt");
            }
        },
        CHAIN_INTO_FREE_CLUSTER(FatType.FAT32) {
            void apply(CraftedImage img) throws IOException {
                long c1 = img.firstCluster("/dir/c.txt");
                img.setFat(img.fat(0, c1), 0, 0, 1);
            }
        },
        CHAIN_LOOP(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                long a1 = img.firstCluster("/a.txt");
                long a3 = img.fat(0, img.fat(0, a1));
                img.setFat(a3, a1, 0, 1);
            }
        },
        FSINFO_SIGNATURE(FatType.FAT32) {
            void apply(CraftedImage img) throws IOException {
                img.breakFsInfoSignature();
            }
        },
        UNSAFE_LONG_NAME(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.setLongName("/dir/Long File Name.txt", "Long/File Name.txt");
            }
        },
        WRONG_DOT_DOT(FatType.FAT32) {
            void apply(CraftedImage img) throws IOException {
                img.setDotDot("/dir/sub", img.firstCluster("/dir/sub"));
            }
        },
        DIRECTORY_LOOP(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.setFirstCluster("/dir/sub", img.firstCluster("/dir"));
            }
        },
        DUPLICATE_SHORT_NAME(FatType.FAT16) {
            void apply(CraftedImage img) throws IOException {
                img.setShortName("/b.txt", img.shortName("/a.txt"));
            }
        };

        final FatType type;

        Damage(FatType type) {
            this.type = type;
        }

        abstract void apply(CraftedImage img) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void repairLeavesAVolumeThatFsckAndCheckFindCleanAndKeepsWhatFsckFatKeeps(Damage damage) throws Exception {
        OracleTools.require("fsck.fat");
        Path image = image(damage.type);
        damage.apply(new CraftedImage(image));
        assertFalse(check(image).isEmpty(), damage + ": check must report the damage");
        Path theirs = tmp.resolve("fsck-a.img");
        Files.copy(image, theirs, StandardCopyOption.REPLACE_EXISTING);

        RepairReport report;
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            report = FatRepair.repair(device, false);
        }
        System.out.println(damage + ": " + report.actions());
        assertTrue(report.written() && !report.actions().isEmpty(), report.toString());
        assertTrue(report.clean(), report.toString());
        assertEquals(List.of(), report.leftAlone());
        assertEquals(List.of(), OracleTools.fsckComplaints(image), damage + ": fsck.fat -n after our repair");
        assertEquals(List.of(), check(image), damage + ": our check after our repair");

        OracleTools.Result fsck = OracleTools.run("fsck.fat", "-a", "-w", theirs.toString());
        System.out.println(damage + ": fsck.fat -a: " + fsck.output().replace('\n', '|'));
        Map<String, byte[]> ours = files(image);
        Map<String, byte[]> fsckKept = files(theirs);
        // Known difference 1: fsck.fat -a saves lost chains as /FSCKnnnn.REC; we free them (FatRepair's Javadoc).
        fsckKept.keySet().removeIf(p -> p.matches("/FSCK\\d{4}\\.REC"));
        if (damage == Damage.UNSAFE_LONG_NAME) {
            // Known difference 3: fsck.fat does not check long names; we drop one FAT does not allow (the 8.3 name
            // stays), as our check reports it. The bytes are the same.
            fsckKept.put("/dir/LONGFI~1.TXT", fsckKept.remove("/dir/Long/File Name.txt"));
        }
        if (damage == Damage.CROSS_LINK) {
            // Known difference 2: fsck.fat -a truncates the second file at the shared cluster; we copy the shared
            // cluster, so /b.txt keeps its 3000 bytes: its own first cluster, then what its chain pointed at.
            byte[] b = ours.remove("/b.txt");
            byte[] fsckB = fsckKept.remove("/b.txt");
            assertEquals(B.length, b.length);
            assertArrayEquals(fsckB, java.util.Arrays.copyOf(b, fsckB.length), "the cluster both keep");
            assertArrayEquals(java.util.Arrays.copyOfRange(A, 2048, 2048 + B.length - 2048),
                    java.util.Arrays.copyOfRange(b, 2048, B.length), "the copy of the shared cluster");
        }
        assertEquals(fsckKept.keySet(), ours.keySet(), damage + ": the same files survive as under fsck.fat -a");
        for (Map.Entry<String, byte[]> f : fsckKept.entrySet()) {
            assertArrayEquals(f.getValue(), ours.get(f.getKey()), damage + ": " + f.getKey() + " as fsck.fat -a"
                    + " keeps it");
        }
    }

    @Test
    void aCleanVolumeIsNotWrittenAtAll() throws Exception {
        Path image = image(FatType.FAT32);
        byte[] before = Files.readAllBytes(image);
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            RepairReport report = FatRepair.repair(device, false);
            assertEquals(List.of(), report.actions());
            assertFalse(report.written());
        }
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void aDryRunReportsTheRepairAndItsResultWithoutWriting() throws Exception {
        Path image = image(FatType.FAT16);
        new CraftedImage(image).setSize("/a.txt", 100);
        byte[] before = Files.readAllBytes(image);
        try (FileBlockDevice device = FileBlockDevice.open(image, true)) {
            RepairReport report = FatRepair.repair(device, true);
            assertEquals(2, report.actions().size(), report.toString());
            assertTrue(report.actions().getFirst().contains("/a.txt: chain of 3 cluster(s)"), report.toString());
            assertTrue(report.actions().get(1).contains("2 lost cluster(s)"), report.toString());
            assertTrue(report.clean() && !report.written(), report.toString());
        }
        assertArrayEquals(before, Files.readAllBytes(image), "a dry run writes nothing");
    }

    static List<String> check(Path image) throws IOException {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return fs.check().problems();
        }
    }

    /** Every regular file of the image, by path, with its bytes. */
    static Map<String, byte[]> files(Path image) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            fs.walk("/", (dir, entries) -> {
                for (FatEntry e : entries) {
                    if (!e.directory()) {
                        String p = dir.endsWith("/") ? dir + e.name() : dir + "/" + e.name();
                        // A name holding '/' (only a damaged image has one) is read through its 8.3 name.
                        String read = e.name().contains("/") ? (dir.endsWith("/") ? dir : dir + "/") + e.shortName()
                                : p;
                        out.put(p, fs.readAllBytes(read));
                    }
                }
            });
        }
        return out;
    }
}
