package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte vectors built from the Linux definitions of hv_ring_buffer and vmpacket_descriptor. */
class RingBufferLayoutTest {

    // Linux offsets, written out independently of RingBufferDescriptor.
    static final int LINUX_WRITE_INDEX = 0, LINUX_READ_INDEX = 4, LINUX_INTERRUPT_MASK = 8, LINUX_PENDING_SEND_SZ = 12,
            LINUX_FEATURE_BITS = 64, LINUX_DATA = 4096;

    static MemorySegment ring(int dataLength) {
        return java.lang.foreign.Arena.ofAuto().allocate(4096 + dataLength, 4096);
    }

    static ByteBuffer bytes(MemorySegment segment) {
        return segment.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void descriptorConstantsMatchLinuxOffsets() {
        assertEquals(LINUX_WRITE_INDEX, RingBufferDescriptor.WRITE_INDEX_OFFSET);
        assertEquals(LINUX_READ_INDEX, RingBufferDescriptor.READ_INDEX_OFFSET);
        assertEquals(LINUX_INTERRUPT_MASK, RingBufferDescriptor.INTERRUPT_MASK_OFFSET);
        assertEquals(LINUX_PENDING_SEND_SZ, RingBufferDescriptor.PENDING_SEND_SIZE_OFFSET);
        assertEquals(LINUX_FEATURE_BITS, RingBufferDescriptor.FEATURE_BITS_OFFSET);
        assertEquals(LINUX_DATA, RingBufferDescriptor.DATA_OFFSET);
        assertEquals(16, PacketDescriptor.LENGTH);
        assertEquals(6, PacketDescriptor.TYPE_DATA_INBAND);
        assertEquals(0x0b, PacketDescriptor.TYPE_COMPLETION);
    }

    @Test
    void formatZeroesHeaderAndSetsFeaturePendingSendSize() {
        MemorySegment seg = ring(4096);
        seg.fill((byte) 0x5A);
        RingBuffer.format(seg);
        ByteBuffer b = bytes(seg);
        assertEquals(1, b.getInt(LINUX_FEATURE_BITS));
        for (int i = 0; i < 4096; i++) {
            if (i < LINUX_FEATURE_BITS || i >= LINUX_FEATURE_BITS + 4) {
                assertEquals(0, b.get(i), "header byte " + i);
            }
        }
    }

    @Test
    void writtenPacketHasVmpacketDescriptorBytesPaddingAndTrailer() {
        MemorySegment seg = ring(4096);
        RingBuffer.format(seg);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        byte[] payload = {1, 2, 3, 4, 5};
        assertTrue(ring.tryWrite(6, 1, 0x1122334455667788L, payload));

        // Expected: type=6, offset8=2, len8=ALIGN(16+5,8)/8=3, flags=1, trans_id, payload, 3 zero bytes, trailer.
        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        expected.putShort((short) 6).putShort((short) 2).putShort((short) 3).putShort((short) 1);
        expected.putLong(0x1122334455667788L);
        expected.put(payload).put(new byte[3]);
        expected.putLong(0L << 32); // old write_index 0
        byte[] actual = new byte[32];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, LINUX_DATA, actual, 0, 32);
        assertArrayEquals(expected.array(), actual);
        assertEquals(32, bytes(seg).getInt(LINUX_WRITE_INDEX));
        assertEquals(0, bytes(seg).getInt(LINUX_READ_INDEX));
    }

    @Test
    void paddingIsZeroOverDirtyRingBytesAtEveryOffsetIncludingWraps() {
        MemorySegment seg = ring(4096);
        seg.fill((byte) 0x5A); // what an earlier session left in the data area
        RingBuffer.format(seg);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        ByteBuffer b = bytes(seg);
        int wraps = 0;
        for (int i = 0; i < 3000; i++) {
            int length = 1 + i % 15;
            byte[] payload = new byte[length];
            java.util.Arrays.fill(payload, (byte) 0x11);
            int at = b.getInt(LINUX_WRITE_INDEX);
            assertTrue(ring.tryWrite(6, 0, i, payload));
            int packetLength = 16 + ((length + 7) & ~7);
            for (int k = 16; k < packetLength; k++) {
                int expected = k < 16 + length ? 0x11 : 0;
                assertEquals(expected, b.get(LINUX_DATA + (at + k) % 4096) & 0xFF,
                        "byte " + k + " of a packet of " + length + " payload bytes at " + at);
            }
            wraps += at + packetLength + 8 > 4096 ? 1 : 0;
            assertEquals(1, ring.read(p -> { }, 1));
        }
        assertTrue(wraps >= 10, "packets that wrap: " + wraps);
    }

