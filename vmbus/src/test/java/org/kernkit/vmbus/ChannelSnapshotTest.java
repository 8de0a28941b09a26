package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChannelSnapshot#read}: what it reports of a channel file, and what it refuses or flags. */
class ChannelSnapshotTest {

    private static final int RING_LENGTH = 8192;
    private static final int DATA = RING_LENGTH - RingBufferDescriptor.HEADER_LENGTH;
    private static final long G2H = ChannelDescriptor.guestToHostRingOffset();
    private static final long H2G = ChannelDescriptor.hostToGuestRingOffset(RING_LENGTH);

    @TempDir
    Path dir;

    private Path channel() throws IOException {
        Path file = dir.resolve("channel");
        try (Arena arena = Arena.ofConfined()) {
            ChannelFile.create(file, RING_LENGTH, arena);
        }
        return file;
    }

    /** Runs {@code body} on the guest-to-host ring of {@code file}, attached with no signals. */
    private static void onGuestToHost(Path file, java.util.function.Consumer<RingBuffer> body) throws IOException {
        try (Arena arena = Arena.ofConfined(); FileChannel fc = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MemorySegment region = fc.map(FileChannel.MapMode.READ_WRITE, 0,
                    ChannelDescriptor.regionLength(RING_LENGTH), arena);
            body.accept(RingBuffer.attach(region.asSlice(G2H, RING_LENGTH), RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL));
        }
    }

    private static void putInt(Path file, long at, int value) throws IOException {
        put(file, at, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private static void putLong(Path file, long at, long value) throws IOException {
        put(file, at, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    private static void put(Path file, long at, ByteBuffer bytes) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.WRITE)) {
            fc.write(bytes, at);
        }
    }

    private static void writeAndRead(RingBuffer ring, int payload) {
        assertTrue(ring.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, new byte[payload]));
        assertEquals(1, ring.read(p -> { }, 1));
    }

    @Test
    void aFreshChannelShowsItsControlPageAndTwoEmptyRings() throws IOException {
        Path file = channel();
        ChannelSnapshot s = ChannelSnapshot.read(file);
        assertEquals(file, s.file());
        assertEquals(ChannelDescriptor.regionLength(RING_LENGTH), s.fileSize());
        assertEquals(ChannelDescriptor.MAGIC, s.magic());
        assertEquals(ChannelDescriptor.VERSION, s.version());
        assertEquals(RING_LENGTH, s.ringLength());
        for (ChannelSnapshot.RingState ring : List.of(s.guestToHost(), s.hostToGuest())) {
            assertEquals(DATA, ring.dataLength());
            assertEquals(0, ring.bytesToRead());
            assertEquals(DATA, ring.bytesToWrite());
            assertEquals(RingBufferDescriptor.FEATURE_PENDING_SEND_SIZE, ring.featureBits());
            assertEquals(List.of(), ring.packets());
            assertNull(ring.problem());
        }
    }

