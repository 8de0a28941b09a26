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
 * an entry written by the library. Slots are found by their exact 32 bytes, which {@link FatFileSystem#rawEntry}
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

    private byte[] shortEntry(String path) throws IOException {
        return slots(path).getLast();
    }

    private List<byte[]> slots(String path) throws IOException {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return fs.rawEntry(path);
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
