package org.kernkit.vfat.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Checksum;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.partition.internal.GptEntryDescriptor;
import org.kernkit.vfat.partition.internal.GptHeaderDescriptor;
import org.kernkit.vfat.partition.internal.GuidDescriptor;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

/**
 * Reads and writes a GPT: protective MBR, primary header (LBA 1) and array (LBA 2..), backup array and header
 * (the last sectors). The one codec of the format.
 *
 * <p>Reading follows the UEFI validity test for each header: signature, header CRC32, MyLBA equal to the sector it
 * was read from, entry array CRC32; then the usual bounds (sizes, usable range, array placement), all before the
 * array is allocated. The primary is tried first; the backup is read from the primary's AlternateLBA, or from the
 * last sector when the primary is unusable. Two valid headers must agree.
 *
 * <p>The checksum is a parameter so that the property test can run a deliberately broken codec and prove it
 * notices; production uses {@link #STANDARD}.
 */
final class GptCodec {

    /** The codec with the IEEE CRC-32 the specification requires. */
    static final GptCodec STANDARD = new GptCodec(CRC32::new);

    /** Largest entry array read: 4 MiB (32 768 entries of 128 bytes); the specification's minimum is 16 KiB. */
    static final long MAX_ARRAY_BYTES = 4L << 20;

    private final Supplier<Checksum> checksums;

    GptCodec(Supplier<Checksum> checksums) {
        this.checksums = checksums;
    }

    /** A header that passed every check, with its entry array. */
    private record Header(long myLba, long alternateLba, long firstUsable, long lastUsable, UUID diskGuid,
            long entryLba, int entryCount, int entrySize, int arrayCrc, byte[] array) {}

    GptTable read(BlockDevice disk) throws IOException {
        long n = disk.sectorCount();
        if (n < 3) {
            throw new PartitionTableException("GPT: a disk of " + n + " sectors has no room for a protective MBR"
                    + " and two headers");
        }
        List<String> warnings = new ArrayList<>();
        byte[] sector0 = Sectors.read(disk, 0, 1);
        if (!MbrDescriptor.hasSignature(sector0) || !MbrCodec.hasProtectiveEntry(sector0)) {
            warnings.add("sector 0 is not a protective MBR (no 0x55aa signature or no entry of type 0xee): "
                    + "MBR-only tools will see the disk as unpartitioned");
        }
        Header primary = null;
        String primaryProblem = null;
        try {
            primary = readHeader(disk, 1, n);
        } catch (PartitionTableException e) {
            primaryProblem = e.getMessage();
        }
        long backupLba = primary != null ? primary.alternateLba() : n - 1;
        Header backup = null;
        String backupProblem = null;
        try {
            backup = readHeader(disk, backupLba, n);
        } catch (PartitionTableException e) {
            backupProblem = e.getMessage();
        }
        if (primary == null && backup == null) {
            throw new PartitionTableException("no valid GPT: " + primaryProblem + "; " + backupProblem);
        }
        if (primary != null && backup != null) {
            checkAgree(primary, backup);
        }
        if (primary == null) {
            warnings.add(primaryProblem + "; the backup header at LBA " + backupLba
                    + " was used instead (writing the table back restores the primary)");
        }
        if (backup == null) {
            warnings.add(backupProblem + "; the primary header was used (writing the table back restores the"
                    + " backup)");
        }
        if (primary != null && primary.alternateLba() != n - 1) {
            warnings.add("GPT: the backup header is at LBA " + primary.alternateLba()
                    + ", not in the last sector " + (n - 1) + " (the disk was resized?)");
        }
        Header used = primary != null ? primary : backup;
        List<Partition> partitions = decodeEntries(used);
        return new GptTable(n, used.diskGuid(), used.firstUsable(), used.lastUsable(), used.entryCount(),
                used.entrySize(), partitions, warnings, primary == null);
    }

