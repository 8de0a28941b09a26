package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernkit.block.BlockDevice;

/**
 * The block host serves any {@link BlockDevice}: here one in memory that can be told to fail. A device failure
 * fails that request only; a range past the device's end never reaches the device.
 */
class BlockHostDeviceTest {

    static final int SECTORS = 64;

    /** What the memory device does on its next calls. */
    enum Failure { NONE, IO_EXCEPTION, EOF, RUNTIME }

    /** Sectors in a byte array; records every call so a test can see what reached it. */
    static final class MemoryDevice implements BlockDevice {
        final byte[] bytes = new byte[SECTORS * SECTOR_SIZE];
        final List<String> calls = new ArrayList<>();
        volatile Failure failure = Failure.NONE;

        @Override
        public long sectorCount() {
            return SECTORS;
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) throws IOException {
            calls.add("read " + firstSector + " " + dst.remaining() / SECTOR_SIZE);
            fail("read");
            dst.put(bytes, (int) firstSector * SECTOR_SIZE, dst.remaining());
        }

        @Override
        public void write(long firstSector, ByteBuffer src) throws IOException {
            calls.add("write " + firstSector + " " + src.remaining() / SECTOR_SIZE);
            fail("write");
            src.get(bytes, (int) firstSector * SECTOR_SIZE, src.remaining());
        }

        @Override
        public void flush() throws IOException {
            calls.add("flush");
            fail("flush");
        }

        @Override
        public void close() {
        }

        private void fail(String what) throws IOException {
            switch (failure) {
                case NONE -> { }
                case IO_EXCEPTION -> throw new IOException("medium error on " + what);
                case EOF -> throw new EOFException("device shrank under " + what);
                case RUNTIME -> throw new IllegalStateException("driver bug in " + what);
            }
        }
    }

    MemoryDevice memory;
    Channel.Pair pair;
    BlockHost host;
    CompletableFuture<String> serving;
    ChannelBlockDevice guest;

    @BeforeEach
    void start() throws IOException {
        memory = new MemoryDevice();
        new Random(5).nextBytes(memory.bytes);
        pair = Channel.inProcess(64 * 1024);
        host = new BlockHost(pair.host(), memory);
        serving = CompletableFuture.supplyAsync(() -> {
            try {
                return host.serve();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        guest = new ChannelBlockDevice(pair.guest(), TimeUnit.SECONDS.toNanos(10));
    }

    @AfterEach
    void stop() throws Exception {
        guest.close();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesAnInMemoryDevice() throws IOException {
        assertEquals(SECTORS, guest.sectorCount());
        byte[] data = new byte[3 * 512];
        new Random(6).nextBytes(data);
        guest.write(10, ByteBuffer.wrap(data));
        guest.flush();
        assertArrayEquals(data, java.util.Arrays.copyOfRange(memory.bytes, 10 * 512, 13 * 512));
        ByteBuffer back = ByteBuffer.allocate(SECTORS * 512);
        guest.read(0, back);
        assertArrayEquals(memory.bytes, back.array());
        assertTrue(memory.calls.contains("flush"), memory.calls.toString());
    }

    @Test
    void aFailingDeviceFailsThatRequestOnlyAndTheHostServesOn() throws Exception {
        for (Failure failure : List.of(Failure.IO_EXCEPTION, Failure.RUNTIME)) {
            memory.failure = failure;
            var e = assertThrows(IOException.class, () -> guest.read(1, ByteBuffer.allocate(512)), failure.name());
            assertFalse(e instanceof EOFException, e.toString());
            assertTrue(e.getMessage().contains("IO_ERROR"), e.getMessage());
            assertThrows(IOException.class, () -> guest.write(1, ByteBuffer.allocate(512)), failure.name());
            assertThrows(IOException.class, guest::flush, failure.name());
            memory.failure = Failure.NONE;
            ByteBuffer back = ByteBuffer.allocate(512);
            guest.read(2, back); // the same session goes on
            assertArrayEquals(java.util.Arrays.copyOfRange(memory.bytes, 1024, 1536), back.array());
        }
        assertFalse(serving.isDone(), "a device failure ended the session");
        guest.close();
        String why = serving.get(10, TimeUnit.SECONDS);
        assertEquals(6, host.deviceErrors());
        assertTrue(why.contains("6 request(s) failed on the device") && why.contains("driver bug in flush"), why);
        assertFalse(why.contains("\n"), why);
    }

    @Test
    void aRangeTheDeviceRefusesIsOutOfRange() {
        memory.failure = Failure.EOF;
        var e = assertThrows(EOFException.class, () -> guest.read(0, ByteBuffer.allocate(512)));
        assertTrue(e.getMessage().contains("OUT_OF_RANGE"), e.getMessage());
        assertFalse(serving.isDone());
    }

    @Test
    void aRangePastTheEndNeverReachesTheDevice() throws Exception {
        RequestClient raw = new RequestClient(pair.guest(), TimeUnit.SECONDS.toNanos(10));
        MemorySegment request = MemorySegment.ofArray(new byte[16 + 2 * 512]);
        List<Integer> statuses = new ArrayList<>();
        long[][] ranges = {{SECTORS - 1, 2}, {SECTORS, 1}, {-1, 1}, {Long.MAX_VALUE, 1}, {SECTORS + 1, 0}};
        for (int operation : new int[] {BlockMessageDescriptor.OP_READ, BlockMessageDescriptor.OP_WRITE}) {
            for (long[] range : ranges) {
                request.set(ValueLayout.JAVA_INT_UNALIGNED, 0, operation);
                request.set(ValueLayout.JAVA_INT_UNALIGNED, 4, (int) range[1]);
                request.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, range[0]);
                int data = operation == BlockMessageDescriptor.OP_WRITE ? (int) range[1] * 512 : 0;
                raw.submit(request, 0, 16 + data, c -> statuses.add(c.getInt(0)));
                raw.awaitAll();
            }
        }
        assertEquals(java.util.Collections.nCopies(10, BlockMessageDescriptor.STATUS_OUT_OF_RANGE), statuses);
        // A count of -1 is 2^32 - 1 sectors, more than one completion can carry: a malformed request, which
        // ends the session with one line; it is not executed either.
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 0, BlockMessageDescriptor.OP_READ);
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 4, -1);
        request.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0);
        raw.submit(request, 0, 16, c -> statuses.add(c.getInt(0)));
        raw.awaitAll();
        assertEquals(BlockMessageDescriptor.STATUS_BAD_REQUEST, statuses.getLast());
        String why = serving.get(10, TimeUnit.SECONDS);
        assertTrue(why.startsWith("malformed request") && why.contains("4294967295 sectors"), why);
        assertEquals(List.of(), memory.calls, "out-of-range requests reached the device");
    }
}
