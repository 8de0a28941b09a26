package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernkit.vmbus.BlockMessageDescriptor.CODE_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.HEADER_LENGTH;
import static org.kernkit.vmbus.BlockMessageDescriptor.OP_CAPACITY;
import static org.kernkit.vmbus.BlockMessageDescriptor.OP_FLUSH;
import static org.kernkit.vmbus.BlockMessageDescriptor.OP_READ;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_COUNT_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_SIZE;
import static org.kernkit.vmbus.BlockMessageDescriptor.STATUS_IO_ERROR;
import static org.kernkit.vmbus.BlockMessageDescriptor.STATUS_OK;
import static org.kernkit.vmbus.BlockMessageDescriptor.VALUE_OFFSET;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelBlockDevice} against a host the test plays by hand: how large its requests are for a ring size,
 * how a transfer is split, how many completions it lets be in flight (within half the inbound ring), what it
 * makes of a short or failed completion, and an interrupt while it waits. The device runs on its own thread; the
 * test thread receives its requests and answers them when it chooses.
 */
class ChannelBlockDeviceTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);
    static final int SECTORS = 16384;

    /** A request as the host received it. */
    record Request(long transId, int operation, int count, long first) {
    }

    /** A call of the device on its own thread. */
    static final class GuestCall<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Thread thread;
        volatile boolean interruptedAfterwards;

        GuestCall(Callable<T> call) {
            thread = new Thread(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    interruptedAfterwards = Thread.currentThread().isInterrupted();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        T get() throws Exception {
            return result.get(10, TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            try {
                result.get(10, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }

    Channel.Pair pair;
    final Deque<Request> pending = new ArrayDeque<>();
    final List<Request> received = new ArrayList<>();

    private void collect(Packet p) {
        Request r = new Request(p.transId(), p.getInt(CODE_OFFSET), p.getInt(SECTOR_COUNT_OFFSET), p.getLong(VALUE_OFFSET));
        pending.add(r);
        received.add(r);
    }

    private void receiveUntilPending(int n) throws Exception {
        long deadline = System.nanoTime() + SECONDS_10;
        while (pending.size() < n) {
            assertTrue(System.nanoTime() - deadline < 0, pending.size() + " requests pending, expected " + n);
            pair.host().receive(this::collect, 64, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Receives until {@code n} requests wait for an answer, then checks for 50 ms that no further one comes. */
    private void receiveExactlyPending(int n) throws Exception {
        receiveUntilPending(n);
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        while (System.nanoTime() - quietUntil < 0) {
            pair.host().poll(this::collect, 64);
            Thread.sleep(1);
        }
        assertEquals(n, pending.size(), "requests in flight");
    }

    private void answer(Request r, int status, long value, byte[] data) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(status).putInt(r.count()).putLong(value).put(data);
        pair.host().send(PacketDescriptor.TYPE_COMPLETION, 0, r.transId(), b.array(), SECONDS_10);
    }

    /** The bytes this test's disk holds in {@code count} sectors from {@code first}. */
    static byte[] sectorBytes(long first, int count) {
        byte[] bytes = new byte[count * SECTOR_SIZE];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (first * 31 + i * 7);
        }
        return bytes;
    }

    private void answerRead(Request r) throws Exception {
        answer(r, STATUS_OK, 0, sectorBytes(r.first(), r.count()));
    }

    /** Opens the device on a ring of {@code ringLength} bytes, answering its capacity request. */
    private ChannelBlockDevice open(int ringLength) throws Exception {
        pair = Channel.inProcess(ringLength);
        GuestCall<ChannelBlockDevice> opening = new GuestCall<>(() -> new ChannelBlockDevice(pair.guest(), SECONDS_10));
        receiveUntilPending(1);
        Request capacity = pending.poll();
        assertEquals(OP_CAPACITY, capacity.operation());
        answer(capacity, STATUS_OK, SECTORS, new byte[0]);
        ChannelBlockDevice device = opening.get();
        received.clear();
        return device;
    }

    // ----------------------------------------------------------------------------------------- request sizes

    @Test
    void aRequestCarriesAQuarterOfTheInboundRingLessTheHeaderInWholeSectors() throws Exception {
        // 64 KiB rings: 61440 data bytes; a quarter is 15360, less the 16-byte header 15344: 29 sectors.
        assertEquals(29, open(64 * 1024).maxSectorsPerRequest());
    }

    @Test
    void theSmallestRingCarriesOneSectorPerRequest() throws Exception {
        // 8 KiB rings: 4096 data bytes; a quarter less the header is 1008 bytes: one sector.
        assertEquals(1, open(8192).maxSectorsPerRequest());
    }

    @Test
    void aRequestCarriesAtMost128Sectors() throws Exception {
        assertEquals(128, open(1024 * 1024).maxSectorsPerRequest());
    }

    @Test
    void theDeviceHasTheCapacityTheHostReports() throws Exception {
        assertEquals(SECTORS, open(8192).sectorCount());
    }

    // ----------------------------------------------------------------------------- splitting and flow control

    @Test
    void aReadKeepsAtMostTheCompletionsHalfTheInboundRingHoldsInFlight() throws Exception {
        // 64 KiB rings: half of 61440 data bytes is 30720; a completion of 29 sectors takes 14888 ring bytes,
        // so two are in flight at once.
        ChannelBlockDevice device = open(64 * 1024);
        ByteBuffer dst = ByteBuffer.allocate(5 * 29 * SECTOR_SIZE);
        GuestCall<Void> read = new GuestCall<>(() -> {
            device.read(10, dst);
            return null;
        });
        for (int answered = 0; answered < 5; answered++) {
            receiveExactlyPending(Math.min(2, 5 - answered));
            answerRead(pending.poll());
        }
        read.get();
        assertEquals(List.of(new Request(2, OP_READ, 29, 10), new Request(3, OP_READ, 29, 39),
                new Request(4, OP_READ, 29, 68), new Request(5, OP_READ, 29, 97), new Request(6, OP_READ, 29, 126)),
                received);
        assertArrayEquals(sectorBytes(10, 29), java.util.Arrays.copyOfRange(dst.array(), 0, 29 * SECTOR_SIZE));
        assertArrayEquals(sectorBytes(126, 29), java.util.Arrays.copyOfRange(dst.array(), 4 * 29 * SECTOR_SIZE,
                5 * 29 * SECTOR_SIZE));
        assertEquals(0, pair.guest().inbound().writerSignalsSent(), "the host never waited for room");
    }

    @Test
    void theLimitHoldsAgainForTheNextRead() throws Exception {
        ChannelBlockDevice device = open(64 * 1024);
        for (int call = 0; call < 2; call++) {
            ByteBuffer dst = ByteBuffer.allocate(3 * 29 * SECTOR_SIZE);
            GuestCall<Void> read = new GuestCall<>(() -> {
                device.read(0, dst);
                return null;
            });
            for (int answered = 0; answered < 3; answered++) {
                receiveExactlyPending(Math.min(2, 3 - answered));
                answerRead(pending.poll());
            }
            read.get();
        }
    }

    @Test
    void completionsThatFillHalfTheInboundRingExactlyAreAllInFlightAtOnce() throws Exception {
        // A completion of c sectors takes 40 + 512 c ring bytes, so 64 of them can add up to exactly half a ring:
        // 63 of 128 sectors (65576 bytes each) and one of 3 (1576) are 4132864 bytes, half of 8265728 data bytes.
        ChannelBlockDevice device = open(8_265_728 + 4096);
        int sectors = 63 * 128 + 3;
        ByteBuffer dst = ByteBuffer.allocate(sectors * SECTOR_SIZE);
        GuestCall<Void> read = new GuestCall<>(() -> {
            device.read(0, dst);
            return null;
        });
        receiveExactlyPending(64);
        assertEquals(new Request(65, OP_READ, 3, 63 * 128), pending.peekLast());
        while (!pending.isEmpty()) {
            answerRead(pending.poll());
        }
        read.get();
        assertArrayEquals(sectorBytes(63 * 128, 3), java.util.Arrays.copyOfRange(dst.array(),
                63 * 128 * SECTOR_SIZE, sectors * SECTOR_SIZE));
    }

    @Test
    void writeCompletionsCarryNoDataSoManyWritesAreInFlightAtOnce() throws Exception {
        // A write's completion is the 16-byte header only (40 ring bytes): the budget does not hold writes back.
        ChannelBlockDevice device = open(64 * 1024);
        GuestCall<Void> write = new GuestCall<>(() -> {
            device.write(0, ByteBuffer.allocate(3 * 29 * SECTOR_SIZE));
            return null;
        });
        receiveExactlyPending(3);
        while (!pending.isEmpty()) {
            answer(pending.poll(), STATUS_OK, 0, new byte[0]);
        }
        write.get();
    }

    // ----------------------------------------------------------------------------------------------- failures

    @Test
    void aReadAnsweredWithFewerBytesThanAskedFailsNamingBoth() throws Exception {
        ChannelBlockDevice device = open(64 * 1024);
        GuestCall<Void> read = new GuestCall<>(() -> {
            device.read(5, ByteBuffer.allocate(2 * SECTOR_SIZE));
            return null;
        });
        receiveUntilPending(1);
        answer(pending.poll(), STATUS_OK, 0, new byte[SECTOR_SIZE]);
        Throwable e = read.failure();
        assertInstanceOf(IOException.class, e);
        assertEquals("host answered a read of 1024 bytes with 512", e.getMessage());
    }

    @Test
    void aReadTheHostFailsNamesTheStatusAndTheRequest() throws Exception {
        ChannelBlockDevice device = open(64 * 1024);
        GuestCall<Void> read = new GuestCall<>(() -> {
            device.read(5, ByteBuffer.allocate(2 * SECTOR_SIZE));
            return null;
        });
        receiveUntilPending(1);
        answer(pending.poll(), STATUS_IO_ERROR, 0, new byte[0]);
        Throwable e = read.failure();
        assertEquals(IOException.class, e.getClass());
        assertEquals("host answered IO_ERROR to READ of 2 sectors at 5", e.getMessage());
    }

    @Test
    void anInterruptWhileWaitingForTheLastCompletionKeepsTheInterruptStatus() throws Exception {
        ChannelBlockDevice device = open(64 * 1024);
        GuestCall<Void> flush = new GuestCall<>(() -> {
            device.flush();
            return null;
        });
        receiveUntilPending(1);
        assertEquals(OP_FLUSH, pending.peek().operation());
        flush.thread.interrupt();
        Throwable e = flush.failure();
        assertInstanceOf(InterruptedIOException.class, e);
        assertEquals("interrupted during flush", e.getMessage());
        flush.thread.join();
        assertTrue(flush.interruptedAfterwards, "the interrupt status is kept");
    }

    @Test
    void anInterruptWhileWaitingForRoomInTheBudgetKeepsTheInterruptStatus() throws Exception {
        ChannelBlockDevice device = open(64 * 1024);
        GuestCall<Void> read = new GuestCall<>(() -> {
            device.read(0, ByteBuffer.allocate(3 * 29 * SECTOR_SIZE));
            return null;
        });
        receiveExactlyPending(2); // the third request waits for a completion
        read.thread.interrupt();
        Throwable e = read.failure();
        assertInstanceOf(InterruptedIOException.class, e);
        assertEquals("interrupted while waiting for the host", e.getMessage());
        read.thread.join();
        assertTrue(read.interruptedAfterwards, "the interrupt status is kept");
    }
}
