package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Await;

/**
 * {@link BlockHost} at its edges, with raw requests from the guest view: a transfer of no sectors, a write a few
 * bytes short, a corrupt ring, and a guest that leaves (or an interrupt that comes) while the host waits for room
 * to answer.
 */
class BlockHostEdgeTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);
    static final long PID = ProcessHandle.current().pid();

    final BlockHostDeviceTest.MemoryDevice memory = new BlockHostDeviceTest.MemoryDevice();
    final CompletableFuture<String> serving = new CompletableFuture<>();
    volatile boolean interruptedAfterwards;
    Thread servingThread;

    /** One completion's header and data length, as the guest read it. */
    record Completion(long transId, int status, int count, int dataLength) {
    }

    private void serve(Channel hostView) throws Exception {
        BlockHost host = new BlockHost(hostView, memory);
        servingThread = new Thread(() -> {
            try {
                serving.complete(host.serve());
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            } finally {
                interruptedAfterwards = Thread.currentThread().isInterrupted();
            }
        });
        servingThread.setDaemon(true);
        servingThread.start();
    }

    private static void request(Channel guest, long transId, int operation, int count, long first, int dataBytes)
            throws Exception {
        byte[] payload = ByteBuffer.allocate(16 + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(operation).putInt(count).putLong(first).array();
        guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, transId, payload,
                SECONDS_10);
    }

    private static Completion completion(Channel guest) throws Exception {
        List<Completion> got = new ArrayList<>();
        assertEquals(1, guest.receive(p -> got.add(new Completion(p.transId(), p.getInt(0), p.getInt(4),
                p.payloadLength() - 16)), 1, SECONDS_10));
        return got.getFirst();
    }

    @Test
    void aReadOfNoSectorsIsAnsweredOkWithNoData() throws Exception {
        Channel.Pair pair = Channel.inProcess(16 * 1024);
        serve(pair.host());
        request(pair.guest(), 1, BlockMessageDescriptor.OP_READ, 0, 5, 0);
        assertEquals(new Completion(1, BlockMessageDescriptor.STATUS_OK, 0, 0), completion(pair.guest()));
        assertEquals(List.of("read 5 0"), memory.calls);
        pair.guest().close();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWriteThatCarriesFewerBytesThanItsSectorsByLessThanAHeaderEndsTheSession() throws Exception {
        Channel.Pair pair = Channel.inProcess(16 * 1024);
        serve(pair.host());
        request(pair.guest(), 1, BlockMessageDescriptor.OP_WRITE, 2, 0, 1000);
        assertEquals(new Completion(1, BlockMessageDescriptor.STATUS_BAD_REQUEST, 2, 0), completion(pair.guest()));
        assertEquals("malformed request from the guest (pid " + PID + "): WRITE trans_id 1 of 2 sectors carries only "
                + "1000 data bytes", serving.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), memory.calls);
    }

    @Test
    void aCorruptRingEndsServingNamingTheCorruption() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelTest.formattedRegion(arena);
            Channel host = Channel.attach(region, Channel.Role.HOST, 0);
            Channel.attach(region, Channel.Role.GUEST, 1_000);
            region.set(ValueLayout.JAVA_INT, ChannelDescriptor.guestToHostRingOffset()
                    + RingBufferDescriptor.WRITE_INDEX_OFFSET, 12);
            serve(host);
            assertEquals("corrupt ring from the guest (pid " + PID + "): write_index 12 is outside the data area of "
                    + "4096 bytes or not a multiple of 8", serving.get(10, TimeUnit.SECONDS));
        }
    }

    /** Two reads of 23 sectors on 16 KiB rings: the first completion fits, the second waits for room. */
    private Channel.Pair hostWaitingForRoom() throws Exception {
        Channel.Pair pair = Channel.inProcess(16 * 1024);
        serve(pair.host());
        request(pair.guest(), 1, BlockMessageDescriptor.OP_READ, 23, 0, 0);
        request(pair.guest(), 2, BlockMessageDescriptor.OP_READ, 23, 23, 0);
        Await.until("the host waits for room", Duration.ofSeconds(10),
                () -> pair.guest().inbound().pendingSendSize() != 0);
        return pair;
    }

    @Test
    void aGuestThatLeavesWhileTheHostWaitsToAnswerEndsServingWithThePeersMessage() throws Exception {
        Channel.Pair pair = hostWaitingForRoom();
        pair.guest().close();
        assertEquals("the guest (pid " + PID + ") closed the channel", serving.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptWhileTheHostWaitsToAnswerStopsServingAndKeepsTheInterruptStatus() throws Exception {
        hostWaitingForRoom();
        servingThread.interrupt();
        try {
            serving.get(10, TimeUnit.SECONDS);
            throw new AssertionError("serve returned after an interrupt");
        } catch (ExecutionException e) {
            assertInstanceOf(InterruptedIOException.class, e.getCause());
            assertEquals("interrupted while answering", e.getCause().getMessage());
        }
        servingThread.join();
        assertTrue(interruptedAfterwards, "the interrupt status is kept");
    }
}
