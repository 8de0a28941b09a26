package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounds and agreement checks of reading a GPT header, each tried at the value where a field turns from
 * accepted to refused. A refused backup shows as a warning beside the primary, a refused primary as a read from
 * the backup; an accepted backup that differs from the primary shows as the disagreement error.
 */
class GptHeaderChecksTest {

    private static final long DISK = 65536;
    private static final long LAST = DISK - 1;
    private static final long FIRST_USABLE = 34;
    private static final long LAST_USABLE = DISK - 34;
    private static final String BACKUP = "GPT header at LBA " + LAST;

    private static MemoryDisk written() throws Exception {
        GptTable table = GptTable.builder(DISK).seed(1)
                .add(PartitionType.EFI_SYSTEM, 8 << 20, "EFI system partition")
                .addRemaining(PartitionType.MICROSOFT_BASIC_DATA, "data")
                .build();
        MemoryDisk disk = new MemoryDisk(DISK);
        table.write(disk);
        return disk;
    }

    /** Sets a header field and reseals the header (and its array, where the array lies inside the disk). */
    private static void set(MemoryDisk disk, long lba, int field, long value) {
        ByteBuffer le = GptBytes.le(disk);
        if (field == GptBytes.ENTRY_COUNT || field == GptBytes.ENTRY_SIZE || field == GptBytes.HEADER_SIZE) {
            le.putInt(GptBytes.header(lba) + field, (int) value);
        } else {
            le.putLong(GptBytes.header(lba) + field, value);
        }
        long arrayEnd = GptBytes.getLong(disk, lba, GptBytes.ENTRY_LBA) * 512
                + (long) GptBytes.getInt(disk, lba, GptBytes.ENTRY_COUNT) * GptBytes.getInt(disk, lba, GptBytes.ENTRY_SIZE);
        if (arrayEnd <= disk.bytes.length) {
            GptBytes.reseal(disk, lba);
        } else {
            GptBytes.resealHeader(disk, lba);
        }
    }

    @Test
    void headerSizeOfAWholeSectorIsAccepted() throws Exception {
        MemoryDisk disk = written();
        set(disk, 1, GptBytes.HEADER_SIZE, 512);
        set(disk, LAST, GptBytes.HEADER_SIZE, 512);
        GptTable read = GptTable.read(disk);
        assertEquals(List.of(), read.warnings());
        assertFalse(read.usedBackup());
    }

    @Test
    void usableSectorsReachingTheBackupHeaderAreRefusedNamingTheAllowedRange() throws Exception {
        MemoryDisk disk = written();
        set(disk, LAST, GptBytes.LAST_USABLE, LAST);
        GptTable read = GptTable.read(disk);
        assertEquals(List.of(BACKUP + ": usable sectors 34.." + LAST + " are not a range inside 2.." + (DISK - 2)
                + "; the primary header was used (writing the table back restores the backup)"), read.warnings());
    }

    /** A change to the backup header that keeps it valid, and the difference the error must name. */
    enum ValidChange {
        USABLE_FROM_LBA_TWO(d -> {
            set(d, LAST, GptBytes.FIRST_USABLE, 2);
            return "FirstUsableLBA primary 34, backup 2";
        }),
        ONE_USABLE_SECTOR(d -> {
            set(d, LAST, GptBytes.FIRST_USABLE, LAST_USABLE);
            return "FirstUsableLBA primary 34, backup " + LAST_USABLE;
        }),
        FEWER_ENTRIES(d -> {
            set(d, LAST, GptBytes.ENTRY_COUNT, 64);
            return "NumberOfPartitionEntries primary 128, backup 64";
        }),
        LARGER_ENTRIES_OVER_THE_SAME_BYTES(d -> {
            set(d, LAST, GptBytes.ENTRY_COUNT, 64);
            set(d, LAST, GptBytes.ENTRY_SIZE, 256);
            return "SizeOfPartitionEntry primary 128, backup 256";
        }),
        OTHER_ARRAY_CONTENT(d -> {
            // a byte of an unused entry's name: the entries still decode alike, only the CRC tells
            d.bytes[GptBytes.entry(d, LAST, 100) + 56] = 'x';
            GptBytes.reseal(d, LAST);
            return "PartitionEntryArrayCRC32 primary " + (GptBytes.getInt(d, 1, GptBytes.ARRAY_CRC) & 0xFFFFFFFFL)
                    + ", backup " + (GptBytes.getInt(d, LAST, GptBytes.ARRAY_CRC) & 0xFFFFFFFFL);
        }),
        ALTERNATE_NOT_THE_PRIMARY(d -> {
            set(d, LAST, GptBytes.ALTERNATE_LBA, 5);
            return "AlternateLBA of the backup primary 1, backup 5";
        });

        final Function<MemoryDisk, String> apply;

        ValidChange(Function<MemoryDisk, String> apply) {
            this.apply = apply;
        }
    }

