package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingBufferTest {

    final MemorySegment seg = Arena.ofAuto().allocate(4096 + 1024, 4096);
    final CountingSignal readerSignal = new CountingSignal();
    final CountingSignal writerSignal = new CountingSignal();
    final RingBuffer ring;

    RingBufferTest() {
        RingBuffer.format(seg);
        ring = RingBuffer.attach(seg, readerSignal, writerSignal);
    }

    ByteBuffer header() {
        return seg.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    int drain() {
        return ring.read(p -> { }, Integer.MAX_VALUE);
    }

    @Test
    void readOfEmptyRingReturnsZero() {
        assertEquals(0, drain());
    }

    @Test
    void packetsComeOutInOrderWithTheirFields() {
        ring.tryWrite(6, 1, 10, new byte[] {1});
        ring.tryWrite(11, 0, 20, new byte[] {2, 2});
        List<String> seen = new ArrayList<>();
        assertEquals(2, ring.read(p -> seen.add(p.type() + ":" + p.flags() + ":" + p.transId() + ":" + p.payloadLength()), 10));
        assertEquals(List.of("6:1:10:8", "11:0:20:8"), seen);
    }

    @Test
    void readStopsAtLimitAndKeepsTheRest() {
        for (int i = 0; i < 5; i++) {
            ring.tryWrite(6, 0, i, new byte[8]);
        }
        assertEquals(3, ring.read(p -> { }, 3));
        assertEquals(2, drain());
    }

    @Test
    void writeIsRefusedWhenFreeSpaceEqualsThePacketSize() {
        // data 1024: packets of payload 104 occupy 128 bytes each with trailer; 8 of them would make it look empty.
        int written = 0;
        while (ring.tryWrite(6, 0, written, new byte[104])) {
            written++;
        }
        assertEquals(7, written);
        assertEquals(128, ring.bytesToWrite());
        assertEquals(7, drain());
    }

    @Test
    void refusedWriteChangesNothing() {
        while (ring.tryWrite(6, 0, 0, new byte[104])) {
        }
        byte[] before = seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertFalse(ring.tryWrite(6, 0, 0, new byte[104]));
        assertTrue(java.util.Arrays.equals(before, seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    @Test
    void payloadLargerThanTheRingIsRejectedWithItsSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> ring.tryWrite(6, 0, 0, new byte[1000]));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void readerIsSignalledOnlyWhenTheRingTurnsNonEmpty() {
        ring.tryWrite(6, 0, 1, new byte[8]);
        ring.tryWrite(6, 0, 2, new byte[8]);
        assertEquals(1, readerSignal.count());
        drain();
        ring.tryWrite(6, 0, 3, new byte[8]);
        assertEquals(2, readerSignal.count());
    }

    @Test
    void appendedPacketsStayInvisibleUntilPublished() {
        assertTrue(ring.tryAppend(6, 0, 1, MemorySegment.ofArray(new byte[8]), 0, 8));
        assertTrue(ring.tryAppend(6, 0, 2, MemorySegment.ofArray(new byte[8]), 0, 8));
        assertEquals(0, drain());
        assertEquals(0, header().getInt(0));
        ring.publish();
        assertEquals(64, header().getInt(0));
        assertEquals(1, readerSignal.count(), "one signal for the whole batch");
        assertEquals(2, drain());
    }

    @Test
    void appendCountsUnpublishedPacketsAgainstFreeSpace() {
        int appended = 0;
        while (ring.tryAppend(6, 0, appended, MemorySegment.ofArray(new byte[104]), 0, 104)) {
            appended++;
        }
        assertEquals(7, appended);
        ring.publish();
        assertEquals(7, drain());
    }

    @Test
    void readerIsNotSignalledWhileInterruptMaskIsSet() {
        ring.maskInterrupts();
        ring.tryWrite(6, 0, 1, new byte[8]);
        assertEquals(0, readerSignal.count());
        assertEquals(32, ring.unmaskInterrupts());
    }

    @Test
    void writerIsSignalledWhenFreeSpaceCrossesPendingSendSize() {
        while (ring.tryWrite(6, 0, 0, new byte[104])) {
        }
        assertTrue(ring.requestSpace(128 + 128) <= 256);
        ring.read(p -> { }, 1); // frees 128: 256 free, not more than 256
        assertEquals(0, writerSignal.count());
        ring.read(p -> { }, 1); // 384 free: crossed
        assertEquals(1, writerSignal.count());
        ring.read(p -> { }, 1); // already above: no second signal
        assertEquals(1, writerSignal.count());
    }

    @Test
    void writerIsNotSignalledWithoutPendingSendSize() {
        while (ring.tryWrite(6, 0, 0, new byte[104])) {
        }
        drain();
        assertEquals(0, writerSignal.count());
    }

    @Test
    void writerIsNotSignalledWhenFeatureBitIsClear() {
        header().putInt(64, 0);
        while (ring.tryWrite(6, 0, 0, new byte[104])) {
        }
        ring.requestSpace(200);
        drain();
        assertEquals(0, writerSignal.count());
    }

    @Test
    void writeIndexOutsideDataAreaIsReportedWithItsValue() {
        header().putInt(0, 4096);
        var e = assertThrows(RingCorruptedException.class, () -> drain());
        assertTrue(e.getMessage().contains("write_index 4096"), e.getMessage());
        assertThrows(RingCorruptedException.class, () -> RingBuffer.attach(seg, readerSignal, writerSignal));
    }

    @Test
    void negativeLookingIndexIsReportedUnsigned() {
        header().putInt(4, 0xFFFF_FFF8);
        var e = assertThrows(RingCorruptedException.class, () -> RingBuffer.attach(seg, readerSignal, writerSignal));
        assertTrue(e.getMessage().contains("read_index 4294967288"), e.getMessage());
    }

    @Test
    void misalignedReadIndexIsReportedToTheWriter() {
        while (ring.tryWrite(6, 0, 0, new byte[104])) {
        }
        header().putInt(4, 4); // the reader's field, as a peer could scribble it
        var e = assertThrows(RingCorruptedException.class, () -> ring.tryWrite(6, 0, 0, new byte[104]));
        assertTrue(e.getMessage().contains("read_index 4"), e.getMessage());
    }

    @Test
    void len8LargerThanTheBytesPresentIsReportedAndNothingIsConsumed() {
        ring.tryWrite(6, 0, 0, new byte[8]);
        header().putShort(4096 + 4, (short) 100);
        var e = assertThrows(RingCorruptedException.class, () -> drain());
        assertTrue(e.getMessage().contains("len8 100"), e.getMessage());
        assertEquals(0, header().getInt(4));
    }

    @Test
    void len8ReachingIntoTheTrailerIsReported() {
        ring.tryWrite(6, 0, 0, new byte[8]); // 24 + 8 bytes present
        header().putShort(4096 + 4, (short) 4); // 32 bytes + trailer > 32
        assertThrows(RingCorruptedException.class, () -> drain());
    }

    @Test
    void offset8BelowTheDescriptorIsReported() {
        ring.tryWrite(6, 0, 0, new byte[8]);
        header().putShort(4096 + 2, (short) 1);
        var e = assertThrows(RingCorruptedException.class, () -> drain());
        assertTrue(e.getMessage().contains("offset8 1"), e.getMessage());
    }

    @Test
    void offset8BeyondThePacketIsReported() {
        ring.tryWrite(6, 0, 0, new byte[8]);
        header().putShort(4096 + 2, (short) 4);
        var e = assertThrows(RingCorruptedException.class, () -> drain());
        assertTrue(e.getMessage().contains("offset8 4"), e.getMessage());
    }

    @Test
    void corruptPacketAfterGoodOnesKeepsTheGoodOnesConsumed() {
        ring.tryWrite(6, 0, 1, new byte[8]);
        ring.tryWrite(6, 0, 2, new byte[8]);
        header().putShort(4096 + 32 + 4, (short) 0);
        List<Long> seen = new ArrayList<>();
        assertThrows(RingCorruptedException.class, () -> ring.read(p -> seen.add(p.transId()), 10));
        assertEquals(List.of(1L), seen);
        assertEquals(32, header().getInt(4));
    }

    @Test
    void handlerFailureLeavesTheFailingPacketUnread() {
        ring.tryWrite(6, 0, 1, new byte[8]);
        ring.tryWrite(6, 0, 2, new byte[8]);
        assertThrows(IllegalStateException.class, () -> ring.read(p -> {
            if (p.transId() == 2) {
                throw new IllegalStateException("boom");
            }
        }, 10));
        List<Long> seen = new ArrayList<>();
        ring.read(p -> seen.add(p.transId()), 10);
        assertEquals(List.of(2L), seen);
    }

    @Test
    void byteArraySegmentIsRejectedForAlignment() {
        var e = assertThrows(IllegalArgumentException.class, () -> RingBuffer.format(MemorySegment.ofArray(new byte[8192])));
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
    }

    @Test
    void tooSmallSegmentIsRejectedWithItsSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> RingBuffer.format(MemorySegment.ofArray(new long[512 + 2])));
        assertTrue(e.getMessage().contains("4112"), e.getMessage());
    }

    @Test
    void heapLongArraySegmentWorksLikeNative() {
        {
            MemorySegment n = MemorySegment.ofArray(new long[(4096 + 256) / 8]);
            RingBuffer.format(n);
            RingBuffer r = RingBuffer.attach(n, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
            assertTrue(r.tryWrite(6, 0, 99, new byte[] {9}));
            long[] got = new long[1];
            r.read(p -> got[0] = p.transId(), 1);
            assertEquals(99, got[0]);
        }
    }

    @Test
    void aWriterAttachingToARingWithUnreadDataNeverOverwritesIt() {
        // data 1024, packets of 128 ring bytes: 5 written and read, then 4 unread that wrap around the end.
        for (int i = 0; i < 5; i++) {
            ring.tryWrite(6, 0, i, new byte[104]);
        }
        assertEquals(5, drain());
        for (int i = 0; i < 4; i++) {
            assertTrue(ring.tryWrite(6, 0, 100 + i, new byte[104]));
        }
        assertEquals(128, header().getInt(0), "write_index wrapped");
        assertEquals(640, header().getInt(4), "read_index");
        byte[] before = seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        RingBuffer writer = RingBuffer.attach(seg, readerSignal, writerSignal);
        // 624 ring bytes: more than the 512 free, less than the 896 a writer assuming read_index 0 would count.
        assertFalse(writer.tryWrite(6, 0, 999, new byte[600]));
        assertEquals(512, writer.bytesToWrite());
        assertTrue(java.util.Arrays.equals(before, seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        List<Long> ids = new ArrayList<>();
        RingBuffer.attach(seg, readerSignal, writerSignal).read(p -> ids.add(p.transId()), 10);
        assertEquals(List.of(100L, 101L, 102L, 103L), ids);
    }

    @Test
    void aPrivateCopyReaderSeesBytesThePeerCannotChangeUnderIt() {
        RingBuffer reader = RingBuffer.attach(seg, readerSignal, writerSignal, RingBuffer.Reading.PRIVATE_COPY);
        ring.tryWrite(6, 0, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long[] seen = new long[2];
        reader.read(p -> {
            seen[0] = p.getLong(0);
            header().putLong(RingBufferDescriptor.DATA_OFFSET + PacketDescriptor.LENGTH, -1L); // the peer scribbles
            seen[1] = p.getLong(0);
        }, 1);
        assertEquals(0x0807060504030201L, seen[0]);
        assertEquals(seen[0], seen[1]);
    }

    /** Without a private copy the handler reads the ring itself: what it checked may change before it uses it. */
    @Test
    void anInPlaceReaderSeesThePeersLaterWrites() {
        ring.tryWrite(6, 0, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long[] seen = new long[2];
        ring.read(p -> {
            seen[0] = p.getLong(0);
            header().putLong(RingBufferDescriptor.DATA_OFFSET + PacketDescriptor.LENGTH, -1L);
            seen[1] = p.getLong(0);
        }, 1);
        assertEquals(-1L, seen[1]);
    }
}
