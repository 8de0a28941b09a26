package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.BootSectorDescriptor.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.partition.PartitionBlockDevice;

/**
 * Writes a fresh FAT12/16/32 file system (mkfs): boot sector, FSInfo and backup (FAT32), zeroed FATs with their
 * reserved entries, and an empty root directory.
 *
 * <p>Geometry: for each candidate cluster size, the FAT size is the fixed point of "FAT big enough for the clusters
 * left after the FATs"; the type then follows from the cluster count alone, and the first candidate whose type is
 * the requested one wins.
 */
public final class ImageFormatter {

    private ImageFormatter() {}

    /** A computed geometry. */
    public record Geometry(FatType type, int sectorsPerCluster, int reservedSectors, int rootEntries, long fatSectors,
            long totalSectors, long clusters) {}

    /**
     * Chooses the geometry for {@code totalSectors} 512-byte sectors.
     *
     * @throws IllegalArgumentException if the requested type or cluster size cannot be reached on this size
     */
    public static Geometry geometry(long totalSectors, FormatOptions options) {
        FatType wanted = options.fatType();
        long bytes = totalSectors * 512;
        if (wanted == null) {
            wanted = bytes < 16L << 20 ? FatType.FAT12 : bytes < 512L << 20 ? FatType.FAT16 : FatType.FAT32;
        }
        int[] candidates;
        if (options.sectorsPerCluster().isPresent()) {
            candidates = new int[] {options.sectorsPerCluster().getAsInt()};
        } else {
            candidates = new int[] {recommended(wanted, bytes), 1, 2, 4, 8, 16, 32, 64, 128};
        }
        StringBuilder tried = new StringBuilder();
        for (int spc : candidates) {
            Geometry g = compute(totalSectors, spc, wanted, options.rootEntries());
            if (g != null && g.type() == wanted && !nearTypeBoundary(g.clusters())) {
                return g;
            }
            tried.append(spc).append(g == null ? " (no room)" : " (" + g.clusters() + " clusters)").append(' ');
        }
        throw new IllegalArgumentException("cannot make " + wanted + " on " + bytes + " bytes: cluster counts for "
                + "sectors per cluster tried: " + tried.toString().trim() + "; " + wanted + " needs "
                + (wanted == FatType.FAT12 ? "1..4084" : wanted == FatType.FAT16 ? "4085..65524" : ">= 65525")
                + " clusters");
    }

    /**
     * Cluster counts within 16 of a type boundary are avoided, as mkfs.fat does: some drivers miscount by a few
     * clusters there and would pick the other type.
     */
    public static boolean nearTypeBoundary(long clusters) {
        return Math.abs(clusters - 4085) < 16 || Math.abs(clusters - 65525) < 16;
    }

    private static int recommended(FatType type, long bytes) {
        long mib = bytes >> 20;
        return switch (type) {
            case FAT12 -> 1;
            case FAT16 -> mib <= 16 ? 2 : mib <= 128 ? 4 : mib <= 256 ? 8 : mib <= 512 ? 16 : mib <= 1024 ? 32 : 64;
            case FAT32 -> mib <= 260 ? 1 : mib <= 8192 ? 8 : mib <= 16384 ? 16 : mib <= 32768 ? 32 : 64;
        };
    }

    /**
     * The geometry of {@code total} sectors with {@code spc} sectors per cluster, laid out as {@code type} (reserved
     * sectors, root region); its {@link Geometry#type()} is what the cluster count makes it, which may differ.
     *
     * @return the geometry, or {@code null} if not even one cluster fits
     */
    public static Geometry compute(long total, int spc, FatType type, int rootEntriesOption) {
        boolean fat32 = type == FatType.FAT32;
        int reserved = fat32 ? 32 : 1;
        int rootEntries = fat32 ? 0 : rootEntriesOption;
        long rootSectors = ((long) rootEntries * 32 + 511) / 512;
        long fatSz = 1;
        long clusters = 0;
        for (int iteration = 0; iteration < 64; iteration++) {
            long data = total - reserved - 2 * fatSz - rootSectors;
            if (data < spc) {
                return null;
            }
            clusters = data / spc;
            long entries = clusters + 2;
            long fatBytes = type == FatType.FAT12 ? (entries * 3 + 1) / 2 : entries * type.bits() / 8;
            long need = (fatBytes + 511) / 512;
            if (need <= fatSz) {
                break;
            }
            fatSz = need;
        }
        if (clusters > FatType.FAT32.maxClusters()) {
            return null;
        }
        return new Geometry(FatType.forClusterCount(clusters), spc, reserved, rootEntries, fatSz, total, clusters);
    }

