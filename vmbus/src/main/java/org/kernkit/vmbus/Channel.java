package org.kernkit.vmbus;

import static org.kernkit.vmbus.ChannelDescriptor.GUEST_DATA_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.GUEST_PID_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.GUEST_SPACE_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.GUEST_STATE_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_DATA_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_PID_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_SPACE_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_STATE_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_ABSENT;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_ATTACHED;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_CLOSED;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_RESETTING;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.kernkit.vmbus.internal.ParkingSignal;
import org.kernkit.vmbus.internal.SharedWordSignal;

/**
 * One side's view of a VMBus channel: an outbound and an inbound {@link RingBuffer} in one region (see
 * {@link ChannelDescriptor}), with blocking send and receive that spin briefly, then sleep on a
 * {@link WakeupSignal} (park/unpark within a process, futex on the shared mapping between processes), and notice
 * a peer that closed or died.
 *
 * <pre>
 *   guest view: outbound = ring guest->host,  inbound = ring host->guest
 *   host view:  outbound = ring host->guest,  inbound = ring guest->host
 *   region:  | control page | ring guest->host | ring host->guest |
 * </pre>
 *
 * <p>Waiting: {@link #receive} polls, spins {@value #SPINS} times, yields, then sleeps with the
 * {@code interrupt_mask} protocol of {@link RingBuffer#unmaskInterrupts()}; {@link #send} does the same with the
 * {@code pending_send_sz} protocol of {@link RingBuffer#requestSpace(int)}. Sleeps last at most
 * {@value #CHECK_PEER_MILLIS} ms at a time, after which the peer's state and pid are checked, so a dead peer is
 * noticed within that time rather than waited on forever.
 *
 * <p>Thread-safety: one thread may send and one thread may receive at a time (they may be different threads).
 * Memory effects: actions before a successful send happen-before the peer's handling of that packet.
 */
public final class Channel implements AutoCloseable {

    /** Which side of the channel a view belongs to. */
    public enum Role {
        /** The side that sends requests (storvsc in a Linux guest). */
        GUEST,
        /** The side that serves them (the virtualisation host). */
        HOST
    }

    /**
     * A guest and a host view of one in-process channel.
     *
     * @param guest the guest's view
     * @param host the host's view
     */
    public record Pair(Channel guest, Channel host) {
    }

    static final int SPINS = 2_000;
    static final int YIELDS = 20;
    static final long CHECK_PEER_MILLIS = 50;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment region;
    private final Role role;
    private final RingBuffer outbound;
    private final RingBuffer inbound;
    private final WakeupSignal dataSignal;
    private final WakeupSignal spaceSignal;
    private final WakeupSignal peerDataSignal;
    private final WakeupSignal peerSpaceSignal;
    private final long ownStateOffset;
    private final long peerStateOffset;
    private final long peerPidOffset;
    private final long ownPid;
    private volatile boolean closed;

    private Channel(MemorySegment region, Role role, WakeupSignal hostData, WakeupSignal guestSpace,
                    WakeupSignal guestData, WakeupSignal hostSpace) {
        this.region = region;
        this.role = role;
        int ringLength = (int) INT.getAcquire(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET);
        MemorySegment toHost = region.asSlice(ChannelDescriptor.guestToHostRingOffset(), ringLength);
        MemorySegment toGuest = region.asSlice(ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength);
        if (role == Role.GUEST) {
            outbound = RingBuffer.attach(toHost, hostData, guestSpace);
            inbound = RingBuffer.attach(toGuest, guestData, hostSpace);
            dataSignal = guestData;
            spaceSignal = guestSpace;
            peerDataSignal = hostData;
            peerSpaceSignal = hostSpace;
            ownStateOffset = GUEST_STATE_OFFSET;
            peerStateOffset = HOST_STATE_OFFSET;
            peerPidOffset = HOST_PID_OFFSET;
        } else {
            outbound = RingBuffer.attach(toGuest, guestData, hostSpace);
            inbound = RingBuffer.attach(toHost, hostData, guestSpace);
            dataSignal = hostData;
            spaceSignal = hostSpace;
            peerDataSignal = guestData;
            peerSpaceSignal = guestSpace;
            ownStateOffset = HOST_STATE_OFFSET;
            peerStateOffset = GUEST_STATE_OFFSET;
            peerPidOffset = GUEST_PID_OFFSET;
        }
        ownPid = ProcessHandle.current().pid();
    }

