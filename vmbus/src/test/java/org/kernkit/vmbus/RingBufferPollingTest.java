package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kernkit.vmbus.internal.ParkingSignal;

/**
 * Polling against signalling: only {@link RingBuffer#NO_SIGNAL} skips the fence and the signal decision after an
 * index store; any real signal gets the whole VMBus protocol, so no wake-up is lost.
 */
class RingBufferPollingTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private static MemorySegment ring() {
        MemorySegment seg = MemorySegment.ofArray(new long[(4096 + 4096) / 8]);
        RingBuffer.format(seg);
        return seg;
    }

    @Test
    void aRealReaderSignalIsSentWhenAnIdleReadersRingTurnsNonEmpty() {
        MemorySegment seg = ring();
        CountingSignal readerSignal = new CountingSignal();
        RingBuffer writer = RingBuffer.attach(seg, readerSignal, RingBuffer.NO_SIGNAL);
        RingBuffer reader = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        assertEquals(0, reader.unmaskInterrupts());
        assertTrue(writer.tryWrite(6, 0, 1, new byte[8]));
        assertEquals(1, readerSignal.count(), "empty to non-empty with the mask clear signals");
        assertTrue(writer.tryWrite(6, 0, 2, new byte[8]));
        assertEquals(1, readerSignal.count(), "a ring that was not empty needs no signal");
        assertEquals(1, writer.readerSignalsSent());
    }

    @Test
    void anySignalOtherThanNoSignalRunsTheSignallingProtocol() {
        MemorySegment seg = ring();
        RingBuffer writer = RingBuffer.attach(seg, new CountingSignal(), RingBuffer.NO_SIGNAL);
        RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL).unmaskInterrupts();
        assertTrue(writer.tryWrite(6, 0, 1, new byte[8]));
        assertEquals(1, writer.readerSignalsSent(), "the writer decided to signal");
    }

    @Test
    void aPollingWriterNeverDecidesToSignal() {
        MemorySegment seg = ring();
        RingBuffer writer = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        RingBuffer reader = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        assertEquals(0, reader.unmaskInterrupts());
        assertTrue(writer.tryWrite(6, 0, 1, new byte[8]));
        assertEquals(0, writer.readerSignalsSent(), "no one to wake: no fence, no decision");
        long[] got = {0};
        assertEquals(1, reader.read(p -> got[0] = p.transId(), 10));
        assertEquals(1, got[0], "the packet itself is published as in the signalling mode");
    }

    /** Fills the ring until a 64-byte-payload packet no longer fits; returns the packets written. */
    private static int fill(RingBuffer writer) {
        int n = 0;
        while (writer.tryWrite(6, 0, n, new byte[64])) {
            n++;
        }
        return n;
    }

    @Test
    void aRealWriterSignalIsSentWhenTheReaderFreesTheSpaceAWaitingWriterAskedFor() {
        MemorySegment seg = ring();
        CountingSignal writerSignal = new CountingSignal();
        RingBuffer writer = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        RingBuffer reader = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, writerSignal);
        int written = fill(writer);
        int needed = RingBufferDescriptor.ringBytesOf(64);
        assertTrue(writer.requestSpace(needed) <= needed, "the writer would sleep");
        assertEquals(written, reader.read(p -> { }, Integer.MAX_VALUE));
        assertEquals(1, writerSignal.count(), "free space crossed pending_send_sz");
        assertEquals(1, reader.writerSignalsSent());
    }

    @Test
    void aPollingReaderNeverDecidesToSignal() {
        MemorySegment seg = ring();
        RingBuffer writer = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        RingBuffer reader = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        int written = fill(writer);
        writer.requestSpace(RingBufferDescriptor.ringBytesOf(64));
        assertEquals(written, reader.read(p -> { }, Integer.MAX_VALUE));
        assertEquals(0, reader.writerSignalsSent());
        assertTrue(writer.tryWrite(6, 0, 0, new byte[64]), "the freed space is published as in the signalling mode");
    }

    /**
     * A reader thread that sleeps on a real signal with no timeout to fall back on (an hour): only the writer's
     * signal wakes it. If the writer skipped the fence and the mask check with a real signal attached, as it may
     * with NO_SIGNAL, the reader would sleep on a packet no one signals, and this test would hang.
     */
    @Test
    void aReaderAsleepOnARealSignalIsWokenByThePublishAlone() throws Exception {
        MemorySegment seg = ring();
        ParkingSignal readerSignal = new ParkingSignal();
        RingBuffer writer = RingBuffer.attach(seg, readerSignal, RingBuffer.NO_SIGNAL);
        RingBuffer reader = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        CompletableFuture<Long> received = new CompletableFuture<>();
        Thread sleeper = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                long[] got = {-1};
                while (reader.read(p -> got[0] = p.transId(), 1) == 0) {
                    int ticket = readerSignal.prepareWait();
                    if (reader.unmaskInterrupts() == 0) { // Linux's hv_end_read: re-check after the fence
                        readerSignal.await(ticket, HOUR);
                    }
                }
                received.complete(got[0]);
            } catch (Throwable t) {
                received.completeExceptionally(t);
            }
        });
        while (sleeper.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1); // until the reader sleeps (or is about to: a signal before await still counts)
        }
        assertTrue(writer.tryWrite(6, 0, 42, new byte[8]));
        assertEquals(42L, received.get(30, TimeUnit.SECONDS), "a lost wake-up would hang here");
        sleeper.join();
    }
}
