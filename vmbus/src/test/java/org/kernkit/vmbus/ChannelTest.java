package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.kernkit.vmbus.internal.ParkingSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ChannelTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);

    @Test
    void guestPacketArrivesAtHostAndCompletionComesBack() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        pair.guest().send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 7,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, SECONDS_10);
        List<Long> hostSaw = new ArrayList<>();
        assertEquals(1, pair.host().receive(p -> hostSaw.add(p.transId()), 10, SECONDS_10));
        pair.host().send(PacketDescriptor.TYPE_COMPLETION, 0, 7, new byte[8], SECONDS_10);
        List<Integer> guestSaw = new ArrayList<>();
        assertEquals(1, pair.guest().receive(p -> guestSaw.add(p.type()), 10, SECONDS_10));
        assertEquals(List.of(7L), hostSaw);
        assertEquals(List.of(PacketDescriptor.TYPE_COMPLETION), guestSaw);
    }

    @Test
    void receiveOnAnEmptyChannelReturnsZeroAfterTheTimeout() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        assertEquals(0, pair.host().receive(p -> { }, 10, TimeUnit.MILLISECONDS.toNanos(20)));
    }

    @Test
    void sleepingReceiverIsWokenBySend() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        CompletableFuture<Long> got = CompletableFuture.supplyAsync(() -> {
            long[] id = {-1};
            try {
                pair.host().receive(p -> id[0] = p.transId(), 1, SECONDS_10);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            return id[0];
        });
        Thread.sleep(100); // let the receiver reach its sleep
        pair.guest().send(6, 0, 99, new byte[8], SECONDS_10);
        assertEquals(99L, got.get(10, TimeUnit.SECONDS));
    }

    @Test
    void blockedSenderResumesWhenTheReaderFreesSpace() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        int sent = 0;
        while (pair.guest().trySend(6, 0, sent, MemorySegment.ofArray(new byte[104]), 0, 104)) {
            sent++;
        }
        final int last = sent;
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                pair.guest().send(6, 0, last, new byte[104], SECONDS_10);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + SECONDS_10;
        while (pair.guest().outbound().pendingSendSize() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // until the sender has announced pending_send_sz and gone to sleep
        }
        assertEquals(RingBufferDescriptor.ringBytesOf(104), pair.guest().outbound().pendingSendSize());
        List<Long> ids = new ArrayList<>();
        while (ids.size() < last + 1) {
            pair.host().receive(p -> ids.add(p.transId()), 2, SECONDS_10);
        }
        blocked.get(10, TimeUnit.SECONDS);
        assertEquals(last, ids.getLast());
        assertTrue(pair.host().inbound().writerSignalsSent() >= 1, "the reader signalled the waiting writer");
    }

    @Test
    void receiverNoticesThatThePeerClosed() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        pair.host().close();
        var e = assertThrows(PeerUnavailableException.class, () -> pair.guest().receive(p -> { }, 1, SECONDS_10));
        assertTrue(e.getMessage().contains("host"), e.getMessage());
    }

    @Test
    void packetsSentBeforeClosingAreStillDelivered() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        pair.host().send(6, 0, 5, new byte[8], SECONDS_10);
        pair.host().close();
        long[] id = {0};
        assertEquals(1, pair.guest().receive(p -> id[0] = p.transId(), 1, SECONDS_10));
        assertEquals(5, id[0]);
    }

    @Test
    void senderTimesOutWhenNoOneReads() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        while (pair.guest().trySend(6, 0, 0, MemorySegment.ofArray(new byte[104]), 0, 104)) {
        }
        var e = assertThrows(PeerUnavailableException.class,
                () -> pair.guest().send(6, 0, 0, new byte[104], TimeUnit.MILLISECONDS.toNanos(30)));
        assertTrue(e.getMessage().contains("not reading"), e.getMessage());
    }

    @Test
    void blockedSenderNoticesThatThePeerClosed() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192);
        while (pair.guest().trySend(6, 0, 0, MemorySegment.ofArray(new byte[104]), 0, 104)) {
        }
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                pair.guest().send(6, 0, 0, new byte[104], SECONDS_10);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        pair.host().close();
        Throwable e = blocked.get(10, TimeUnit.SECONDS);
        assertTrue(e instanceof PeerUnavailableException && e.getMessage().contains("closed"), String.valueOf(e));
        assertEquals(0, pair.guest().outbound().pendingSendSize(), "the writer withdrew its pending_send_sz");
    }

    @Test
    void closedViewRefusesToSend() {
        Channel.Pair pair = Channel.inProcess(8192);
        pair.guest().close();
        assertThrows(IllegalStateException.class, () -> pair.guest().send(6, 0, 0, new byte[8], SECONDS_10));
    }

    @Test
    void regionWithoutMagicIsRejectedNamingIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(8192), 4096);
            var e = assertThrows(IllegalArgumentException.class, () -> Channel.attach(region, Channel.Role.HOST, 10));
            assertTrue(e.getMessage().contains("magic 0x0"), e.getMessage());
        }
    }

    @Test
    void aSecondGuestJoinsOnlyAfterTheHostResetsTheChannel() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(8192), 4096);
            Channel.format(region, 8192);
            Channel.attach(region, Channel.Role.HOST, 1000);
            Channel first = Channel.attach(region, Channel.Role.GUEST, 1000);
            first.close();
            var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.GUEST, 30));
            assertTrue(e.getMessage().contains("still taken"), e.getMessage());
            Channel host = Channel.attach(region, Channel.Role.HOST, 1000); // the next session: rings reset
            Channel second = Channel.attach(region, Channel.Role.GUEST, 1000);
            second.send(6, 0, 1, new byte[8], SECONDS_10);
            assertEquals(1, host.receive(p -> { }, 1, SECONDS_10));
        }
    }

    /**
     * Two threads, futex signalling on native memory, many round trips through the sleeping path. Tagged
     * {@code pit-slow}: under PIT's coverage agent on a loaded machine its 3000 round trips take about 26 s, which
     * every mutant it covers and does not kill would cost again (see docs/pit/vmbus.md).
     */
    @Tag("pit-slow")
    @Test
    void sharedMemoryChannelEchoesThousandsOfPacketsBetweenThreads() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(16384), 4096);
            Channel.format(region, 16384);
            Channel host = Channel.attach(region, Channel.Role.HOST, 1000);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 1000);
            int rounds = 3000;
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                byte[][] last = new byte[1][];
                long[] id = {0};
                try {
                    for (int i = 0; i < rounds; i++) {
                        while (host.receive(p -> { last[0] = p.payloadBytes(); id[0] = p.transId(); }, 1, SECONDS_10) == 0) {
                        }
                        host.send(PacketDescriptor.TYPE_COMPLETION, 0, id[0], last[0], SECONDS_10);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < rounds; i++) {
                byte[] payload = new byte[8 + (i % 5) * 8];
                java.util.Arrays.fill(payload, (byte) i);
                guest.send(6, 1, i, payload, SECONDS_10);
                byte[][] got = new byte[1][];
                long[] id = {-1};
                while (guest.receive(p -> { got[0] = p.payloadBytes(); id[0] = p.transId(); }, 1, SECONDS_10) == 0) {
                }
                assertEquals(i, id[0]);
                assertArrayEquals(payload, got[0]);
            }
            echo.get(30, TimeUnit.SECONDS);
            guest.close();
            host.close();
        }
    }

    // ------------------------------------------------------------------------------------ wake-ups, no fallback

    /** A slice longer than any test: a receiver that sleeps wakes only when signalled. */
    static final long NO_FALLBACK_SLICE = TimeUnit.HOURS.toNanos(1);

    /** A receiver thread on {@code host}, started and left asleep in its wait (not spinning, not polling). */
    static final class SleepingReceiver {
        final CompletableFuture<Long> transId = new CompletableFuture<>();
        final Thread thread;

        SleepingReceiver(Channel host) throws InterruptedException {
            thread = new Thread(() -> {
                long[] id = {-1};
                try {
                    host.receive(p -> id[0] = p.transId(), 1, TimeUnit.HOURS.toNanos(2));
                    transId.complete(id[0]);
                } catch (Exception e) {
                    transId.completeExceptionally(e);
                }
            });
            thread.setDaemon(true);
            thread.start();
            while (thread.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1); // spinning and yielding are RUNNABLE; parked in await is TIMED_WAITING
            }
        }
    }

    @Test
    void aSleepingReceiverIsWokenByTheWritersSignalAlone() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192, Channel.Signals.parking(), NO_FALLBACK_SLICE);
        SleepingReceiver receiver = new SleepingReceiver(pair.host());
        pair.guest().send(6, 0, 99, new byte[8], SECONDS_10);
        assertEquals(99L, receiver.transId.get(10, TimeUnit.SECONDS), "a lost wake-up would hang here");
    }

    /** The test above with a deliberately lost wake-up (the reader's signal is dropped): it must catch it. */
    @Test
    void aDroppedWakeUpLeavesTheReceiverAsleepSoTheTestAboveCanFail() throws Exception {
        ParkingSignal parking = new ParkingSignal();
        WakeupSignal dropped = new WakeupSignal() {
            @Override
            public int prepareWait() {
                return parking.prepareWait();
            }

            @Override
            public void await(int ticket, long timeoutNanos) throws InterruptedException {
                parking.await(ticket, timeoutNanos);
            }

            @Override
            public void signal() {
                // lost
            }
        };
        Channel.Pair pair = Channel.inProcess(8192,
                new Channel.Signals(dropped, new ParkingSignal(), new ParkingSignal(), new ParkingSignal()),
                NO_FALLBACK_SLICE);
        SleepingReceiver receiver = new SleepingReceiver(pair.host());
        pair.guest().send(6, 0, 99, new byte[8], SECONDS_10);
        assertEquals(1, pair.guest().outbound().readerSignalsSent(), "the writer did decide to signal");
        receiver.thread.join(300);
        assertEquals(Thread.State.TIMED_WAITING, receiver.thread.getState(), "still asleep: the wake-up was lost");
        assertTrue(!receiver.transId.isDone());
        receiver.thread.interrupt();
    }

    @Test
    void interruptMaskIsClearOnceReceiveReturns() throws Exception {
        Channel.Pair pair = Channel.inProcess(8192, Channel.Signals.parking(), NO_FALLBACK_SLICE);
        SleepingReceiver receiver = new SleepingReceiver(pair.host());
        pair.guest().send(6, 0, 5, new byte[8], SECONDS_10);
        assertEquals(5L, receiver.transId.get(10, TimeUnit.SECONDS));
        receiver.thread.join();
        assertEquals(0, pair.host().inbound().interruptMask(), "hv_end_read: an idle reader keeps the mask clear");
    }

    // ---------------------------------------------------------------------------------------- sessions, words

    @Test
    void ringLengthThatIsNotAPageMultipleIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.inProcess(4096 + 1024));
        assertTrue(e.getMessage().contains("multiple of 4096"), e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(8192), 4096);
            assertThrows(IllegalArgumentException.class, () -> Channel.format(region, 4096 + 1024));
        }
    }

    @Test
    void eachSideWordHoldsEpochStateAndPidTogether() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = formattedRegion(arena);
            Channel host = Channel.attach(region, Channel.Role.HOST, 0);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 1000);
            long pid = ProcessHandle.current().pid();
            assertEquals(ChannelDescriptor.sideWord(host.epoch(), ChannelDescriptor.STATE_ATTACHED, pid),
                    region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.GUEST_WORD_OFFSET));
            assertEquals(ChannelDescriptor.sideWord(host.epoch(), ChannelDescriptor.STATE_ATTACHED, pid),
                    region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET));
            assertEquals(host.epoch(), guest.epoch());
        }
    }

    @Test
    void aGuestFromAnEarlierSessionIsRefusedAndNeverTouchesTheNewRings() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = formattedRegion(arena);
            Channel host = Channel.attach(region, Channel.Role.HOST, 0);
            Channel old = Channel.attach(region, Channel.Role.GUEST, 1000);
            old.send(6, 0, 1, new byte[64], SECONDS_10); // its cached indexes move past 0
            assertEquals(1, host.receive(p -> { }, 1, SECONDS_10));
            host.close();
            Channel next = Channel.attach(region, Channel.Role.HOST, 0); // a new session: rings re-formatted
            assertEquals(ChannelDescriptor.nextEpoch(old.epoch()), next.epoch());
            byte[] rings = region.asSlice(ChannelDescriptor.CONTROL_LENGTH, 2 * 8192).toArray(ValueLayout.JAVA_BYTE);
            var e = assertThrows(PeerUnavailableException.class, () -> old.send(6, 0, 2, new byte[64], SECONDS_10));
            assertTrue(e.getMessage().contains("session " + old.epoch() + " of the channel is over"), e.getMessage());
            assertThrows(PeerUnavailableException.class, () -> old.trySend(6, 0, 3, MemorySegment.ofArray(new byte[8]), 0, 8));
            assertThrows(PeerUnavailableException.class, () -> old.receive(p -> { }, 1, SECONDS_10));
            assertArrayEquals(rings, region.asSlice(ChannelDescriptor.CONTROL_LENGTH, 2 * 8192).toArray(ValueLayout.JAVA_BYTE),
                    "the old guest wrote nothing into the new session's rings");
            assertEquals(ChannelDescriptor.sideWord(next.epoch(), ChannelDescriptor.STATE_ABSENT, 0),
                    region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.GUEST_WORD_OFFSET),
                    "the new session's guest side stays free");
        }
    }

    @Test
    void aGuestWhoseHostProcessIsDeadFailsAtOnceNamingIt() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = formattedRegion(arena);
            region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET,
                    ChannelDescriptor.sideWord(4, ChannelDescriptor.STATE_ATTACHED, gone.pid()));
            // A ten-minute timeout: only failing fast ends this call within the test's run.
            var e = assertThrows(PeerUnavailableException.class,
                    () -> Channel.attach(region, Channel.Role.GUEST, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().contains("host process " + gone.pid() + " died"), e.getMessage());
        }
    }

    static MemorySegment formattedRegion(Arena arena) {
        MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(8192), 4096);
        Channel.format(region, 8192);
        return region;
    }
}
