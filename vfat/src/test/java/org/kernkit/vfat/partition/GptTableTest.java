package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GptTableTest {

    private static final long DISK = 65536; // 32 MiB
    private static final long LAST = DISK - 1;

    private static GptTable espAndData(long seed) throws PartitionTableException {
        return GptTable.builder(DISK).seed(seed)
                .add(PartitionType.EFI_SYSTEM, 8 << 20, "EFI system partition")
                .addRemaining(PartitionType.MICROSOFT_BASIC_DATA, "données")
                .build();
    }

    private static MemoryDisk written(GptTable table) throws Exception {
        MemoryDisk disk = new MemoryDisk(table.diskSectors());
        table.write(disk);
        return disk;
    }

    @Test
    void builderUsesTheStandardLayoutAndOneMebibyteAlignment() throws Exception {
        GptTable table = espAndData(1);
        assertEquals(34, table.firstUsableSector());
        assertEquals(DISK - 34, table.lastUsableSector());
        assertEquals(128, table.entryCount());
        assertEquals(2048, table.partition(1).firstSector());
        assertEquals(16384, table.partition(1).sectorCount());
        assertEquals(2048 + 16384, table.partition(2).firstSector());
        assertEquals(DISK - 2048 - 1, table.partition(2).lastSector(), "the rest ends on a MiB boundary");
    }

    @Test
    void writtenTableReadsBackEqualWithoutWarnings() throws Exception {
        GptTable table = espAndData(1);
        PartitionTable read = PartitionTable.read(written(table));
        GptTable gpt = assertInstanceOf(GptTable.class, read);
        assertEquals(table, gpt);
        assertEquals(List.of(), gpt.warnings());
        assertFalse(gpt.usedBackup());
        assertEquals("données", gpt.partition(2).name());
    }

    @Test
    void protectiveMbrHasOneEntryOfTypeEeOverTheDisk() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        ByteBuffer le = GptBytes.le(disk);
        assertEquals(0, disk.bytes[446] & 0xFF, "not active");
        assertArrayEquals(new byte[] {0, 2, 0}, Arrays.copyOfRange(disk.bytes, 447, 450), "starting CHS 0x000200");
        assertEquals(0xEE, disk.bytes[450] & 0xFF);
        assertEquals(1, le.getInt(446 + 8));
        assertEquals(DISK - 1, le.getInt(446 + 12));
        assertArrayEquals(new byte[48], Arrays.copyOfRange(disk.bytes, 462, 510), "other entries empty");
        assertEquals(0xAA55, le.getShort(510) & 0xFFFF);
    }

    @Test
    void primaryHeaderFieldsAndChecksumsFollowTheSpecification() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        int h = GptBytes.header(1);
        assertEquals("EFI PART", new String(disk.bytes, h, 8, StandardCharsets.US_ASCII));
        assertEquals(0x00010000, GptBytes.getInt(disk, 1, GptBytes.REVISION));
        assertEquals(92, GptBytes.getInt(disk, 1, GptBytes.HEADER_SIZE));
        assertEquals(1, GptBytes.getLong(disk, 1, GptBytes.MY_LBA));
        assertEquals(LAST, GptBytes.getLong(disk, 1, GptBytes.ALTERNATE_LBA));
        assertEquals(34, GptBytes.getLong(disk, 1, GptBytes.FIRST_USABLE));
        assertEquals(DISK - 34, GptBytes.getLong(disk, 1, GptBytes.LAST_USABLE));
        assertEquals(2, GptBytes.getLong(disk, 1, GptBytes.ENTRY_LBA));
        assertEquals(128, GptBytes.getInt(disk, 1, GptBytes.ENTRY_COUNT));
        assertEquals(128, GptBytes.getInt(disk, 1, GptBytes.ENTRY_SIZE));
        assertEquals(GptBytes.crc32(disk.bytes, 2 * 512, 128 * 128), GptBytes.getInt(disk, 1, GptBytes.ARRAY_CRC));
        byte[] header = Arrays.copyOfRange(disk.bytes, h, h + 92);
        Arrays.fill(header, 16, 20, (byte) 0);
        assertEquals(GptBytes.crc32(header, 0, 92), GptBytes.getInt(disk, 1, GptBytes.HEADER_CRC));
        assertArrayEquals(new byte[420], Arrays.copyOfRange(disk.bytes, h + 92, h + 512), "reserved bytes zero");
    }

    @Test
    void backupHeaderSitsInTheLastSectorAndPointsBack() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        assertEquals(LAST, GptBytes.getLong(disk, LAST, GptBytes.MY_LBA));
        assertEquals(1, GptBytes.getLong(disk, LAST, GptBytes.ALTERNATE_LBA));
        assertEquals(LAST - 32, GptBytes.getLong(disk, LAST, GptBytes.ENTRY_LBA));
        assertArrayEquals(Arrays.copyOfRange(disk.bytes, 2 * 512, 34 * 512),
                Arrays.copyOfRange(disk.bytes, (int) (LAST - 32) * 512, (int) LAST * 512), "arrays equal");
    }

    @Test
    void typeGuidIsStoredWithItsFirstThreeFieldsLittleEndian() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        int e = GptBytes.entry(disk, 1, 0);
        byte[] efi = {0x28, 0x73, 0x2A, (byte) 0xC1, 0x1F, (byte) 0xF8, (byte) 0xD2, 0x11, (byte) 0xBA, 0x4B, 0x00,
                (byte) 0xA0, (byte) 0xC9, 0x3E, (byte) 0xC9, 0x3B};
        assertArrayEquals(efi, Arrays.copyOfRange(disk.bytes, e, e + 16));
        assertEquals(2048, GptBytes.le(disk).getLong(e + GptBytes.ENTRY_FIRST_LBA));
        assertEquals(2048 + 16384 - 1, GptBytes.le(disk).getLong(e + GptBytes.ENTRY_LAST_LBA));
    }

    @Test
    void describeListsPartitionsNamesGuidsAndWarnings() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        disk.bytes[GptBytes.header(1) + GptBytes.FIRST_USABLE] ^= 1;
        String listing = GptTable.read(disk).describe();
        assertTrue(listing.startsWith("GPT disk of 65536 sectors, disk GUID " + table.diskGuid()), listing);
        assertTrue(listing.contains("EFI System / \"EFI system partition\" / " + table.partition(1).uniqueGuid()),
                listing);
        assertTrue(listing.contains("\nwarning: GPT header at LBA 1: header CRC32"), listing);
    }

    @Test
    void fatTypesBecomeMicrosoftBasicDataOnGpt() throws Exception {
        GptTable table = GptTable.builder(DISK).seed(1).addRemaining(PartitionType.FAT32_LBA, "").build();
        assertEquals(PartitionType.MICROSOFT_BASIC_DATA, table.partition(1).type());
    }

    @Test
    void guidsAreVersion4AndUnique() throws Exception {
        GptTable.Builder builder = GptTable.builder(DISK);
        for (int i = 0; i < 10; i++) {
            builder.add(PartitionType.MICROSOFT_BASIC_DATA, 1 << 20, "p" + i);
        }
        GptTable table = builder.build();
        Set<UUID> guids = new HashSet<>();
        guids.add(table.diskGuid());
        for (Partition p : table.partitions()) {
            assertEquals(4, p.uniqueGuid().version());
            assertEquals(2, p.uniqueGuid().variant());
            guids.add(p.uniqueGuid());
        }
        assertEquals(11, guids.size());
    }

    @Test
    void sameSeedGivesTheSameGuids() throws Exception {
        assertEquals(espAndData(42), espAndData(42));
        assertNotEquals(espAndData(42).diskGuid(), espAndData(43).diskGuid());
    }

    @Test
    void buildingTwiceFromOneSeededBuilderGivesTheSameTable() throws Exception {
        GptTable.Builder builder = GptTable.builder(DISK).seed(9).addRemaining(PartitionType.EFI_SYSTEM, "");
        assertEquals(builder.build(), builder.build());
    }

    @Test
    void seededGuidsDoNotDependOnTheJdkGenerator() throws Exception {
        // Pinned: a change of derivation would silently break reproducible builds made with older versions.
        assertEquals(GuidSource.fromSeed(0).next(), GuidSource.fromSeed(0).next());
        UUID first = GuidSource.fromSeed(0).next();
        assertEquals(4, first.version());
        assertEquals(espAndData(0).diskGuid(), first);
    }

    @Test
    void withoutSeedTwoBuildsDiffer() throws Exception {
        GptTable a = GptTable.builder(DISK).addRemaining(PartitionType.EFI_SYSTEM, "").build();
        GptTable b = GptTable.builder(DISK).addRemaining(PartitionType.EFI_SYSTEM, "").build();
        assertNotEquals(a.diskGuid(), b.diskGuid());
        assertNotEquals(a.partition(1).uniqueGuid(), b.partition(1).uniqueGuid());
    }

    @Test
    void constantRandomSourceIsRefusedRatherThanRepeatingAGuid() {
        java.util.random.RandomGenerator constant = () -> 7L;
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.builder(DISK)
                .random(constant).addRemaining(PartitionType.EFI_SYSTEM, "").build());
        assertTrue(e.getMessage().contains("repeated a GUID"), e.getMessage());
    }

    @Test
    void damagedPrimaryHeaderFallsBackToTheBackupAndSaysSo() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        disk.bytes[GptBytes.header(1) + GptBytes.FIRST_USABLE] ^= 1;
        GptTable read = GptTable.read(disk);
        assertEquals(table, read);
        assertTrue(read.usedBackup());
        assertEquals(1, read.warnings().size(), read.warnings().toString());
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA 1: header CRC32 is 0x"),
                read.warnings().get(0));
        assertTrue(read.warnings().get(0).contains("the backup header at LBA " + LAST + " was used"));
    }

    @Test
    void damagedPrimaryArrayFallsBackToTheBackup() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        disk.bytes[GptBytes.entry(disk, 1, 0) + GptBytes.ENTRY_FIRST_LBA] ^= 0x10;
        GptTable read = GptTable.read(disk);
        assertEquals(table, read);
        assertTrue(read.usedBackup());
        assertTrue(read.warnings().get(0).contains("entry array CRC32"), read.warnings().get(0));
    }

    @Test
    void wipedPrimaryFallsBackToTheBackup() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        Arrays.fill(disk.bytes, 0, 34 * 512, (byte) 0);
        GptTable read = GptTable.read(disk);
        assertEquals(table, read);
        assertTrue(read.usedBackup());
    }

    @Test
    void writingATableReadFromTheBackupRestoresThePrimary() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        byte[] intact = disk.bytes.clone();
        disk.bytes[GptBytes.header(1) + 60] ^= 1;
        GptTable.read(disk).write(disk);
        assertArrayEquals(intact, disk.bytes);
    }

    @Test
    void damagedBackupGivesAWarningAndThePrimaryIsUsed() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk disk = written(table);
        disk.bytes[GptBytes.header(LAST) + GptBytes.DISK_GUID] ^= 1;
        GptTable read = GptTable.read(disk);
        assertEquals(table, read);
        assertFalse(read.usedBackup());
        assertTrue(read.warnings().get(0).startsWith("GPT header at LBA " + LAST + ": header CRC32"),
                read.warnings().toString());
    }

    @Test
    void bothHeadersDamagedIsAnErrorNamingBoth() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        disk.bytes[GptBytes.header(1)] = 'X';
        disk.bytes[GptBytes.header(LAST) + GptBytes.MY_LBA] ^= 1;
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.read(disk));
        String start = "no valid GPT: GPT header at LBA 1: signature \"XFI PART\" is not \"EFI PART\"; GPT header"
                + " at LBA " + LAST + ": header CRC32 is 0x";
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void backupHeaderThatDisagreesIsAnErrorListingTheFields() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        GptBytes.le(disk).putLong(GptBytes.header(LAST) + GptBytes.LAST_USABLE, DISK - 40);
        GptBytes.reseal(disk, LAST);
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.read(disk));
        assertEquals("GPT: the backup header at LBA " + LAST + " disagrees with the primary: LastUsableLBA primary "
                + (DISK - 34) + ", backup " + (DISK - 40), e.getMessage());
    }

    @Test
    void overlappingEntriesWithValidChecksumsAreAnError() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        for (long lba : new long[] {1, LAST}) {
            GptBytes.le(disk).putLong(GptBytes.entry(disk, lba, 1) + GptBytes.ENTRY_FIRST_LBA, 10000);
            GptBytes.reseal(disk, lba);
        }
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> PartitionTable.read(disk));
        assertEquals("GPT: partitions 1 (sectors 2048..18431) and 2 (sectors 10000.." + (DISK - 2049) + ") overlap",
                e.getMessage());
    }

    @Test
    void entryPastTheLastUsableSectorIsAnError() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        for (long lba : new long[] {1, LAST}) {
            GptBytes.le(disk).putLong(GptBytes.entry(disk, lba, 1) + GptBytes.ENTRY_LAST_LBA, DISK + 5);
            GptBytes.reseal(disk, lba);
        }
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.read(disk));
        assertEquals("GPT: partition 2 (sectors 18432.." + (DISK + 5) + ") passes the last usable sector "
                + (DISK - 34) + " (the disk has " + DISK + " sectors)", e.getMessage());
    }

    @Test
    void entryCountThatWouldExhaustMemoryIsRefusedBeforeReading() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        for (long lba : new long[] {1, LAST}) {
            GptBytes.le(disk).putInt(GptBytes.header(lba) + GptBytes.ENTRY_COUNT, 0x7FFFFFFF);
            GptBytes.resealHeader(disk, lba);
        }
        PartitionTableException e = assertThrows(PartitionTableException.class, () -> GptTable.read(disk));
        assertTrue(e.getMessage().contains("2147483647 entries of 128 bytes is outside"), e.getMessage());
    }

    @Test
    void grownDiskWarnsThatTheBackupIsNotAtTheEnd() throws Exception {
        GptTable table = espAndData(1);
        MemoryDisk small = written(table);
        MemoryDisk grown = new MemoryDisk(Arrays.copyOf(small.bytes, small.bytes.length + 4096 * 512));
        GptTable read = GptTable.read(grown);
        assertEquals(table.partitions(), read.partitions());
        assertTrue(read.warnings().get(0).contains("not in the last sector"), read.warnings().toString());
    }

    @Test
    void missingProtectiveMbrIsAWarning() throws Exception {
        MemoryDisk disk = written(espAndData(1));
        Arrays.fill(disk.bytes, 0, 512, (byte) 0);
        PartitionTable read = PartitionTable.read(disk);
        assertInstanceOf(GptTable.class, read);
        assertTrue(read.warnings().get(0).startsWith("sector 0 is not a protective MBR"), read.warnings().toString());
    }

    @Test
    void tooSmallDiskIsRefused() {
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> GptTable.of(60, UUID.randomUUID(), List.of()));
        assertTrue(e.getMessage().startsWith("GPT: a disk of 60 sectors is too small"), e.getMessage());
    }

    @Test
    void duplicatePartitionGuidsAreRefused() {
        UUID same = UUID.randomUUID();
        List<Partition> parts = List.of(
                Partition.gpt(1, PartitionType.EFI_SYSTEM, 2048, 100, same, "", false, 0),
                Partition.gpt(2, PartitionType.EFI_SYSTEM, 4096, 100, same, "", false, 0));
        PartitionTableException e = assertThrows(PartitionTableException.class,
                () -> GptTable.of(DISK, UUID.randomUUID(), parts));
        assertTrue(e.getMessage().contains("used more than once"), e.getMessage());
    }

    @Test
    void bootableIsAttributeBitTwo() throws Exception {
        Partition p = Partition.gpt(1, PartitionType.EFI_SYSTEM, 2048, 100, UUID.randomUUID(), "", true, 1L << 63);
        GptTable table = GptTable.of(DISK, UUID.randomUUID(), List.of(p));
        MemoryDisk disk = written(table);
        assertEquals(1L << 63 | 1L << 2, GptBytes.le(disk).getLong(GptBytes.entry(disk, 1, 0) + 48));
        assertEquals(table, GptTable.read(disk));
    }

    @Test
    void sparseEntryNumbersAreKept() throws Exception {
        Partition p = Partition.gpt(5, PartitionType.LINUX_FILESYSTEM, 2048, 100, UUID.randomUUID(), "x", false, 0);
        GptTable read = GptTable.read(written(GptTable.of(DISK, UUID.randomUUID(), List.of(p))));
        assertEquals(5, read.partitions().get(0).number());
    }

    /** A disk that fails every write after the first {@code allowed}. */
    private static final class TearingDisk implements org.kernkit.block.BlockDevice {
        private final MemoryDisk disk;
        private int allowed;

        TearingDisk(MemoryDisk disk, int allowed) {
            this.disk = disk;
            this.allowed = allowed;
        }

        @Override
        public long sectorCount() {
            return disk.sectorCount();
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) throws java.io.IOException {
            disk.read(firstSector, dst);
        }

        @Override
        public void write(long firstSector, ByteBuffer src) throws java.io.IOException {
            if (allowed-- <= 0) {
                throw new java.io.IOException("torn: write of sector " + firstSector + " lost");
            }
            disk.write(firstSector, src);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void tornWriteReadsAsTheOldTableTheNewTableOrADisagreementNeverAMix() throws Exception {
        GptTable before = espAndData(1);
        GptTable after = GptTable.builder(DISK).seed(2).addRemaining(PartitionType.LINUX_FILESYSTEM, "root").build();
        Set<String> outcomes = new HashSet<>();
        for (int allowed = 0; allowed <= 5; allowed++) {
            MemoryDisk disk = written(before);
            TearingDisk tearing = new TearingDisk(disk, allowed);
            try {
                after.write(tearing);
            } catch (java.io.IOException torn) {
                // expected for all but the last
            }
            try {
                GptTable read = GptTable.read(disk);
                assertTrue(read.equals(before) || read.equals(after), "torn after " + allowed + " writes: " + read);
                outcomes.add(read.equals(before) ? "before" : "after");
            } catch (PartitionTableException e) {
                assertTrue(e.getMessage().contains("disagrees with the primary"), e.getMessage());
                outcomes.add("disagreement");
            }
        }
        assertEquals(Set.of("before", "disagreement", "after"), outcomes);
    }
}