    void write(BlockDevice disk, GptTable table) throws IOException {
        long n = disk.sectorCount();
        if (n != table.diskSectors()) {
            throw new PartitionTableException("GPT: the table is for a disk of " + table.diskSectors()
                    + " sectors, the device has " + n);
        }
        long arrayBytes = (long) table.entryCount() * table.entrySize();
        long arraySectors = Sectors.forBytes(arrayBytes);
        long backupArrayLba = n - 1 - arraySectors;
        if (table.firstUsableSector() < 2 + arraySectors || table.lastUsableSector() >= backupArrayLba) {
            throw new PartitionTableException("GPT: usable sectors " + table.firstUsableSector() + ".."
                    + table.lastUsableSector() + " leave no room for entry arrays of " + arraySectors
                    + " sectors at LBA 2 and LBA " + backupArrayLba);
        }
        byte[] array = encodeEntries(table, (int) (arraySectors * BlockDevice.SECTOR_SIZE));
        int arrayCrc = crc(array, 0, (int) arrayBytes);
        byte[] primary = encodeHeader(table, 1, n - 1, 2, arrayCrc);
        byte[] backup = encodeHeader(table, n - 1, 1, backupArrayLba, arrayCrc);
        // Backup first: a write torn in between leaves two valid headers that disagree, which reading reports,
        // rather than a new primary hiding a half-written backup.
        Sectors.write(disk, backupArrayLba, array);
        Sectors.write(disk, n - 1, backup);
        disk.flush();
        Sectors.write(disk, 2, array);
        Sectors.write(disk, 1, primary);
        Sectors.write(disk, 0, MbrCodec.protective(n, Sectors.read(disk, 0, 1)));
        disk.flush();
    }

    private Header readHeader(BlockDevice disk, long lba, long n) throws IOException {
        String where = "GPT header at LBA " + lba;
        if (lba < 1 || lba >= n) {
            throw new PartitionTableException(where + ": outside the disk of " + n + " sectors");
        }
        byte[] sector = Sectors.read(disk, lba, 1);
        ByteBuffer le = GptHeaderDescriptor.view(sector);
        long signature = le.getLong(GptHeaderDescriptor.SIGNATURE_OFFSET);
        if (signature != GptHeaderDescriptor.SIGNATURE) {
            throw new PartitionTableException(where + ": signature \"" + printable(sector, 0, 8)
                    + "\" is not \"EFI PART\"");
        }
        int headerSize = le.getInt(GptHeaderDescriptor.HEADER_SIZE_OFFSET);
        if (headerSize < GptHeaderDescriptor.HEADER_SIZE || headerSize > sector.length) {
            throw new PartitionTableException(where + ": header size " + Integer.toUnsignedString(headerSize)
                    + " is outside " + GptHeaderDescriptor.HEADER_SIZE + ".." + sector.length);
        }
        int storedCrc = le.getInt(GptHeaderDescriptor.HEADER_CRC_OFFSET);
        int computedCrc = GptHeaderDescriptor.headerCrc(sector, headerSize, checksums.get());
        if (storedCrc != computedCrc) {
            throw new PartitionTableException(where + ": header CRC32 is 0x" + hex32(storedCrc) + ", computed 0x"
                    + hex32(computedCrc));
        }
        int revision = le.getInt(GptHeaderDescriptor.REVISION_OFFSET);
        if (revision >>> 16 != 1) {
            throw new PartitionTableException(where + ": revision 0x" + hex32(revision) + " is not 1.x");
        }
        long myLba = le.getLong(GptHeaderDescriptor.MY_LBA_OFFSET);
        if (myLba != lba) {
            throw new PartitionTableException(where + ": MyLBA is " + Long.toUnsignedString(myLba));
        }
        long alternate = le.getLong(GptHeaderDescriptor.ALTERNATE_LBA_OFFSET);
        long firstUsable = le.getLong(GptHeaderDescriptor.FIRST_USABLE_LBA_OFFSET);
        long lastUsable = le.getLong(GptHeaderDescriptor.LAST_USABLE_LBA_OFFSET);
        long entryLba = le.getLong(GptHeaderDescriptor.ENTRY_ARRAY_LBA_OFFSET);
        int entryCount = le.getInt(GptHeaderDescriptor.ENTRY_COUNT_OFFSET);
        int entrySize = le.getInt(GptHeaderDescriptor.ENTRY_SIZE_OFFSET);
        if (alternate < 1 || alternate >= n || alternate == lba) {
            throw new PartitionTableException(where + ": AlternateLBA " + Long.toUnsignedString(alternate)
                    + " is not another sector of the disk of " + n + " sectors");
        }
        if (firstUsable < 2 || lastUsable < firstUsable || lastUsable >= n - 1) {
            throw new PartitionTableException(where + ": usable sectors " + Long.toUnsignedString(firstUsable)
                    + ".." + Long.toUnsignedString(lastUsable) + " are not a range inside 2.." + (n - 2));
        }
        if (lba >= firstUsable && lba <= lastUsable) {
            throw new PartitionTableException(where + ": lies inside its usable sectors " + firstUsable + ".."
                    + lastUsable);
        }
        if (entrySize < GptEntryDescriptor.SIZE || entrySize % GptEntryDescriptor.SIZE != 0
                || Integer.bitCount(entrySize / GptEntryDescriptor.SIZE) != 1) {
            throw new PartitionTableException(where + ": entry size " + Integer.toUnsignedString(entrySize)
                    + " is not 128 x 2^n");
        }
        long arrayBytes = (entryCount & 0xFFFFFFFFL) * entrySize;
        if (entryCount == 0 || arrayBytes > MAX_ARRAY_BYTES) {
            throw new PartitionTableException(where + ": " + Integer.toUnsignedString(entryCount) + " entries of "
                    + entrySize + " bytes is outside 1 entry .. " + MAX_ARRAY_BYTES + " bytes");
        }
        long arraySectors = Sectors.forBytes(arrayBytes);
        long arrayEnd = entryLba + arraySectors - 1;
        if (entryLba < 1 || entryLba > n - arraySectors || (lba >= entryLba && lba <= arrayEnd)
                || (entryLba <= lastUsable && arrayEnd >= firstUsable)) {
            throw new PartitionTableException(where + ": entry array at LBA " + Long.toUnsignedString(entryLba)
                    + " (" + arraySectors + " sectors) overlaps the header, the usable sectors " + firstUsable
                    + ".." + lastUsable + " or the end of the disk of " + n + " sectors");
        }
        byte[] array = Sectors.read(disk, entryLba, (int) arraySectors);
        int storedArrayCrc = le.getInt(GptHeaderDescriptor.ENTRY_ARRAY_CRC_OFFSET);
        int computedArrayCrc = crc(array, 0, (int) arrayBytes);
        if (storedArrayCrc != computedArrayCrc) {
            throw new PartitionTableException(where + ": entry array CRC32 (array at LBA " + entryLba + ") is 0x"
                    + hex32(storedArrayCrc) + ", computed 0x" + hex32(computedArrayCrc));
        }
        return new Header(myLba, alternate, firstUsable, lastUsable,
                GuidDescriptor.get(sector, GptHeaderDescriptor.DISK_GUID_OFFSET), entryLba, entryCount, entrySize,
                storedArrayCrc, array);
    }

