package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.BlockDevice;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.testkit.Trials;

/**
 * Seeded: random combinations of the damage kinds of {@link VolumeRepairTest}, on FAT16 or FAT32, are all repaired
 * in one run: afterwards our check and {@code fsck.fat -n} are clean, nothing is left alone, and a second repair
 * finds nothing to do. The broken variant, a repair whose writes to FAT copy 1 are lost, must fail the property.
 * Replay a trial with {@code -Dkernkit.seed=N}.
 */
class RepairPropertyTest {

    private static final int TRIALS = 10;

    @TempDir
    Path tmp;

    /** A repair: run against the image file, returning what it reported. */
    interface Repair {
        RepairReport run(FileBlockDevice device) throws IOException;
    }

    @Test
    void anyCombinationOfDamageIsRepairedInOneRun() {
        Trials.forEach("repair of combined damage", TRIALS, random -> property(random,
                device -> FatRepair.repair(device, false)));
    }

    @Test
    void aRepairThatLosesItsWritesToTheSecondFatCopyFailsTheProperty() {
        AssertionError caught = assertThrows(AssertionError.class, () -> Trials.forEach(
                "repair of combined damage", TRIALS, random -> property(random,
                        device -> FatRepair.repair(new LosesSecondFatCopy(device), false))));
        assertTrue(caught.getMessage().contains("seed"), caught.getMessage());
        String why = String.valueOf(caught.getCause().getMessage());
        assertTrue(why.contains("FAT copy 1 differs"), "caught for the lost FAT copy writes, not something else: "
                + why);
    }

    private void property(SplittableRandom random, Repair repair) throws Exception {
        FatType type = random.nextBoolean() ? FatType.FAT16 : FatType.FAT32;
        Path image = VolumeRepairTest.image(Files.createTempDirectory(tmp, "trial"), type);
        EnumSet<VolumeRepairTest.Damage> damages = EnumSet.noneOf(VolumeRepairTest.Damage.class);
        int count = random.nextInt(2, 5);
        List<VolumeRepairTest.Damage> kinds = new ArrayList<>(List.of(VolumeRepairTest.Damage.values()));
        kinds.removeIf(d -> d.type == FatType.FAT32 && type != FatType.FAT32 && d.name().startsWith("FSINFO"));
        while (damages.size() < count) {
            damages.add(kinds.get(random.nextInt(kinds.size())));
        }
        if (damages.contains(VolumeRepairTest.Damage.BROKEN_LONG_NAME)) {
            damages.remove(VolumeRepairTest.Damage.UNSAFE_LONG_NAME); // the broken name no longer resolves by path
        }
        CraftedImage crafted = new CraftedImage(image);
        for (VolumeRepairTest.Damage d : damages) { // enum order: the renaming damage comes last
            d.apply(crafted);
        }
        String what = type + " " + damages;
        RepairReport report;
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            report = repair.run(device);
        }
        assertEquals(List.of(), report.leftAlone(), what);
        assertEquals(List.of(), VolumeRepairTest.check(image), what + ": our check after the repair");
        if (OracleTools.isAvailable("fsck.fat")) {
            assertEquals(List.of(), OracleTools.fsckComplaints(image), what + ": fsck.fat -n after the repair");
        }
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            RepairReport again = FatRepair.repair(device, false);
            assertFalse(again.written(), what + ": a second repair found " + again.actions());
        }
    }

    /** The broken variant's device: every write that touches FAT copy 1 is silently dropped. */
    static final class LosesSecondFatCopy implements BlockDevice {
        private final BlockDevice device;
        private final long copyStart;
        private final long copyEnd;

        LosesSecondFatCopy(BlockDevice device) throws IOException {
            this.device = device;
            byte[] boot = new byte[512];
            device.read(0, ByteBuffer.wrap(boot));
            org.kernkit.vfat.internal.VolumeLayout layout = org.kernkit.vfat.internal.VolumeLayout.parse(boot,
                    device.sectorCount() * 512);
            this.copyStart = layout.fatOffset(1) / 512;
            this.copyEnd = copyStart + layout.fatBytes() / 512;
        }

        @Override
        public long sectorCount() throws IOException {
            return device.sectorCount();
        }

        @Override
        public void read(long sector, ByteBuffer dst) throws IOException {
            device.read(sector, dst);
        }

        @Override
        public void write(long sector, ByteBuffer src) throws IOException {
            if (sector >= copyStart && sector < copyEnd) {
                src.position(src.limit());
                return;
            }
            device.write(sector, src);
        }

        @Override
        public void flush() throws IOException {
            device.flush();
        }

        @Override
        public void close() throws IOException {
            device.close();
        }
    }
}
