package org.kernkit.vmbus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a channel file holds, read with plain file reads: the control page, both ring headers, and the next
 * packet descriptors of each ring. For {@code kernkit vmbus dump}. Nothing is mapped, attached or written.
 *
 * <p>The file may belong to live peers, so a snapshot is not atomic: each field is what the file held when it was
 * read. Every value is checked as a reader would check it; what does not pass is reported in
 * {@link RingState#problem()}, never followed.
 *
 * @param file the file read
 * @param fileSize its size in bytes
 * @param magic the magic word
 * @param version the layout version
 * @param ringLength bytes of each ring, header page included
 * @param host the host side word
 * @param guest the guest side word
 * @param signals the four signals in control-page order: host-data, guest-space, guest-data, host-space
 * @param guestToHost the ring the guest writes
 * @param hostToGuest the ring the host writes
 */
public record ChannelSnapshot(Path file, long fileSize, long magic, int version, int ringLength, Side host,
                              Side guest, List<SignalState> signals, RingState guestToHost, RingState hostToGuest) {

    /** Packets of each ring described at most. */
    public static final int MAX_PACKETS = 64;

    /**
     * A side word, decoded.
     *
     * @param word the raw 64-bit word
     * @param epoch its session
     * @param state its state, see {@link ChannelDescriptor#stateName(int)}
     * @param pid the process holding the side, 0 if none
     */
    public record Side(long word, int epoch, int state, long pid) {
        static Side of(long word) {
            return new Side(word, ChannelDescriptor.epochOf(word), ChannelDescriptor.stateOf(word),
                    ChannelDescriptor.pidOf(word));
        }
    }

    /**
     * One signal's two words.
     *
     * @param name which signal
     * @param sequence the futex word, bumped by every signal
     * @param waiters threads sleeping on it
     */
    public record SignalState(String name, int sequence, int waiters) {
    }

    /**
     * One packet descriptor.
     *
     * @param at its offset in the data area
     * @param type {@code type}
     * @param offset8 {@code offset8}
     * @param len8 {@code len8}
     * @param flags {@code flags}
     * @param transId {@code trans_id}
     */
    public record Descriptor(int at, int type, int offset8, int len8, int flags, long transId) {
    }

    /**
     * One ring's header and the descriptors between {@code read_index} and {@code write_index}.
     *
     * @param writeIndex {@code write_index}
     * @param readIndex {@code read_index}
     * @param interruptMask {@code interrupt_mask}
     * @param pendingSendSize {@code pending_send_sz}
     * @param featureBits {@code feature_bits}
     * @param dataLength bytes of the data area
     * @param bytesToRead bytes between the indexes, -1 if an index is invalid
     * @param bytesToWrite free bytes as a writer counts them, -1 if an index is invalid
     * @param packets the next descriptors, at most {@link #MAX_PACKETS}
     * @param problem what stopped the walk early (an invalid index or descriptor), or null
     */
    public record RingState(int writeIndex, int readIndex, int interruptMask, int pendingSendSize, int featureBits,
                            int dataLength, int bytesToRead, int bytesToWrite, List<Descriptor> packets,
                            String problem) {
    }

    /**
     * Reads {@code file}. Read only: never writes to it or takes a lock, so it can look at a channel in use.
     *
     * @param file a channel file
     * @return a copy of its control words and ring indexes as they were read
     * @throws IOException if it cannot be read, or is not a channel of this layout (the message names the file and
     *     what it holds)
     */
    public static ChannelSnapshot read(Path file) throws IOException {
        ChannelFile.requireRegularFileOrAbsent(file);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = fc.size();
            ByteBuffer control = ChannelFile.readControl(fc);
            if (control == null) {
                throw new IOException(file + " is not a kernkit vmbus channel: " + size + " bytes, smaller than the "
                        + ChannelDescriptor.CONTROL_LENGTH + "-byte control page");
            }
            long magic = control.getLong(ChannelDescriptor.MAGIC_OFFSET);
            int version = control.getInt(ChannelDescriptor.VERSION_OFFSET);
            int ringLength = control.getInt(ChannelDescriptor.RING_LENGTH_OFFSET);
            if (magic != ChannelDescriptor.MAGIC) {
                throw new IOException(file + " is not a kernkit vmbus channel: it starts with 0x"
                        + Long.toHexString(magic) + ", a channel with 0x" + Long.toHexString(ChannelDescriptor.MAGIC));
            }
            if (version != ChannelDescriptor.VERSION) {
                throw new IOException(file + " has channel layout version " + version + ", this code reads "
                        + ChannelDescriptor.VERSION);
            }
            try {
                ChannelDescriptor.checkRingLength(ringLength);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
            if (ChannelDescriptor.regionLength(ringLength) > size) {
                throw new IOException(file + " of " + size + " bytes is shorter than its two rings of " + ringLength
                        + " bytes need");
            }
            List<SignalState> signals = new ArrayList<>();
            String[] names = {"host-data", "guest-space", "guest-data", "host-space"};
            int[] offsets = {ChannelDescriptor.HOST_DATA_SIGNAL_OFFSET, ChannelDescriptor.GUEST_SPACE_SIGNAL_OFFSET,
                ChannelDescriptor.GUEST_DATA_SIGNAL_OFFSET, ChannelDescriptor.HOST_SPACE_SIGNAL_OFFSET};
            for (int i = 0; i < names.length; i++) {
                signals.add(new SignalState(names[i], control.getInt(offsets[i]), control.getInt(offsets[i] + 4)));
            }
            return new ChannelSnapshot(file, size, magic, version, ringLength,
                    Side.of(control.getLong(ChannelDescriptor.HOST_WORD_OFFSET)),
                    Side.of(control.getLong(ChannelDescriptor.GUEST_WORD_OFFSET)), List.copyOf(signals),
                    ring(fc, ChannelDescriptor.guestToHostRingOffset(), ringLength),
                    ring(fc, ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength));
        }
    }

    private static RingState ring(FileChannel fc, long base, int ringLength) throws IOException {
        ByteBuffer header = readFully(fc, base, 128);
        int write = header.getInt(RingBufferDescriptor.WRITE_INDEX_OFFSET);
        int read = header.getInt(RingBufferDescriptor.READ_INDEX_OFFSET);
        int mask = header.getInt(RingBufferDescriptor.INTERRUPT_MASK_OFFSET);
        int pending = header.getInt(RingBufferDescriptor.PENDING_SEND_SIZE_OFFSET);
        int features = header.getInt(RingBufferDescriptor.FEATURE_BITS_OFFSET);
        int data = ringLength - RingBufferDescriptor.HEADER_LENGTH;
        List<Descriptor> packets = new ArrayList<>();
        String problem = indexProblem(write, "write_index", data);
        if (problem == null) {
            problem = indexProblem(read, "read_index", data);
        }
        if (problem != null) {
            return new RingState(write, read, mask, pending, features, data, -1, -1, List.of(), problem);
        }
        int toRead = RingBufferDescriptor.bytesToRead(read, write, data);
        int at = read;
        int left = toRead;
        while (left > 0 && packets.size() < MAX_PACKETS) {
            if (left < PacketDescriptor.LENGTH + RingBufferDescriptor.TRAILER_LENGTH) {
                problem = "only " + left + " bytes present at " + at + ", less than a descriptor and trailer";
                break;
            }
            ByteBuffer d = readWrapped(fc, base + RingBufferDescriptor.DATA_OFFSET, data, at, PacketDescriptor.LENGTH);
            Descriptor descriptor = new Descriptor(at, Short.toUnsignedInt(d.getShort(0)),
                    Short.toUnsignedInt(d.getShort(2)), Short.toUnsignedInt(d.getShort(4)),
                    Short.toUnsignedInt(d.getShort(6)), d.getLong(8));
            if (descriptor.offset8() < PacketDescriptor.BARE_OFFSET8 || descriptor.offset8() > descriptor.len8()) {
                problem = "packet at " + at + " has offset8 " + descriptor.offset8() + ", outside ["
                        + PacketDescriptor.BARE_OFFSET8 + ", len8 " + descriptor.len8() + "]";
                break;
            }
            int total = descriptor.len8() * 8 + RingBufferDescriptor.TRAILER_LENGTH;
            if (total > left) {
                problem = "packet at " + at + " has len8 " + descriptor.len8() + " (" + total
                        + " bytes with trailer) but only " + left + " bytes are present";
                break;
            }
            packets.add(descriptor);
            at = (int) ((at + (long) total) % data);
            left -= total;
        }
        return new RingState(write, read, mask, pending, features, data, toRead,
                RingBufferDescriptor.bytesToWrite(read, write, data), List.copyOf(packets), problem);
    }

    private static String indexProblem(int index, String name, int data) {
        return index < 0 || index >= data || (index & 7) != 0
                ? name + " " + Integer.toUnsignedString(index) + " is outside the data area of " + data
                        + " bytes or not a multiple of 8"
                : null;
    }

    private static ByteBuffer readWrapped(FileChannel fc, long dataBase, int data, int at, int length) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int first = Math.min(length, data - at);
        out.put(readFully(fc, dataBase + at, first));
        if (first < length) {
            out.put(readFully(fc, dataBase, length - first));
        }
        return out.flip();
    }

    private static ByteBuffer readFully(FileChannel fc, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (fc.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
