package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionLoop} in one process: the sessions it serves, what each view looks like once its session is over,
 * and the host word it leaves behind. Sessions here attach no guest; the loop does not wait for one.
 */
class SessionLoopTest {

    private static final int RING_LENGTH = 8192;
    private static final long PID = ProcessHandle.current().pid();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(RING_LENGTH), 4096);
    private final List<Channel> views = new ArrayList<>();

    SessionLoopTest() {
        Channel.format(region, RING_LENGTH);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private long hostWord() {
        return region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET);
    }

    /** Records each session's view; a loop that serves more than {@code limit} sessions is stopped by an error. */
    private SessionLoop.Session recording(int limit) {
        return host -> {
            views.add(host);
            if (views.size() > limit) {
                throw new IOException("session " + views.size() + " of at most " + limit);
            }
        };
    }

    @Test
    void servesTheGivenNumberOfSessionsEachInTheNextEpoch() throws Exception {
        SessionLoop.run(region, 3, 0, recording(3));
        assertEquals(List.of(1, 2, 3), views.stream().map(Channel::epoch).toList());
        assertEquals(List.of(Channel.Role.HOST, Channel.Role.HOST, Channel.Role.HOST),
                views.stream().map(Channel::role).toList());
    }

    @Test
    void eachSessionsViewIsEndedOnceItsSessionReturns() throws Exception {
        SessionLoop.run(region, 2, 0, recording(2));
        for (Channel view : views) {
            var e = assertThrows(IllegalStateException.class, () -> view.poll(p -> { }, 1));
            assertEquals("the host view of this channel is closed", e.getMessage());
        }
    }

    @Test
    void whileASessionIsServedTheHostWordIsAttachedInItsEpoch() throws Exception {
        List<Long> wordsSeen = new ArrayList<>();
        SessionLoop.run(region, 2, 0, host -> wordsSeen.add(hostWord()));
        assertEquals(List.of(ChannelDescriptor.sideWord(1, ChannelDescriptor.STATE_ATTACHED, PID),
                ChannelDescriptor.sideWord(2, ChannelDescriptor.STATE_ATTACHED, PID)), wordsSeen);
    }

    @Test
    void afterTheLastSessionTheHostWordSaysClosed() throws Exception {
        SessionLoop.run(region, 1, 0, recording(1));
        assertEquals(ChannelDescriptor.sideWord(1, ChannelDescriptor.STATE_CLOSED, PID), hostWord());
    }

    @Test
    void withoutALimitItServesUntilASessionFailsThenReleasesTheChannel() {
        var e = assertThrows(IOException.class, () -> SessionLoop.run(region, 0, 0, recording(4)));
        assertEquals("session 5 of at most 4", e.getMessage());
        assertEquals(5, views.size());
        assertEquals(ChannelDescriptor.sideWord(5, ChannelDescriptor.STATE_CLOSED, PID), hostWord());
    }

    @Test
    void aNegativeLimitAlsoMeansNoLimit() {
        var e = assertThrows(IOException.class, () -> SessionLoop.run(region, -1, 0, recording(2)));
        assertEquals("session 3 of at most 2", e.getMessage());
    }

    @Test
    void aHostIsRefusedWhileAnotherLiveProcessHoldsTheChannelAndNothingIsServed() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            long word = ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_RESETTING, sleeper.pid());
            region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET, word);
            var e = assertThrows(PeerUnavailableException.class, () -> SessionLoop.run(region, 1, 0, recording(1)));
            assertEquals("the channel already has a host, pid " + sleeper.pid() + " (resetting, session 7)",
                    e.getMessage());
            assertEquals(List.of(), views);
            assertEquals(word, hostWord(), "the other host's word is left alone");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
