package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session rules of {@link Channel} on native memory in one process: what ending a session and releasing the
 * channel write into the side words, how attach waits (a host for the previous guest to leave, a guest for a ready
 * host), what a re-attaching host resets, the attach-time checks of the region, and the exact reason a view gives
 * once its session is over.
 */
class ChannelSessionTest {

    private static final int RING_LENGTH = 8192;
    private static final long PID = ProcessHandle.current().pid();
    private static final long MINUTE_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(RING_LENGTH), 4096);

    ChannelSessionTest() {
        Channel.format(region, RING_LENGTH);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private long word(long offset) {
        return region.get(ValueLayout.JAVA_LONG, offset);
    }

    private void setWord(long offset, int epoch, int state, long pid) {
        region.set(ValueLayout.JAVA_LONG, offset, ChannelDescriptor.sideWord(epoch, state, pid));
    }

    private static long sideWord(int epoch, int state, long pid) {
        return ChannelDescriptor.sideWord(epoch, state, pid);
    }

    /** An attach on its own thread, whose progress the test can see. */
    private final class Attaching {
        final CompletableFuture<Channel> view = new CompletableFuture<>();
        final Thread thread;

        Attaching(Channel.Role role, long timeoutMillis) {
            thread = new Thread(() -> {
                try {
                    view.complete(Channel.attach(region, role, timeoutMillis));
                } catch (Throwable e) {
                    view.completeExceptionally(e);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        /** Until the attach sleeps in its poll loop (TIMED_WAITING) or has returned. */
        void awaitSleepOrEnd() throws InterruptedException {
            while (thread.getState() != Thread.State.TIMED_WAITING && !view.isDone()) {
                Thread.sleep(1);
            }
        }
    }

    // ------------------------------------------------------------------------------------ ending and releasing

    @Test
    void aHostThatEndsItsSessionKeepsTheChannelInStateResetting() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        host.endSession();
        assertEquals(sideWord(1, ChannelDescriptor.STATE_RESETTING, PID), word(ChannelDescriptor.HOST_WORD_OFFSET));
        assertThrows(IllegalStateException.class, () -> host.poll(p -> { }, 1));
    }

    @Test
    void aGuestThatEndsItsSessionClosesItsSide() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        guest.endSession();
        assertEquals(sideWord(1, ChannelDescriptor.STATE_CLOSED, PID), word(ChannelDescriptor.GUEST_WORD_OFFSET));
        assertThrows(IllegalStateException.class, () -> guest.poll(p -> { }, 1));
    }

    @Test
    void releaseTurnsThisProcesssResettingHostWordClosed() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0).endSession();
        Channel.release(region);
        assertEquals(sideWord(1, ChannelDescriptor.STATE_CLOSED, PID), word(ChannelDescriptor.HOST_WORD_OFFSET));
    }

    @Test
    void releaseLeavesAnAttachedHostWordAlone() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel.release(region);
        assertEquals(sideWord(1, ChannelDescriptor.STATE_ATTACHED, PID), word(ChannelDescriptor.HOST_WORD_OFFSET));
    }

    @Test
    void releaseLeavesAnotherProcesssHostWordAlone() {
        setWord(ChannelDescriptor.HOST_WORD_OFFSET, 3, ChannelDescriptor.STATE_RESETTING, 1);
        Channel.release(region);
        assertEquals(sideWord(3, ChannelDescriptor.STATE_RESETTING, 1), word(ChannelDescriptor.HOST_WORD_OFFSET));
    }

    // ----------------------------------------------------------------------------------------------- attaching

    @Test
    void aHostWaitsForALiveGuestOfThePreviousSessionToLeave() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel old = Channel.attach(region, Channel.Role.GUEST, 1_000);
        Attaching next = new Attaching(Channel.Role.HOST, MINUTE_MILLIS);
        next.awaitSleepOrEnd();
        assertFalse(next.view.isDone(), "the host waits while the old guest is attached");
        assertEquals(sideWord(1, ChannelDescriptor.STATE_RESETTING, PID), word(ChannelDescriptor.HOST_WORD_OFFSET));
        old.close();
        assertEquals(2, next.view.get(10, TimeUnit.SECONDS).epoch());
        assertEquals(sideWord(2, ChannelDescriptor.STATE_ABSENT, 0), word(ChannelDescriptor.GUEST_WORD_OFFSET));
    }

    @Test
    void aHostStopsWaitingForAGuestThatIgnoresTheResetAfterTheGracePeriod() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel.attach(region, Channel.Role.GUEST, 1_000); // never leaves
        Channel next = Channel.attach(region, Channel.Role.HOST, 20);
        assertEquals(2, next.epoch());
        assertEquals(sideWord(2, ChannelDescriptor.STATE_ABSENT, 0), word(ChannelDescriptor.GUEST_WORD_OFFSET));
    }

    @Test
    void aHostThatAttachesAgainEmptiesBothRings() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        guest.send(6, 0, 1, new byte[64], SECONDS_10);
        host.send(6, 0, 2, new byte[64], SECONDS_10);
        guest.close();
        Channel nextHost = Channel.attach(region, Channel.Role.HOST, 0);
        Channel nextGuest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        assertEquals(0, nextHost.inbound().bytesToRead(), "guest-to-host ring re-formatted");
        assertEquals(0, nextGuest.inbound().bytesToRead(), "host-to-guest ring re-formatted");
        assertEquals(0, nextHost.poll(p -> { }, 10));
        assertEquals(0, nextGuest.poll(p -> { }, 10));
    }

    @Test
    void aGuestWaitsForAHostToBecomeReady() throws Exception {
        Attaching guest = new Attaching(Channel.Role.GUEST, MINUTE_MILLIS);
        guest.awaitSleepOrEnd();
        assertFalse(guest.view.isDone(), "no host yet: the guest waits");
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        assertEquals(host.epoch(), guest.view.get(10, TimeUnit.SECONDS).epoch());
    }

    @Test
    void aGuestThatFindsNoHostInTimeSaysWhatItFound() {
        var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.GUEST, 20));
        assertEquals("no host ready on the channel after 20 ms (host absent, pid 0)", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ region checks

    @Test
    void aRegionOfExactlyTheControlPageIsCheckedForItsMagic() {
        MemorySegment page = arena.allocate(ChannelDescriptor.CONTROL_LENGTH, 4096);
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.attach(page, Channel.Role.HOST, 0));
        assertEquals("not a kernkit vmbus channel: magic 0x0, expected 0x" + Long.toHexString(ChannelDescriptor.MAGIC),
                e.getMessage());
    }

    @Test
    void aRegionSmallerThanTheControlPageIsRefused() {
        MemorySegment small = arena.allocate(ChannelDescriptor.CONTROL_LENGTH - 8, 4096);
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.attach(small, Channel.Role.HOST, 0));
        assertEquals("region of " + (ChannelDescriptor.CONTROL_LENGTH - 8) + " bytes has no control page", e.getMessage());
    }

    @Test
    void aRegionWhoseRingLengthIsNotAPageMultipleIsRefused() {
        region.set(ValueLayout.JAVA_INT, ChannelDescriptor.RING_LENGTH_OFFSET, 4096 + 1024); // fits the region
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.attach(region, Channel.Role.GUEST, 0));
        assertEquals("ring length 5120 bytes: a channel ring is a multiple of 4096 bytes (the header page plus at "
                + "least one data page, data at most 2^30 bytes), as Linux requires of a ring it maps twice", e.getMessage());
    }

    @Test
    void aRegionOnTheHeapIsRefused() {
        MemorySegment heap = MemorySegment.ofArray(new long[(int) ChannelDescriptor.regionLength(RING_LENGTH) / 8]);
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.attach(heap, Channel.Role.GUEST, 0));
        assertEquals("a shared channel needs native memory (a mapped file), got " + heap, e.getMessage());
    }

    // ------------------------------------------------------------------------------- why a session is over

    @Test
    void aGuestWhoseHostMovedToANewSessionSaysSo() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        setWord(ChannelDescriptor.HOST_WORD_OFFSET, 2, ChannelDescriptor.STATE_ATTACHED, PID);
        var e = assertThrows(PeerUnavailableException.class, () -> guest.poll(p -> { }, 1));
        assertEquals("session 1 of the channel is over: the host (pid " + PID + ") is in session 2 (attached)",
                e.getMessage());
    }

    @Test
    void aGuestWhoseHostIsResettingSaysSo() throws Exception {
        Channel.attach(region, Channel.Role.HOST, 0);
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        setWord(ChannelDescriptor.HOST_WORD_OFFSET, 1, ChannelDescriptor.STATE_RESETTING, PID);
        var e = assertThrows(PeerUnavailableException.class, () -> guest.poll(p -> { }, 1));
        assertEquals("session 1 of the channel is over: the host (pid " + PID + ") is resetting", e.getMessage());
    }

    @Test
    void aHostWhoseChannelAnotherProcessTookOverSaysSo() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        setWord(ChannelDescriptor.HOST_WORD_OFFSET, 1, ChannelDescriptor.STATE_ATTACHED, 1);
        var e = assertThrows(PeerUnavailableException.class, () -> host.poll(p -> { }, 1));
        assertEquals("the channel was taken over by host pid 1", e.getMessage());
    }

    @Test
    void aHostIgnoresTheClosedGuestWordOfAnEarlierSession() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        setWord(ChannelDescriptor.GUEST_WORD_OFFSET, 0, ChannelDescriptor.STATE_CLOSED, PID);
        assertEquals(0, host.receive(p -> { }, 1, TimeUnit.MILLISECONDS.toNanos(20)), "no guest yet: nothing to read");
    }

    @Test
    void aHostNoticesItsGuestClosedAndKeepsItsClaim() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        Channel.attach(region, Channel.Role.GUEST, 1_000).close();
        var e = assertThrows(PeerUnavailableException.class, () -> host.receive(p -> { }, 1, SECONDS_10));
        assertEquals("the guest (pid " + PID + ") closed the channel", e.getMessage());
        assertEquals(sideWord(1, ChannelDescriptor.STATE_ATTACHED, PID), word(ChannelDescriptor.HOST_WORD_OFFSET));
    }

    @Test
    void aViewThatFoundItsSessionOverRefusesEveryLaterCallForTheSameReason() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        Channel.attach(region, Channel.Role.GUEST, 1_000).close();
        assertThrows(PeerUnavailableException.class, () -> host.receive(p -> { }, 1, SECONDS_10));
        var e = assertThrows(PeerUnavailableException.class, () -> host.poll(p -> { }, 1));
        assertEquals("the guest (pid " + PID + ") closed the channel", e.getMessage());
    }

    @Test
    void aGuestThatNoticesItsHostClosedGivesItsSideBack() throws Exception {
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        host.close();
        var e = assertThrows(PeerUnavailableException.class, () -> guest.receive(p -> { }, 1, SECONDS_10));
        assertEquals("the host (pid " + PID + ") closed the channel", e.getMessage());
        assertEquals(sideWord(1, ChannelDescriptor.STATE_CLOSED, PID), word(ChannelDescriptor.GUEST_WORD_OFFSET));
    }
}
