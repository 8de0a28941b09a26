package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link RingBuffer} at its boundaries: the exact limits of indexes, segments and fields, and each exact message. */
class RingBufferEdgeTest {

    final MemorySegment seg = Arena.ofAuto().allocate(4096 + 1024, 4096);
    final RingBuffer ring;

    RingBufferEdgeTest() {
        RingBuffer.format(seg);
        ring = RingBuffer.attach(seg, new CountingSignal(), new CountingSignal());
    }

    ByteBuffer header() {
        return seg.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    int drain() {
        return ring.read(p -> { }, Integer.MAX_VALUE);
    }

    @Test
    void aWriteIndexEqualToTheDataLengthIsCorrupt() {
        header().putInt(RingBufferDescriptor.WRITE_INDEX_OFFSET, 1024);
        var e = assertThrows(RingCorruptedException.class, this::drain);
        assertEquals("write_index 1024 is outside the data area of 1024 bytes or not a multiple of 8", e.getMessage());
    }

    @Test
    void bytesToReadChecksTheWriteIndexItLoads() {
        header().putInt(RingBufferDescriptor.WRITE_INDEX_OFFSET, 2048);
        assertThrows(RingCorruptedException.class, ring::bytesToRead);
    }

    @Test
    void fewerBytesThanADescriptorAndTrailerAreCorrupt() {
        header().putInt(RingBufferDescriptor.WRITE_INDEX_OFFSET, 16);
        var e = assertThrows(RingCorruptedException.class, this::drain);
        assertEquals("only 16 bytes present at read_index 0, less than a packet descriptor and trailer (24)",
                e.getMessage());
    }

    @Test
    void anOffset8BelowTheDescriptorIsNamedWithItsBounds() {
        assertTrue(ring.tryWrite(6, 0, 0, new byte[8])); // len8 3
        header().putShort(RingBufferDescriptor.DATA_OFFSET + PacketDescriptor.OFFSET8_OFFSET, (short) 1);
        var e = assertThrows(RingCorruptedException.class, this::drain);
        assertEquals("packet at read_index 0 has offset8 1, outside [2, len8 3]", e.getMessage());
    }

    @Test
    void anOffset8PastLen8IsNamedWithItsBounds() {
        assertTrue(ring.tryWrite(6, 0, 0, new byte[8]));
        header().putShort(RingBufferDescriptor.DATA_OFFSET + PacketDescriptor.OFFSET8_OFFSET, (short) 4);
        var e = assertThrows(RingCorruptedException.class, this::drain);
        assertEquals("packet at read_index 0 has offset8 4, outside [2, len8 3]", e.getMessage());
    }

    @Test
    void aLen8PastTheBytesPresentIsNamedWithItsByteCount() {
        assertTrue(ring.tryWrite(6, 0, 0, new byte[8])); // 32 bytes present
        header().putShort(RingBufferDescriptor.DATA_OFFSET + PacketDescriptor.LEN8_OFFSET, (short) 5);
        var e = assertThrows(RingCorruptedException.class, this::drain);
        assertEquals("packet at read_index 0 has len8 5 (40 bytes + 8-byte trailer) but only 32 bytes are present",
                e.getMessage());
    }

    @Test
    void aRingWithoutTheFeatureBitDoesNotSignalFreeSpace() {
        assertTrue(ring.signalsFreeSpace());
        header().putInt(RingBufferDescriptor.FEATURE_BITS_OFFSET, 0);
        assertFalse(ring.signalsFreeSpace());
        header().putInt(RingBufferDescriptor.FEATURE_BITS_OFFSET, 2); // another bit, not feat_pending_send_sz
        assertFalse(ring.signalsFreeSpace());
    }

    @Test
    void aTypeThatOverflowsAU16IsRefusedNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> ring.tryWrite(0x1_0000, 0, 0, new byte[8]));
        assertEquals("type 65536 or flags 0 does not fit in a u16", e.getMessage());
    }

    @Test
    void flagsThatOverflowAU16AreRefusedNamingThemEvenWithAnEmptyPayload() {
        var e = assertThrows(IllegalArgumentException.class, () -> ring.tryWrite(6, 0x1_0000, 0, new byte[0]));
        assertEquals("type 6 or flags 65536 does not fit in a u16", e.getMessage());
    }

    @Test
    void aPayloadOfExactlyTheLimitWithABadTypeIsRefusedForTheType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ring.tryWrite(-1, 0, 0, new byte[ring.maxPayloadLength()]));
        assertTrue(e.getMessage().startsWith("type -1 or flags 0"), e.getMessage());
    }

    @Test
    void aPayloadOneByteOverTheLimitIsRefusedForItsLength() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ring.tryWrite(6, 0, 0, new byte[ring.maxPayloadLength() + 1]));
        assertEquals("payload of " + (ring.maxPayloadLength() + 1) + " bytes: this ring carries 0 to "
                + ring.maxPayloadLength() + " bytes per packet", e.getMessage());
    }

    @Test
    void attachRefusesASegmentTooSmallForARing() {
        MemorySegment small = MemorySegment.ofArray(new long[(4096 + 16) / 8]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> RingBuffer.attach(small, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL));
        assertTrue(e.getMessage().startsWith("ring segment of 4112 bytes"), e.getMessage());
    }

    @Test
    void theSmallestDataAreaIsAcceptedAndOneWordLessIsNot() {
        RingBuffer.format(MemorySegment.ofArray(new long[(4096 + RingBufferDescriptor.MIN_DATA_LENGTH) / 8]));
        assertThrows(IllegalArgumentException.class, () -> RingBuffer.format(
                MemorySegment.ofArray(new long[(4096 + RingBufferDescriptor.MIN_DATA_LENGTH - 8) / 8])));
    }

    @Test
    void toStringShowsTheDataLengthAndBothIndexes() {
        assertTrue(ring.tryWrite(6, 0, 0, new byte[8]));
        assertEquals("RingBuffer[dataLength=1024, write_index=32, read_index=0]", ring.toString());
    }
}
