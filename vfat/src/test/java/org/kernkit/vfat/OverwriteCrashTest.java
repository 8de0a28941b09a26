package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Overwrites cut off at every device write: the file reads back whole, with its old content or its new, never a
 * mix, never an error, and the other file is untouched. Two failure models: a process kill (every write issued
 * before it is on disk) and a power loss (writes since the last flush reach the disk as any subset of their
 * sectors). The power-loss run has a deliberately broken variant, a disk that ignores flushes, which the same
 * check must catch: that proves the barriers, not luck, keep the content whole.
 */
class OverwriteCrashTest {

    @TempDir
    Path tmp;

    private static final byte[] OLD = pattern(5000, 1);
    private static final byte[] NEW = pattern(7000, 2);
    private static final byte[] OTHER = pattern(3000, 3);

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    interface Overwrite {
        void run(FatFileSystem fs) throws IOException;
    }

    static Overwrite overwrite(String how) {
        return switch (how) {
            case "writeAllBytes" -> fs -> fs.writeAllBytes("/Target File.bin", NEW);
            case "writeFrom" -> fs -> fs.writeFrom("/Target File.bin", new ByteArrayInputStream(NEW), NEW.length,
                    null);
            case "channel" -> fs -> {
                try (SeekableByteChannel ch = fs.newByteChannel("/Target File.bin",
                        Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
                    ByteBuffer b = ByteBuffer.wrap(NEW);
                    while (b.hasRemaining()) {
                        ch.write(b.slice(b.position(), Math.min(b.remaining(), 1000)));
                        b.position(b.position() + Math.min(b.remaining(), 1000));
                    }
                }
            };
            default -> throw new IllegalArgumentException(how);
        };
    }

    private byte[] pristine() throws IOException {
        Path image = tmp.resolve("pristine.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 1536L * 1024,
                FormatOptions.builder().fatType(FatType.FAT12).sectorsPerCluster(1).build())) {
            fs.writeAllBytes("/Target File.bin", OLD);
            fs.writeAllBytes("/Other File.bin", OTHER);
        }
        byte[] bytes = Files.readAllBytes(image);
        Files.delete(image);
        return bytes;
    }

    /** Empty when the image holds the old or the new content whole and the other file intact; else why not. */
    private static String verdict(byte[] image) {
        try (FatFileSystem fs = FatFileSystem.open(new PowerLossDevice(image, Integer.MAX_VALUE, true,
                new SplittableRandom(0)), NamingMode.WINDOWS, true, ZoneOffset.UTC, new SplittableRandom(0))) {
            byte[] target = fs.readAllBytes("/Target File.bin");
            if (!Arrays.equals(target, OLD) && !Arrays.equals(target, NEW)) {
                return "target holds " + target.length + " bytes, neither the old content nor the new";
            }
            if (!Arrays.equals(fs.readAllBytes("/Other File.bin"), OTHER)) {
                return "the other file changed";
            }
            return "";
        } catch (IOException e) {
            return "reading failed: " + e.getMessage();
        }
    }

