package org.kernkit.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactlyOnceOutputTest {

    @TempDir
    Path dir;

    private static byte[] pattern(int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @Test
    void createEmptiesAnExistingFileAndAppendsReachItInOrderAcrossTheBuffer() throws IOException {
        Path file = dir.resolve("out");
        Files.write(file, new byte[] {9, 9, 9});
        byte[] data = pattern(64 * 1024 * 2 + 100);
        try (ExactlyOnceOutput output = ExactlyOnceOutput.create("out", file)) {
            assertEquals("out", output.name());
            assertEquals(file, output.path());
            assertEquals(0, output.length());
            output.append(data, 0, 10);
            assertEquals(10, output.length(), "buffered bytes count");
            output.append(data, 10, data.length - 10);
            assertEquals(data.length, output.length());
            output.flush();
            assertArrayEquals(data, Files.readAllBytes(file));
            assertEquals(data.length, output.length(), "a flush keeps the length");
            output.append(data, 0, 5);
        }
        byte[] expected = Arrays.copyOf(data, data.length + 5);
        System.arraycopy(data, 0, expected, data.length, 5);
        assertArrayEquals(expected, Files.readAllBytes(file), "close writes what is buffered");
    }

    @Test
    void anAppendOutsideItsArrayIsRefused() throws IOException {
        try (ExactlyOnceOutput output = ExactlyOnceOutput.create("out", dir.resolve("out"))) {
            assertThrows(IndexOutOfBoundsException.class, () -> output.append(new byte[4], 3, 2));
            assertEquals(0, output.length());
        }
    }

    @Test
    void flushAndForceWritesTheBufferedBytes() throws IOException {
        Path file = dir.resolve("out");
        try (ExactlyOnceOutput output = ExactlyOnceOutput.create("out", file)) {
            output.append(pattern(3), 0, 3);
            output.flushAndForce();
            assertArrayEquals(pattern(3), Files.readAllBytes(file));
        }
    }

    @Test
    void restoreCutsTheFileBackToTheCommittedLengthAndAppendsFromThere() throws IOException {
        Path file = dir.resolve("out");
        Files.write(file, pattern(100));
        try (ExactlyOnceOutput output = ExactlyOnceOutput.restore("out", file, 40)) {
            assertEquals(40, output.length());
            assertEquals(40, Files.size(file), "cut back at once, before any append");
            output.append(new byte[] {1, 2}, 0, 2);
        }
        byte[] expected = Arrays.copyOf(pattern(100), 42);
        expected[40] = 1;
        expected[41] = 2;
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void restoreOfAFileShorterThanTheCommittedLengthIsRefusedAndLeavesItIntact() throws IOException {
        Path file = dir.resolve("out");
        Files.write(file, pattern(10));
        IOException e = assertThrows(IOException.class, () -> ExactlyOnceOutput.restore("out", file, 11));
        assertTrue(e.getMessage().contains("holds 10 bytes, fewer than the 11"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertArrayEquals(pattern(10), Files.readAllBytes(file));
        ExactlyOnceOutput.restore("out", file, 10).close();
        assertArrayEquals(pattern(10), Files.readAllBytes(file), "the exact length is accepted");
    }

    @Test
    void checkRestorableAcceptsAFileOfAtLeastTheCommittedLengthAndChangesNothing() throws IOException {
        Path file = dir.resolve("out");
        Path image = dir.resolve("image-1");
        Files.write(file, pattern(10));
        ExactlyOnceOutput.checkRestorable("out", file, 10, image);
        ExactlyOnceOutput.checkRestorable("out", file, 3, image);
        assertArrayEquals(pattern(10), Files.readAllBytes(file));

        IOException e = assertThrows(IOException.class,
                () -> ExactlyOnceOutput.checkRestorable("out", file, 11, image));
        assertTrue(e.getMessage().contains("holds 10 bytes, fewer than the 11 that " + image + " committed"),
                e.getMessage());

        Path missing = dir.resolve("missing");
        ExactlyOnceOutput.checkRestorable("missing", missing, 0, image);
        IOException lost = assertThrows(IOException.class,
                () -> ExactlyOnceOutput.checkRestorable("missing", missing, 1, image));
        assertTrue(lost.getMessage().contains("holds 0 bytes"), lost.getMessage());
        assertTrue(Files.notExists(missing), "a check creates nothing");
    }

    @Test
    void anOutputPathThatIsADirectoryIsRefused() {
        assertThrows(IOException.class, () -> ExactlyOnceOutput.create("d", dir));
        assertThrows(IOException.class, () -> ExactlyOnceOutput.restore("d", dir, 0));
        assertThrows(IOException.class, () -> ExactlyOnceOutput.checkRestorable("d", dir, 0, dir));
    }
}
