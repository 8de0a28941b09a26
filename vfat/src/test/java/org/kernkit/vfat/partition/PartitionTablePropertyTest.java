package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;

/**
 * Seeded properties of both tables: random valid tables survive write and read unchanged, and every single-byte
 * corruption of a GPT header (its CRC-covered 92 bytes) or entry array is caught, the table then coming from the
 * other copy with a warning. A codec with a deliberately weak checksum must fail the second property, which
 * proves that the property can fail.
 *
 * <p>Each trial has its own seed, printed on failure; {@code -Dkernkit.seed=N} replays a run and
 * {@code -Dkernkit.trials=N} runs longer.
 */
class PartitionTablePropertyTest {

    private static final long BASE_SEED = Long.getLong("kernkit.seed", new SecureRandom().nextLong());
    private static final int TRIALS = Integer.getInteger("kernkit.trials", 300);

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

    /** One trial of a property, given its seed. */
    private interface Trial {
        void run(SplittableRandom random) throws Exception;
    }

    /** Runs {@code trial} for {@link #TRIALS} seeds; a failure names the seed that replays it. */
    private static void forEachSeed(String property, Trial trial) {
        for (int i = 0; i < TRIALS; i++) {
            long seed = BASE_SEED + i;
            try {
                trial.run(new SplittableRandom(seed));
            } catch (Exception | AssertionError e) {
                fail(property + " failed for seed " + seed + " (replay with -Dkernkit.seed=" + seed + "): " + e, e);
            }
        }
    }

    @Test
    void randomMbrTablesRoundTrip() {
        forEachSeed("MBR round trip", random -> {
            MbrTable table = randomMbr(random);
            MemoryDisk disk = new MemoryDisk(table.diskSectors());
            table.write(disk);
            assertEquals(table, PartitionTable.read(disk));
        });
    }

    @Test
    void randomGptTablesRoundTrip() {
        forEachSeed("GPT round trip", random -> {
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

    /**
     * Runs {@code trials} single-byte corruptions through {@code codec} and returns a description of each trial
     * where the property failed: reading must succeed, give the table that was written, warn, and report the
     * backup used exactly when the primary was hit.
     */
    private static List<String> corruptionViolations(GptCodec codec, int trials) throws Exception {
        List<String> violations = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            long seed = BASE_SEED + trial;
            SplittableRandom random = new SplittableRandom(seed);
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
            String where = "seed " + seed + " (replay with -Dkernkit.seed=" + seed + "), " + region + " byte "
                    + offset;
            try {
                GptTable read = codec.read(disk);
                boolean primaryHit = region == Region.PRIMARY_HEADER || region == Region.PRIMARY_ARRAY;
                if (!read.equals(table)) {
                    violations.add(where + ": read a different table");
                } else if (read.warnings().isEmpty()) {
                    violations.add(where + ": no warning");
                } else if (read.usedBackup() != primaryHit) {
                    violations.add(where + ": usedBackup " + read.usedBackup());
                }
            } catch (PartitionTableException e) {
                violations.add(where + ": " + e.getMessage());
            }
        }
        return violations;
    }

    @Test
    void everySingleByteCorruptionIsCaughtAndTheOtherCopyUsed() throws Exception {
        List<String> violations = corruptionViolations(GptCodec.STANDARD, TRIALS);
        assertEquals(List.of(), violations);
    }

    @Test
    void arbitraryDamageGivesATableOrAPartitionTableExceptionNothingElse() {
        forEachSeed("fuzzing", random -> {
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
    void weakChecksumVariantIsCaughtByTheCorruptionProperty() throws Exception {
        List<String> violations = corruptionViolations(new GptCodec(FirstBytesOnlyCrc::new), TRIALS);
        assertFalse(violations.isEmpty(), "a codec that checks only 16 bytes passed the corruption property");
    }

    @Test
    void weakChecksumVariantStillRoundTrips() throws Exception {
        // The broken variant is wrong only where the corruption property looks: it is not broken in some other way.
        GptCodec weak = new GptCodec(FirstBytesOnlyCrc::new);
        GptTable table = randomGpt(new SplittableRandom(BASE_SEED));
        MemoryDisk disk = new MemoryDisk(table.diskSectors());
        weak.write(disk, table);
        assertEquals(table, weak.read(disk));
    }
}
