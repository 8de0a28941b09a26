package org.kernkit.vfat.partition;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.kernkit.vfat.FatType;

/**
 * What a partition holds: an MBR type code, a GPT type GUID, or both.
 *
 * <p>The constants know both encodings where there is a usual pair (FAT32 LBA is MBR {@code 0x0C} and, on GPT,
 * Microsoft basic data), so one request builds either table. A table keeps the type of its own kind: an
 * {@link MbrTable} canonicalises every type through {@link #ofMbrCode}, a {@link GptTable} through
 * {@link #ofGptGuid}. So {@code FAT32_LBA} put into a GPT reads back as {@link #MICROSOFT_BASIC_DATA}, which is what
 * is on the disk.
 *
 * <p>Immutable and thread-safe. Two types are equal when name, code and GUID are equal.
 */
public final class PartitionType {

    private static final UUID BASIC_DATA_GUID = UUID.fromString("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");
    private static final int NO_CODE = -1;

    /** FAT12, MBR 0x01. */
    public static final PartitionType FAT12 = new PartitionType("FAT12", 0x01, BASIC_DATA_GUID);
    /** FAT16 of less than 32 MiB, MBR 0x04. */
    public static final PartitionType FAT16_UNDER_32MIB = new PartitionType("FAT16 <32M", 0x04, BASIC_DATA_GUID);
    /** FAT16, MBR 0x06. */
    public static final PartitionType FAT16 = new PartitionType("FAT16", 0x06, BASIC_DATA_GUID);
    /** FAT32 addressed by CHS, MBR 0x0B. */
    public static final PartitionType FAT32_CHS = new PartitionType("FAT32", 0x0B, BASIC_DATA_GUID);
    /** FAT32 addressed by LBA, MBR 0x0C: the usual type of a FAT32 partition. */
    public static final PartitionType FAT32_LBA = new PartitionType("FAT32 LBA", 0x0C, BASIC_DATA_GUID);
    /** FAT16 addressed by LBA, MBR 0x0E. */
    public static final PartitionType FAT16_LBA = new PartitionType("FAT16 LBA", 0x0E, BASIC_DATA_GUID);
    /** EFI system partition: MBR 0xEF, GPT {@code C12A7328-F81F-11D2-BA4B-00A0C93EC93B}. */
    public static final PartitionType EFI_SYSTEM = new PartitionType("EFI System", 0xEF,
            UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"));
    /** Microsoft basic data (FAT, exFAT, NTFS on GPT): {@code EBD0A0A2-B9E5-4433-87C0-68B6B72699C7}, MBR 0x07. */
    public static final PartitionType MICROSOFT_BASIC_DATA = new PartitionType("Microsoft basic data", 0x07,
            BASIC_DATA_GUID);
    /** Linux file system: MBR 0x83, GPT {@code 0FC63DAF-8483-4772-8E79-3D69D8477DE4}. */
    public static final PartitionType LINUX_FILESYSTEM = new PartitionType("Linux filesystem", 0x83,
            UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4"));
    /** Extended partition (CHS), MBR 0x05: a container of logical partitions, which are not followed. */
    public static final PartitionType EXTENDED = new PartitionType("Extended", 0x05, null);
    /** Extended partition (LBA), MBR 0x0F. */
    public static final PartitionType EXTENDED_LBA = new PartitionType("Extended LBA", 0x0F, null);
    /** The protective MBR entry of a GPT disk, MBR 0xEE. */
    public static final PartitionType GPT_PROTECTIVE = new PartitionType("GPT protective", 0xEE, null);

    /** Canonical constants for MBR codes: the first one with a code wins (0x07 is basic data). */
    private static final List<PartitionType> MBR_KNOWN = List.of(FAT12, FAT16_UNDER_32MIB, FAT16, FAT32_CHS,
            FAT32_LBA, FAT16_LBA, EFI_SYSTEM, MICROSOFT_BASIC_DATA, LINUX_FILESYSTEM, EXTENDED, EXTENDED_LBA,
            GPT_PROTECTIVE);
    /** Canonical constants for GPT GUIDs. */
    private static final List<PartitionType> GPT_KNOWN = List.of(EFI_SYSTEM, MICROSOFT_BASIC_DATA,
            LINUX_FILESYSTEM);

    private final String name;
    private final int mbrCode;
    private final UUID gptGuid;

    private PartitionType(String name, int mbrCode, UUID gptGuid) {
        this.name = name;
        this.mbrCode = mbrCode;
        this.gptGuid = gptGuid;
    }

    /**
     * The type of MBR code {@code code}: the constant that has it, or an unnamed type.
     *
     * @param code the MBR type byte, 1 to 255
     * @return the named constant with that code, else a type with only this code
     * @throws IllegalArgumentException if {@code code} is outside 1..255 (0 marks an empty MBR slot)
     */
    public static PartitionType ofMbrCode(int code) {
        if (code < 1 || code > 0xFF) {
            throw new IllegalArgumentException("MBR type code " + code + " is outside 1..255");
        }
        for (PartitionType known : MBR_KNOWN) {
            if (known.mbrCode == code) {
                return known;
            }
        }
        return new PartitionType("MBR type 0x" + HexFormat.of().toHexDigits((byte) code), code, null);
    }

    /**
     * The type of GPT type GUID {@code guid}: the constant that has it, or an unnamed type.
     *
     * @param guid the GPT type GUID, not all zero
     * @return the named constant with that GUID, else a type with only this GUID
     * @throws IllegalArgumentException if {@code guid} is all zero (it marks an unused GPT entry)
     */
    public static PartitionType ofGptGuid(UUID guid) {
        Objects.requireNonNull(guid, "guid");
        if (guid.getMostSignificantBits() == 0 && guid.getLeastSignificantBits() == 0) {
            throw new IllegalArgumentException("the all-zero GPT type GUID marks an unused entry");
        }
        for (PartitionType known : GPT_KNOWN) {
            if (known.gptGuid.equals(guid)) {
                return known;
            }
        }
        return new PartitionType("GPT type " + guid.toString().toUpperCase(java.util.Locale.ROOT), NO_CODE, guid);
    }

    /**
     * The type a FAT of {@code type} gets in an MBR: {@link #FAT12}, {@link #FAT16_LBA} or {@link #FAT32_LBA}
     * (kernkit addresses by LBA only). On GPT each of them is Microsoft basic data.
     *
     * @param type the FAT type of the volume in the partition
     * @return the MBR type to record for it
     */
    public static PartitionType forFat(FatType type) {
        return switch (type) {
            case FAT12 -> FAT12;
            case FAT16 -> FAT16_LBA;
            case FAT32 -> FAT32_LBA;
        };
    }

    /**
     * A short human name ("EFI System", "FAT32 LBA", "MBR type 0x8e").
     *
     * @return the name shown in listings; not unique and not meant for parsing
     */
    public String name() {
        return name;
    }

    /**
     * The MBR type code, if this type has one.
     *
     * @return the code from 1 to 255, or empty for a GPT-only type
     */
    public OptionalInt mbrCode() {
        return mbrCode == NO_CODE ? OptionalInt.empty() : OptionalInt.of(mbrCode);
    }

    /**
     * The GPT type GUID, if this type has one.
     *
     * @return the type GUID, or empty for an MBR-only type
     */
    public Optional<UUID> gptGuid() {
        return Optional.ofNullable(gptGuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionType t && t.name.equals(name) && t.mbrCode == mbrCode
                && Objects.equals(t.gptGuid, gptGuid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mbrCode, gptGuid);
    }

    /** The name, with the code or GUID in parentheses. */
    @Override
    public String toString() {
        if (mbrCode != NO_CODE) {
            return name + " (0x" + HexFormat.of().toHexDigits((byte) mbrCode) + ")";
        }
        return name + " (" + gptGuid + ")";
    }
}
