package org.kernkit.vfat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.kernkit.vfat.internal.LongNameEntryDescriptor;

/**
 * Damages an image the way a hostile or broken tool would, below the library's checks: patches the raw slots of
 * an entry written by the library. Slots are found by their exact 32 bytes, which {@link RawEntries}
 * reports.
 */
final class CraftedImage {

    private final Path image;

    CraftedImage(Path image) {
        this.image = image;
    }

    /**
     * Rewrites the long name of {@code path} to {@code name}, which must have the same length as the stored long
     * name (so the terminator and padding stay where they are). The checksum covers the short name only, so every
     * reader accepts the new name.
     */
    void setLongName(String path, String name) throws IOException {
        List<byte[]> slots = slots(path);
        int parts = slots.size() - 1;
        for (int i = 0; i < parts; i++) {
            byte[] slot = slots.get(i).clone();
            int ordinal = parts - i;
            for (int k = 0; k < LongNameEntryDescriptor.CHARS_PER_ENTRY; k++) {
                int index = (ordinal - 1) * LongNameEntryDescriptor.CHARS_PER_ENTRY + k;
                if (index < name.length()) {
                    int at = LongNameEntryDescriptor.charOffset(k);
                    slot[at] = (byte) name.charAt(index);
                    slot[at + 1] = (byte) (name.charAt(index) >> 8);
                }
            }
            replace(slots.get(i), slot);
        }
    }

    /** Sets the size field of {@code path}'s short entry. */
    void setSize(String path, long size) throws IOException {
        byte[] entry = shortEntry(path);
        byte[] patched = entry.clone();
        java.nio.ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN).putInt(28, (int) size);
        replace(entry, patched);
    }

    /** Sets the first-cluster fields (high and low words) of {@code path}'s short entry. */
    void setFirstCluster(String path, long cluster) throws IOException {
        byte[] entry = shortEntry(path);
        byte[] patched = entry.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) (cluster >>> 16));
        b.putShort(26, (short) cluster);
        replace(entry, patched);
    }

    /** Sets the 11 short-name bytes of {@code path}'s short entry (long-name checksums are left as they are). */
    void setShortName(String path, byte[] name11) throws IOException {
        byte[] entry = shortEntry(path);
        byte[] patched = entry.clone();
        System.arraycopy(name11, 0, patched, 0, 11);
        replace(entry, patched);
    }

    /** The 11 short-name bytes of {@code path}. */
    byte[] shortName(String path) throws IOException {
        return Arrays.copyOf(shortEntry(path), 11);
    }

    /** Flips the checksum byte of the first long-name part of {@code path}: the run no longer matches its entry. */
    void breakLongNameChecksum(String path) throws IOException {
        byte[] part = slots(path).getFirst();
        byte[] patched = part.clone();
        patched[13] ^= 0x5A;
        replace(part, patched);
    }

    /** Points the {@code ..} entry of the directory {@code dir} at {@code cluster}. */
    void setDotDot(String dir, long cluster) throws IOException {
        byte[] entry;
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            entry = new org.kernkit.vfat.internal.DirectoryTree(fs.volume()).directory(dir).slotBytes(1);
        }
        byte[] patched = entry.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) (cluster >>> 16));
        b.putShort(26, (short) cluster);
        replace(entry, patched);
    }

    /** Overwrites the lead signature of the FAT32 FSInfo sector. */
    void breakFsInfoSignature() throws IOException {
        org.kernkit.vfat.internal.VolumeLayout l = layout();
        writeAt((long) l.fsInfoSector * 512, new byte[] {'X', 'X', 'X', 'X'});
    }

    /** The first cluster of {@code path}. */
    long firstCluster(String path) throws IOException {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return fs.stat(path).firstCluster();
        }
    }

    /** The layout of the volume, parsed from its boot sector. */
    org.kernkit.vfat.internal.VolumeLayout layout() throws IOException {
        byte[] boot = new byte[512];
        try (FileChannel ch = FileChannel.open(image)) {
            ch.read(java.nio.ByteBuffer.wrap(boot), 0);
            return org.kernkit.vfat.internal.VolumeLayout.parse(boot, ch.size());
        }
    }

    /** FAT cell {@code cluster} of copy {@code copy}. */
    long fat(int copy, long cluster) throws IOException {
        org.kernkit.vfat.internal.VolumeLayout l = layout();
        return fatTable(l, readAt(l.fatOffset(copy), (int) l.fatBytes())).get(cluster);
    }

    /** Sets FAT cell {@code cluster} to {@code value} in each of {@code copies}. */
    void setFat(long cluster, long value, int... copies) throws IOException {
        org.kernkit.vfat.internal.VolumeLayout l = layout();
        for (int copy : copies) {
            byte[] raw = readAt(l.fatOffset(copy), (int) l.fatBytes());
            org.kernkit.vfat.internal.FatTable t = fatTable(l, raw);
            if (cluster < 2) {
                t.setRaw(cluster, value);
            } else {
                t.set(cluster, value);
            }
            writeAt(l.fatOffset(copy), raw);
        }
    }

    /** Clears the clean bit of FAT[1] in every copy (FAT16/32): the volume reads as not cleanly closed. */
    void markDirty() throws IOException {
        org.kernkit.vfat.internal.VolumeLayout l = layout();
        long cleanBit = l.type == FatType.FAT16 ? 0x8000L : 0x08000000L;
        for (int copy = 0; copy < l.numFats; copy++) {
            byte[] raw = readAt(l.fatOffset(copy), (int) l.fatBytes());
            org.kernkit.vfat.internal.FatTable t = fatTable(l, raw);
            t.setRaw(1, t.getRaw(1) & ~cleanBit);
            writeAt(l.fatOffset(copy), raw);
        }
    }

    /** Writes {@code freeCount} into the FAT32 FSInfo sector (not its backup). */
    void setFsInfoFreeCount(long freeCount) throws IOException {
        org.kernkit.vfat.internal.VolumeLayout l = layout();
        byte[] info = readAt((long) l.fsInfoSector * 512, 512);
        java.nio.ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN).putInt(488, (int) freeCount);
        writeAt((long) l.fsInfoSector * 512, info);
    }

    private static org.kernkit.vfat.internal.FatTable fatTable(org.kernkit.vfat.internal.VolumeLayout l, byte[] raw) {
        return new org.kernkit.vfat.internal.FatTable(raw, l.type, l.clusterCount);
    }

    private byte[] readAt(long offset, int length) throws IOException {
        byte[] b = new byte[length];
        try (FileChannel ch = FileChannel.open(image)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read it all
            }
        }
        return b;
    }

    private void writeAt(long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes), offset);
        }
    }

    private byte[] shortEntry(String path) throws IOException {
        return slots(path).getLast();
    }

    private List<byte[]> slots(String path) throws IOException {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return RawEntries.of(fs, path);
        }
    }

    /** Replaces the one 32-byte-aligned occurrence of {@code old} in the image with {@code patched}. */
    private void replace(byte[] old, byte[] patched) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate((int) ch.size());
            while (all.hasRemaining() && ch.read(all) > 0) {
                // read it all
            }
            byte[] bytes = all.array();
            long found = -1;
            for (int off = 0; off + 32 <= bytes.length; off += 32) {
                if (Arrays.equals(bytes, off, off + 32, old, 0, 32)) {
                    if (found >= 0) {
                        throw new IllegalStateException("slot occurs twice in " + image);
                    }
                    found = off;
                }
            }
            if (found < 0) {
                throw new IllegalStateException("slot not found in " + image);
            }
            ch.write(java.nio.ByteBuffer.wrap(patched), found);
        }
    }
}