    /**
     * Writes an empty channel into {@code region}: control page and both rings; the magic is stored last.
     *
     * @param region at least {@link ChannelDescriptor#regionLength(int)} bytes, 8-byte aligned
     * @param ringLength bytes of each ring including its 4 KiB header page; a multiple of 8
     * @throws IllegalArgumentException if the region is too small, or {@code ringLength} cannot hold a ring
     */
    public static void format(MemorySegment region, int ringLength) {
        long needed = ChannelDescriptor.regionLength(ringLength);
        if (region.byteSize() < needed) {
            throw new IllegalArgumentException("region of " + region.byteSize() + " bytes is smaller than the "
                    + needed + " bytes two rings of " + ringLength + " need");
        }
        region.asSlice(0, ChannelDescriptor.CONTROL_LENGTH).fill((byte) 0);
        RingBuffer.format(region.asSlice(ChannelDescriptor.guestToHostRingOffset(), ringLength));
        RingBuffer.format(region.asSlice(ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength));
        INT.set(region, (long) ChannelDescriptor.VERSION_OFFSET, ChannelDescriptor.VERSION);
        INT.set(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET, ringLength);
        // Release: everything above is visible to whoever reads the magic with acquire.
        LONG.setRelease(region, (long) ChannelDescriptor.MAGIC_OFFSET, ChannelDescriptor.MAGIC);
    }

    /**
     * Creates a channel in heap memory with park/unpark signalling, for two threads of this process.
     *
     * @param ringLength bytes of each ring including its 4 KiB header page
     * @return both views, each attached
     */
    public static Pair inProcess(int ringLength) {
        MemorySegment region = MemorySegment.ofArray(new long[(int) (ChannelDescriptor.regionLength(ringLength) / 8)]);
        format(region, ringLength);
        WakeupSignal hostData = new ParkingSignal();
        WakeupSignal guestSpace = new ParkingSignal();
        WakeupSignal guestData = new ParkingSignal();
        WakeupSignal hostSpace = new ParkingSignal();
        Channel host = new Channel(region, Role.HOST, hostData, guestSpace, guestData, hostSpace);
        host.markAttached();
        Channel guest = new Channel(region, Role.GUEST, hostData, guestSpace, guestData, hostSpace);
        guest.markAttached();
        return new Pair(guest, host);
    }

