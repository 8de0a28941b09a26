package org.kernkit.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferedFifoTest {

    @Test
    void bytesWrittenAreReadInOrderAndTheCountsFollow() {
        BufferedFifo fifo = new BufferedFifo("pipe", 4);
        assertEquals("pipe", fifo.name());
        assertEquals(4, fifo.capacity());
        assertEquals(3, fifo.write(new byte[] {1, 2, 3}, 0, 3));
        assertEquals(3, fifo.available());
        assertEquals(1, fifo.freeSpace());
        assertEquals(1, fifo.write(new byte[] {4, 5}, 0, 2), "takes what fits");
        byte[] target = new byte[8];
        assertEquals(4, fifo.read(target, 1, 7));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 0, 0, 0}, target);
        assertEquals(0, fifo.available());
        assertEquals(4, fifo.freeSpace());
    }

    @Test
    void anEmptyFifoReadsZeroUntilItsWriterClosesThenEndOfStream() {
        BufferedFifo fifo = new BufferedFifo("pipe", 4);
        assertEquals(0, fifo.read(new byte[2], 0, 2));
        assertFalse(fifo.endOfStream());
        fifo.write(new byte[] {7}, 0, 1);
        fifo.closeWriter();
        fifo.closeWriter(); // idempotent
        assertTrue(fifo.writerClosed());
        assertFalse(fifo.endOfStream(), "a byte is still buffered");
        byte[] target = new byte[2];
        assertEquals(1, fifo.read(target, 0, 2), "buffered bytes come before the end");
        assertEquals(7, target[0]);
        assertTrue(fifo.endOfStream());
        assertEquals(-1, fifo.read(target, 0, 2));
        assertEquals(0, fifo.read(target, 0, 0), "a read of nothing reads nothing, even at the end");
    }

    @Test
    void aWriteAfterTheWriterClosedIsRefusedNamingTheFifo() {
        BufferedFifo fifo = new BufferedFifo("pipe", 4);
        fifo.closeWriter();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fifo.write(new byte[] {1}, 0, 1));
        assertTrue(e.getMessage().contains("FIFO pipe"), e.getMessage());
        assertEquals(0, fifo.available());
    }

    @Test
    void aRestoredFifoHasTheRecordedBytesAndClosedFlag() {
        BufferedFifo open = BufferedFifo.restore("a", 8, false, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, open.bufferedBytes());
        assertFalse(open.writerClosed());
        assertEquals(2, open.available(), "bufferedBytes removes nothing");
        assertEquals("Fifo[a, 2/8 bytes]", open.toString());

        BufferedFifo closed = BufferedFifo.restore("b", 8, true, new byte[] {3});
        assertTrue(closed.writerClosed());
        assertEquals("Fifo[b, 1/8 bytes, closed]", closed.toString());
        assertEquals(1, closed.read(new byte[1], 0, 1));
        assertTrue(closed.endOfStream());
    }
}
