package org.kernkit.vmbus;

import static org.kernkit.vmbus.ChannelDescriptor.GUEST_DATA_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.GUEST_SPACE_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.GUEST_WORD_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_DATA_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_SPACE_SIGNAL_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.HOST_WORD_OFFSET;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_ABSENT;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_ATTACHED;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_CLOSED;
import static org.kernkit.vmbus.ChannelDescriptor.STATE_RESETTING;
import static org.kernkit.vmbus.ChannelDescriptor.epochOf;
import static org.kernkit.vmbus.ChannelDescriptor.pidOf;
import static org.kernkit.vmbus.ChannelDescriptor.sideWord;
import static org.kernkit.vmbus.ChannelDescriptor.stateName;
import static org.kernkit.vmbus.ChannelDescriptor.stateOf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.kernkit.vmbus.internal.ParkingSignal;
import org.kernkit.vmbus.internal.ProcessLiveness;
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
 * <p>Sessions: a host claims the channel by a compare-and-set on its side word (refused while another live
 * process holds it), resets both rings and publishes a new epoch; a guest joins that epoch by a compare-and-set on
 * the guest word. Every operation of a view first checks that the host word still carries the view's epoch, so a
 * view from an earlier session gets {@link PeerUnavailableException} and never touches rings a later session
 * formatted.
 *
 * <p>Waiting: {@link #receive} polls, spins {@value #SPINS} times, yields, then sleeps with the
 * {@code interrupt_mask} protocol of {@link RingBuffer#unmaskInterrupts()}; {@link #send} does the same with the
 * {@code pending_send_sz} protocol of {@link RingBuffer#requestSpace(int)}. Sleeps last at most 50 ms at a time,
 * after which the peer's side word is checked ({@code /proc/PID/stat}, so a zombie counts as dead), so a dead peer
 * is noticed within about that time rather than waited on forever. Between calls to {@code receive} the reader
 * leaves {@code interrupt_mask} clear, as Linux's {@code hv_end_read} does.
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
    static final long CHECK_PEER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long GUEST_ATTACH_POLL_MILLIS = 5;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long OWN_PID = ProcessHandle.current().pid();

    private final MemorySegment region;
    private final Role role;
    private final int epoch;
    private final long sliceNanos;
    private final RingBuffer outbound;
    private final RingBuffer inbound;
    private final WakeupSignal dataSignal;
    private final WakeupSignal spaceSignal;
    private final WakeupSignal peerDataSignal;
    private final WakeupSignal peerSpaceSignal;
    private final long ownWordOffset;
    private final long peerWordOffset;
    private volatile boolean closed;
    private volatile String sessionOver;
    // Set when the host word left our session: from then on no byte of either ring is ours to touch.
    private volatile boolean ringsLost;

    /** The four signals of a channel, in the order of the control page. */
    record Signals(WakeupSignal hostData, WakeupSignal guestSpace, WakeupSignal guestData, WakeupSignal hostSpace) {

        static Signals parking() {
            return new Signals(new ParkingSignal(), new ParkingSignal(), new ParkingSignal(), new ParkingSignal());
        }

        static Signals shared(MemorySegment region) {
            return new Signals(new SharedWordSignal(region, HOST_DATA_SIGNAL_OFFSET),
                    new SharedWordSignal(region, GUEST_SPACE_SIGNAL_OFFSET),
                    new SharedWordSignal(region, GUEST_DATA_SIGNAL_OFFSET),
                    new SharedWordSignal(region, HOST_SPACE_SIGNAL_OFFSET));
        }
    }

    private Channel(MemorySegment region, Role role, int epoch, Signals signals, long sliceNanos,
                    RingBuffer.Reading reading) {
        this.region = region;
        this.role = role;
        this.epoch = epoch;
        this.sliceNanos = sliceNanos;
        int ringLength = (int) INT.getAcquire(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET);
        MemorySegment toHost = region.asSlice(ChannelDescriptor.guestToHostRingOffset(), ringLength);
        MemorySegment toGuest = region.asSlice(ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength);
        if (role == Role.GUEST) {
            outbound = RingBuffer.attach(toHost, signals.hostData(), signals.guestSpace(), reading);
            inbound = RingBuffer.attach(toGuest, signals.guestData(), signals.hostSpace(), reading);
            dataSignal = signals.guestData();
            spaceSignal = signals.guestSpace();
            peerDataSignal = signals.hostData();
            peerSpaceSignal = signals.hostSpace();
            ownWordOffset = GUEST_WORD_OFFSET;
            peerWordOffset = HOST_WORD_OFFSET;
        } else {
            outbound = RingBuffer.attach(toGuest, signals.guestData(), signals.hostSpace(), reading);
            inbound = RingBuffer.attach(toHost, signals.hostData(), signals.guestSpace(), reading);
            dataSignal = signals.hostData();
            spaceSignal = signals.hostSpace();
            peerDataSignal = signals.guestData();
            peerSpaceSignal = signals.guestSpace();
            ownWordOffset = HOST_WORD_OFFSET;
            peerWordOffset = GUEST_WORD_OFFSET;
        }
    }

    /**
     * Writes an empty channel into {@code region}: control page and both rings; the magic is stored last.
     *
     * <p>If the region already holds a channel of this layout, its side words are kept (a live host keeps its
     * claim, and the next session's epoch follows the old one, so a view from before never matches it), except
     * that the word of a host whose process is gone becomes absent, so that guests wait for the next host; callers
     * must not re-format a channel a live host serves ({@link ChannelFile#create} refuses to).
     *
     * @param region at least {@link ChannelDescriptor#regionLength(int)} bytes, 8-byte aligned
     * @param ringLength bytes of each ring including its 4 KiB header page; a multiple of 4096
     * @throws IllegalArgumentException if the region is too small, or {@code ringLength} is not a valid ring length
     */
    public static void format(MemorySegment region, int ringLength) {
        ChannelDescriptor.checkRingLength(ringLength);
        long needed = ChannelDescriptor.regionLength(ringLength);
        if (region.byteSize() < needed) {
            throw new IllegalArgumentException("region of " + region.byteSize() + " bytes is smaller than the "
                    + needed + " bytes two rings of " + ringLength + " need");
        }
        boolean existing = (long) LONG.getAcquire(region, (long) ChannelDescriptor.MAGIC_OFFSET) == ChannelDescriptor.MAGIC
                && (int) INT.getVolatile(region, (long) ChannelDescriptor.VERSION_OFFSET) == ChannelDescriptor.VERSION;
        if (existing) {
            // Withdraw the magic first: a guest opening the file meanwhile waits instead of reading half a format.
            LONG.setVolatile(region, (long) ChannelDescriptor.MAGIC_OFFSET, 0L);
            long host = (long) LONG.getVolatile(region, (long) HOST_WORD_OFFSET);
            if (!ProcessLiveness.alive(pidOf(host))) {
                // A host that is gone: guests should wait for the next one, not fail on the old pid.
                LONG.compareAndSet(region, (long) HOST_WORD_OFFSET, host, sideWord(epochOf(host), STATE_ABSENT, 0));
            }
        } else {
            region.asSlice(0, ChannelDescriptor.CONTROL_LENGTH).fill((byte) 0);
        }
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
     * @param ringLength bytes of each ring including its 4 KiB header page; a multiple of 4096
     * @return both views, each attached
     * @throws IllegalArgumentException if {@code ringLength} is not a valid ring length
     */
    public static Pair inProcess(int ringLength) {
        return inProcess(ringLength, Signals.parking(), CHECK_PEER_NANOS);
    }

    /**
     * An in-process pair with the given signals, whose waits sleep up to {@code sliceNanos} between checks of the
     * peer: a test passes a slice longer than its own deadline so that only a signal can end a wait, and a lost
     * wake-up shows as a hang instead of a 50 ms delay.
     */
    static Pair inProcess(int ringLength, Signals signals, long sliceNanos) {
        ChannelDescriptor.checkRingLength(ringLength);
        MemorySegment region = MemorySegment.ofArray(new long[(int) (ChannelDescriptor.regionLength(ringLength) / 8)]);
        format(region, ringLength);
        int epoch = 1;
        LONG.setVolatile(region, (long) HOST_WORD_OFFSET, sideWord(epoch, STATE_ATTACHED, OWN_PID));
        LONG.setVolatile(region, (long) GUEST_WORD_OFFSET, sideWord(epoch, STATE_ATTACHED, OWN_PID));
        Channel host = new Channel(region, Role.HOST, epoch, signals, sliceNanos, RingBuffer.Reading.IN_PLACE);
        Channel guest = new Channel(region, Role.GUEST, epoch, signals, sliceNanos, RingBuffer.Reading.IN_PLACE);
        return new Pair(guest, host);
    }

    /**
     * Attaches to a formatted channel in native memory shared with another process (a mapped file), with futex
     * signalling, handing packets over {@link RingBuffer.Reading#IN_PLACE}; see
     * {@link #attach(MemorySegment, Role, long, RingBuffer.Reading)}.
     *
     * @param region the mapped channel region, formatted by {@link #format} (or {@link ChannelFile#create})
     * @param role which side this view is
     * @param timeoutMillis guest: how long to wait for a ready host with a free guest side; host: how long to let
     *     a guest of the previous session that still lives notice the reset before the rings are re-formatted
     * @return the attached view
     * @throws IllegalArgumentException if the region is not native or not a formatted channel (names what it found)
     * @throws PeerUnavailableException if a guest finds no ready host in time, the guest side stays taken, or the
     *     host process is dead; or a host finds another live host process holding the channel (names its pid)
     * @throws RingCorruptedException if a guest finds invalid indexes in the rings it joins
     * @throws InterruptedException if interrupted while waiting
     */
    public static Channel attach(MemorySegment region, Role role, long timeoutMillis)
            throws PeerUnavailableException, InterruptedException {
        return attach(region, role, timeoutMillis, RingBuffer.Reading.IN_PLACE);
    }

    /**
     * Attaches to a formatted channel in native memory shared with another process (a mapped file), with futex
     * signalling.
     *
     * <p>A host claims the host word (compare-and-set; refused while another live process holds it), waits up to
     * {@code timeoutMillis} for a guest of the previous session to leave, resets both rings, and publishes the
     * next epoch with the host ready. The process that holds the host word may attach again: that starts its next
     * session. A guest waits up to {@code timeoutMillis} for a ready host and claims the guest word of its epoch;
     * it fails at once if the host word names a process that is dead.
     *
     * @param region the mapped channel region, formatted by {@link #format} (or {@link ChannelFile#create})
     * @param role which side this view is
     * @param timeoutMillis guest: how long to wait for a ready host with a free guest side; host: how long to let
     *     a guest of the previous session that still lives notice the reset before the rings are re-formatted
     * @param reading {@link RingBuffer.Reading#PRIVATE_COPY} to copy each packet out of the ring before a handler
     *     sees it (for a peer that is not trusted)
     * @return the attached view
     * @throws IllegalArgumentException if the region is not native or not a formatted channel (names what it found)
     * @throws PeerUnavailableException if a guest finds no ready host in time, the guest side stays taken, or the
     *     host process is dead; or a host finds another live host process holding the channel (names its pid)
     * @throws RingCorruptedException if a guest finds invalid indexes in the rings it joins
     * @throws InterruptedException if interrupted while waiting
     */
    public static Channel attach(MemorySegment region, Role role, long timeoutMillis, RingBuffer.Reading reading)
            throws PeerUnavailableException, InterruptedException {
        checkFormatted(region);
        return role == Role.HOST ? attachHost(region, timeoutMillis, reading) : attachGuest(region, timeoutMillis, reading);
    }

    private static Channel attachHost(MemorySegment region, long graceMillis, RingBuffer.Reading reading)
            throws PeerUnavailableException, InterruptedException {
        long previous;
        while (true) {
            previous = (long) LONG.getVolatile(region, (long) HOST_WORD_OFFSET);
            int state = stateOf(previous);
            long pid = pidOf(previous);
            if ((state == STATE_ATTACHED || state == STATE_RESETTING) && pid != OWN_PID && ProcessLiveness.alive(pid)) {
                throw new PeerUnavailableException("the channel already has a host, pid " + pid + " ("
                        + stateName(state) + ", session " + epochOf(previous) + ")");
            }
            // Volatile CAS: of two hosts that both saw the word free, one wins; the other re-reads and is refused.
            if (LONG.compareAndSet(region, (long) HOST_WORD_OFFSET, previous,
                    sideWord(epochOf(previous), STATE_RESETTING, OWN_PID))) {
                break;
            }
        }
        Signals signals = Signals.shared(region);
        // Wake a guest of the old session that sleeps, so that it sees RESETTING, leaves, and stops touching rings.
        signals.guestData().signal();
        signals.guestSpace().signal();
        int oldEpoch = epochOf(previous);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (true) {
            long guest = (long) LONG.getVolatile(region, (long) GUEST_WORD_OFFSET);
            boolean stays = stateOf(guest) == STATE_ATTACHED && ProcessLiveness.alive(pidOf(guest));
            if (!stays || System.nanoTime() - deadline >= 0) {
                break; // a guest that ignores the reset past the grace period is not waited for any longer
            }
            Thread.sleep(GUEST_ATTACH_POLL_MILLIS);
        }
        int ringLength = (int) INT.getAcquire(region, (long) ChannelDescriptor.RING_LENGTH_OFFSET);
        RingBuffer.format(region.asSlice(ChannelDescriptor.guestToHostRingOffset(), ringLength));
        RingBuffer.format(region.asSlice(ChannelDescriptor.hostToGuestRingOffset(ringLength), ringLength));
        int epoch = ChannelDescriptor.nextEpoch(oldEpoch);
        // Release, guest word then host word: a guest that reads the host ready (acquire) sees the formatted
        // rings and a free guest word of the new epoch.
        LONG.setRelease(region, (long) GUEST_WORD_OFFSET, sideWord(epoch, STATE_ABSENT, 0));
        LONG.setRelease(region, (long) HOST_WORD_OFFSET, sideWord(epoch, STATE_ATTACHED, OWN_PID));
        return new Channel(region, Role.HOST, epoch, signals, CHECK_PEER_NANOS, reading);
    }

    private static Channel attachGuest(MemorySegment region, long timeoutMillis, RingBuffer.Reading reading)
            throws PeerUnavailableException, InterruptedException {
        // A guest may take the guest side only from a live host that is ready, in the host's epoch, while the side
        // is free: the host frees it only after re-formatting both rings, so a guest never joins a session that
        // is ending, and a guest word of an older epoch never matches.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long host = (long) LONG.getAcquire(region, (long) HOST_WORD_OFFSET);
            int hostState = stateOf(host);
            long hostPid = pidOf(host);
            ProcessLiveness.State liveness = ProcessLiveness.of(hostPid);
            long guest = (long) LONG.getAcquire(region, (long) GUEST_WORD_OFFSET);
            if (hostState == STATE_ATTACHED && liveness == ProcessLiveness.State.ALIVE) {
                int epoch = epochOf(host);
                long mine = sideWord(epoch, STATE_ATTACHED, OWN_PID);
                if (guest == sideWord(epoch, STATE_ABSENT, 0)
                        && LONG.compareAndSet(region, (long) GUEST_WORD_OFFSET, guest, mine)) {
                    if ((long) LONG.getAcquire(region, (long) HOST_WORD_OFFSET) == host) {
                        return new Channel(region, Role.GUEST, epoch, Signals.shared(region), CHECK_PEER_NANOS, reading);
                    }
                    // The host began another reset between our loads: give the side back and look again.
                    LONG.compareAndSet(region, (long) GUEST_WORD_OFFSET, mine, sideWord(epoch, STATE_CLOSED, OWN_PID));
                    continue;
                }
            } else if (hostPid != 0 && liveness != ProcessLiveness.State.ALIVE) {
                throw new PeerUnavailableException("the channel's host process " + hostPid + " "
                        + ProcessLiveness.deathOf(hostPid) + " (host " + stateName(hostState) + ", session "
                        + epochOf(host) + "); start a host first");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new PeerUnavailableException(hostState != STATE_ATTACHED
                        ? "no host ready on the channel after " + timeoutMillis + " ms (host " + stateName(hostState)
                                + ", pid " + hostPid + ")"
                        : "the channel's guest side is still taken after " + timeoutMillis + " ms (guest "
                                + stateName(stateOf(guest)) + ", pid " + pidOf(guest) + ", session " + epochOf(guest) + ")");
            }
            Thread.sleep(GUEST_ATTACH_POLL_MILLIS);
        }
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
        ChannelDescriptor.checkRingLength(ringLength);
        if (ChannelDescriptor.regionLength(ringLength) > region.byteSize()) {
            throw new IllegalArgumentException("ring length " + ringLength + " does not fit the region of "
                    + region.byteSize() + " bytes");
        }
    }

    /**
     * This view's side, fixed at attach.
     *
     * @return {@link Role#HOST} or {@link Role#GUEST}
     */
    public Role role() {
        return role;
    }

    /**
     * The session this view belongs to, fixed at attach. Once the host word carries another epoch, every ring
     * operation of this view throws {@link PeerUnavailableException}.
     *
     * @return the host word's epoch when this view attached
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The ring this side writes, for inspection (sizes, counters); sending through it directly bypasses the
     * session check.
     *
     * @return the outbound ring view, owned by this channel
     */
    public RingBuffer outbound() {
        return outbound;
    }

    /**
     * The ring this side reads, for inspection (sizes, counters); reading through it directly bypasses the
     * session check.
     *
     * @return the inbound ring view, owned by this channel
     */
    public RingBuffer inbound() {
        return inbound;
    }

    /**
     * The largest payload one packet can carry on the outbound ring.
     *
     * @return bytes, a multiple of 8
     */
    public int maxPayloadLength() {
        return outbound.maxPayloadLength();
    }

    // ------------------------------------------------------------------------------------------------- sending

    /**
     * Sends one packet if there is room now; see {@link RingBuffer#tryWrite}.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload source of the payload, copied into the ring before the call returns
     * @param offset where the payload starts in {@code payload}
     * @param length payload bytes, at most {@link #maxPayloadLength()}; the packet is zero-padded to a multiple of 8
     * @return whether it was sent
     * @throws PeerUnavailableException if this view's session is over (the rings are not touched)
     * @throws IllegalStateException if this view is closed
     */
    public boolean trySend(int type, int flags, long transId, MemorySegment payload, long offset, int length)
            throws PeerUnavailableException {
        ensureOpen();
        checkSession();
        return outbound.tryWrite(type, flags, transId, payload, offset, length);
    }

    /**
     * Copies one packet into the outbound ring without making it visible yet; see {@link RingBuffer#tryAppend}.
     * {@link #publish()} (or any send) makes it visible.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload source of the payload, copied into the ring before the call returns
     * @param offset where the payload starts in {@code payload}
     * @param length payload bytes, at most {@link #maxPayloadLength()}; the packet is zero-padded to a multiple of 8
     * @return whether it was appended
     * @throws PeerUnavailableException if this view's session is over (the rings are not touched)
     * @throws IllegalStateException if this view is closed
     */
    public boolean tryAppend(int type, int flags, long transId, MemorySegment payload, long offset, int length)
            throws PeerUnavailableException {
        ensureOpen();
        checkSession();
        return outbound.tryAppend(type, flags, transId, payload, offset, length);
    }

    /**
     * Makes appended packets visible to the peer and signals it if needed; see {@link RingBuffer#publish()}.
     *
     * @throws PeerUnavailableException if this view's session is over (the rings are not touched)
     * @throws IllegalStateException if this view is closed
     */
    public void publish() throws PeerUnavailableException {
        ensureOpen();
        checkSession();
        outbound.publish();
    }

    /**
     * Sends one packet, waiting for room: spins briefly, then sets {@code pending_send_sz} and sleeps until the
     * peer's reads free enough space.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload source of the payload, copied into the ring before the call returns
     * @param offset where the payload starts in {@code payload}
     * @param length payload bytes, at most {@link #maxPayloadLength()}; the packet is zero-padded to a multiple of 8
     * @param timeoutNanos how long to wait for room at most
     * @throws PeerUnavailableException if the session is over, the peer closed or died, or no room appeared in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this view is closed
     */
    public void send(int type, int flags, long transId, MemorySegment payload, long offset, int length,
                     long timeoutNanos) throws PeerUnavailableException, InterruptedException {
        ensureOpen();
        checkSession();
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
                long slice = Math.min(remaining, sliceNanos);
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
                checkSession(); // the rings may have been re-formatted while we slept
                if (ring.tryWrite(type, flags, transId, payload, offset, length)) {
                    return;
                }
            }
        } finally {
            if (signalled && !ringsLost) {
                ring.clearSpaceRequest();
            }
        }
    }

    /**
     * Sends a packet with an array payload; see {@link #send(int, int, long, MemorySegment, long, int, long)}.
     *
     * @param type the {@code type} field (u16)
     * @param flags the {@code flags} field (u16)
     * @param transId the {@code trans_id} field
     * @param payload the whole payload, copied into the ring before the call returns
     * @param timeoutNanos how long to wait for room at most
     * @throws PeerUnavailableException if the session is over, the peer closed or died, or no room appeared in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this view is closed
     */
    public void send(int type, int flags, long transId, byte[] payload, long timeoutNanos)
            throws PeerUnavailableException, InterruptedException {
        send(type, flags, transId, MemorySegment.ofArray(payload), 0, payload.length, timeoutNanos);
    }

    // ----------------------------------------------------------------------------------------------- receiving

    /**
     * Reads up to {@code limit} packets present now, without waiting (a batch: one {@code read_index} update).
     *
     * @param handler receives each packet on this thread; the packet is valid only during the call
     * @param limit the most packets to read
     * @return packets read
     * @throws PeerUnavailableException if this view's session is over (the rings are not touched)
     * @throws IllegalStateException if this view is closed
     */
    public int poll(PacketHandler handler, int limit) throws PeerUnavailableException {
        ensureOpen();
        checkSession();
        return inbound.read(handler, limit);
    }

    /**
     * Reads up to {@code limit} packets, waiting up to {@code timeoutNanos} for the first: polls; sets
     * {@code interrupt_mask} and spins, yields ({@code hv_begin_read}); then clears it, re-checks and sleeps
     * until the peer signals. On return {@code interrupt_mask} is clear again ({@code hv_end_read}): while this
     * reader is not in {@code receive}, a writer that makes the ring non-empty signals it.
     *
     * @param handler receives each packet on this thread; the packet is valid only during the call
     * @param limit the most packets to read
     * @param timeoutNanos how long to wait for the first packet at most
     * @return packets read; 0 if none arrived in time
     * @throws PeerUnavailableException if the session is over, or the ring is empty and the peer closed or died
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this view is closed
     */
    public int receive(PacketHandler handler, int limit, long timeoutNanos)
            throws PeerUnavailableException, InterruptedException {
        ensureOpen();
        checkSession();
        final RingBuffer ring = inbound;
        int n = ring.read(handler, limit);
        if (n > 0) {
            return n;
        }
        // Busy from here on: writers need not signal us while we poll.
        ring.maskInterrupts();
        try {
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
                        return 0;
                    }
                    dataSignal.await(ticket, Math.min(remaining, sliceNanos));
                    checkSession(); // the rings may have been re-formatted while we slept
                }
                n = ring.read(handler, limit);
                if (n > 0) {
                    return n;
                }
                checkPeer();
            }
        } finally {
            if (!ringsLost) {
                // hv_end_read: idle readers keep the mask clear. Opaque: this only decides whether writers
                // signal a reader that is not asleep; the next sleep clears it again with a full fence.
                ring.clearInterruptMask();
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- peer

    /**
     * Whether the peer is attached in this session and, for a peer in another process, still running. A snapshot:
     * the peer may leave or die right after it.
     *
     * @return {@code true} if the peer's side word is attached in this view's epoch and its process is alive
     */
    public boolean peerAlive() {
        long peer = (long) LONG.getAcquire(region, peerWordOffset);
        return stateOf(peer) == STATE_ATTACHED && epochOf(peer) == epoch && ProcessLiveness.alive(pidOf(peer));
    }

    /**
     * The process id in the peer's side word, as the peer last published it.
     *
     * @return the peer's pid, 0 if the peer has not attached
     */
    public long peerPid() {
        return pidOf((long) LONG.getAcquire(region, peerWordOffset));
    }

    /**
     * Throws if the host word no longer carries this view's session, before any ring access: the rings may be
     * (about to be) re-formatted for a new guest, and our cached indexes belong to the old ones.
     */
    private void checkSession() throws PeerUnavailableException {
        String over = sessionOver;
        if (over != null) {
            throw new PeerUnavailableException(over);
        }
        // Acquire: pairs with the release stores of attachHost; a host word of our epoch means the rings are ours.
        long host = (long) LONG.getAcquire(region, (long) HOST_WORD_OFFSET);
        int state = stateOf(host);
        if (epochOf(host) == epoch && state != STATE_RESETTING && state != STATE_ABSENT
                && (role == Role.GUEST || pidOf(host) == OWN_PID)) {
            return;
        }
        String why = epochOf(host) != epoch
                ? "session " + epoch + " of the channel is over: the host (pid " + pidOf(host) + ") is in session "
                        + epochOf(host) + " (" + stateName(state) + ")"
                : role == Role.HOST && pidOf(host) != OWN_PID
                        ? "the channel was taken over by host pid " + pidOf(host)
                        : "session " + epoch + " of the channel is over: the host (pid " + pidOf(host) + ") is "
                                + stateName(state);
        ringsLost = true;
        endSessionOnError(why);
    }

    private void checkPeer() throws PeerUnavailableException {
        checkSession();
        long peer = (long) LONG.getAcquire(region, peerWordOffset);
        int state = stateOf(peer);
        long pid = pidOf(peer);
        if (role == Role.HOST && (epochOf(peer) != epoch || state == STATE_ABSENT)) {
            return; // no guest has joined this session yet
        }
        if (state == STATE_CLOSED) {
            endSessionOnError("the " + peerName() + " (pid " + pid + ") closed the channel");
        }
        if (state == STATE_ATTACHED && !ProcessLiveness.alive(pid)) {
            endSessionOnError("the " + peerName() + " process " + pid + " " + ProcessLiveness.deathOf(pid));
        }
    }

    private void endSessionOnError(String why) throws PeerUnavailableException {
        if (sessionOver == null) {
            sessionOver = why;
            if (role == Role.GUEST) {
                // Give the side back, so a resetting host need not wait for us; we touch no ring from now on.
                LONG.compareAndSet(region, ownWordOffset, sideWord(epoch, STATE_ATTACHED, OWN_PID),
                        sideWord(epoch, STATE_CLOSED, OWN_PID));
            }
        }
        throw new PeerUnavailableException(why);
    }

    private String peerName() {
        return role == Role.GUEST ? "host" : "guest";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the " + role.name().toLowerCase(Locale.ROOT)
                    + " view of this channel is closed");
        }
    }

    /**
     * Marks this side closed (if its side word is still this view's) and wakes the peer's waits so that it
     * notices. A host that closes gives up its claim on the channel. Idempotent.
     */
    @Override
    public void close() {
        leave(STATE_CLOSED);
    }

    /**
     * Ends this session. A guest closes, as {@link #close()}. A host keeps its claim on the channel (state
     * resetting: guests wait, other hosts are refused) and attaches again to serve the next guest. Idempotent;
     * the view is closed afterwards.
     */
    public void endSession() {
        leave(role == Role.HOST ? STATE_RESETTING : STATE_CLOSED);
    }

    /**
     * Gives up this process's claim on the channel between sessions (after {@link #endSession()}): the host word
     * turns closed, so guests learn that no host will come back.
     */
    static void release(MemorySegment region) {
        long word = (long) LONG.getVolatile(region, (long) HOST_WORD_OFFSET);
        if (pidOf(word) == OWN_PID && stateOf(word) == STATE_RESETTING) {
            LONG.compareAndSet(region, (long) HOST_WORD_OFFSET, word, sideWord(epochOf(word), STATE_CLOSED, OWN_PID));
        }
    }

    private void leave(int state) {
        if (closed) {
            return;
        }
        closed = true;
        // Volatile CAS: only our own word of our own session is changed; a later session's word is left alone.
        LONG.compareAndSet(region, ownWordOffset, sideWord(epoch, STATE_ATTACHED, OWN_PID),
                sideWord(epoch, state, OWN_PID));
        // Wake both waits the peer may be in, so that it re-checks our state; a spare signal is harmless.
        peerDataSignal.signal();
        peerSpaceSignal.signal();
    }
}