    /**
     * Attaches to a formatted channel in native memory shared with another process (a mapped file), with futex
     * signalling.
     *
     * <p>A host resets both rings and declares itself ready for a guest; it must be the only host. A guest waits
     * (up to {@code timeoutMillis}) for a ready host and claims the guest side.
     *
     * @param region the mapped channel region, formatted by {@link #format} (or {@link ChannelFile#create})
     * @param role which side this view is
     * @param timeoutMillis how long a guest waits for a ready host with a free guest side (a host does not wait)
     * @return the attached view
     * @throws IllegalArgumentException if the region is not native or not a formatted channel (names what it found)
     * @throws PeerUnavailableException if a guest finds no ready host in time or the guest side stays taken, or a
     *     host finds another live host process attached
     * @throws InterruptedException if interrupted while waiting
     */
    public static Channel attach(MemorySegment region, Role role, long timeoutMillis)
            throws PeerUnavailableException, InterruptedException {
        checkFormatted(region);
        int ringLength = (int) INT.getAcquire(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET);
        Channel channel = new Channel(region, role,
                new SharedWordSignal(region, HOST_DATA_SIGNAL_OFFSET), new SharedWordSignal(region, GUEST_SPACE_SIGNAL_OFFSET),
                new SharedWordSignal(region, GUEST_DATA_SIGNAL_OFFSET), new SharedWordSignal(region, HOST_SPACE_SIGNAL_OFFSET));
        if (role == Role.HOST) {
            int hostState = (int) INT.getVolatile(region, (long) HOST_STATE_OFFSET);
            long hostPid = (long) LONG.getVolatile(region, (long) HOST_PID_OFFSET);
            if (hostState == STATE_ATTACHED && hostPid != channel.ownPid && processAlive(hostPid)) {
                throw new PeerUnavailableException("the channel already has a host, pid " + hostPid);
            }
            INT.setVolatile(region, (long) HOST_STATE_OFFSET, STATE_RESETTING);
            RingBuffer.format(region.asSlice(ChannelDescriptor.guestToHostRingOffset(), ringLength));
            RingBuffer.format(region.asSlice(ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength));
            LONG.setVolatile(region, (long) GUEST_PID_OFFSET, 0L);
            INT.setVolatile(region, (long) GUEST_STATE_OFFSET, STATE_ABSENT);
            channel.markAttached();
            return channel;
        }
        // A guest may take the guest side only when a live host is ready and the side is ABSENT: the host sets
        // ABSENT only after re-formatting both rings, so a guest never joins a session that is ending.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            int hostState = (int) INT.getVolatile(region, (long) HOST_STATE_OFFSET);
            long hostPid = (long) LONG.getVolatile(region, (long) HOST_PID_OFFSET);
            int guestState = (int) INT.getVolatile(region, (long) GUEST_STATE_OFFSET);
            if (hostState == STATE_ATTACHED && processAlive(hostPid) && guestState == STATE_ABSENT
                    && INT.compareAndSet(region, (long) GUEST_STATE_OFFSET, STATE_ABSENT, STATE_ATTACHED)) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                long guestPid = (long) LONG.getVolatile(region, (long) GUEST_PID_OFFSET);
                throw new PeerUnavailableException(hostState != STATE_ATTACHED || !processAlive(hostPid)
                        ? "no host ready on the channel after " + timeoutMillis + " ms (host state " + hostState
                                + ", pid " + hostPid + ")"
                        : "the channel's guest side is still taken after " + timeoutMillis + " ms (guest state "
                                + guestState + ", pid " + guestPid + ")");
            }
            Thread.sleep(5);
        }
        LONG.setVolatile(region, (long) GUEST_PID_OFFSET, channel.ownPid);
        return channel;
    }

    private static void checkFormatted(MemorySegment region) {
        if (!region.isNative()) {
            throw new IllegalArgumentException("a shared channel needs native memory (a mapped file), got " + region);
        }
        if (region.byteSize() < ChannelDescriptor.CONTROL_LENGTH) {
            throw new IllegalArgumentException("region of " + region.byteSize() + " bytes has no control page");
        }
        long magic = (long) LONG.getAcquire(region, (long) ChannelDescriptor.MAGIC_OFFSET);
        if (magic != ChannelDescriptor.MAGIC) {
            throw new IllegalArgumentException("not a kernkit vmbus channel: magic 0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(ChannelDescriptor.MAGIC));
        }
        int version = (int) INT.getVolatile(region, (long) ChannelDescriptor.VERSION_OFFSET);
        int ringLength = (int) INT.getVolatile(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET);
        if (version != ChannelDescriptor.VERSION) {
            throw new IllegalArgumentException("channel layout version " + version + ", this code reads "
                    + ChannelDescriptor.VERSION);
        }
        if (ringLength <= 0 || ChannelDescriptor.regionLength(ringLength) > region.byteSize()) {
            throw new IllegalArgumentException("ring length " + ringLength + " does not fit the region of "
                    + region.byteSize() + " bytes");
        }
    }

    private void markAttached() {
        LONG.setVolatile(region, role == Role.GUEST ? (long) GUEST_PID_OFFSET : (long) HOST_PID_OFFSET, ownPid);
        INT.setVolatile(region, ownStateOffset, STATE_ATTACHED);
    }

    private static boolean processAlive(long pid) {
        if (pid == 0) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** This view's side. */
    public Role role() {
        return role;
    }

    /** The ring this side writes. */
    public RingBuffer outbound() {
        return outbound;
    }

    /** The ring this side reads. */
    public RingBuffer inbound() {
        return inbound;
    }

    /** The largest payload one packet can carry. */
    public int maxPayloadLength() {
        return outbound.maxPayloadLength();
    }

    // ------------------------------------------------------------------------------------------------- sending

    /**
     * Sends one packet if there is room now; see {@link RingBuffer#tryWrite}.
     *
     * @return whether it was sent
     */
    public boolean trySend(int type, int flags, long transId, MemorySegment payload, long offset, int length) {
        return outbound.tryWrite(type, flags, transId, payload, offset, length);
    }

    /**
     * Copies one packet into the outbound ring without making it visible yet; see {@link RingBuffer#tryAppend}.
     * {@link #publish()} (or any send) makes it visible.
     *
     * @return whether it was appended
     */
    public boolean tryAppend(int type, int flags, long transId, MemorySegment payload, long offset, int length) {
        return outbound.tryAppend(type, flags, transId, payload, offset, length);
    }

    /** Makes appended packets visible to the peer and signals it if needed; see {@link RingBuffer#publish()}. */
    public void publish() {
        outbound.publish();
    }

    /**
     * Sends one packet, waiting for room: spins briefly, then sets {@code pending_send_sz} and sleeps until the
     * peer's reads free enough space.
     *
     * @param timeoutNanos how long to wait for room at most
     * @throws PeerUnavailableException if the peer closed or died, or no room appeared in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this view is closed
     */
    public void send(int type, int flags, long transId, MemorySegment payload, long offset, int length,
                     long timeoutNanos) throws PeerUnavailableException, InterruptedException {
        ensureOpen();
        final RingBuffer ring = outbound;
        if (ring.tryWrite(type, flags, transId, payload, offset, length)) {
            return;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (ring.tryWrite(type, flags, transId, payload, offset, length)) {
                return;
            }
        }
        final int needed = RingBufferDescriptor.ringBytesOf(length);
        final long start = System.nanoTime();
        final boolean signalled = ring.signalsFreeSpace();
        long backoff = 1_000;
        try {
            while (true) {
                checkPeer();
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    throw new PeerUnavailableException("no room for a packet of " + needed + " ring bytes after "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: the " + peerName()
                            + " is not reading (" + ring.bytesToWrite() + " bytes free)");
                }
                long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CHECK_PEER_MILLIS));
                if (signalled) {
                    int ticket = spaceSignal.prepareWait();
                    if (ring.requestSpace(needed) <= needed) {
                        spaceSignal.await(ticket, slice);
                    }
                } else {
                    // No feat_pending_send_sz: the reader will not signal; poll with exponential backoff.
                    LockSupport.parkNanos(Math.min(backoff, slice));
                    backoff = Math.min(backoff * 2, 1_000_000);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                if (ring.tryWrite(type, flags, transId, payload, offset, length)) {
                    return;
                }
            }
        } finally {
            if (signalled) {
                ring.clearSpaceRequest();
            }
        }
    }

    /** Sends a packet with an array payload; see {@link #send(int, int, long, MemorySegment, long, int, long)}. */
    public void send(int type, int flags, long transId, byte[] payload, long timeoutNanos)
            throws PeerUnavailableException, InterruptedException {
        send(type, flags, transId, MemorySegment.ofArray(payload), 0, payload.length, timeoutNanos);
    }

    // ----------------------------------------------------------------------------------------------- receiving

    /**
     * Reads up to {@code limit} packets present now, without waiting (a batch: one {@code read_index} update).
     *
     * @return packets read
     */
    public int poll(PacketHandler handler, int limit) {
        return inbound.read(handler, limit);
    }

    /**
     * Reads up to {@code limit} packets, waiting up to {@code timeoutNanos} for the first: polls, spins, yields,
     * then clears {@code interrupt_mask}, re-checks and sleeps until the peer signals.
     *
     * @return packets read; 0 if none arrived in time
     * @throws PeerUnavailableException if the ring is empty and the peer closed or died
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this view is closed
     */
    public int receive(PacketHandler handler, int limit, long timeoutNanos)
            throws PeerUnavailableException, InterruptedException {
        ensureOpen();
        final RingBuffer ring = inbound;
        int n = ring.read(handler, limit);
        if (n > 0) {
            return n;
        }
        // Busy from here on: writers need not signal us while we poll.
        ring.maskInterrupts();
        for (int i = 0; i < SPINS + YIELDS; i++) {
            if (i < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            if (ring.bytesToRead() > 0) {
                return ring.read(handler, limit);
            }
        }
        final long start = System.nanoTime();
        while (true) {
            int ticket = dataSignal.prepareWait();
            if (ring.unmaskInterrupts() == 0) {
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    ring.maskInterrupts();
                    return 0;
                }
                try {
                    dataSignal.await(ticket, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CHECK_PEER_MILLIS)));
                } finally {
                    ring.maskInterrupts();
                }
            } else {
                ring.maskInterrupts();
            }
            n = ring.read(handler, limit);
            if (n > 0) {
                return n;
            }
            checkPeer();
        }
    }

    // -------------------------------------------------------------------------------------------------- peer

    /** Whether the peer is attached and, for a peer in another process, still alive. */
    public boolean peerAlive() {
        int state = (int) INT.getVolatile(region, peerStateOffset);
        return state == STATE_ATTACHED && processAlive((long) LONG.getVolatile(region, peerPidOffset));
    }

    private void checkPeer() throws PeerUnavailableException {
        int state = (int) INT.getVolatile(region, peerStateOffset);
        long pid = (long) LONG.getVolatile(region, peerPidOffset);
        if (state == STATE_CLOSED) {
            throw new PeerUnavailableException("the " + peerName() + " (pid " + pid + ") closed the channel");
        }
        if (state == STATE_RESETTING || (role == Role.GUEST && state == STATE_ABSENT)) {
            throw new PeerUnavailableException("the " + peerName() + " reset the channel (state " + state + ")");
        }
        if (state == STATE_ATTACHED && !processAlive(pid)) {
            throw new PeerUnavailableException("the " + peerName() + " process " + pid + " died");
        }
    }

    private String peerName() {
        return role == Role.GUEST ? "host" : "guest";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " view of this channel is closed");
        }
    }

    /**
     * Marks this side closed and wakes the peer's waits so that it notices. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        INT.setVolatile(region, ownStateOffset, STATE_CLOSED);
        // Wake both waits the peer may be in, so that it re-checks our state; a spare signal is harmless.
        peerDataSignal.signal();
        peerSpaceSignal.signal();
    }
}
