package org.kernkit.vfat;

import org.kernkit.block.FileBlockDevice;

import org.kernkit.block.BlockDevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process killed mid-operation, simulated by a device that stops accepting writes after the n-th: for every n,
 * files that were complete before the operation still read back identical, and a replaced file reads either its
 * old or its new content.
 */
class TornWriteTest {

    @TempDir
    Path tmp;

    /** Passes writes through until {@code limit} have been made, then fails every later write (the "crash"). */
    static final class CrashingDevice implements BlockDevice {
        private final BlockDevice inner;
        private final int limit;
        private int writes;

        CrashingDevice(BlockDevice inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public long sectorCount() throws IOException {
            return inner.sectorCount();
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) throws IOException {
            inner.read(firstSector, dst);
        }

        @Override
        public void write(long firstSector, ByteBuffer src) throws IOException {
            if (writes++ >= limit) {
                throw new IOException("simulated crash before write " + writes);
            }
            inner.write(firstSector, src);
        }

        @Override
        public void flush() throws IOException {
            if (writes > limit) {
                throw new IOException("simulated crash");
            }
            inner.flush();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    interface Operation {
        void run(FatFileSystem fs) throws IOException;
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "replace", "delete", "move", "mkdir", "append"})
    void everyCrashPointLeavesCompletedFilesIntact(String operation) throws Exception {
        Path pristine = tmp.resolve("pristine.img");
        Random random = new Random(3);
        Map<String, byte[]> complete = new LinkedHashMap<>();
        try (FatFileSystem fs = FatFileSystem.format(pristine, 1536L * 1024,
                FormatOptions.builder().fatType(FatType.FAT12).sectorsPerCluster(1).build())) {
            for (int i = 0; i < 6; i++) {
                byte[] b = new byte[700 * (i + 1)];
                random.nextBytes(b);
                complete.put("/Complete File " + i + ".bin", b);
                fs.writeAllBytes("/Complete File " + i + ".bin", b);
            }
        }
        byte[] newContent = new byte[5000];
        random.nextBytes(newContent);
        Operation op = switch (operation) {
            case "create" -> fs -> fs.writeAllBytes("/A New File With A Long Name.bin", newContent);
            case "replace" -> fs -> fs.writeAllBytes("/Complete File 2.bin", newContent);
            case "delete" -> fs -> fs.delete("/Complete File 4.bin");
            case "move" -> fs -> {
                fs.createDirectory("/target dir");
                fs.move("/Complete File 1.bin", "/target dir/Moved.bin", false);
            };
            case "mkdir" -> fs -> fs.createDirectories("/x/y/z");
            case "append" -> fs -> fs.append("/Complete File 3.bin", newContent);
            default -> throw new IllegalArgumentException(operation);
        };
        int crashes = 0;
        for (int limit = 0; limit < 200; limit++) {
            Path image = tmp.resolve("crash.img");
            Files.copy(pristine, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            CrashingDevice device = new CrashingDevice(FileBlockDevice.open(image, false), limit);
            boolean crashed = false;
            try (FatFileSystem fs = FatFileSystem.open(device, NamingMode.WINDOWS)) {
                op.run(fs);
            } catch (IOException e) {
                crashed = true;
            }
            if (!crashed) {
                break; // the operation and close completed within the limit: every crash point was covered
            }
            crashes++;
            try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
                for (Map.Entry<String, byte[]> e : complete.entrySet()) {
                    String path = e.getKey();
                    if (operation.equals("delete") && path.equals("/Complete File 4.bin") && !fs.exists(path)) {
                        continue;
                    }
                    if (operation.equals("move") && path.equals("/Complete File 1.bin") && !fs.exists(path)) {
                        path = "/target dir/Moved.bin";
                    }
                    byte[] actual = fs.readAllBytes(path);
                    if (operation.equals("replace") && path.equals("/Complete File 2.bin")) {
                        assertTrue(java.util.Arrays.equals(actual, e.getValue())
                                || java.util.Arrays.equals(actual, newContent), "replace torn at write " + limit);
                    } else if (operation.equals("append") && path.equals("/Complete File 3.bin")) {
                        assertArrayEquals(e.getValue(), java.util.Arrays.copyOf(actual, e.getValue().length),
                                "append torn at write " + limit + " damaged the old bytes");
                    } else {
                        assertArrayEquals(e.getValue(), actual, path + " after a crash at write " + limit);
                    }
                }
            }
        }
        assertTrue(crashes > 0, "the operation made at least one write");
    }
}
