package org.kernkit.vfat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.vfat.internal.Directory;
import org.kernkit.vfat.internal.DirectoryRecord;
import org.kernkit.vfat.internal.DirectoryTree;

/**
 * Raw slot bytes of an entry, for format-level tests: parsed from the volume's bytes by a directory tree of the
 * test's own (the file system's cache is not consulted), so the main jar carries no test hook.
 */
final class RawEntries {

    private RawEntries() {}

    /**
     * The 32-byte slots of the entry at {@code path}, its long-name parts first and its short entry last, as they
     * are on the device.
     */
    static List<byte[]> of(FatFileSystem fs, String path) throws IOException {
        fs.flush();
        DirectoryTree tree = new DirectoryTree(fs.volume());
        DirectoryRecord r = tree.record(DirectoryTree.split(path), path);
        Directory d = r.parent();
        List<byte[]> out = new ArrayList<>();
        for (int i = r.shortSlot() - r.slotCount() + 1; i <= r.shortSlot(); i++) {
            out.add(d.slotBytes(i));
        }
        return out;
    }
}