    @ParameterizedTest
    @EnumSource(ValidChange.class)
    void validBackupThatDiffersFromThePrimaryIsAnErrorNamingTheField(ValidChange change) throws Exception {
        MemoryDisk disk = written();
        String difference = change.apply.apply(disk);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.read(disk));
        assertTrue(e.getMessage().startsWith("GPT: the backup header at LBA " + LAST + " disagrees with the primary: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(difference), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {FIRST_USABLE, LAST_USABLE})
    void backupHeaderInsideItsOwnUsableSectorsIsRefused(long lba) throws Exception {
        MemoryDisk disk = written();
        System.arraycopy(disk.bytes, GptBytes.header(LAST), disk.bytes, GptBytes.header(lba), 512);
        set(disk, lba, GptBytes.MY_LBA, lba);
        set(disk, 1, GptBytes.ALTERNATE_LBA, lba);
        GptTable read = GptTable.read(disk);
        assertTrue(read.warnings().stream().anyMatch(w -> w.startsWith("GPT header at LBA " + lba
                + ": lies inside its usable sectors 34.." + LAST_USABLE)), read.warnings().toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {
        3, // the primary's array ends in the first usable sector
        LAST_USABLE, // the backup's array starts in the last usable sector
        DISK - 31 // the primary's array passes the end of the disk
    })
    void entryArrayOverlappingTheUsableSectorsOrPassingTheDiskIsRefused(long entryLba) throws Exception {
        MemoryDisk disk = written();
        long lba = entryLba == LAST_USABLE ? LAST : 1;
        set(disk, lba, GptBytes.ENTRY_LBA, entryLba);
        GptTable read = GptTable.read(disk);
        assertEquals(lba == 1, read.usedBackup());
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA " + lba + ": entry array at LBA " + entryLba
                + " (32 sectors) overlaps"), read.warnings().toString());
    }

    @Test
    void primaryWhoseAlternateIsPastTheDiskIsRefused() throws Exception {
        MemoryDisk disk = written();
        set(disk, 1, GptBytes.ALTERNATE_LBA, DISK);
        GptTable read = GptTable.read(disk);
        assertTrue(read.usedBackup());
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA 1: AlternateLBA " + DISK
                + " is not another sector"), read.warnings().toString());
    }

    @Test
    void grownDiskWarningNamesTheOldAndTheNewLastSector() throws Exception {
        MemoryDisk small = written();
        MemoryDisk grown = new MemoryDisk(java.util.Arrays.copyOf(small.bytes, small.bytes.length + 4096 * 512));
        GptTable read = GptTable.read(grown);
        assertEquals(List.of("GPT: the backup header is at LBA " + LAST + ", not in the last sector "
                + (DISK + 4096 - 1) + " (the disk was resized?)"), read.warnings());
    }

    @Test
    void signatureWithADeleteCharacterIsShownEscaped() throws Exception {
        MemoryDisk disk = written();
        disk.bytes[GptBytes.header(1)] = 0x7F;
        GptTable read = GptTable.read(disk);
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA 1: signature \"\\x7fFI PART\" is not"),
                read.warnings().toString());
    }

    @Test
    void headerCrcMismatchNamesTheStoredAndTheComputedValue() throws Exception {
        MemoryDisk disk = written();
        disk.bytes[GptBytes.header(1) + GptBytes.DISK_GUID] ^= 1;
        int stored = GptBytes.getInt(disk, 1, GptBytes.HEADER_CRC);
        byte[] header = java.util.Arrays.copyOfRange(disk.bytes, GptBytes.header(1), GptBytes.header(1) + 92);
        ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(GptBytes.HEADER_CRC, 0);
        int computed = GptBytes.crc32(header, 0, 92);
        GptTable read = GptTable.read(disk);
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA 1: header CRC32 is 0x"
                + HexFormat.of().toHexDigits(stored) + ", computed 0x" + HexFormat.of().toHexDigits(computed)),
                read.warnings().toString());
    }

    @Test
    void partitionOfOneSectorIsRead() throws Exception {
        MemoryDisk disk = written();
        for (long lba : new long[] {1, LAST}) {
            int entry = GptBytes.entry(disk, lba, 0);
            long first = GptBytes.le(disk).getLong(entry + GptBytes.ENTRY_FIRST_LBA);
            GptBytes.le(disk).putLong(entry + GptBytes.ENTRY_LAST_LBA, first);
            GptBytes.reseal(disk, lba);
        }
        assertEquals(1, GptTable.read(disk).partition(1).sectorCount());
    }

    @Test
    void backupCopyIsFlushedBeforeThePrimaryIsWrittenAndThePrimaryIsFlushedToo() throws Exception {
        LoggingDisk disk = new LoggingDisk(DISK);
        GptTable.builder(DISK).seed(1).addRemaining(PartitionType.EFI_SYSTEM, "").build().write(disk);
        assertEquals(List.of("write " + (LAST - 32) + " +32", "write " + LAST + " +1", "flush",
                "write 2 +32", "write 1 +1", "write 0 +1", "flush"), disk.log);
    }
}
