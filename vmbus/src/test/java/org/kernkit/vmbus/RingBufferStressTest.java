package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** One writer thread, one reader thread, random sizes, every payload checksummed. */
class RingBufferStressTest {

    static final int PACKETS = 200_000;

    static byte[] payloadOf(long seq, SplittableRandom random) {
        byte[] bytes = new byte[8 + random.nextInt(300)];
        random.nextBytes(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 8, bytes.length - 8);
        long check = crc.getValue() ^ (seq << 32);
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (check >>> (8 * i));
        }
        return bytes;
    }

    @Test
    void twoThreadsTransferEveryPacketIntactAndInOrder() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(4096 + 4096, 4096);
            RingBuffer.format(seg);
            RingBuffer writerView = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
            RingBuffer readerView = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(42);
                try {
                    for (long seq = 0; seq < PACKETS; seq++) {
                        byte[] payload = payloadOf(seq, random);
                        while (!writerView.tryWrite(6, 0, seq, payload)) {
                            Thread.onSpinWait();
                            Thread.yield();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            long[] next = {0};
            long[] badChecksums = {0};
            while (next[0] < PACKETS && failure.get() == null) {
                int n = readerView.read(p -> {
                    assertEquals(next[0], p.transId());
                    byte[] bytes = p.payloadBytes();
                    CRC32 crc = new CRC32();
                    long stored = p.getLong(0);
                    // the payload length is padded; the writer's length is unknown here, so find it by trying
                    // the checksum over each candidate length (at most 7 candidates)
                    boolean ok = false;
                    for (int len = bytes.length; len > bytes.length - 8 && len >= 8 && !ok; len--) {
                        crc.reset();
                        crc.update(bytes, 8, len - 8);
                        ok = (crc.getValue() ^ (next[0] << 32)) == stored;
                    }
                    if (!ok) {
                        badChecksums[0]++;
                    }
                    next[0]++;
                }, 64);
                if (n == 0) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
            writer.join();
            assertNull(failure.get());
            assertEquals(PACKETS, next[0]);
            assertEquals(0, badChecksums[0]);
        }
    }
}