    private static void checkAgree(Header primary, Header backup) throws PartitionTableException {
        StringJoiner differences = new StringJoiner(", ");
        compare(differences, "FirstUsableLBA", primary.firstUsable(), backup.firstUsable());
        compare(differences, "LastUsableLBA", primary.lastUsable(), backup.lastUsable());
        compare(differences, "NumberOfPartitionEntries", primary.entryCount(), backup.entryCount());
        compare(differences, "SizeOfPartitionEntry", primary.entrySize(), backup.entrySize());
        compare(differences, "PartitionEntryArrayCRC32", primary.arrayCrc() & 0xFFFFFFFFL,
                backup.arrayCrc() & 0xFFFFFFFFL);
        compare(differences, "AlternateLBA of the backup", 1, backup.alternateLba());
        if (!primary.diskGuid().equals(backup.diskGuid())) {
            differences.add("DiskGUID primary " + primary.diskGuid() + ", backup " + backup.diskGuid());
        }
        if (differences.length() > 0) {
            throw new PartitionTableException("GPT: the backup header at LBA " + backup.myLba()
                    + " disagrees with the primary: " + differences);
        }
    }

    private static void compare(StringJoiner differences, String field, long primary, long backup) {
        if (primary != backup) {
            differences.add(field + " primary " + primary + ", backup " + backup);
        }
    }

