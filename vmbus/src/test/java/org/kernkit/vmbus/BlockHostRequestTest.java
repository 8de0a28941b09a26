package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockHost} answering raw requests: each completion's fields, each range boundary, and each malformed
 * request that ends the session with its one line.
 */
class BlockHostRequestTest {

    static final int SECTORS = 64;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    BlockHostDeviceTest.MemoryDevice memory;
    Channel.Pair pair;
    BlockHost host;
    CompletableFuture<String> serving;
    RequestClient client;

    /** One completion, copied out of the ring. */
    record Completion(long transId, int type, int status, int count, long value, byte[] data) {
    }

    @BeforeEach
    void start() throws Exception {
        memory = new BlockHostDeviceTest.MemoryDevice();
        new Random(8).nextBytes(memory.bytes);
        pair = Channel.inProcess(16 * 1024); // one completion carries fewer sectors than the device has
        host = new BlockHost(pair.host(), memory);
        serving = CompletableFuture.supplyAsync(() -> {
            try {
                return host.serve();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        client = new RequestClient(pair.guest(), TIMEOUT);
    }

    @AfterEach
    void stop() throws Exception {
        pair.guest().close();
        serving.get(10, TimeUnit.SECONDS);
    }

    private Completion call(int operation, int count, long value, int dataBytes) throws Exception {
        MemorySegment request = MemorySegment.ofArray(new byte[16 + dataBytes]);
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 0, operation);
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 4, count);
        request.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, value);
        List<Completion> got = new ArrayList<>();
        long id = client.submit(request, 0, 16 + dataBytes, c -> got.add(new Completion(c.transId(), c.type(),
                c.getInt(0), c.getInt(4), c.getLong(8), c.payload().asSlice(16).toArray(ValueLayout.JAVA_BYTE))));
        client.awaitAll();
        assertEquals(1, got.size());
        assertEquals(id, got.getFirst().transId());
        return got.getFirst();
    }