    /** Runs the overwrite on a device that fails at write {@code limit}; null if it completed before. */
    private static String crashAt(byte[] pristine, String how, int limit, boolean honourFlush, long seed) {
        PowerLossDevice device = new PowerLossDevice(pristine, limit, honourFlush, new SplittableRandom(seed));
        try (FatFileSystem fs = FatFileSystem.open(device, NamingMode.WINDOWS, false, ZoneOffset.UTC,
                new SplittableRandom(0))) {
            overwrite(how).run(fs);
        } catch (IOException e) {
            // the crash
        }
        return device.failed() ? verdict(device.durable()) : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"writeAllBytes", "writeFrom", "channel"})
    void processKilledAtEveryWriteLeavesOldOrNewContentWhole(String how) throws Exception {
        byte[] pristine = pristine();
        int crashes = 0;
        for (int limit = 0; ; limit++) {
            // A killed process loses nothing it wrote: model it as a power loss where every cached sector lands.
            PowerLossDevice device = new PowerLossDevice(pristine, limit, true, new AlwaysTrue());
            try (FatFileSystem fs = FatFileSystem.open(device, NamingMode.WINDOWS, false, ZoneOffset.UTC,
                    new SplittableRandom(0))) {
                overwrite(how).run(fs);
            } catch (IOException e) {
                // the kill
            }
            if (!device.failed()) {
                break;
            }
            crashes++;
            assertEquals("", verdict(device.durable()), how + " killed at write " + limit);
        }
        assertTrue(crashes > 3, "the overwrite made several writes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"writeAllBytes", "writeFrom", "channel"})
    void powerLossAtEveryWriteLeavesOldOrNewContentWhole(String how) throws Exception {
        byte[] pristine = pristine();
        for (int limit = 0; ; limit++) {
            boolean completed = false;
            for (long seed = 0; seed < 8; seed++) {
                String verdict = crashAt(pristine, how, limit, true, seed);
                if (verdict == null) {
                    completed = true;
                    break;
                }
                assertEquals("", verdict, how + " power loss at write " + limit + ", seed " + seed);
            }
            if (completed) {
                break;
            }
        }
    }

    @Test
    void aDiskThatIgnoresFlushesIsCaughtMixingOldAndNewContent() throws Exception {
        byte[] pristine = pristine();
        int broken = 0;
        for (int limit = 0; limit < 40; limit++) {
            for (long seed = 0; seed < 8; seed++) {
                String verdict = crashAt(pristine, "writeFrom", limit, false, seed);
                if (verdict != null && !verdict.isEmpty()) {
                    broken++;
                }
            }
        }
        assertTrue(broken > 0, "without barriers some power loss must leave neither old nor new content");
    }

    @Test
    void overwriteThatDoesNotFitKeepsTheOldContentThroughEveryPath() throws Exception {
        Path image = tmp.resolve("floppy.img");
        byte[] old = pattern(600_000, 4);
        byte[] big = pattern(2_000_000, 5);
        try (FatFileSystem fs = FatFileSystem.format(image, 1440L * 1024, FormatOptions.builder().build())) {
            fs.writeAllBytes("/v.bin", old);
            long free = fs.freeClusters();
            org.junit.jupiter.api.Assertions.assertThrows(FileSystemFullException.class,
                    () -> fs.writeAllBytes("/v.bin", big));
            org.junit.jupiter.api.Assertions.assertThrows(FileSystemFullException.class,
                    () -> fs.writeFrom("/v.bin", new ByteArrayInputStream(big), big.length, null));
            org.junit.jupiter.api.Assertions.assertThrows(FileSystemFullException.class, () -> {
                try (SeekableByteChannel ch = fs.newByteChannel("/v.bin",
                        Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
                    ch.write(ByteBuffer.wrap(big));
                }
            });
            assertArrayEquals(old, fs.readAllBytes("/v.bin"));
            assertEquals(free, fs.freeClusters());
            assertTrue(fs.check().clean(), fs.check().problems()::toString);
        }
    }

    @Test
    void truncatingChannelShowsTheOldContentToReadersUntilItIsClosed() throws Exception {
        Path image = tmp.resolve("t.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 2L << 20, FormatOptions.builder().build())) {
            fs.writeAllBytes("/f.bin", OLD);
            try (SeekableByteChannel ch = fs.newByteChannel("/f.bin",
                    Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
                ch.write(ByteBuffer.wrap(NEW));
                assertArrayEquals(OLD, fs.readAllBytes("/f.bin"));
            }
            assertArrayEquals(NEW, fs.readAllBytes("/f.bin"));
        }
    }

    /** A random source whose every boolean is true: all cached sectors land, as after a process kill. */
    private static final class AlwaysTrue implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            return -1L;
        }

        @Override
        public boolean nextBoolean() {
            return true;
        }
    }
}
