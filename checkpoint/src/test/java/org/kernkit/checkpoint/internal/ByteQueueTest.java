package org.kernkit.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteQueueTest {

    private static byte[] range(int from, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ByteQueue(0));
        assertThrows(IllegalArgumentException.class, () -> new ByteQueue(-1));
        ByteQueue one = new ByteQueue(1);
        assertEquals(1, one.capacity());
        assertTrue(one.offer(9));
        assertFalse(one.offer(10));
        assertEquals(9, one.get(0));
    }

    @Test
    void anOfferTakesOnlyWhatFitsAndTheCountsFollow() {
        ByteQueue queue = new ByteQueue(10);
        assertEquals(0, queue.size());
        assertEquals(10, queue.free());
        assertEquals(7, queue.offer(range(0, 7), 0, 7));
        assertEquals(7, queue.size());
        assertEquals(3, queue.free());
        assertEquals(3, queue.offer(range(7, 5), 0, 5));
        assertEquals(10, queue.size());
        assertEquals(0, queue.free());
        assertEquals(0, queue.offer(range(0, 1), 0, 1));
        assertFalse(queue.offer(1));
        assertArrayEquals(range(0, 10), queue.toArray());
    }

    @Test
    void anOfferCopiesFromItsOffset() {
        ByteQueue queue = new ByteQueue(10);
        assertEquals(3, queue.offer(range(0, 8), 2, 3));
        assertArrayEquals(range(2, 3), queue.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> queue.offer(new byte[4], 2, 3));
        assertEquals(3, queue.size(), "a refused range adds nothing");
    }

    @Test
    void bytesComeOutInOrderWhenTheRingWrapsAround() {
        ByteQueue queue = new ByteQueue(64);
        assertEquals(60, queue.offer(range(0, 60), 0, 60)); // ring of 64
        byte[] front = new byte[50];
        assertEquals(50, queue.poll(front, 0, 50));
        assertArrayEquals(range(0, 50), front);
        assertEquals(40, queue.offer(range(60, 40), 0, 40)); // wraps: 4 at the end, 36 at the start
        assertEquals(50, queue.size());
        assertArrayEquals(range(50, 50), queue.toArray());
        for (int i = 0; i < 50; i++) {
            assertEquals(50 + i, queue.get(i), "byte " + i);
        }
        byte[] across = new byte[20];
        assertEquals(20, queue.peek(across, 0, 20, 5)); // from byte 55, across the wrap
        assertArrayEquals(range(55, 20), across);
        assertEquals(50, queue.size(), "peek removes nothing");
        assertEquals(100 - 1, queue.removeLast());
        assertEquals(49, queue.size());
    }

    @Test
    void growingAWrappedRingKeepsTheOrder() {
        ByteQueue queue = new ByteQueue(200);
        queue.offer(range(0, 60), 0, 60); // ring of 64
        queue.discard(50); // head at 50
        queue.offer(range(60, 10), 0, 10); // wraps, no growth
        for (int i = 0; i < 30; i++) {
            assertTrue(queue.offer(70 + i)); // grows past 64, one byte at a time
        }
        assertEquals(50, queue.size());
        assertArrayEquals(range(50, 50), queue.toArray());
        assertEquals(150, queue.offer(range(100, 200), 0, 200), "grows up to the capacity, not beyond");
        assertEquals(200, queue.size());
        assertArrayEquals(range(50, 200), queue.toArray());
    }

    @Test
    void oneByteOffersWrapAroundToo() {
        ByteQueue queue = new ByteQueue(64);
        queue.offer(range(0, 64), 0, 64);
        queue.discard(10);
        for (int i = 0; i < 10; i++) {
            assertTrue(queue.offer(64 + i));
        }
        assertFalse(queue.offer(0));
        assertArrayEquals(range(10, 64), queue.toArray());
    }

    @Test
    void bytesAreReadBackUnsigned() {
        ByteQueue queue = new ByteQueue(4);
        queue.offer(0xFF);
        queue.offer(0x80);
        assertEquals(0xFF, queue.get(0));
        assertEquals(0x80, queue.removeLast());
        assertEquals(0xFF, queue.removeLast());
        assertEquals(-1, queue.removeLast(), "empty");
    }

    @Test
    void indexesSkipsAndDiscardsOutsideTheContentAreRefused() {
        ByteQueue queue = new ByteQueue(8);
        queue.offer(range(0, 3), 0, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> queue.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.peek(new byte[1], 0, 1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.peek(new byte[1], 0, 1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.peek(new byte[1], 1, 1, 0));
        assertEquals(0, queue.peek(new byte[1], 0, 1, 3), "skipping everything copies nothing");
        assertThrows(IndexOutOfBoundsException.class, () -> queue.discard(4));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.discard(-1));
        assertArrayEquals(range(0, 3), queue.toArray(), "refusals change nothing");
        queue.discard(3);
        assertEquals(0, queue.size());
        assertEquals(0, queue.poll(new byte[4], 0, 4), "empty");
    }

    @Test
    void clearEmptiesTheQueueAndItFillsAgainFromTheFront() {
        ByteQueue queue = new ByteQueue(8);
        queue.offer(range(0, 8), 0, 8);
        queue.discard(3);
        queue.clear();
        assertEquals(0, queue.size());
        assertEquals(8, queue.free());
        assertEquals(8, queue.offer(range(20, 8), 0, 8));
        assertArrayEquals(range(20, 8), queue.toArray());
    }
}
