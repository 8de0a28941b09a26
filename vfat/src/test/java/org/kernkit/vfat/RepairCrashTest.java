package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;

/**
 * A repair torn by a power loss at every write, with the disk's cache keeping any subset of the writes since the
 * last barrier: the image still opens, and a second repair leaves it clean with the same files and bytes as a
 * repair that was never torn. The broken variant, a disk that ignores barriers, must break that for some cut.
 */
class RepairCrashTest {

    @TempDir
    Path tmp;

    /** An image with several damages at once: a cross-link, a chain beyond its size, lost clusters, the dirty mark. */
    private byte[] damaged() throws IOException {
        VolumeRepairTest fixture = new VolumeRepairTest();
        fixture.tmp = tmp;
        Path image = fixture.image(FatType.FAT16);
        CraftedImage crafted = new CraftedImage(image);
        for (VolumeRepairTest.Damage d : List.of(VolumeRepairTest.Damage.DIRTY_MARK,
                VolumeRepairTest.Damage.LOST_CLUSTERS, VolumeRepairTest.Damage.CROSS_LINK,
                VolumeRepairTest.Damage.BROKEN_LONG_NAME)) {
            d.apply(crafted);
        }
        crafted.setSize("/dir/c.txt", 100);
        return Files.readAllBytes(image);
    }

    /** The files of {@code bytes} after a complete repair, or the first property violation. */
    private Map<String, byte[]> repairedFiles(byte[] bytes, String what) throws IOException {
        Path image = tmp.resolve("after.img");
        Files.write(image, bytes);
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            RepairReport second = FatRepair.repair(device, false);
            assertTrue(second.clean(), what + ": a second repair leaves " + second.remaining());
        }
        return VolumeRepairTest.files(image);
    }

    /** Tears the repair at every write; returns the cuts whose outcome differed from the untorn repair. */
    private List<String> tornRepairs(boolean honourBarriers) throws IOException {
        byte[] damaged = damaged();
        Map<String, byte[]> untorn = repairedFiles(damaged, "untorn");
        List<String> differing = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(17);
        int cuts = 0;
        for (int limit = 0; limit < 400; limit++) {
            PowerLossDevice device = new PowerLossDevice(damaged, limit, honourBarriers, random);
            try {
                FatRepair.repair(device, false);
            } catch (IOException expected) {
                // the power failed
            }
            if (!device.failed()) {
                break;
            }
            cuts++;
            String what = "repair torn at write " + limit;
            Map<String, byte[]> after;
            try {
                after = repairedFiles(device.durable(), what);
            } catch (IOException | AssertionError e) {
                differing.add(what + ": " + e.getMessage());
                continue;
            }
            if (!after.keySet().equals(untorn.keySet())) {
                differing.add(what + ": files " + after.keySet() + " instead of " + untorn.keySet());
                continue;
            }
            for (Map.Entry<String, byte[]> f : untorn.entrySet()) {
                if (!java.util.Arrays.equals(f.getValue(), after.get(f.getKey()))) {
                    differing.add(what + ": " + f.getKey() + " has other bytes");
                }
            }
        }
        assertTrue(cuts > 5, "the repair made several writes: " + cuts);
        return differing;
    }

    @Test
    void aRepairTornAtAnyWriteIsFinishedByASecondRepairWithTheSameFiles() throws IOException {
        assertEquals(List.of(), tornRepairs(true));
        Map<String, byte[]> untorn = repairedFiles(damaged(), "untorn");
        assertArrayEquals(VolumeRepairTest.A, untorn.get("/a.txt"), "the first owner of the shared cluster");
        assertArrayEquals(VolumeRepairTest.LONG, untorn.get("/dir/LONGFI~1.TXT"), "the file whose long name broke");
    }

    @Test
    void onADiskThatIgnoresBarriersSomeTornRepairLosesData() throws IOException {
        assertTrue(!tornRepairs(false).isEmpty(), "without barriers the write order is not kept");
    }
}
