package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;

/** Guest block device and host in two threads of this JVM, the host serving an image through {@link FileBlockDevice}. */
class BlockServiceTest {

    static final int SECTORS = 2048; // 1 MiB

    @TempDir
    Path dir;
    Path imagePath;
    FileBlockDevice image;
    Channel.Pair pair;
    BlockHost host;
    CompletableFuture<String> serving;
    ChannelBlockDevice device;

    @BeforeEach
    void start() throws IOException {
        imagePath = dir.resolve("disk.img");
        byte[] initial = new byte[SECTORS * 512];
        new Random(1).nextBytes(initial);
        Files.write(imagePath, initial);
        image = FileBlockDevice.open(imagePath, false);
        pair = Channel.inProcess(256 * 1024);
        host = new BlockHost(pair.host(), image);
        serving = CompletableFuture.supplyAsync(() -> {
            try {
                return host.serve();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        device = new ChannelBlockDevice(pair.guest(), TimeUnit.SECONDS.toNanos(10));
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        serving.get(10, TimeUnit.SECONDS);
        image.close();
    }

    @Test
    void capacityIsTheImageSizeInSectors() {
        assertEquals(SECTORS, device.sectorCount());
    }

    @Test
    void readReturnsTheImageBytes() throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(3 * 512);
        device.read(5, dst);
        assertEquals(dst.limit(), dst.position());
        byte[] expected = java.util.Arrays.copyOfRange(Files.readAllBytes(imagePath), 5 * 512, 8 * 512);
        assertArrayEquals(expected, dst.array());
    }

    @Test
    void largeReadSpanningManyRequestsIsAssembledInOrder() throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(SECTORS * 512);
        device.read(0, dst);
        assertArrayEquals(Files.readAllBytes(imagePath), dst.array());
        assertTrue(device.maxSectorsPerRequest() < SECTORS, "the read needed several requests");
    }

    @Test
    void writeThenFlushReachesTheImageFile() throws IOException {
        byte[] data = new byte[300 * 512];
        new Random(2).nextBytes(data);
        device.write(100, ByteBuffer.wrap(data));
        device.flush();
        byte[] file = Files.readAllBytes(imagePath);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(file, 100 * 512, 400 * 512));
    }

    @Test
    void writeRespectsBufferPositionAndLimit() throws IOException {
        byte[] data = new byte[4 * 512];
        new Random(3).nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data).position(512).limit(3 * 512);
        device.write(0, src);
        assertEquals(3 * 512, src.position());
        ByteBuffer back = ByteBuffer.allocate(2 * 512);
        device.read(0, back);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 512, 3 * 512), back.array());
    }

    @Test
    void readPastTheEndIsAnEofErrorNamingTheRange() {
        var e = assertThrows(EOFException.class, () -> device.read(SECTORS - 1, ByteBuffer.allocate(1024)));
        assertTrue(e.getMessage().contains("[2047, 2049)") && e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void partialSectorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> device.write(0, ByteBuffer.allocate(100)));
    }

    @Test
    void hostAnswersOutOfRangeRequestsWithAStatusAndLeavesTheImageAlone() throws Exception {
        byte[] before = Files.readAllBytes(imagePath);
        RequestClient raw = new RequestClient(pair.guest(), TimeUnit.SECONDS.toNanos(10));
        java.lang.foreign.MemorySegment request = java.lang.foreign.MemorySegment.ofArray(new byte[16 + 512]);
        request.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, BlockMessageDescriptor.OP_WRITE);
        request.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4, 1);
        request.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8, SECTORS);
        int[] status = {-1};
        raw.submit(request, 0, 16 + 512, c -> status[0] = c.getInt(0));
        raw.awaitAll();
        assertEquals(BlockMessageDescriptor.STATUS_OUT_OF_RANGE, status[0]);
        request.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 99);
        raw.submit(request, 0, 16, c -> status[0] = c.getInt(0));
        raw.awaitAll();
        assertEquals(BlockMessageDescriptor.STATUS_BAD_REQUEST, status[0]);
        assertArrayEquals(before, Files.readAllBytes(imagePath));
    }

    @Test
    void randomReadsAndWritesMatchAnInMemoryDisk() throws IOException {
        byte[] model = Files.readAllBytes(imagePath);
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            int count = 1 + random.nextInt(i % 10 == 0 ? 400 : 16);
            int first = random.nextInt(SECTORS - count + 1);
            if (random.nextBoolean()) {
                byte[] data = new byte[count * 512];
                random.nextBytes(data);
                device.write(first, ByteBuffer.wrap(data));
                System.arraycopy(data, 0, model, first * 512, data.length);
            } else {
                ByteBuffer dst = ByteBuffer.allocate(count * 512);
                device.read(first, dst);
                assertArrayEquals(java.util.Arrays.copyOfRange(model, first * 512, (first + count) * 512), dst.array(),
                        "read of " + count + " sectors at " + first);
            }
        }
        device.flush();
        assertArrayEquals(model, Files.readAllBytes(imagePath));
    }
}