    @Test
    void sideWordsAndSignalsAreDecodedFromTheirOwnOffsets() throws IOException {
        Path file = channel();
        putLong(file, ChannelDescriptor.HOST_WORD_OFFSET, ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_ATTACHED, 4242));
        putLong(file, ChannelDescriptor.GUEST_WORD_OFFSET, ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_CLOSED, 99));
        int[] offsets = {ChannelDescriptor.HOST_DATA_SIGNAL_OFFSET, ChannelDescriptor.GUEST_SPACE_SIGNAL_OFFSET,
            ChannelDescriptor.GUEST_DATA_SIGNAL_OFFSET, ChannelDescriptor.HOST_SPACE_SIGNAL_OFFSET};
        for (int i = 0; i < offsets.length; i++) {
            putInt(file, offsets[i], 10 + i);
            putInt(file, offsets[i] + 4, 20 + i);
        }
        ChannelSnapshot s = ChannelSnapshot.read(file);
        assertEquals(new ChannelSnapshot.Side(ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_ATTACHED, 4242), 7,
                ChannelDescriptor.STATE_ATTACHED, 4242), s.host());
        assertEquals(new ChannelSnapshot.Side(ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_CLOSED, 99), 7,
                ChannelDescriptor.STATE_CLOSED, 99), s.guest());
        assertEquals(List.of(new ChannelSnapshot.SignalState("host-data", 10, 20),
                new ChannelSnapshot.SignalState("guest-space", 11, 21),
                new ChannelSnapshot.SignalState("guest-data", 12, 22),
                new ChannelSnapshot.SignalState("host-space", 13, 23)), s.signals());
    }

    @Test
    void ringHeaderFieldsComeFromTheirRingOnly() throws IOException {
        Path file = channel();
        putInt(file, G2H + RingBufferDescriptor.INTERRUPT_MASK_OFFSET, 1);
        putInt(file, G2H + RingBufferDescriptor.PENDING_SEND_SIZE_OFFSET, 512);
        ChannelSnapshot s = ChannelSnapshot.read(file);
        assertEquals(1, s.guestToHost().interruptMask());
        assertEquals(512, s.guestToHost().pendingSendSize());
        assertEquals(0, s.hostToGuest().interruptMask());
        assertEquals(0, s.hostToGuest().pendingSendSize());
    }

    @Test
    void unreadPacketsAreDescribedInOrderWithEveryField() throws IOException {
        Path file = channel();
        onGuestToHost(file, ring -> {
            writeAndRead(ring, 8); // read_index 32: descriptors are reported from read_index, not from 0
            assertTrue(ring.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                    0x1122334455667788L, new byte[5]));
            assertTrue(ring.tryWrite(PacketDescriptor.TYPE_COMPLETION, 0, 42, new byte[24]));
        });
        ChannelSnapshot.RingState ring = ChannelSnapshot.read(file).guestToHost();
        assertEquals(32, ring.readIndex());
        assertEquals(32 + 32 + 48, ring.writeIndex());
        assertEquals(80, ring.bytesToRead());
        assertEquals(DATA - 80, ring.bytesToWrite());
        assertEquals(List.of(
                new ChannelSnapshot.Descriptor(32, PacketDescriptor.TYPE_DATA_INBAND, 2, 3,
                        PacketDescriptor.FLAG_COMPLETION_REQUESTED, 0x1122334455667788L),
                new ChannelSnapshot.Descriptor(64, PacketDescriptor.TYPE_COMPLETION, 2, 5, 0, 42)), ring.packets());
        assertNull(ring.problem());
        assertEquals(List.of(), ChannelSnapshot.read(file).hostToGuest().packets());
    }

    @Test
    void aDescriptorThatWrapsAroundTheDataAreaIsReadFromBothEnds() throws IOException {
        Path file = channel();
        onGuestToHost(file, ring -> {
            for (int i = 0; i < 63; i++) {
                writeAndRead(ring, 40); // 64 ring bytes each
            }
            writeAndRead(ring, 32); // 56 more: read_index = write_index = DATA - 8
            assertTrue(ring.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 3, 0xABCDEF0123L, new byte[16]));
            assertTrue(ring.tryWrite(PacketDescriptor.TYPE_COMPLETION, 0, 7, new byte[0]));
        });
        ChannelSnapshot.RingState ring = ChannelSnapshot.read(file).guestToHost();
        assertEquals(DATA - 8, ring.readIndex());
        assertEquals(40 + 24, ring.bytesToRead());
        assertEquals(List.of(
                new ChannelSnapshot.Descriptor(DATA - 8, PacketDescriptor.TYPE_DATA_INBAND, 2, 4, 3, 0xABCDEF0123L),
                new ChannelSnapshot.Descriptor(32, PacketDescriptor.TYPE_COMPLETION, 2, 2, 0, 7)), ring.packets());
        assertNull(ring.problem());
    }

    @Test
    void atMostMaxPacketsAreDescribed() throws IOException {
        Path file = channel();
        int written = ChannelSnapshot.MAX_PACKETS + 6;
        onGuestToHost(file, ring -> {
            for (int i = 0; i < written; i++) {
                assertTrue(ring.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, i, new byte[0]));
            }
        });
        ChannelSnapshot.RingState ring = ChannelSnapshot.read(file).guestToHost();
        assertEquals(written * 24, ring.bytesToRead());
        assertEquals(ChannelSnapshot.MAX_PACKETS, ring.packets().size());
        assertEquals(ChannelSnapshot.MAX_PACKETS - 1, ring.packets().getLast().transId());
        assertNull(ring.problem());
    }

    @Test
    void exactlyMaxPacketsAreAllDescribed() throws IOException {
        Path file = channel();
        onGuestToHost(file, ring -> {
            for (int i = 0; i < ChannelSnapshot.MAX_PACKETS; i++) {
                assertTrue(ring.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, i, new byte[0]));
            }
        });
        ChannelSnapshot.RingState ring = ChannelSnapshot.read(file).guestToHost();
        assertEquals(ChannelSnapshot.MAX_PACKETS, ring.packets().size());
        assertNull(ring.problem());
    }

    private static ChannelSnapshot.RingState withIndexes(Path file, int write, int read) throws IOException {
        putInt(file, G2H + RingBufferDescriptor.WRITE_INDEX_OFFSET, write);
        putInt(file, G2H + RingBufferDescriptor.READ_INDEX_OFFSET, read);
        return ChannelSnapshot.read(file).guestToHost();
    }

    @Test
    void aWriteIndexOutsideTheDataAreaIsReportedNotFollowed() throws IOException {
        Path file = channel();
        ChannelSnapshot.RingState ring = withIndexes(file, DATA, 0);
        assertEquals("write_index " + DATA + " is outside the data area of " + DATA + " bytes or not a multiple of 8",
                ring.problem());
        assertEquals(-1, ring.bytesToRead());
        assertEquals(-1, ring.bytesToWrite());
        assertEquals(List.of(), ring.packets());
        assertEquals(DATA, ring.writeIndex());
    }

    @Test
    void aNegativeOrUnalignedIndexIsReported() throws IOException {
        Path file = channel();
        assertEquals("write_index " + Integer.toUnsignedString(-8) + " is outside the data area of " + DATA
                + " bytes or not a multiple of 8", withIndexes(file, -8, 0).problem());
        assertTrue(withIndexes(file, 12, 0).problem().startsWith("write_index 12 "));
        assertTrue(withIndexes(file, 0, 4).problem().startsWith("read_index 4 "));
        assertTrue(withIndexes(file, 0, DATA).problem().startsWith("read_index " + DATA + " "));
    }

    @Test
    void theLastAlignedIndexesAreValid() throws IOException {
        Path file = channel();
        ChannelSnapshot.RingState ring = withIndexes(file, DATA - 8, DATA - 8);
        assertNull(ring.problem());
        assertEquals(0, ring.bytesToRead());
        assertEquals(DATA, ring.bytesToWrite());
        // write_index 0 with read_index 0 is empty, too: neither index counts as invalid at the low bound
        assertNull(withIndexes(file, 0, 0).problem());
    }

    @Test
    void fewerBytesThanADescriptorAndTrailerAreReported() throws IOException {
        Path file = channel();
        ChannelSnapshot.RingState ring = withIndexes(file, 16, 0);
        assertEquals("only 16 bytes present at 0, less than a descriptor and trailer", ring.problem());
        assertEquals(16, ring.bytesToRead());
        assertEquals(List.of(), ring.packets());
    }

    /** One descriptor at data offset 0 with the given offset8 and len8, and write_index {@code write}. */
    private static ChannelSnapshot.RingState withDescriptor(Path file, int offset8, int len8, int write)
            throws IOException {
        long word = PacketDescriptor.TYPE_DATA_INBAND | ((long) offset8 << 16) | ((long) len8 << 32);
        putLong(file, G2H + RingBufferDescriptor.DATA_OFFSET, word);
        return withIndexes(file, write, 0);
    }

    @Test
    void anOffset8BelowTheDescriptorIsReported() throws IOException {
        Path file = channel();
        ChannelSnapshot.RingState ring = withDescriptor(file, 1, 2, 24);
        assertEquals("packet at 0 has offset8 1, outside [2, len8 2]", ring.problem());
        assertEquals(List.of(), ring.packets());
    }

    @Test
    void anOffset8PastLen8IsReportedAndOneEqualToItIsNot() throws IOException {
        Path file = channel();
        assertEquals("packet at 0 has offset8 3, outside [2, len8 2]", withDescriptor(file, 3, 2, 24).problem());
        ChannelSnapshot.RingState bare = withDescriptor(file, 2, 2, 24);
        assertNull(bare.problem());
        assertEquals(1, bare.packets().size());
    }

    @Test
    void aLen8LongerThanTheBytesPresentIsReportedAndOneThatFitsExactlyIsNot() throws IOException {
        Path file = channel();
        assertEquals("packet at 0 has len8 4 (40 bytes with trailer) but only 32 bytes are present",
                withDescriptor(file, 2, 4, 32).problem());
        ChannelSnapshot.RingState exact = withDescriptor(file, 2, 3, 32);
        assertNull(exact.problem());
        assertEquals(List.of(new ChannelSnapshot.Descriptor(0, PacketDescriptor.TYPE_DATA_INBAND, 2, 3, 0, 0)),
                exact.packets());
    }

    @Test
    void aFileSmallerThanTheControlPageIsRefused() throws IOException {
        Path file = dir.resolve("small");
        Files.write(file, new byte[100]);
        IOException e = assertThrows(IOException.class, () -> ChannelSnapshot.read(file));
        assertEquals(file + " is not a kernkit vmbus channel: 100 bytes, smaller than the 4096-byte control page",
                e.getMessage());
    }

    @Test
    void aFileWithAnotherMagicIsRefused() throws IOException {
        Path file = channel();
        putLong(file, ChannelDescriptor.MAGIC_OFFSET, 0x1234);
        IOException e = assertThrows(IOException.class, () -> ChannelSnapshot.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a kernkit vmbus channel: it starts with 0x1234"),
                e.getMessage());
    }

    @Test
    void anotherLayoutVersionIsRefused() throws IOException {
        Path file = channel();
        putInt(file, ChannelDescriptor.VERSION_OFFSET, ChannelDescriptor.VERSION + 1);
        IOException e = assertThrows(IOException.class, () -> ChannelSnapshot.read(file));
        assertTrue(e.getMessage().contains("layout version " + (ChannelDescriptor.VERSION + 1)), e.getMessage());
    }

    @Test
    void aRingLengthThatIsNotAPageMultipleIsRefused() throws IOException {
        Path file = channel();
        putInt(file, ChannelDescriptor.RING_LENGTH_OFFSET, RING_LENGTH - 8);
        IOException e = assertThrows(IOException.class, () -> ChannelSnapshot.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ring length " + (RING_LENGTH - 8)), e.getMessage());
    }

    @Test
    void aFileShorterThanItsRingsIsRefused() throws IOException {
        Path file = channel();
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.WRITE)) {
            fc.truncate(ChannelDescriptor.regionLength(RING_LENGTH) - 1);
        }
        IOException e = assertThrows(IOException.class, () -> ChannelSnapshot.read(file));
        assertTrue(e.getMessage().contains("is shorter than its two rings"), e.getMessage());
    }

    @Test
    void aFileOfExactlyTheRegionLengthIsRead() throws IOException {
        Path file = channel();
        assertEquals(ChannelDescriptor.regionLength(RING_LENGTH), Files.size(file));
        assertEquals(RING_LENGTH, ChannelSnapshot.read(file).ringLength());
    }

    @Test
    void aDirectoryIsRefusedBeforeAnyOpen() {
        assertThrows(FileSystemException.class, () -> ChannelSnapshot.read(dir));
    }
}
