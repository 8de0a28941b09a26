package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Channel}'s non-blocking calls and the checks every call makes first, on an in-process pair. */
class ChannelApiTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);
    final Channel.Pair pair = Channel.inProcess(8192);
    final MemorySegment payload = MemorySegment.ofArray(new byte[16]);

    @Test
    void pollReadsWhatIsPresentWithoutWaiting() throws Exception {
        assertEquals(0, pair.host().poll(p -> { }, 10));
        assertTrue(pair.guest().trySend(6, 0, 1, payload, 0, 16));
        assertTrue(pair.guest().trySend(6, 0, 2, payload, 0, 16));
        List<Long> ids = new ArrayList<>();
        assertEquals(2, pair.host().poll(p -> ids.add(p.transId()), 10));
        assertEquals(List.of(1L, 2L), ids);
    }

    @Test
    void appendedPacketsReachThePeerAtPublish() throws Exception {
        assertTrue(pair.guest().tryAppend(6, 0, 1, payload, 0, 16));
        assertTrue(pair.guest().tryAppend(6, 0, 2, payload, 0, 16));
        assertEquals(0, pair.host().poll(p -> { }, 10), "nothing is visible before publish");
        pair.guest().publish();
        assertEquals(2, pair.host().poll(p -> { }, 10));
    }

    @Test
    void anAppendThatDoesNotFitIsRefused() throws Exception {
        MemorySegment packet = MemorySegment.ofArray(new byte[104]); // 128 ring bytes: 31 fit in 4096
        for (int i = 0; i < 31; i++) {
            assertTrue(pair.guest().tryAppend(6, 0, i, packet, 0, 104), "append " + i);
        }
        assertFalse(pair.guest().tryAppend(6, 0, 31, packet, 0, 104));
    }

    @Test
    void receiveReturnsThePacketsItRead() throws Exception {
        for (int i = 0; i < 3; i++) {
            pair.guest().send(6, 0, i, new byte[8], SECONDS_10);
        }
        assertEquals(3, pair.host().receive(p -> { }, 10, SECONDS_10));
    }

    @Test
    void aClosedViewRefusesEveryCall() {
        Channel guest = pair.guest();
        guest.close();
        assertThrows(IllegalStateException.class, () -> guest.receive(p -> { }, 1, SECONDS_10));
        assertThrows(IllegalStateException.class, () -> guest.poll(p -> { }, 1));
        assertThrows(IllegalStateException.class, () -> guest.tryAppend(6, 0, 0, payload, 0, 16));
        assertThrows(IllegalStateException.class, guest::publish);
        assertThrows(IllegalStateException.class, () -> guest.trySend(6, 0, 0, payload, 0, 16));
    }

    @Test
    void aGuestWhoseSessionEndedIsRefusedBeforeAnyRingAccess() throws Exception {
        assertTrue(pair.guest().trySend(6, 0, 1, payload, 0, 16));
        pair.host().endSession(); // host state resetting: the guest's session is over
        assertThrows(PeerUnavailableException.class, () -> pair.guest().receive(p -> { }, 1, SECONDS_10));
        assertThrows(PeerUnavailableException.class, () -> pair.guest().poll(p -> { }, 1));
        assertThrows(PeerUnavailableException.class, pair.guest()::publish);
        assertThrows(PeerUnavailableException.class, () -> pair.guest().tryAppend(6, 0, 0, payload, 0, 16));
    }

    @Test
    void aGuestWhoseSessionEndedDoesNotReceiveThePacketLeftForIt() throws Exception {
        pair.host().send(6, 0, 1, new byte[8], SECONDS_10);
        pair.host().endSession();
        var e = assertThrows(PeerUnavailableException.class, () -> pair.guest().receive(p -> { }, 1, SECONDS_10));
        assertEquals("session 1 of the channel is over: the host (pid " + ProcessHandle.current().pid()
                + ") is resetting", e.getMessage());
        assertEquals(RingBufferDescriptor.ringBytesOf(8), pair.guest().inbound().bytesToRead(), "not read");
    }

    @Test
    void thePeerIsAliveUntilItCloses() {
        assertTrue(pair.host().peerAlive());
        pair.guest().close();
        assertFalse(pair.host().peerAlive());
    }

    @Test
    void aReceiveThatWaitedLeavesTheInterruptMaskClear() throws Exception {
        assertEquals(0, pair.host().receive(p -> { }, 1, TimeUnit.MILLISECONDS.toNanos(1)));
        assertEquals(0, pair.host().inbound().interruptMask());
    }
}