    @Test
    void trailerCarriesOldWriteIndexInUpperHalf() {
        MemorySegment seg = ring(4096);
        RingBuffer.format(seg);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        ring.tryWrite(6, 0, 1, new byte[8]); // 24 + 8 bytes
        ring.tryWrite(6, 0, 2, new byte[8]); // starts at 32
        long trailer = bytes(seg).getLong(LINUX_DATA + 32 + 24);
        assertEquals(32L << 32, trailer);
    }

    @Test
    void readerDecodesPacketBuiltFromLinuxOffsets() {
        MemorySegment seg = ring(4096);
        RingBuffer.format(seg);
        ByteBuffer b = bytes(seg);
        // A packet with offset8 = 3: 8 bytes of extra header the reader skips, then 16 payload bytes.
        int at = LINUX_DATA;
        b.putShort(at, (short) 0x0b).putShort(at + 2, (short) 3).putShort(at + 4, (short) 5).putShort(at + 6, (short) 0);
        b.putLong(at + 8, 42L);
        b.putLong(at + 16, -1L);
        b.putLong(at + 24, 0x0102030405060708L);
        b.putLong(at + 32, 0x1112131415161718L);
        b.putLong(at + 40, 0L);
        b.putInt(LINUX_WRITE_INDEX, 48);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        List<String> seen = new ArrayList<>();
        int n = ring.read(p -> seen.add(p.type() + "/" + p.transId() + "/" + p.payloadLength() + "/"
                + Long.toHexString(p.getLong(0)) + "/" + Long.toHexString(p.getLong(8))), 10);
        assertEquals(1, n);
        assertEquals(List.of("11/42/16/102030405060708/1112131415161718"), seen);
        assertEquals(48, b.getInt(LINUX_READ_INDEX));
    }

    @Test
    void packetWrapsAroundTheEndOfTheDataAreaByteByByte() {
        int dataLength = 128;
        MemorySegment seg = ring(dataLength);
        RingBuffer.format(seg);
        ByteBuffer b = bytes(seg);
        b.putInt(LINUX_WRITE_INDEX, 112);
        b.putInt(LINUX_READ_INDEX, 112);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        byte[] payload = new byte[24];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (0x40 + i);
        }
        assertTrue(ring.tryWrite(6, 0, 7, payload));
        // 16 descriptor bytes fill 112..127, the payload continues at 0, the trailer at 24.
        assertEquals(6, b.getShort(LINUX_DATA + 112));
        assertEquals(5, b.getShort(LINUX_DATA + 116)); // len8 = (16 + 24) / 8
        assertEquals(7L, b.getLong(LINUX_DATA + 120));
        for (int i = 0; i < 24; i++) {
            assertEquals(0x40 + i, b.get(LINUX_DATA + i));
        }
        assertEquals(112L << 32, b.getLong(LINUX_DATA + 24));
        assertEquals(32, b.getInt(LINUX_WRITE_INDEX));
        byte[][] got = new byte[1][];
        ring.read(p -> got[0] = p.payloadBytes(), 1);
        assertArrayEquals(payload, got[0]);
        assertEquals(32, b.getInt(LINUX_READ_INDEX));
    }

    @Test
    void interruptMaskAndPendingSendSizeLiveAtLinuxOffsets() {
        MemorySegment seg = ring(4096);
        RingBuffer.format(seg);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        ring.maskInterrupts();
        assertEquals(1, bytes(seg).getInt(LINUX_INTERRUPT_MASK));
        ring.unmaskInterrupts();
        assertEquals(0, bytes(seg).getInt(LINUX_INTERRUPT_MASK));
        ring.requestSpace(1000);
        assertEquals(1000, bytes(seg).getInt(LINUX_PENDING_SEND_SZ));
        ring.clearSpaceRequest();
        assertEquals(0, bytes(seg).getInt(LINUX_PENDING_SEND_SZ));
    }
}