    /**
     * Formats {@code device}.
     *
     * @param label11 the 11-byte padded label, or {@code null} for "NO NAME"
     */
    public static Geometry format(BlockDevice device, FormatOptions options, byte[] label11, int volumeId)
            throws IOException {
        long total = device.sectorCount();
        if (total > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("device of " + total + " sectors is larger than FAT's 2^32 sectors");
        }
        Geometry g = geometry(total, options);
        boolean fat32 = g.type() == FatType.FAT32;
        byte[] boot = new byte[512];
        boot[0] = (byte) 0xEB;
        boot[1] = (byte) (fat32 ? 0x58 : 0x3C);
        boot[2] = (byte) 0x90;
        System.arraycopy("KERNKIT ".getBytes(StandardCharsets.US_ASCII), 0, boot, OEM_NAME_OFFSET, OEM_NAME_LENGTH);
        LittleEndian.put16(boot, BYTES_PER_SECTOR_OFFSET, 512);
        LittleEndian.put8(boot, SECTORS_PER_CLUSTER_OFFSET, g.sectorsPerCluster());
        LittleEndian.put16(boot, RESERVED_SECTORS_OFFSET, g.reservedSectors());
        LittleEndian.put8(boot, NUM_FATS_OFFSET, 2);
        LittleEndian.put16(boot, ROOT_ENTRY_COUNT_OFFSET, g.rootEntries());
        if (total < 0x10000 && !fat32) {
            LittleEndian.put16(boot, TOTAL_SECTORS_16_OFFSET, (int) total);
        } else {
            LittleEndian.put32(boot, TOTAL_SECTORS_32_OFFSET, total);
        }
        LittleEndian.put8(boot, MEDIA_OFFSET, 0xF8);
        LittleEndian.put16(boot, SECTORS_PER_TRACK_OFFSET, 32);
        LittleEndian.put16(boot, NUM_HEADS_OFFSET, 64);
        LittleEndian.put32(boot, HIDDEN_SECTORS_OFFSET, hiddenSectors(device, options));
        if (fat32) {
            LittleEndian.put32(boot, FAT_SIZE_32_OFFSET, g.fatSectors());
            LittleEndian.put32(boot, ROOT_CLUSTER_OFFSET, 2);
            LittleEndian.put16(boot, FS_INFO_SECTOR_OFFSET, 1);
            LittleEndian.put16(boot, BACKUP_BOOT_SECTOR_OFFSET, 6);
        } else {
            LittleEndian.put16(boot, FAT_SIZE_16_OFFSET, (int) g.fatSectors());
        }
        int tail = tailOffset(fat32);
        boot[tail + TAIL_DRIVE_NUMBER] = (byte) 0x80;
        boot[tail + TAIL_BOOT_SIGNATURE] = (byte) EXTENDED_BOOT_SIGNATURE;
        LittleEndian.put32(boot, tail + TAIL_VOLUME_ID, volumeId & 0xFFFFFFFFL);
        byte[] label = label11 != null ? label11 : "NO NAME    ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, boot, tail + TAIL_VOLUME_LABEL, VOLUME_LABEL_LENGTH);
        String typeLabel = fat32 ? "FAT32   " : g.type() == FatType.FAT16 ? "FAT16   " : "FAT12   ";
        System.arraycopy(typeLabel.getBytes(StandardCharsets.US_ASCII), 0, boot, tail + TAIL_FS_TYPE, FS_TYPE_LENGTH);
        byte[] mark = (NAMING_MARK_PREFIX + options.namingMode().label()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mark, 0, boot, NAMING_MARK_OFFSET, mark.length);
        boot[SIGNATURE_OFFSET] = 0x55;
        boot[SIGNATURE_OFFSET + 1] = (byte) 0xAA;

        // Reserved region first (zeros), then the boot sector last of all metadata would be nicer for a torn
        // format, but a half-formatted device is garbage either way; keep the order simple.
        zero(device, 0, g.reservedSectors());
        device.write(0, ByteBuffer.wrap(boot));
        if (fat32) {
            byte[] info = new byte[512];
            FsInfoDescriptor.write(info, g.clusters() - 1, 3);
            device.write(1, ByteBuffer.wrap(info));
            device.write(6, ByteBuffer.wrap(boot));
            device.write(7, ByteBuffer.wrap(info));
        }
        byte[] fatRaw = new byte[(int) (g.fatSectors() * 512)];
        FatTable fat = new FatTable(fatRaw, g.type(), 0);
        fat.setRaw(0, g.type().endOfChainMark() & ~0xFFL | 0xF8);
        fat.setRaw(1, g.type().endOfChainMark());
        if (fat32) {
            fat.setRaw(2, g.type().endOfChainMark());
        }
        for (int copy = 0; copy < 2; copy++) {
            device.write(g.reservedSectors() + copy * g.fatSectors(), ByteBuffer.wrap(fatRaw));
        }
        long rootStart = g.reservedSectors() + 2 * g.fatSectors();
        long rootSectors = fat32 ? g.sectorsPerCluster() : ((long) g.rootEntries() * 32 + 511) / 512;
        zero(device, rootStart, rootSectors);
        return g;
    }

    /** The option if set, else where the device starts on its disk: a partition's first sector, else 0. */
    private static long hiddenSectors(BlockDevice device, FormatOptions options) {
        if (options.hiddenSectors().isPresent()) {
            return options.hiddenSectors().getAsLong();
        }
        if (device instanceof PartitionBlockDevice partition && partition.firstSector() <= 0xFFFFFFFFL) {
            return partition.firstSector();
        }
        return 0;
    }

    private static void zero(BlockDevice device, long first, long count) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        long sector = first;
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(left, zeros.length / 512);
            device.write(sector, ByteBuffer.wrap(zeros, 0, n * 512));
            sector += n;
            left -= n;
        }
    }

    /** The 11-byte padded form of a label, upper-cased. */
    public static byte[] padLabel(String label) {
        byte[] b = new byte[11];
        Arrays.fill(b, (byte) ' ');
        byte[] src = label.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, b, 0, Math.min(11, src.length));
        return b;
    }
}
