package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Await;
import org.kernkit.vmbus.internal.ParkingSignal;

/**
 * What {@link Channel#send} and {@link Channel#receive} do around their sleeps: a waiting writer sleeps on its
 * signal and withdraws {@code pending_send_sz} when it stops waiting; a view whose session ended while it slept
 * touches the rings no more; the polling writer of a ring without {@code feat_pending_send_sz}; and the
 * {@code interrupt_mask} a reader leaves behind. In-process pairs whose waits end only by a signal (a slice of an
 * hour), with signals the test can hold back.
 */
class ChannelWaitTest {

    static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);
    static final long HOURS_2 = TimeUnit.HOURS.toNanos(2);
    static final long PID = ProcessHandle.current().pid();
    static final int PACKET = 104;

    /** A parking signal that counts the waits it was asked for and can hold back its signals. */
    static final class GatedSignal implements WakeupSignal {
        final ParkingSignal parking = new ParkingSignal();
        final AtomicInteger awaits = new AtomicInteger();
        volatile boolean held;

        @Override
        public int prepareWait() {
            return parking.prepareWait();
        }

        @Override
        public void await(int ticket, long timeoutNanos) throws InterruptedException {
            awaits.incrementAndGet();
            parking.await(ticket, timeoutNanos);
        }

        @Override
        public void signal() {
            if (!held) {
                parking.signal();
            }
        }
    }

    // Signals in the order of the control page: host data, guest space, guest data, host space.
    final GatedSignal guestSpace = new GatedSignal();
    final GatedSignal guestData = new GatedSignal();
    final Channel.Pair pair = Channel.inProcess(8192,
            new Channel.Signals(new ParkingSignal(), guestSpace, guestData, new ParkingSignal()),
            ChannelTest.NO_FALLBACK_SLICE);

    static void awaitTrue(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    /** Fills the guest's outbound ring so that the next packet of {@value #PACKET} bytes has to wait. */
    int fillGuestOutbound() throws Exception {
        int sent = 0;
        while (pair.guest().trySend(6, 0, sent, MemorySegment.ofArray(new byte[PACKET]), 0, PACKET)) {
            sent++;
        }
        return sent;
    }

    CompletableFuture<Void> sendInBackground(long transId) {
        return CompletableFuture.runAsync(() -> {
            try {
                pair.guest().send(6, 0, transId, new byte[PACKET], HOURS_2);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException r && r.getCause() != null ? r.getCause() : e.getCause();
        }
    }

    // ---------------------------------------------------------------------------------------------- sending

    @Test
    void aBlockedSenderSleepsOnItsSignalAndWithdrawsItsSpaceRequestOnceSent() throws Exception {
        int sent = fillGuestOutbound();
        CompletableFuture<Void> blocked = sendInBackground(sent);
        awaitTrue(() -> guestSpace.awaits.get() > 0, "the sender went to sleep on its space signal");
        assertEquals(RingBufferDescriptor.ringBytesOf(PACKET), pair.guest().outbound().pendingSendSize());
        assertEquals(sent, pair.host().poll(p -> { }, sent + 1));
        blocked.get(10, TimeUnit.SECONDS);
        assertEquals(0, pair.guest().outbound().pendingSendSize());
        assertEquals(1, pair.host().poll(p -> { }, 10));
    }

    @Test
    void aBlockedSenderWhosePeerClosesWithdrawsItsSpaceRequest() throws Exception {
        int sent = fillGuestOutbound();
        CompletableFuture<Void> blocked = sendInBackground(sent);
        awaitTrue(() -> guestSpace.awaits.get() > 0, "the sender went to sleep on its space signal");
        pair.host().close();
        Throwable e = failureOf(blocked);
        assertTrue(e instanceof PeerUnavailableException, String.valueOf(e));
        assertEquals("the host (pid " + PID + ") closed the channel", e.getMessage());
        assertEquals(0, pair.guest().outbound().pendingSendSize());
    }

    @Test
    void aSenderWhoseSessionEndsWhileItSleepsWritesNothingMore() throws Exception {
        int sent = fillGuestOutbound();
        CompletableFuture<Void> blocked = sendInBackground(sent);
        awaitTrue(() -> guestSpace.awaits.get() > 0, "the sender went to sleep on its space signal");
        guestSpace.held = true;
        assertEquals(sent, pair.host().poll(p -> { }, sent + 1)); // room again, but the sender is not told
        guestSpace.held = false;
        pair.host().endSession(); // wakes the sender: the host resets, the session is over
        Throwable e = failureOf(blocked);
        assertTrue(e instanceof PeerUnavailableException, String.valueOf(e));
        assertEquals("session 1 of the channel is over: the host (pid " + PID + ") is resetting", e.getMessage());
        assertEquals(0, pair.host().inbound().bytesToRead(), "the packet was not written");
        assertEquals(RingBufferDescriptor.ringBytesOf(PACKET), pair.guest().outbound().pendingSendSize(),
                "the ring is not the sender's any more: not even pending_send_sz is withdrawn");
    }

    @Test
    void withoutFeatPendingSendSzABlockedSenderSleepsAndPollsUntilThereIsRoom() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelTest.formattedRegion(arena);
            Channel host = Channel.attach(region, Channel.Role.HOST, 0);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
            region.set(ValueLayout.JAVA_INT, ChannelDescriptor.guestToHostRingOffset()
                    + RingBufferDescriptor.FEATURE_BITS_OFFSET, 0);
            int sent = 0;
            while (guest.trySend(6, 0, sent, MemorySegment.ofArray(new byte[PACKET]), 0, PACKET)) {
                sent++;
            }
            final int last = sent;
            CompletableFuture<Void> blocked = new CompletableFuture<>();
            Thread sender = new Thread(() -> {
                try {
                    guest.send(6, 0, last, new byte[PACKET], SECONDS_10);
                    blocked.complete(null);
                } catch (Throwable e) {
                    blocked.completeExceptionally(e);
                }
            });
            sender.start();
            awaitTrue(() -> sender.getState() == Thread.State.TIMED_WAITING || blocked.isDone(),
                    "the sender sleeps between polls");
            assertFalse(blocked.isDone(), "the ring is still full");
            assertEquals(0, guest.outbound().pendingSendSize(), "no pending_send_sz without the feature");
            assertEquals(last, host.poll(p -> { }, last + 1));
            blocked.get(10, TimeUnit.SECONDS);
            assertEquals(1, host.poll(p -> { }, 10));
            assertEquals(0, host.inbound().writerSignalsSent(), "a polling writer is not signalled");
        }
    }

    // -------------------------------------------------------------------------------------------- receiving

    @Test
    void aReceiverWhoseSessionEndsWhileItSleepsLeavesThePacketSentMeanwhile() throws Exception {
        CompletableFuture<Integer> receiving = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.guest().receive(p -> { }, 1, HOURS_2);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        awaitTrue(() -> guestData.awaits.get() > 0, "the receiver went to sleep on its data signal");
        guestData.held = true;
        pair.host().send(6, 0, 1, new byte[8], SECONDS_10); // the receiver is not told
        guestData.held = false;
        pair.host().endSession(); // wakes the receiver: the session is over
        Throwable e = failureOf(receiving);
        assertTrue(e instanceof PeerUnavailableException, String.valueOf(e));
        assertEquals("session 1 of the channel is over: the host (pid " + PID + ") is resetting", e.getMessage());
        assertEquals(RingBufferDescriptor.ringBytesOf(8), pair.guest().inbound().bytesToRead(), "not read");
    }

    @Test
    void aReceiverThatFindsAPacketWhileSpinningLeavesTheInterruptMaskClear() throws Exception {
        Channel.Pair busy = Channel.inProcess(8192);
        Thread receiverThread = Thread.currentThread();
        for (int round = 0; round < 20; round++) {
            final long id = round;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                // Send as soon as the reader is busy (mask set: it polls), or once it is asleep.
                while (busy.host().inbound().interruptMask() == 0
                        && receiverThread.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                try {
                    busy.guest().send(6, 0, id, new byte[8], SECONDS_10);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long[] got = {-1};
            assertEquals(1, busy.host().receive(p -> got[0] = p.transId(), 1, SECONDS_10));
            assertEquals(id, got[0]);
            assertEquals(0, busy.host().inbound().interruptMask(), "hv_end_read after round " + round);
            writer.get(10, TimeUnit.SECONDS);
        }
    }
}