    private static List<Partition> decodeEntries(Header header) throws PartitionTableException {
        List<Partition> partitions = new ArrayList<>();
        byte[] array = header.array();
        ByteBuffer le = ByteBuffer.wrap(array).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < header.entryCount(); i++) {
            int base = i * header.entrySize();
            UUID type = GuidDescriptor.get(array, base + GptEntryDescriptor.TYPE_GUID_OFFSET);
            if (type.getMostSignificantBits() == 0 && type.getLeastSignificantBits() == 0) {
                continue;
            }
            long first = le.getLong(base + GptEntryDescriptor.FIRST_LBA_OFFSET);
            long last = le.getLong(base + GptEntryDescriptor.LAST_LBA_OFFSET);
            if (first < 0 || last < first || last == Long.MAX_VALUE) {
                throw new PartitionTableException("GPT: entry " + (i + 1) + " has first LBA "
                        + Long.toUnsignedString(first) + " and last LBA " + Long.toUnsignedString(last));
            }
            long attributes = le.getLong(base + GptEntryDescriptor.ATTRIBUTES_OFFSET);
            boolean bootable = (attributes & GptEntryDescriptor.ATTRIBUTE_LEGACY_BIOS_BOOTABLE) != 0;
            partitions.add(Partition.gpt(i + 1, PartitionType.ofGptGuid(type), first, last - first + 1,
                    GuidDescriptor.get(array, base + GptEntryDescriptor.UNIQUE_GUID_OFFSET),
                    decodeName(array, base + GptEntryDescriptor.NAME_OFFSET), bootable,
                    attributes & ~GptEntryDescriptor.ATTRIBUTE_LEGACY_BIOS_BOOTABLE));
        }
        return partitions;
    }

    private static byte[] encodeEntries(GptTable table, int length) {
        byte[] array = new byte[length];
        ByteBuffer le = ByteBuffer.wrap(array).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Partition p : table.partitions()) {
            int base = (p.number() - 1) * table.entrySize();
            GuidDescriptor.put(array, base + GptEntryDescriptor.TYPE_GUID_OFFSET, p.type().gptGuid().orElseThrow());
            GuidDescriptor.put(array, base + GptEntryDescriptor.UNIQUE_GUID_OFFSET, p.uniqueGuid());
            le.putLong(base + GptEntryDescriptor.FIRST_LBA_OFFSET, p.firstSector());
            le.putLong(base + GptEntryDescriptor.LAST_LBA_OFFSET, p.lastSector());
            le.putLong(base + GptEntryDescriptor.ATTRIBUTES_OFFSET,
                    p.attributes() | (p.bootable() ? GptEntryDescriptor.ATTRIBUTE_LEGACY_BIOS_BOOTABLE : 0));
            byte[] name = p.name().getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(name, 0, array, base + GptEntryDescriptor.NAME_OFFSET, name.length);
        }
        return array;
    }

    private byte[] encodeHeader(GptTable table, long myLba, long alternateLba, long entryLba, int arrayCrc) {
        byte[] sector = new byte[BlockDevice.SECTOR_SIZE];
        ByteBuffer le = GptHeaderDescriptor.view(sector);
        le.putLong(GptHeaderDescriptor.SIGNATURE_OFFSET, GptHeaderDescriptor.SIGNATURE);
        le.putInt(GptHeaderDescriptor.REVISION_OFFSET, GptHeaderDescriptor.REVISION_1_0);
        le.putInt(GptHeaderDescriptor.HEADER_SIZE_OFFSET, GptHeaderDescriptor.HEADER_SIZE);
        le.putLong(GptHeaderDescriptor.MY_LBA_OFFSET, myLba);
        le.putLong(GptHeaderDescriptor.ALTERNATE_LBA_OFFSET, alternateLba);
        le.putLong(GptHeaderDescriptor.FIRST_USABLE_LBA_OFFSET, table.firstUsableSector());
        le.putLong(GptHeaderDescriptor.LAST_USABLE_LBA_OFFSET, table.lastUsableSector());
        GuidDescriptor.put(sector, GptHeaderDescriptor.DISK_GUID_OFFSET, table.diskGuid());
        le.putLong(GptHeaderDescriptor.ENTRY_ARRAY_LBA_OFFSET, entryLba);
        le.putInt(GptHeaderDescriptor.ENTRY_COUNT_OFFSET, table.entryCount());
        le.putInt(GptHeaderDescriptor.ENTRY_SIZE_OFFSET, table.entrySize());
        le.putInt(GptHeaderDescriptor.ENTRY_ARRAY_CRC_OFFSET, arrayCrc);
        le.putInt(GptHeaderDescriptor.HEADER_CRC_OFFSET,
                GptHeaderDescriptor.headerCrc(sector, GptHeaderDescriptor.HEADER_SIZE, checksums.get()));
        return sector;
    }

    private int crc(byte[] bytes, int offset, int length) {
        Checksum crc = checksums.get();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static String decodeName(byte[] array, int offset) {
        int units = 0;
        while (units < GptEntryDescriptor.NAME_UNITS
                && (array[offset + 2 * units] != 0 || array[offset + 2 * units + 1] != 0)) {
            units++;
        }
        return new String(array, offset, 2 * units, StandardCharsets.UTF_16LE);
    }

    private static String printable(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return out.toString();
    }

    private static String hex32(int value) {
        return java.util.HexFormat.of().toHexDigits(value);
    }

    /** Partition GUIDs of {@code partitions} that occur more than once, for the uniqueness check. */
    static Set<UUID> duplicateGuids(List<Partition> partitions) {
        Set<UUID> seen = new HashSet<>();
        Set<UUID> duplicates = new HashSet<>();
        for (Partition p : partitions) {
            if (!seen.add(p.uniqueGuid())) {
                duplicates.add(p.uniqueGuid());
            }
        }
        return duplicates;
    }
}