    /** Sends one packet of the guest's choosing, then waits for the session to end, and returns why. */
    private String sendRawAndAwaitEnd(int type, int flags, byte[] payload) throws Exception {
        pair.guest().send(type, flags, 77, payload, TIMEOUT);
        return serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void capacityAnswersTheSectorCountAndTheHostReportsIt() throws Exception {
        assertEquals(SECTORS, host.sectorCount());
        Completion c = call(BlockMessageDescriptor.OP_CAPACITY, 0, 0, 0);
        assertEquals(PacketDescriptor.TYPE_COMPLETION, c.type());
        assertEquals(BlockMessageDescriptor.STATUS_OK, c.status());
        assertEquals(SECTORS, c.value());
        assertEquals(0, c.data().length);
    }

    @Test
    void aReadOfTheLastSectorsIsInRangeAndEchoesItsCount() throws Exception {
        Completion c = call(BlockMessageDescriptor.OP_READ, 3, SECTORS - 3, 0);
        assertEquals(BlockMessageDescriptor.STATUS_OK, c.status());
        assertEquals(3, c.count());
        assertEquals(0, c.value());
        assertArrayEquals(java.util.Arrays.copyOfRange(memory.bytes, (SECTORS - 3) * 512, SECTORS * 512), c.data());
    }

    @Test
    void aWriteThatEndsAtTheLastSectorIsInRange() throws Exception {
        byte[] data = new byte[4 * 512];
        new Random(9).nextBytes(data);
        MemorySegment request = MemorySegment.ofArray(new byte[16 + data.length]);
        MemorySegment.copy(data, 0, request, ValueLayout.JAVA_BYTE, 16, data.length);
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 0, BlockMessageDescriptor.OP_WRITE);
        request.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 4);
        request.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, SECTORS - 4);
        int[] status = {-1, -1};
        client.submit(request, 0, (int) request.byteSize(), c -> {
            status[0] = c.getInt(0);
            status[1] = c.getInt(4);
        });
        client.awaitAll();
        assertEquals(BlockMessageDescriptor.STATUS_OK, status[0]);
        assertEquals(4, status[1]);
        assertEquals(List.of("write " + (SECTORS - 4) + " 4"), memory.calls);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(memory.bytes, (SECTORS - 4) * 512, SECTORS * 512));
    }

    @Test
    void anOutOfRangeAnswerCarriesNoData() throws Exception {
        Completion c = call(BlockMessageDescriptor.OP_READ, 2, SECTORS - 1, 0);
        assertEquals(BlockMessageDescriptor.STATUS_OUT_OF_RANGE, c.status());
        assertEquals(0, c.data().length);
    }

    @Test
    void flushReachesTheDevice() throws Exception {
        assertEquals(BlockMessageDescriptor.STATUS_OK, call(BlockMessageDescriptor.OP_FLUSH, 0, 0, 0).status());
        assertEquals(List.of("flush"), memory.calls);
    }

    @Test
    void requestsServedCountsEveryAnswer() throws Exception {
        for (int i = 0; i < 5; i++) {
            call(BlockMessageDescriptor.OP_CAPACITY, 0, 0, 0);
        }
        call(BlockMessageDescriptor.OP_READ, 1, SECTORS, 0); // an out-of-range answer is an answer too
        pair.guest().close();
        serving.get(10, TimeUnit.SECONDS); // joins the serving thread: its counters are visible
        assertEquals(6, host.requestsServed());
        assertEquals(0, host.deviceErrors());
    }

    @Test
    void theLargestReadOneCompletionCarriesIsServed() throws Exception {
        int most = (pair.host().maxPayloadLength() - 16) / 512;
        assertTrue(most < SECTORS, "the test needs a device larger than one completion");
        Completion c = call(BlockMessageDescriptor.OP_READ, most, 0, 0);
        assertEquals(BlockMessageDescriptor.STATUS_OK, c.status());
        assertEquals(most * 512, c.data().length);
    }

    @Test
    void aReadLargerThanOneCompletionEndsTheSession() throws Exception {
        int tooMany = (pair.host().maxPayloadLength() - 16) / 512 + 1;
        Completion c = call(BlockMessageDescriptor.OP_READ, tooMany, 0, 0);
        assertEquals(BlockMessageDescriptor.STATUS_BAD_REQUEST, c.status());
        String why = serving.get(10, TimeUnit.SECONDS);
        assertEquals("malformed request from the guest (pid " + ProcessHandle.current().pid() + "): READ trans_id "
                + c.transId() + " of " + tooMany + " sectors does not fit one completion (at most " + (tooMany - 1)
                + ")", why);
        assertEquals(List.of(), memory.calls);
    }

    @Test
    void aWriteThatCarriesFewerBytesThanItsCountEndsTheSession() throws Exception {
        Completion c = call(BlockMessageDescriptor.OP_WRITE, 2, 0, 512);
        assertEquals(BlockMessageDescriptor.STATUS_BAD_REQUEST, c.status());
        String why = serving.get(10, TimeUnit.SECONDS);
        assertTrue(why.endsWith("WRITE trans_id " + c.transId() + " of 2 sectors carries only 512 data bytes"), why);
        assertEquals(List.of(), memory.calls);
    }

    @Test
    void anUnknownOperationEndsTheSession() throws Exception {
        Completion c = call(99, 0, 0, 0);
        assertEquals(BlockMessageDescriptor.STATUS_BAD_REQUEST, c.status());
        assertTrue(serving.get(10, TimeUnit.SECONDS).endsWith("request trans_id " + c.transId()
                + " has unknown operation 99"));
    }

    @Test
    void aRequestShorterThanItsHeaderEndsTheSession() throws Exception {
        String why = sendRawAndAwaitEnd(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                new byte[8]);
        assertTrue(why.endsWith("request trans_id 77 has 8 payload bytes, less than the 16-byte header"), why);
    }

    @Test
    void aPacketThatIsNotAnInBandRequestEndsTheSession() throws Exception {
        String why = sendRawAndAwaitEnd(PacketDescriptor.TYPE_COMPLETION, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                new byte[16]);
        assertTrue(why.endsWith("packet of type 11, flags 1, trans_id 77 is not an in-band request asking for a "
                + "completion"), why);
    }

    @Test
    void aRequestThatAsksForNoCompletionEndsTheSession() throws Exception {
        String why = sendRawAndAwaitEnd(PacketDescriptor.TYPE_DATA_INBAND, 2, new byte[16]);
        assertTrue(why.endsWith("packet of type 6, flags 2, trans_id 77 is not an in-band request asking for a "
                + "completion"), why);
        assertEquals(0, host.requestsServed());
    }

    @Test
    void stopEndsServingSayingSo() throws Exception {
        call(BlockMessageDescriptor.OP_CAPACITY, 0, 0, 0);
        host.stop();
        assertEquals("stopped", serving.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aGuestThatLeavesEndsServingWithThePeersMessage() throws Exception {
        pair.guest().close();
        String why = serving.get(10, TimeUnit.SECONDS);
        assertTrue(why.contains("closed the channel"), why);
        assertFalse(why.contains("request(s) failed"), why);
    }
}
