package org.kernkit.vfat.internal;

/**
 * Layout of the FAT boot sector (sector 0) and its BIOS parameter block, per fatgen103.
 *
 * <pre>
 *  offset size  field                      offset size  field (FAT12/16 tail | FAT32 tail)
 *   0     3    jump (EB xx 90)              36    1|4  drive number    | FAT size (sectors)
 *   3     8    OEM name                     37    1|-  reserved (state)|
 *  11     2    bytes per sector             38    1|-  ext. signature  |
 *  13     1    sectors per cluster          39    4|-  volume id       |
 *  14     2    reserved sectors             40    -|2                  | ext flags
 *  16     1    number of FATs               42    -|2                  | fs version
 *  17     2    root entry count (0: FAT32)  43   11|-  volume label    |
 *  19     2    total sectors (16-bit)       44    -|4                  | root cluster
 *  21     1    media descriptor             48    -|2                  | FSInfo sector
 *  22     2    FAT size 16 (0: FAT32)       50    -|2                  | backup boot sector
 *  24     2    sectors per track            54    8|-  fs type label   |
 *  26     2    heads                        64/65/66/67/71/82: FAT32 drive, state, ext. sig, id, label, type
 *  28     4    hidden sectors              510    2    signature 55 AA
 *  32     4    total sectors (32-bit)
 * </pre>
 */
public final class BootSectorDescriptor {

    private BootSectorDescriptor() {}

    public static final int JUMP_OFFSET = 0;
    public static final int OEM_NAME_OFFSET = 3;
    public static final int OEM_NAME_LENGTH = 8;
    public static final int BYTES_PER_SECTOR_OFFSET = 11;
    public static final int SECTORS_PER_CLUSTER_OFFSET = 13;
    public static final int RESERVED_SECTORS_OFFSET = 14;
    public static final int NUM_FATS_OFFSET = 16;
    public static final int ROOT_ENTRY_COUNT_OFFSET = 17;
    public static final int TOTAL_SECTORS_16_OFFSET = 19;
    public static final int MEDIA_OFFSET = 21;
    public static final int FAT_SIZE_16_OFFSET = 22;
    public static final int SECTORS_PER_TRACK_OFFSET = 24;
    public static final int NUM_HEADS_OFFSET = 26;
    public static final int HIDDEN_SECTORS_OFFSET = 28;
    public static final int TOTAL_SECTORS_32_OFFSET = 32;

    /** FAT32 only. */
    public static final int FAT_SIZE_32_OFFSET = 36;
    public static final int EXT_FLAGS_OFFSET = 40;
    public static final int FS_VERSION_OFFSET = 42;
    public static final int ROOT_CLUSTER_OFFSET = 44;
    public static final int FS_INFO_SECTOR_OFFSET = 48;
    public static final int BACKUP_BOOT_SECTOR_OFFSET = 50;

    /** Start of the extended boot record tail: 36 on FAT12/16, 64 on FAT32. */
    public static final int TAIL_FAT16 = 36;
    public static final int TAIL_FAT32 = 64;
    /** Offsets inside the tail. */
    public static final int TAIL_DRIVE_NUMBER = 0;
    public static final int TAIL_STATE = 1;
    public static final int TAIL_BOOT_SIGNATURE = 2;
    public static final int TAIL_VOLUME_ID = 3;
    public static final int TAIL_VOLUME_LABEL = 7;
    public static final int TAIL_FS_TYPE = 18;

    public static final int VOLUME_LABEL_LENGTH = 11;
    public static final int FS_TYPE_LENGTH = 8;
    public static final int EXTENDED_BOOT_SIGNATURE = 0x29;
    public static final int SIGNATURE_OFFSET = 510;

    /**
     * Where kernkit records the naming mode: inside the boot-code area (bytes 62..509 on FAT12/16, 90..509 on
     * FAT32), which only a BIOS executing boot code reads. Our boot code is all zeros (the jump lands on zeros, so
     * the image is not bootable, as with mformat), so nothing executes these bytes either.
     */
    public static final int NAMING_MARK_OFFSET = 448;
    /** The mark's text before the mode label; the mode label follows, then a NUL. */
    public static final String NAMING_MARK_PREFIX = "kernkit-vfat naming=";
    /** Room for the mark: prefix, the longest label ("patent-safe"), NUL. */
    public static final int NAMING_MARK_LENGTH = 32;

    /** Offset of the extended tail for a FAT32 ({@code true}) or FAT12/16 boot sector. */
    public static int tailOffset(boolean fat32) {
        return fat32 ? TAIL_FAT32 : TAIL_FAT16;
    }

    /** Offset of the volume label in the boot sector. */
    public static int volumeLabelOffset(boolean fat32) {
        return tailOffset(fat32) + TAIL_VOLUME_LABEL;
    }

    /** Offset of the volume id in the boot sector. */
    public static int volumeIdOffset(boolean fat32) {
        return tailOffset(fat32) + TAIL_VOLUME_ID;
    }

    /** Offset of the file system type label in the boot sector. */
    public static int fsTypeOffset(boolean fat32) {
        return tailOffset(fat32) + TAIL_FS_TYPE;
    }

    /** Whether the sector ends with the 55 AA signature. */
    public static boolean hasSignature(byte[] sector) {
        return (sector[SIGNATURE_OFFSET] & 0xFF) == 0x55 && (sector[SIGNATURE_OFFSET + 1] & 0xFF) == 0xAA;
    }
}
