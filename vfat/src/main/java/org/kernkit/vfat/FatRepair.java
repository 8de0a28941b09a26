package org.kernkit.vfat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.internal.DirectoryTree;
import org.kernkit.vfat.internal.OverlayDevice;
import org.kernkit.vfat.internal.Volume;
import org.kernkit.vfat.internal.VolumeChecker;
import org.kernkit.vfat.internal.VolumeRepairer;

/**
 * Repairs a damaged FAT volume in the manner of {@code fsck.fat -a}, separately from the file system (which refuses
 * to write a damaged volume) and from the checker (which only reads).
 *
 * <p>What it repairs, with FAT copy 0 as the truth (as {@code fsck.fat -a} takes the first FAT):
 * <ul>
 * <li>the dirty mark: cleared, last of all;</li>
 * <li>FAT copies that differ: rewritten from copy 0;</li>
 * <li>chains that leave the volume, run into a free or bad cluster, or loop: cut at the last good cluster;</li>
 * <li>cross-links: a file that shares clusters with one found earlier in the walk gets a copy of the shared clusters
 *     its size needs, so it keeps its length (cut instead when no cluster is free); a directory is cut.
 *     {@code fsck.fat -a} truncates the second file at the shared cluster instead;</li>
 * <li>sizes beyond their chains: cut to the chain; chains beyond their sizes: cut to the size;</li>
 * <li>lost clusters (allocated, owned by nothing): freed. {@code fsck.fat -a} (4.2) saves each lost chain as a
 *     file {@code FSCKnnnn.REC} in the root instead; we free them, because a root with no free slot (FAT12/16) or no free cluster to grow it could not take them,
 *     and a repair that fails half-way for want of room is worse than one that frees;</li>
 * <li>broken long-name runs: the orphaned parts are freed; an invalid or unsafe long name is dropped and the entry
 *     keeps its 8.3 name; duplicate 8.3 names and patent-safe dummies left without their long name are renamed
 *     {@code FSCK0000.000}, {@code FSCK0000.001}, ..., as {@code fsck.fat -a} names them;</li>
 * <li>a wrong {@code ..}: pointed at the parent; a subdirectory entry that starts at cluster 0, outside the volume,
 *     in a free or bad cluster, or in a cluster already owned (a loop back to an ancestor): removed;</li>
 * <li>the FSInfo free count and a FSInfo sector without its signatures: rewritten.</li>
 * </ul>
 * Left alone, and listed in {@link RepairReport#leftAlone()}: a missing {@code .} or {@code ..} entry, nesting
 * deeper than 256, a FAT32 root that starts outside the volume; a damaged boot sector is not repaired at all (the
 * volume does not open: {@link CorruptImageException}).
 *
 * <p>Crash safety: the repair decides everything in memory, then writes in steps separated by device barriers
 * ({@link BlockDevice#flush()}): copies of shared clusters before anything points at them, chain cuts, then the
 * directory entries, then the freeing of lost clusters, FSInfo, and the clean mark last. A repair torn by a power
 * loss leaves a volume that still reads, whose rest of the damage {@code check} reports, and that a second repair
 * finishes.
 *
 * <p>Writes nothing the caller did not ask for: a volume that needs no repair is not written at all (not even the
 * dirty mark), and a dry run writes nothing ever: it runs the same repair against an in-memory overlay of the
 * device and reports what it would do and what a check would then find.
 *
 * <p>Thread-safety and locking: one repair uses its device alone. Give it a device opened for writing, which for an
 * image file ({@code FileBlockDevice.open(image, false)}) holds the image's exclusive write lock for the whole
 * repair, so no {@link FatFileSystem} writes the image meanwhile.
 */
public final class FatRepair {

    private FatRepair() {}

    /**
     * Repairs the volume on {@code device}, or with {@code dryRun} only reports what a repair would do.
     *
     * @param device the volume (a whole image, or a partition's view); the caller keeps ownership and closes it.
     *     In a dry run it is only read, so a read-only device will do
     * @param dryRun whether to write nothing and only report
     * @return what was (or would be) repaired, left alone, and still wrong afterwards
     * @throws CorruptImageException if the boot sector or the FAT's geometry is damaged (nothing is written)
     * @throws IOException if the device fails; a repair interrupted so is safe to run again
     */
    public static RepairReport repair(BlockDevice device, boolean dryRun) throws IOException {
        BlockDevice target = dryRun ? new OverlayDevice(device) : device;
        VolumeRepairer repairer = new VolumeRepairer(Volume.open(target));
        boolean needed = repairer.plan();
        if (needed) {
            repairer.write();
        }
        return new RepairReport(repairer.actions(), repairer.leftAlone(), checkAfter(target), needed && !dryRun);
    }

    /** A full check of {@code device} as it now reads, on a fresh open (nothing shared with the repair). */
    private static List<String> checkAfter(BlockDevice device) throws IOException {
        Volume volume = Volume.open(device);
        List<String> problems = new ArrayList<>();
        new VolumeChecker(volume, new DirectoryTree(volume)).check(problems, problems, volume.isMarkedDirty(),
                false);
        return problems;
    }
}
