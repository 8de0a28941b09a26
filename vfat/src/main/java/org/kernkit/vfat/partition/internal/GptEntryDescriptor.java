package org.kernkit.vfat.partition.internal;

/**
 * Layout of one GPT partition entry (UEFI specification, "GUID Partition Entry"). Entries are
 * {@code SizeOfPartitionEntry} bytes apart (128 x 2^n); the fields below fill the first 128.
 *
 * <pre>
 *  0 16  partition type GUID (all zero: unused entry)
 * 16 16  unique partition GUID
 * 32  8  first LBA
 * 40  8  last LBA (inclusive)
 * 48  8  attributes (bit 0 required by the platform, bit 1 no block I/O protocol, bit 2 legacy BIOS bootable)
 * 56 72  name, 36 UTF-16LE code units, NUL-padded
 * </pre>
 */
public final class GptEntryDescriptor {

    private GptEntryDescriptor() {}

    /** Minimum (and usual) entry size. */
    public static final int SIZE = 128;
    /** The usual number of entries, which gives the 16 KiB minimum array of the specification. */
    public static final int DEFAULT_COUNT = 128;

    /** Field offset. */
    public static final int TYPE_GUID_OFFSET = 0;
    /** Field offset. */
    public static final int UNIQUE_GUID_OFFSET = 16;
    /** Field offset. */
    public static final int FIRST_LBA_OFFSET = 32;
    /** Field offset. */
    public static final int LAST_LBA_OFFSET = 40;
    /** Field offset. */
    public static final int ATTRIBUTES_OFFSET = 48;
    /** Field offset. */
    public static final int NAME_OFFSET = 56;
    /** Length of the name in UTF-16 code units. */
    public static final int NAME_UNITS = 36;

    /** Attribute bit 2: legacy BIOS bootable (the GPT counterpart of the MBR's active flag). */
    public static final long ATTRIBUTE_LEGACY_BIOS_BOOTABLE = 1L << 2;
}
