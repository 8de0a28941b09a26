package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer-liveness rules of {@link Channel} and {@link ChannelFile} in one process: another process's pid is put
 * in a side word by hand, a {@code sleep} for a live peer and a reaped one for a dead peer. The two-process tests
 * check the same rules with a real host JVM; these are the fast ones PIT runs (a child JVM runs unmutated code).
 */
class ChannelLivenessTest {

    private static final int RING_LENGTH = 8192;

    @TempDir
    Path dir;

    private Arena arena;
    private MemorySegment region;
    private Process sleeper;

    @BeforeEach
    void setUp() throws Exception {
        arena = Arena.ofShared();
        region = arena.allocate(ChannelDescriptor.regionLength(RING_LENGTH), 64);
        Channel.format(region, RING_LENGTH);
        sleeper = new ProcessBuilder("sleep", "300").start();
    }

    @AfterEach
    void tearDown() throws Exception {
        sleeper.destroyForcibly().waitFor();
        arena.close();
    }

    private void hostWord(int epoch, int state, long pid) {
        region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET, ChannelDescriptor.sideWord(epoch, state, pid));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aHostIsRefusedWhileAnotherLiveProcessHoldsTheHostSide() {
        hostWord(5, ChannelDescriptor.STATE_ATTACHED, sleeper.pid());
        var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.HOST, 0));
        assertEquals("the channel already has a host, pid " + sleeper.pid() + " (attached, session 5)", e.getMessage());
    }

    @Test
    void aHostIsRefusedWhileAnotherLiveProcessResetsTheChannel() {
        hostWord(5, ChannelDescriptor.STATE_RESETTING, sleeper.pid());
        var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.HOST, 0));
        assertTrue(e.getMessage().contains("(resetting, session 5)"), e.getMessage());
    }

    @Test
    void aHostTakesOverFromADeadHostInTheNextEpoch() throws Exception {
        hostWord(5, ChannelDescriptor.STATE_ATTACHED, deadPid());
        Channel host = Channel.attach(region, Channel.Role.HOST, 0);
        assertEquals(6, host.epoch());
        assertEquals(ChannelDescriptor.sideWord(6, ChannelDescriptor.STATE_ATTACHED, ProcessHandle.current().pid()),
                region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET));
        assertEquals(ChannelDescriptor.sideWord(6, ChannelDescriptor.STATE_ABSENT, 0),
                region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.GUEST_WORD_OFFSET));
    }

    @Test
    void aHostTakesOverFromAClosedLiveHost() throws Exception {
        hostWord(5, ChannelDescriptor.STATE_CLOSED, sleeper.pid());
        assertEquals(6, Channel.attach(region, Channel.Role.HOST, 0).epoch());
    }

    @Test
    void aGuestWhoseHostProcessIsGoneFailsAtOnceNamingIt() throws Exception {
        long dead = deadPid();
        hostWord(5, ChannelDescriptor.STATE_ATTACHED, dead);
        long tenMinutes = TimeUnit.MINUTES.toMillis(10); // only failing fast ends the call within the test's run
        var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.GUEST, tenMinutes));
        assertEquals("the channel's host process " + dead + " died (host attached, session 5); start a host first",
                e.getMessage());
    }

    @Test
    void aGuestJoinsALiveHostAndNoticesWhenItDies() throws Exception {
        hostWord(5, ChannelDescriptor.STATE_ATTACHED, sleeper.pid());
        region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.GUEST_WORD_OFFSET,
                ChannelDescriptor.sideWord(5, ChannelDescriptor.STATE_ABSENT, 0));
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
        assertEquals(5, guest.epoch());
        assertEquals(sleeper.pid(), guest.peerPid());
        assertTrue(guest.peerAlive());
        sleeper.destroyForcibly().waitFor();
        var e = assertThrows(PeerUnavailableException.class,
                () -> guest.receive(p -> { }, 1, TimeUnit.SECONDS.toNanos(20)));
        assertEquals("the host process " + sleeper.pid() + " died", e.getMessage());
    }

    @Test
    void createRefusesToReformatAChannelALiveHostProcessServes() throws Exception {
        Path file = dir.resolve("ring");
        try (Arena a = Arena.ofShared()) {
            MemorySegment mapped = ChannelFile.create(file, RING_LENGTH, a);
            mapped.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET,
                    ChannelDescriptor.sideWord(3, ChannelDescriptor.STATE_ATTACHED, sleeper.pid()));
        }
        try (Arena a = Arena.ofShared()) {
            var e = assertThrows(PeerUnavailableException.class, () -> ChannelFile.create(file, RING_LENGTH, a));
            assertEquals("channel file " + file + " already has a host, pid " + sleeper.pid()
                    + " (attached); refusing to re-format it", e.getMessage());
        }
    }

    @Test
    void createReformatsAChannelWhoseHostProcessIsGoneKeepingItsEpoch() throws Exception {
        Path file = dir.resolve("ring");
        try (Arena a = Arena.ofShared()) {
            MemorySegment mapped = ChannelFile.create(file, RING_LENGTH, a);
            mapped.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET,
                    ChannelDescriptor.sideWord(3, ChannelDescriptor.STATE_ATTACHED, deadPid()));
        }
        try (Arena a = Arena.ofShared()) {
            MemorySegment mapped = ChannelFile.create(file, RING_LENGTH, a);
            assertEquals(ChannelDescriptor.sideWord(3, ChannelDescriptor.STATE_ABSENT, 0),
                    mapped.get(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET));
            assertEquals(ChannelDescriptor.MAGIC, mapped.get(ValueLayout.JAVA_LONG, ChannelDescriptor.MAGIC_OFFSET));
        }
    }
}
