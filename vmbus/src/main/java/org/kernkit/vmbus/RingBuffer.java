package org.kernkit.vmbus;

import static org.kernkit.vmbus.RingBufferDescriptor.DATA_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.FEATURE_BITS_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.FEATURE_PENDING_SEND_SIZE;
import static org.kernkit.vmbus.RingBufferDescriptor.HEADER_LENGTH;
import static org.kernkit.vmbus.RingBufferDescriptor.INTERRUPT_MASK_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.PENDING_SEND_SIZE_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.READ_INDEX_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.TRAILER_LENGTH;
import static org.kernkit.vmbus.RingBufferDescriptor.WRITE_INDEX_OFFSET;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One direction of a VMBus channel: Linux's {@code hv_ring_buffer}, single producer / single consumer, over any
 * {@link MemorySegment} (heap {@code long[]}, native, or a file mapped by two processes).
 *
 * <pre>
 *   segment:  | header page (4096 B, see RingBufferDescriptor) | data area (dataLength B)                    |
 *   data:     |....free....|desc|payload|pad|trailer|desc|payload...|trailer|......free.......|
 *                          ^ read_index                                     ^ write_index
 *   a packet that reaches the end of the data area continues at its start, byte by byte.
 *   write_index == read_index: empty. The writer keeps at least 8 bytes free so that full never looks empty.
 * </pre>
 *
 * <p>The algorithm and its signalling rules are those of {@code drivers/hv/ring_buffer.c}
 * ({@code hv_ringbuffer_write}, {@code hv_signal_on_write}, {@code hv_pkt_iter_close}, {@code hv_begin_read} /
 * {@code hv_end_read}) and DPDK's {@code vmbus_bufring.c}. Each Linux barrier has its VarHandle counterpart at the
 * same place, with a comment naming it.
 *
 * <ul>
 *   <li>Writer ({@link #tryWrite}): refuses unless free space is strictly larger than packet plus trailer; copies
 *       the packet and trailer; publishes {@code write_index}; signals the reader's {@link WakeupSignal} only if
 *       {@code interrupt_mask} is clear and the ring was empty before this write.</li>
 *   <li>Reader ({@link #read}): takes up to {@code limit} packets, publishes {@code read_index} once for the
 *       batch, and, if {@code feat_pending_send_sz} is set, signals the writer's {@link WakeupSignal} only when free
 *       space crossed {@code pending_send_sz}.</li>
 *   <li>Sleeping: a reader about to sleep calls {@link #unmaskInterrupts()} and re-checks; a writer about to
 *       sleep calls {@link #requestSpace(int)} and re-checks (see {@code Channel}).</li>
 *   <li>Polling: a direction attached with {@link #NO_SIGNAL} (nobody sleeps, the peer polls, as with Agrona's
 *       rings) skips the full fence and the signal decision after each index store; see {@link #NO_SIGNAL}.
 *       {@code Channel} always attaches real signals and so always runs the protocol above.</li>
 * </ul>
 *
 * <p>Corruption: every index read from the header is checked (inside the data area, 8-byte aligned) and every
 * descriptor is checked ({@code offset8} within its packet, {@code len8} within the bytes present) before any
 * byte is copied; a failure throws {@link RingCorruptedException} and leaves the indexes where they were.
 *
 * <p>Thread-safety: one writing thread and one reading thread (possibly in different processes) at a time.
 * Memory effects: actions of the writer before {@link #tryWrite} returns {@code true} happen-before the reader's
 * {@link PacketHandler#onPacket} for that packet; the reader's actions in {@code onPacket} happen-before the
 * writer's {@code tryWrite} that reuses the packet's space.
 */
public final class RingBuffer {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** u32 header fields; coordinates (segment, offset). */
    private static final VarHandle HEADER_INT = INT_LE.varHandle();

    /**
     * A signal that wakes no one; its {@code await} just sleeps for the timeout (at least 1 ms).
     *
     * <p>Attaching with it selects polling for that direction, since no one could be woken through it. As the
     * reader's signal: {@link #publish()} stores {@code write_index} with release only, and skips the full fence and
     * the {@code interrupt_mask} / {@code read_index} check that only decide whether to signal. As the writer's
     * signal: {@link #read} stores {@code read_index} with release only, and skips the full fence and the
     * {@code pending_send_sz} check. The bytes, the indexes and their release/acquire pairs are the same in both
     * modes. Only this constant selects polling: any other signal, even one whose {@code signal()} does nothing,
     * gets the VMBus signalling protocol with both fences.
     */
    public static final WakeupSignal NO_SIGNAL = new WakeupSignal() {
        @Override
        public int prepareWait() {
            return 0;
        }

        @Override
        public void await(int ticket, long timeoutNanos) throws InterruptedException {
            Thread.sleep(Math.max(1, timeoutNanos / 1_000_000));
        }

        @Override
        public void signal() {
        }
    };

    /** How the reader hands packets to a {@link PacketHandler}. */
    public enum Reading {
        /**
         * The handler sees the packet's bytes in the ring itself (a packet that wraps is copied). Fast, but a peer
         * that keeps writing into the ring may change the payload while the handler reads it: a handler must read
         * each field it validates once (copy it to a local, check the local, use the local).
         */
        IN_PLACE,
        /**
         * Every packet is copied into private memory before the handler sees it, as Linux does for peers it does
         * not trust ({@code hv_pkt_iter_first} into {@code channel->pkt_buffer}): what the handler reads cannot
         * change under it. Costs one copy per packet.
         */
        PRIVATE_COPY
    }

    private final MemorySegment segment;
    private final int dataLength;
    private final int maxPayloadLength;
    private final WakeupSignal readerSignal;
    private final WakeupSignal writerSignal;
    /** False if the reader's signal is {@link #NO_SIGNAL}: publish has no one to wake, so no fence and no check. */
    private final boolean signalsReader;
    /** False if the writer's signal is {@link #NO_SIGNAL}: read has no one to wake, so no fence and no check. */
    private final boolean signalsWriter;
    private final boolean privateCopy;
    private final Packet packet = new Packet();

    // Writer-thread state. writeIndex: next byte to fill (appended packets included); publishedWriteIndex: the
    // value last stored in the header; readIndexCache: read_index as last loaded (free space is at least that).
    private int writeIndex;
    private int publishedWriteIndex;
    private int readIndexCache;
    private MemorySegment writerScratch = MemorySegment.ofArray(new byte[512]);
    private long readerSignalsSent;

    // Reader-thread state. readIndex: the reader's copy of read_index.
    private int readIndex;
    private MemorySegment readerScratch = MemorySegment.ofArray(new byte[512]);
    private long writerSignalsSent;

    private RingBuffer(MemorySegment segment, WakeupSignal readerSignal, WakeupSignal writerSignal, Reading reading) {
        this.segment = segment;
        this.dataLength = (int) (segment.byteSize() - HEADER_LENGTH);
        // total must stay strictly below dataLength: packetLength + 8 <= dataLength - 8.
        this.maxPayloadLength = Math.min((dataLength - 2 * TRAILER_LENGTH - PacketDescriptor.LENGTH) & ~7,
                PacketDescriptor.MAX_PAYLOAD_LENGTH);
        this.readerSignal = readerSignal;
        this.writerSignal = writerSignal;
        this.signalsReader = readerSignal != NO_SIGNAL;
        this.signalsWriter = writerSignal != NO_SIGNAL;
        this.privateCopy = reading == Reading.PRIVATE_COPY;
        // Both indexes come from the header: a ring may hold unread packets when we attach, and a writer that
        // assumed read_index 0 could count unread bytes as free and overwrite them. Acquire: what the previous
        // holder of either side wrote before its index store is visible to us.
        int write = (int) HEADER_INT.getAcquire(segment, (long) WRITE_INDEX_OFFSET);
        int read = (int) HEADER_INT.getAcquire(segment, (long) READ_INDEX_OFFSET);
        checkIndex(write, "write_index");
        checkIndex(read, "read_index");
        this.writeIndex = write;
        this.publishedWriteIndex = write;
        this.readIndexCache = read;
        this.readIndex = read;
    }

    /**
     * Initialises an empty ring in {@code segment}: zeroes the header page and sets {@code feat_pending_send_sz}.
     * Must happen before either side attaches.
     *
     * @param segment the ring's memory: a 4 KiB header page plus a data area of a multiple of 8 bytes
     * @throws IllegalArgumentException if the segment's size or alignment cannot hold a ring
     */
    public static void format(MemorySegment segment) {
        checkSegment(segment);
        segment.asSlice(0, HEADER_LENGTH).fill((byte) 0);
        HEADER_INT.setRelease(segment, (long) FEATURE_BITS_OFFSET, FEATURE_PENDING_SEND_SIZE);
    }

    /**
     * Attaches to the ring in {@code segment} (formatted by {@link #format} here or by another process).
     *
     * Both indexes are loaded from the header now, so a ring that holds unread packets keeps them: the writer
     * counts them as used, the reader starts at them. Packets are handed over {@link Reading#IN_PLACE}.
     *
     * @param segment the ring's memory, as passed to {@link #format}; the caller keeps it alive while the ring is
     *     in use
     * @param readerSignal wakes the reader when the ring turns non-empty
     * @param writerSignal wakes a writer waiting for {@code pending_send_sz} free bytes
     * @return a view for one writer thread and one reader thread (the view is not safe for two writers or two
     *     readers)
     * @throws IllegalArgumentException if the segment's size or alignment cannot hold a ring
     * @throws RingCorruptedException if an index in the header is invalid
     */
    public static RingBuffer attach(MemorySegment segment, WakeupSignal readerSignal, WakeupSignal writerSignal) {
        return attach(segment, readerSignal, writerSignal, Reading.IN_PLACE);
    }

    /**
     * Attaches as {@link #attach(MemorySegment, WakeupSignal, WakeupSignal)} does, choosing how packets reach the
     * handler.
     *
     * @param segment the ring's memory, as passed to {@link #format}; the caller keeps it alive while the ring is
     *     in use
     * @param readerSignal wakes the reader when the ring turns non-empty
     * @param writerSignal wakes a writer waiting for {@code pending_send_sz} free bytes
     * @param reading {@link Reading#PRIVATE_COPY} for a peer that is not trusted
     * @return a view for one writer thread and one reader thread
     * @throws IllegalArgumentException if the segment's size or alignment cannot hold a ring
     * @throws RingCorruptedException if an index in the header is invalid
     */
    public static RingBuffer attach(MemorySegment segment, WakeupSignal readerSignal, WakeupSignal writerSignal,
                                    Reading reading) {
        checkSegment(segment);
        return new RingBuffer(segment, readerSignal, writerSignal, reading);
    }

    private static void checkSegment(MemorySegment segment) {
        long size = segment.byteSize();
        long data = size - HEADER_LENGTH;
        if (data < RingBufferDescriptor.MIN_DATA_LENGTH || data % RingBufferDescriptor.ALIGNMENT != 0 || data > (1 << 30)) {
            throw new IllegalArgumentException("ring segment of " + size + " bytes: need the " + HEADER_LENGTH
                    + "-byte header plus a data area of " + RingBufferDescriptor.MIN_DATA_LENGTH
                    + " to 2^30 bytes, a multiple of 8");
        }
        if (segment.maxByteAlignment() < 8) {
            throw new IllegalArgumentException("ring segment must be 8-byte aligned (heap segments: use a long[]), "
                    + "its alignment is " + segment.maxByteAlignment());
        }
    }

    /**
     * Size of the data area, fixed when the ring was formatted.
     *
     * @return bytes, a multiple of 8
     */
    public int dataLength() {
        return dataLength;
    }

    /**
     * The largest payload one packet can carry in this ring: a packet must leave at least 8 bytes of the data area
     * free.
     *
     * @return bytes, a multiple of 8, at most {@link PacketDescriptor#MAX_PAYLOAD_LENGTH}
     */
    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    // ------------------------------------------------------------------------------------------------- writer

    /**
     * Writes one packet if there is room and publishes it, without blocking: {@link #tryAppend} then
     * {@link #publish()}, Linux's {@code hv_ringbuffer_write}.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload source of the payload
     * @param offset where the payload starts in {@code payload}
     * @param length payload bytes; the packet is zero-padded to a multiple of 8
     * @return {@code true} if written and published, {@code false} if the ring lacks room (nothing changed except
     *     that packets appended earlier are published)
     * @throws IllegalArgumentException if {@code length} exceeds {@link #maxPayloadLength()} or a field overflows u16
     * @throws RingCorruptedException if an index in the header is invalid
     */
    public boolean tryWrite(int type, int flags, long transId, MemorySegment payload, long offset, int length) {
        boolean written = tryAppend(type, flags, transId, payload, offset, length);
        publish();
        return written;
    }

    /**
     * Copies one packet into the ring if there is room, without making it visible: the reader sees it at the
     * next {@link #publish()}. Appending several packets and publishing once costs one index store and one full
     * fence for the batch instead of one per packet; to the reader it looks like one write of several packets.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload source of the payload, copied into the ring before the call returns
     * @param offset where the payload starts in {@code payload}
     * @param length payload bytes; the packet is zero-padded to a multiple of 8
     * @return {@code true} if appended, {@code false} if the ring lacks room (nothing changed)
     * @throws IllegalArgumentException if {@code length} exceeds {@link #maxPayloadLength()} or a field overflows u16
     * @throws RingCorruptedException if an index in the header is invalid
     */
    public boolean tryAppend(int type, int flags, long transId, MemorySegment payload, long offset, int length) {
        // The hot path stays small enough for the JIT to inline (FreqInlineSize): messages are built elsewhere.
        if (length < 0 || length > maxPayloadLength || ((type | flags) & ~0xFFFF) != 0) {
            throw badPacket(type, flags, length);
        }
        final MemorySegment seg = segment;
        final int size = dataLength;
        final int packetLength = PacketDescriptor.packetLength(length);
        final int total = packetLength + TRAILER_LENGTH;

        // The writer keeps its own copy of write_index (only it stores the field), so the hot path does not
        // load the header line the reader keeps writing; the reader validates the published value.
        final int oldWrite = writeIndex;
        // Strictly greater (hv_ringbuffer_write): a full ring must never look empty. The cached read_index
        // under-counts free space, so only a refusal needs a fresh load.
        if (RingBufferDescriptor.bytesToWrite(readIndexCache, oldWrite, size) <= total
                && RingBufferDescriptor.bytesToWrite(refreshReadIndex(), oldWrite, size) <= total) {
            return false;
        }

        final long descriptorWord = (type & 0xFFFFL)
                | ((long) PacketDescriptor.BARE_OFFSET8 << 16)
                | ((long) (packetLength >>> 3) << 32)
                | ((flags & 0xFFFFL) << 48);
        final int padding = packetLength - PacketDescriptor.LENGTH - length;
        if (oldWrite + total <= size) {
            final long at = DATA_OFFSET + oldWrite;
            seg.set(LONG_LE, at, descriptorWord);
            seg.set(LONG_LE, at + PacketDescriptor.TRANS_ID_OFFSET, transId);
            if (padding != 0) {
                // Zero the packet's last word, then copy the payload over its first bytes: the 1 to 7 padding
                // bytes end up zero without a slice or a fill (length >= 1 here, so that word follows the
                // descriptor).
                seg.set(LONG_LE, at + packetLength - 8, 0L);
            }
            MemorySegment.copy(payload, offset, seg, at + PacketDescriptor.LENGTH, length);
            seg.set(LONG_LE, at + packetLength, RingBufferDescriptor.trailerOf(oldWrite));
        } else {
            writeWrapped(oldWrite, descriptorWord, transId, payload, offset, length, padding, packetLength, total);
        }
        int newWrite = oldWrite + total;
        if (newWrite >= size) {
            newWrite -= size;
        }
        writeIndex = newWrite;
        return true;
    }

    /**
     * Makes every appended packet visible to the reader, and signals the reader if the ring was empty before
     * them and {@code interrupt_mask} is clear. Does nothing if nothing was appended since the last publish.
     * With {@link #NO_SIGNAL} as the reader's signal (a polling reader), only the release store of
     * {@code write_index}: no fence, no signal.
     */
    public void publish() {
        final int newWrite = writeIndex;
        final int oldWrite = publishedWriteIndex;
        if (newWrite == oldWrite) {
            return;
        }
        final MemorySegment seg = segment;
        publishedWriteIndex = newWrite;
        // Release (StoreStore|LoadStore): the packet and trailer bytes are visible before the index that covers
        // them. Linux issues virt_mb() before hv_set_next_write_location(); release is the part it needs.
        HEADER_INT.setRelease(seg, (long) WRITE_INDEX_OFFSET, newWrite);
        if (!signalsReader) {
            // A polling reader: the fence below orders our store before the loads that decide whether to signal,
            // and NO_SIGNAL's signal() does nothing, so the decision cannot change anything. Skipping it lets the
            // store drain in the background instead of stalling the writer for a cross-core round trip (with a
            // 1 KiB packet still in the store buffer) on every publish, as Agrona's ordered store does.
            return;
        }

        // Full fence (StoreLoad), Linux's virt_mb() in hv_signal_on_write(): our write_index store must be
        // visible before we sample interrupt_mask and read_index. Pairs with the full fence in unmaskInterrupts():
        // either the reader sees our packet before it sleeps, or we see its mask clear and its final read_index.
        // It cannot be skipped when the reader looks busy: a mask (or read_index) loaded before our store may be
        // stale by the time the store lands. Writer "load mask=1; store write_index", reader "store mask=0;
        // fence; load write_index (old)" is a legal interleaving even under sequential consistency, and the reader
        // would sleep on a packet no one signals. Batching amortises it instead: tryAppend several packets, then
        // one publish, one fence (what Linux gets by writing several buffers in one hv_ringbuffer_write).
        VarHandle.fullFence();
        // Acquire load of the mask, then read_index: Linux's virt_rmb() between the two.
        if ((int) HEADER_INT.getAcquire(seg, (long) INTERRUPT_MASK_OFFSET) != 0) {
            return;
        }
        if ((int) HEADER_INT.getOpaque(seg, (long) READ_INDEX_OFFSET) == oldWrite) {
            // The only case that needs a signal: the ring went from empty to non-empty.
            readerSignalsSent++;
            readerSignal.signal();
        }
    }

    /**
     * Writes one packet with a payload from an array; see {@link #tryWrite(int, int, long, MemorySegment, long, int)}.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload the whole payload, copied into the ring before the call returns
     * @return {@code true} if written and published, {@code false} if the ring lacks room
     * @throws IllegalArgumentException if the payload exceeds {@link #maxPayloadLength()} or a field overflows u16
     * @throws RingCorruptedException if an index in the header is invalid
     */
    public boolean tryWrite(int type, int flags, long transId, byte[] payload) {
        return tryWrite(type, flags, transId, MemorySegment.ofArray(payload), 0, payload.length);
    }

    /** Loads read_index from the header into the writer's cache, checked, and returns it. */
    private int refreshReadIndex() {
        // Acquire (LoadLoad|LoadStore): the reader's loads of the packets it freed happen-before our stores
        // into that space; pairs with the release store of read_index in read().
        int read = (int) HEADER_INT.getAcquire(segment, (long) READ_INDEX_OFFSET);
        checkIndex(read, "read_index");
        readIndexCache = read;
        return read;
    }

    private IllegalArgumentException badPacket(int type, int flags, int length) {
        if (length < 0 || length > maxPayloadLength) {
            return new IllegalArgumentException("payload of " + length + " bytes: this ring carries 0 to "
                    + maxPayloadLength + " bytes per packet");
        }
        return new IllegalArgumentException("type " + type + " or flags " + flags + " does not fit in a u16");
    }

    private void writeWrapped(int oldWrite, long descriptorWord, long transId, MemorySegment payload, long offset,
                              int length, int padding, int packetLength, int total) {
        // The packet crosses the end of the data area: assemble it in a scratch buffer, then copy in two pieces.
        MemorySegment scratch = writerScratch;
        if (scratch.byteSize() < total) {
            scratch = MemorySegment.ofArray(new byte[total]);
            writerScratch = scratch;
        }
        scratch.set(LONG_LE, 0, descriptorWord);
        scratch.set(LONG_LE, PacketDescriptor.TRANS_ID_OFFSET, transId);
        MemorySegment.copy(payload, offset, scratch, PacketDescriptor.LENGTH, length);
        if (padding != 0) {
            scratch.asSlice(PacketDescriptor.LENGTH + length, padding).fill((byte) 0);
        }
        scratch.set(LONG_LE, packetLength, RingBufferDescriptor.trailerOf(oldWrite));
        int first = dataLength - oldWrite;
        MemorySegment.copy(scratch, 0, segment, DATA_OFFSET + oldWrite, first);
        MemorySegment.copy(scratch, first, segment, DATA_OFFSET, total - first);
    }

    /**
     * Announces that the writer waits for more than {@code bytes} free bytes (sets {@code pending_send_sz}), then
     * returns the free bytes now; if that is already more than {@code bytes}, the caller must not sleep.
     * Writer thread only.
     *
     * @param bytes the free bytes the waiting writer needs (its packet's ring bytes)
     * @return the free bytes after the request became visible
     * @throws RingCorruptedException if an index is invalid
     */
    public int requestSpace(int bytes) {
        HEADER_INT.setOpaque(segment, (long) PENDING_SEND_SIZE_OFFSET, bytes);
        // Full fence (StoreLoad): pending_send_sz must be visible before we re-read read_index. Pairs with the
        // full fence in read() after the read_index store: either the reader sees our request, or we see its
        // freed space. This is the writer half of the handshake hv_pkt_iter_close() relies on.
        VarHandle.fullFence();
        return bytesToWrite();
    }

    /**
     * The {@code pending_send_sz} field, read with no ordering: for diagnostics, not for deciding to sleep.
     *
     * @return bytes a waiting writer needs, 0 if none waits (a racy snapshot)
     */
    public int pendingSendSize() {
        return (int) HEADER_INT.getOpaque(segment, (long) PENDING_SEND_SIZE_OFFSET);
    }

    /** Clears {@code pending_send_sz}: the writer no longer waits. */
    public void clearSpaceRequest() {
        // Opaque: a late store costs at most one spurious signal.
        HEADER_INT.setOpaque(segment, (long) PENDING_SEND_SIZE_OFFSET, 0);
    }

    /**
     * Whether {@code feat_pending_send_sz} is set, so a waiting writer will be signalled.
     *
     * @return {@code true} if the feature bit is set (every ring {@link #format} made has it)
     */
    public boolean signalsFreeSpace() {
        return ((int) HEADER_INT.getOpaque(segment, (long) FEATURE_BITS_OFFSET) & FEATURE_PENDING_SEND_SIZE) != 0;
    }

    /**
     * Free bytes as the writer sees them (a packet needs strictly more than its length plus trailer).
     * Writer thread only: it refreshes the writer's cached {@code read_index}.
     *
     * @return free bytes, counting packets appended but not yet published as used
     * @throws RingCorruptedException if an index is invalid
     */
    public int bytesToWrite() {
        // Acquire (in refreshReadIndex): as in tryAppend, space freed by the reader may be reused after this load.
        return RingBufferDescriptor.bytesToWrite(refreshReadIndex(), writeIndex, dataLength);
    }

    /**
     * How many times this ring has signalled its reader: the writer thread's plain counter, exact there and
     * possibly stale on other threads.
     *
     * @return the number of reader signals sent through this view
     */
    public long readerSignalsSent() {
        return readerSignalsSent;
    }

    // ------------------------------------------------------------------------------------------------- reader

    /**
     * Reads up to {@code limit} packets, handing each to {@code handler}, then publishes {@code read_index} once
     * for the batch and signals a waiting writer if free space crossed its {@code pending_send_sz}.
     *
     * <p>If the handler throws, the packets before it stay consumed, the failing one does not, and the exception
     * propagates.
     *
     * @param handler receives each packet on this thread; the packet is valid only during the call
     * @param limit the most packets to read; 0 or less reads none
     * @return the number of packets read, 0 if the ring was empty
     * @throws RingCorruptedException if an index or descriptor is invalid; packets before it stay consumed
     */
    public int read(PacketHandler handler, int limit) {
        final MemorySegment seg = segment;
        final int size = dataLength;
        // Acquire, Linux's READ_ONCE(write_index) then virt_rmb() in hv_pkt_iter_avail(): packet bytes are
        // loaded after the index that published them (pairs with the release store in tryWrite()).
        final int write = (int) HEADER_INT.getAcquire(seg, (long) WRITE_INDEX_OFFSET);
        checkIndex(write, "write_index");
        final int start = readIndex;
        int available = RingBufferDescriptor.bytesToRead(start, write, size);
        if (available == 0 || limit <= 0) {
            return 0;
        }
        int read = start;
        int count = 0;
        try {
            while (count < limit && available > 0) {
                int consumed = readOne(seg, size, read, available, handler);
                read += consumed;
                if (read >= size) {
                    read -= size;
                }
                available -= consumed;
                count++;
            }
        } finally {
            if (read != start) {
                publishReadIndex(seg, size, start, read);
            }
        }
        return count;
    }

    private int readOne(MemorySegment seg, int size, int read, int available, PacketHandler handler) {
        // The hot path stays small enough for the JIT to inline into read() (FreqInlineSize): the rare cases
        // (a descriptor that wraps, a private copy, a corrupt descriptor) live in methods of their own.
        if (available < PacketDescriptor.LENGTH + TRAILER_LENGTH) {
            throw tooFewBytes(read, available);
        }
        final boolean headerWraps = read + PacketDescriptor.LENGTH > size;
        if (headerWraps) {
            copyOut(seg, size, read, readerScratch, PacketDescriptor.LENGTH);
        }
        final long word = headerWraps ? readerScratch.get(LONG_LE, 0) : seg.get(LONG_LE, DATA_OFFSET + read);
        final long transId = headerWraps ? readerScratch.get(LONG_LE, PacketDescriptor.TRANS_ID_OFFSET)
                : seg.get(LONG_LE, DATA_OFFSET + read + PacketDescriptor.TRANS_ID_OFFSET);
        final int offset8 = (int) ((word >>> 16) & 0xFFFF);
        final int len8 = (int) ((word >>> 32) & 0xFFFF);
        final int packetLength = len8 << 3;
        if (offset8 < PacketDescriptor.BARE_OFFSET8 || offset8 > len8 || packetLength + TRAILER_LENGTH > available) {
            throw badDescriptor(read, available, offset8, len8);
        }
        final int type = (int) (word & 0xFFFF);
        final int flags = (int) ((word >>> 48) & 0xFFFF);
        final int payloadStart = offset8 << 3;
        if (read + packetLength <= size && !privateCopy) {
            packet.set(type, flags, transId, seg, DATA_OFFSET + read + payloadStart, packetLength - payloadStart);
        } else {
            MemorySegment copy = copyPacketOut(seg, size, read, packetLength);
            packet.set(type, flags, transId, copy, payloadStart, packetLength - payloadStart);
        }
        handler.onPacket(packet);
        return packetLength + TRAILER_LENGTH;
    }

    /** Copies a packet that wraps (or every packet, with a private copy) into the reader's scratch memory. */
    private MemorySegment copyPacketOut(MemorySegment seg, int size, int read, int packetLength) {
        MemorySegment scratch = readerScratch;
        if (scratch.byteSize() < packetLength) {
            scratch = MemorySegment.ofArray(new byte[packetLength]);
            readerScratch = scratch;
        }
        copyOut(seg, size, read, scratch, packetLength);
        return scratch;
    }

    private static RingCorruptedException tooFewBytes(int read, int available) {
        return new RingCorruptedException("only " + available + " bytes present at read_index " + read
                + ", less than a packet descriptor and trailer (" + (PacketDescriptor.LENGTH + TRAILER_LENGTH) + ")");
    }

    private static RingCorruptedException badDescriptor(int read, int available, int offset8, int len8) {
        if (offset8 < PacketDescriptor.BARE_OFFSET8 || offset8 > len8) {
            return new RingCorruptedException("packet at read_index " + read + " has offset8 " + offset8
                    + ", outside [" + PacketDescriptor.BARE_OFFSET8 + ", len8 " + len8 + "]");
        }
        return new RingCorruptedException("packet at read_index " + read + " has len8 " + len8 + " (" + (len8 << 3)
                + " bytes + " + TRAILER_LENGTH + "-byte trailer) but only " + available + " bytes are present");
    }

    private static void copyOut(MemorySegment seg, int size, int from, MemorySegment dst, int length) {
        int first = Math.min(length, size - from);
        MemorySegment.copy(seg, DATA_OFFSET + from, dst, 0, first);
        if (first < length) {
            MemorySegment.copy(seg, DATA_OFFSET, dst, first, length - first);
        }
    }

    private void publishReadIndex(MemorySegment seg, int size, int start, int read) {
        readIndex = read;
        // Release (LoadStore|StoreStore), Linux's virt_rmb() before the read_index store in hv_pkt_iter_close():
        // all our loads of the packets complete before the writer may see their space as free.
        HEADER_INT.setRelease(seg, (long) READ_INDEX_OFFSET, read);
        if (!signalsWriter) {
            return; // a polling writer: no one to wake, so neither the fence nor the pending_send_sz check matter
        }
        if (((int) HEADER_INT.getOpaque(seg, (long) FEATURE_BITS_OFFSET) & FEATURE_PENDING_SEND_SIZE) == 0) {
            return; // hosts before feat_pending_send_sz poll a full ring; nothing to signal
        }
        // Full fence (StoreLoad), Linux's virt_mb() before sampling pending_send_sz: otherwise a writer could set
        // pending_send_sz after our sample and check free space before our store lands, and sleep unsignalled.
        // Pairs with the full fence in requestSpace().
        VarHandle.fullFence();
        final int pending = (int) HEADER_INT.getOpaque(seg, (long) PENDING_SEND_SIZE_OFFSET);
        if (pending == 0) {
            return; // the common case: no writer waits
        }
        // Acquire, Linux's virt_rmb(): write_index is loaded after pending_send_sz.
        final int write = (int) HEADER_INT.getAcquire(seg, (long) WRITE_INDEX_OFFSET);
        final long freeNow = RingBufferDescriptor.bytesToWrite(read, write, size);
        final long freeBefore = freeNow - RingBufferDescriptor.bytesToRead(start, read, size);
        final long wanted = pending & 0xFFFF_FFFFL;
        // Signal only on the crossing from "not enough" to "enough", as hv_pkt_iter_close() does; a writer that
        // found enough space when it re-checked after setting pending_send_sz did not sleep.
        if (freeBefore <= wanted && freeNow > wanted) {
            writerSignalsSent++;
            writerSignal.signal();
        }
    }

    /**
     * The {@code interrupt_mask} field, read with no ordering: for diagnostics, not for deciding to signal.
     *
     * @return non-zero while the reader says "do not signal me" (a racy snapshot)
     */
    public int interruptMask() {
        return (int) HEADER_INT.getOpaque(segment, (long) INTERRUPT_MASK_OFFSET);
    }

    /**
     * Sets {@code interrupt_mask}: the reader is busy and polls, writers need not signal it (Linux's
     * {@code hv_begin_read}).
     */
    public void maskInterrupts() {
        // Opaque: if a writer still sees the mask clear it sends one spare signal, which is harmless.
        HEADER_INT.setOpaque(segment, (long) INTERRUPT_MASK_OFFSET, 1);
    }

    /**
     * Clears {@code interrupt_mask} without a fence: the reader is idle but not about to sleep (the end of
     * Linux's {@code hv_end_read}, whose re-check the reader does in {@link #unmaskInterrupts()} before it sleeps).
     */
    public void clearInterruptMask() {
        // Opaque: a writer that still sees the mask set skips a signal the reader does not wait for.
        HEADER_INT.setOpaque(segment, (long) INTERRUPT_MASK_OFFSET, 0);
    }

    /**
     * Clears {@code interrupt_mask} before the reader sleeps, and returns the bytes present now (Linux's
     * {@code hv_end_read}); if that is not 0 the reader must not sleep. Reader thread only.
     *
     * @return the bytes present after the cleared mask became visible
     * @throws RingCorruptedException if an index is invalid
     */
    public int unmaskInterrupts() {
        HEADER_INT.setOpaque(segment, (long) INTERRUPT_MASK_OFFSET, 0);
        // Full fence (StoreLoad), Linux's virt_mb() in hv_end_read(): the cleared mask is visible before we
        // re-read write_index. Pairs with the full fence in tryWrite(): a packet published after this load was
        // written by a writer that then sees the mask clear and our read_index equal to its old write_index.
        VarHandle.fullFence();
        return bytesToRead();
    }

    /**
     * Bytes present for the reader. Reader thread only: it counts from the reader's own {@code read_index}.
     *
     * @return bytes published by the writer and not yet read, descriptors and trailers included
     * @throws RingCorruptedException if an index is invalid
     */
    public int bytesToRead() {
        int write = (int) HEADER_INT.getAcquire(segment, (long) WRITE_INDEX_OFFSET);
        checkIndex(write, "write_index");
        int read = readIndex;
        return RingBufferDescriptor.bytesToRead(read, write, dataLength);
    }

    /**
     * How many times this ring has signalled a waiting writer: the reader thread's plain counter, exact there and
     * possibly stale on other threads.
     *
     * @return the number of writer signals sent through this view
     */
    public long writerSignalsSent() {
        return writerSignalsSent;
    }

    private void checkIndex(int index, String name) {
        if (index < 0 || index >= dataLength || (index & 7) != 0) {
            throw badIndex(index, name);
        }
    }

    private RingCorruptedException badIndex(int index, String name) {
        return new RingCorruptedException(name + " " + Integer.toUnsignedString(index)
                + " is outside the data area of " + dataLength + " bytes or not a multiple of 8");
    }

    @Override
    public String toString() {
        return "RingBuffer[dataLength=" + dataLength + ", write_index="
                + (int) HEADER_INT.getOpaque(segment, (long) WRITE_INDEX_OFFSET) + ", read_index="
                + (int) HEADER_INT.getOpaque(segment, (long) READ_INDEX_OFFSET) + "]";
    }
}
