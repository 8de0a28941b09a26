package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Packet}'s accessors stay within the payload, though the packet is read in place and the ring's bytes
 * go on past it; and {@link PacketDescriptor#len8Of}.
 */
class PacketTest {

    final Channel.Pair pair = Channel.inProcess(8192);

    /** Sends a 16-byte payload (longs 0x1111... and 0x2222...) with a packet after it, then reads the first. */
    private void withPacket(PacketHandler handler) throws Exception {
        ByteBuffer payload = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0x1111_1111_1111_1111L).putLong(0x2222_2222_2222_2222L);
        pair.guest().send(6, 1, 7, payload.array(), TimeUnit.SECONDS.toNanos(10));
        pair.guest().send(6, 1, 8, new byte[64], TimeUnit.SECONDS.toNanos(10));
        assertEquals(1, pair.host().poll(handler, 1));
    }

    @Test
    void getLongReadsUpToTheLastByteOfThePayloadAndNoFurther() throws Exception {
        withPacket(p -> {
            assertEquals(0x2222_2222_2222_2222L, p.getLong(8));
            var e = assertThrows(IndexOutOfBoundsException.class, () -> p.getLong(9));
            assertEquals("range [9, 9 + 8) outside payload of 16 bytes", e.getMessage());
        });
    }

    @Test
    void getIntReadsUpToTheLastByteOfThePayloadAndNoFurther() throws Exception {
        withPacket(p -> {
            assertEquals(0x2222_2222, p.getInt(12));
            var e = assertThrows(IndexOutOfBoundsException.class, () -> p.getInt(13));
            assertEquals("range [13, 13 + 4) outside payload of 16 bytes", e.getMessage());
        });
    }

    @Test
    void copyPayloadCopiesUpToTheLastByteOfThePayloadAndNoFurther() throws Exception {
        withPacket(p -> {
            MemorySegment dst = MemorySegment.ofArray(new byte[16]);
            p.copyPayload(8, dst, 0, 8);
            assertEquals(0x22, dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 7));
            var e = assertThrows(IndexOutOfBoundsException.class, () -> p.copyPayload(9, dst, 0, 8));
            assertEquals("range [9, 9 + 8) outside payload of 16 bytes", e.getMessage());
        });
    }

    @Test
    void theFirstLongOfThePayloadIsAtOffsetZero() throws Exception {
        withPacket(p -> assertEquals(0x1111_1111_1111_1111L, p.getLong(0)));
    }

    @Test
    void anEmptyCopyAtTheEndOfThePayloadIsInRange() throws Exception {
        withPacket(p -> p.copyPayload(16, MemorySegment.ofArray(new byte[0]), 0, 0));
    }

    @Test
    void aNegativeOffsetOrLengthIsOutOfRange() throws Exception {
        withPacket(p -> {
            var e = assertThrows(IndexOutOfBoundsException.class, () -> p.getInt(-1));
            assertEquals("range [-1, -1 + 4) outside payload of 16 bytes", e.getMessage());
            var f = assertThrows(IndexOutOfBoundsException.class,
                    () -> p.copyPayload(0, MemorySegment.ofArray(new byte[8]), 0, -1));
            assertEquals("range [0, 0 + -1) outside payload of 16 bytes", f.getMessage());
        });
    }

    @Test
    void toStringNamesTheDescriptorFields() throws Exception {
        withPacket(p -> assertEquals("Packet[type=6, flags=1, transId=7, payloadLength=16]", p.toString()));
    }

    @Test
    void len8CountsDescriptorAndPaddedPayloadInUnitsOfEight() {
        assertEquals(2, PacketDescriptor.len8Of(0));
        assertEquals(3, PacketDescriptor.len8Of(1));
        assertEquals(3, PacketDescriptor.len8Of(8));
        assertEquals(4, PacketDescriptor.len8Of(9));
    }
}
