package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

/**
 * Seeded properties of both tables: random valid tables survive write and read unchanged, and every single-byte
 * corruption of a GPT header (its CRC-covered 92 bytes) or entry array is caught, the table then coming from the
 * other copy with a warning. A codec with a deliberately weak checksum must fail the second property, which
 * proves that the property can fail.
 *
 * <p>The trials are {@link Trials}: each has its own fixed seed, printed on failure; {@code -Dkernkit.seed=SEED}
 * replays one and {@code -Dkernkit.trials=N} runs longer.
 */
class PartitionTablePropertyTest {

    private static final int TRIALS = 300;

    private static final List<PartitionType> GPT_TYPES = List.of(PartitionType.EFI_SYSTEM,
            PartitionType.MICROSOFT_BASIC_DATA, PartitionType.LINUX_FILESYSTEM);

    // ---------------------------------------------------------------------------------------------------------
    // Generators

    /** {@code count} disjoint inclusive ranges inside {@code lo..hi}, as {first, last} pairs in ascending order. */
    private static long[][] disjointRanges(SplittableRandom random, int count, long lo, long hi) {
        long span = hi - lo + 1;
        int points = (int) Math.min(2L * count, span - span % 2);
        long[] cuts = random.longs(lo, hi + 1).distinct().limit(points).sorted().toArray();
        long[][] ranges = new long[cuts.length / 2][];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = new long[] {cuts[2 * i], cuts[2 * i + 1]};
        }
        return ranges;
    }

    /** Distinct numbers from 1..max, shuffled, {@code count} of them. */
    private static int[] numbers(SplittableRandom random, int count, int max) {
        return random.ints(1, max + 1).distinct().limit(count).toArray();
    }

    static MbrTable randomMbr(SplittableRandom random) throws PartitionTableException {
        long disk = random.nextLong(2, 40_000);
        long[][] ranges = disjointRanges(random, random.nextInt(0, 5), 1, disk - 1);
        int[] slots = numbers(random, ranges.length, 4);
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            int code;
            do {
                code = random.nextInt(1, 256);
            } while (code == 0xEE); // a protective entry makes PartitionTable.read look for a GPT
            partitions.add(Partition.mbr(slots[i], PartitionType.ofMbrCode(code), ranges[i][0],
                    ranges[i][1] - ranges[i][0] + 1, random.nextBoolean()));
        }
        return MbrTable.of(disk, random.nextInt(), partitions);
    }

    static GptTable randomGpt(SplittableRandom random) throws PartitionTableException {
        long disk = random.nextLong(69, 40_000);
        long[][] ranges = disjointRanges(random, random.nextInt(0, 9), 34, disk - 34);
        int[] numbers = numbers(random, ranges.length, 128);
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            PartitionType type = random.nextInt(4) == 0
                    ? PartitionType.ofGptGuid(new UUID(random.nextLong(), random.nextLong() | 1))
                    : GPT_TYPES.get(random.nextInt(GPT_TYPES.size()));
            partitions.add(Partition.gpt(numbers[i], type, ranges[i][0], ranges[i][1] - ranges[i][0] + 1,
                    new UUID(random.nextLong(), random.nextLong()), randomName(random), random.nextBoolean(),
                    random.nextLong() & ~(1L << 2)));
        }
        return GptTable.of(disk, new UUID(random.nextLong(), random.nextLong()), partitions);
    }

    /** Up to 36 UTF-16 units from the BMP, no NUL and no surrogates (which UTF-16LE cannot round-trip alone). */
    private static String randomName(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        int length = random.nextInt(0, 37);
        while (name.length() < length) {
            char c = (char) (random.nextBoolean() ? random.nextInt(0x20, 0x7F) : random.nextInt(1, 0xD800));
            name.append(c);
        }
        return name.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Round trip

    @Test
    void randomMbrTablesRoundTrip() {
        Trials.forEach("MBR round trip", TRIALS, random -> {
            MbrTable table = randomMbr(random);
            MemoryDisk disk = new MemoryDisk(table.diskSectors());
            table.write(disk);
            assertEquals(table, PartitionTable.read(disk));
        });
    }

    @Test
    void randomGptTablesRoundTrip() {
        Trials.forEach("GPT round trip", TRIALS, random -> {
            GptTable table = randomGpt(random);
            MemoryDisk disk = new MemoryDisk(table.diskSectors());
            table.write(disk);
            PartitionTable read = PartitionTable.read(disk);
            assertEquals(table, read);
            assertEquals(List.of(), read.warnings());
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Corruption

    /** Which copy a corruption hit. */
    private enum Region { PRIMARY_HEADER, PRIMARY_ARRAY, BACKUP_ARRAY, BACKUP_HEADER }

    /** The corruption property's name: the broken variant runs it on the same seeds as the real codec. */
    private static final String CORRUPTION = "GPT single-byte corruption";

    /**
     * One single-byte corruption through {@code codec}: reading must succeed, give the table that was written, warn,
     * and report the backup used exactly when the primary was hit.
     */
    private static void corruptionIsCaught(GptCodec codec, SplittableRandom random) throws Exception {
        GptTable table = randomGpt(random);
        MemoryDisk disk = new MemoryDisk(table.diskSectors());
        codec.write(disk, table);
        long last = table.diskSectors() - 1;
        int arrayBytes = table.entryCount() * table.entrySize();
        Region region = Region.values()[random.nextInt(4)];
        int offset = switch (region) {
            case PRIMARY_HEADER -> 512 + random.nextInt(92);
            case PRIMARY_ARRAY -> 2 * 512 + random.nextInt(arrayBytes);
            case BACKUP_ARRAY -> (int) ((last - 32) * 512) + random.nextInt(arrayBytes);
            case BACKUP_HEADER -> (int) (last * 512) + random.nextInt(92);
        };
        disk.bytes[offset] ^= (byte) random.nextInt(1, 256);
        String where = region + " byte " + offset;
        GptTable read;
        try {
            read = codec.read(disk);
        } catch (PartitionTableException e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
        boolean primaryHit = region == Region.PRIMARY_HEADER || region == Region.PRIMARY_ARRAY;
        assertEquals(table, read, where + ": read a different table");
        assertFalse(read.warnings().isEmpty(), where + ": no warning");
        assertEquals(primaryHit, read.usedBackup(), where + ": usedBackup");
    }

    @Test
    void everySingleByteCorruptionIsCaughtAndTheOtherCopyUsed() {
        Trials.forEach(CORRUPTION, TRIALS, random -> corruptionIsCaught(GptCodec.STANDARD, random));
    }

    @Test
    void arbitraryDamageGivesATableOrAPartitionTableExceptionNothingElse() {
        Trials.forEach("GPT fuzzing", TRIALS, random -> {
            GptTable table = randomGpt(random);
            MemoryDisk disk = new MemoryDisk(table.diskSectors());
            table.write(disk);
            long last = table.diskSectors() - 1;
            int damaged = random.nextInt(1, 20);
            for (int i = 0; i < damaged; i++) {
                long sector = random.nextBoolean() ? random.nextLong(0, 34) : random.nextLong(last - 32, last + 1);
                int offset = (int) (sector * 512) + (random.nextBoolean() ? random.nextInt(96) : random.nextInt(512));
                disk.bytes[offset] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                // Re-seal so that the damage gets past the checksums and reaches the field checks.
                for (long lba : new long[] {1, last}) {
                    int headerSize = GptBytes.getInt(disk, lba, GptBytes.HEADER_SIZE);
                    if (headerSize < 92 || headerSize > 512) {
                        continue; // nothing to seal over; the reader must reject the size itself
                    }
                    long entryLba = GptBytes.getLong(disk, lba, GptBytes.ENTRY_LBA);
                    int count = GptBytes.getInt(disk, lba, GptBytes.ENTRY_COUNT);
                    int size = GptBytes.getInt(disk, lba, GptBytes.ENTRY_SIZE);
                    long arrayBytes = (long) count * size;
                    if (entryLba >= 0 && entryLba <= disk.bytes.length / 512 && count >= 0 && size >= 0
                            && arrayBytes <= Integer.MAX_VALUE && entryLba * 512 + arrayBytes <= disk.bytes.length) {
                        GptBytes.reseal(disk, lba);
                    } else {
                        GptBytes.resealHeader(disk, lba);
                    }
                }
            }
            try {
                PartitionTable.read(disk);
            } catch (PartitionTableException expected) {
                // the only failure allowed
            }
        });
    }

    /** A checksum with the bug of hashing only the first 16 bytes it is given. */
    private static final class FirstBytesOnlyCrc implements Checksum {
        private final CRC32 crc = new CRC32();
        private long seen;

        @Override
        public void update(int b) {
            if (seen++ < 16) {
                crc.update(b);
            }
        }

        @Override
        public void update(byte[] b, int off, int len) {
            int take = (int) Math.max(0, Math.min(len, 16 - seen));
            crc.update(b, off, take);
            seen += len;
        }

        @Override
        public long getValue() {
            return crc.getValue();
        }

        @Override
        public void reset() {
            crc.reset();
            seen = 0;
        }
    }

    @Test
    void weakChecksumVariantIsCaughtByTheCorruptionProperty() {
        GptCodec weak = new GptCodec(FirstBytesOnlyCrc::new);
        AssertionError caught = assertThrows(AssertionError.class,
                () -> Trials.forEach(CORRUPTION, TRIALS, random -> corruptionIsCaught(weak, random)),
                "a codec that checks only 16 bytes passed the corruption property");
        assertTrue(caught.getMessage().contains("-Dkernkit.seed="), caught.getMessage());
    }

    @Test
    void weakChecksumVariantStillRoundTrips() {
        // The broken variant is wrong only where the corruption property looks: it is not broken in some other way.
        GptCodec weak = new GptCodec(FirstBytesOnlyCrc::new);
        // A few tables suffice: it checks the variant, not the codec, which the round-trip property covers.
        Trials.forEach("GPT round trip, weak checksum", 20, random -> {
            GptTable table = randomGpt(random);
            MemoryDisk disk = new MemoryDisk(table.diskSectors());
            weak.write(disk, table);
            assertEquals(table, weak.read(disk));
        });
    }
}
