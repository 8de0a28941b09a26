package org.kernkit.vfat.internal;

import java.io.IOException;
import org.kernkit.vfat.FatType;

/**
 * The FAT32 FSInfo sector and its backup: where they are, and rewriting their hints (free count, next free) from
 * the in-memory FAT. One place for the file system's close and for repair.
 */
public final class FsInfoSector {

    private FsInfoSector() {}

    /** Whether the volume has an FSInfo sector inside its reserved region (FAT32 only). */
    public static boolean present(VolumeLayout layout) {
        return layout.type == FatType.FAT32 && layout.fsInfoSector > 0
                && layout.fsInfoSector < layout.reservedSectors;
    }

    /** The primary FSInfo sector as stored. */
    public static byte[] read(Volume volume) throws IOException {
        VolumeLayout layout = volume.layout();
        byte[] info = new byte[layout.bytesPerSector];
        volume.read((long) layout.fsInfoSector * layout.bytesPerSector, info, 0, info.length);
        return info;
    }

    /**
     * Writes the FAT's free count and next-free hint into the FSInfo sector and its backup. A sector without its
     * signatures is left alone (it may not be FSInfo at all) unless {@code restoreSignatures}, which rewrites it
     * whole, as fsck.fat does.
     *
     * @return whether anything was written
     */
    public static boolean write(Volume volume, boolean restoreSignatures) throws IOException {
        VolumeLayout layout = volume.layout();
        if (!present(layout)) {
            return false;
        }
        byte[] info = read(volume);
        if (FsInfoDescriptor.isValid(info)) {
            LittleEndian.put32(info, FsInfoDescriptor.FREE_COUNT_OFFSET, volume.fat().freeCount());
            LittleEndian.put32(info, FsInfoDescriptor.NEXT_FREE_OFFSET, volume.fat().nextFreeHint());
        } else if (restoreSignatures) {
            FsInfoDescriptor.write(info, volume.fat().freeCount(), volume.fat().nextFreeHint());
        } else {
            return false;
        }
        volume.write((long) layout.fsInfoSector * layout.bytesPerSector, info, 0, info.length);
        int backup = layout.backupBootSector;
        if (backup > 0 && backup + layout.fsInfoSector < layout.reservedSectors) {
            volume.write((long) (backup + layout.fsInfoSector) * layout.bytesPerSector, info, 0, info.length);
        }
        return true;
    }
}
