package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestClient} on an in-process pair whose host the test plays on the same thread: rings buffer both
 * ways, so the host can answer before the client waits.
 */
class RequestClientTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);

    final Channel.Pair pair = Channel.inProcess(8192);
    final MemorySegment request = MemorySegment.ofArray(new byte[16]);
    final List<Long> completed = new ArrayList<>();

    private List<Long> hostReceives() throws Exception {
        List<Long> ids = new ArrayList<>();
        pair.host().poll(p -> ids.add(p.transId()), 64);
        return ids;
    }

    private void complete(long transId) throws Exception {
        pair.host().send(PacketDescriptor.TYPE_COMPLETION, 0, transId, new byte[8], SECONDS_10);
    }

    @Test
    void transIdsCountUpFromOne() throws Exception {
        RequestClient client = new RequestClient(pair.guest(), SECONDS_10);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(client.submit(request, 0, 16, c -> { }));
        }
        assertEquals(List.of(1L, 2L, 3L), ids);
        assertEquals(ids, hostReceives());
    }

    @Test
    void aRequestIsInFlightUntilItsCompletionIsRead() throws Exception {
        RequestClient client = new RequestClient(pair.guest(), SECONDS_10);
        client.submit(request, 0, 16, c -> completed.add(c.transId()));
        client.submit(request, 0, 16, c -> completed.add(c.transId()));
        assertEquals(2, client.inFlight());
        hostReceives();
        complete(2);
        client.awaitUntilInFlightAtMost(1);
        assertEquals(1, client.inFlight());
        assertEquals(List.of(2L), completed);
    }

    @Test
    void noCompletionInTimeFailsNamingTheTimeoutAndTheRequestsInFlight() throws Exception {
        RequestClient client = new RequestClient(pair.guest(), TimeUnit.MILLISECONDS.toNanos(20));
        client.submit(request, 0, 16, c -> { });
        var e = assertThrows(PeerUnavailableException.class, client::awaitAll);
        assertEquals("no completion from the host for 20 ms with 1 requests in flight", e.getMessage());
    }

    @Test
    void aCompletionThatAnswersNoRequestFailsTheWaitNamingTheFirstSuch() throws Exception {
        RequestClient client = new RequestClient(pair.guest(), SECONDS_10);
        client.submit(request, 0, 16, c -> completed.add(c.transId()));
        hostReceives();
        complete(99);
        complete(98);
        complete(1);
        var e = assertThrows(IOException.class, client::awaitAll);
        assertEquals("host sent a packet of type " + PacketDescriptor.TYPE_COMPLETION + " with trans_id 99, which "
                + "answers no request in flight (1 in flight)", e.getMessage());
        assertEquals(List.of(1L), completed, "the real completion in the same batch was still handled");
    }
}
