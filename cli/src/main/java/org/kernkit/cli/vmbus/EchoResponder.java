package org.kernkit.cli.vmbus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.Packet;
import org.kernkit.vmbus.PacketDescriptor;
import org.kernkit.vmbus.PacketHandler;
import org.kernkit.vmbus.PeerUnavailableException;
import org.kernkit.vmbus.RingCorruptedException;

/**
 * The one echo host: a peer for measuring a channel, the far end of {@code kernkit vmbus ping} ({@code vmbus pong})
 * and of the vmbus benchmarks that need a second process. It counts every packet it receives and answers each
 * packet that asks for a completion. It lives in the CLI, not in the vmbus library: it is a measuring tool, not a
 * service a library user needs.
 *
 * <pre>
 *   packet without COMPLETION_REQUESTED          -> counted
 *   packet with it and a payload                 -> COMP, same trans_id, same payload (an echo)
 *   packet with it and an empty payload          -> COMP, same trans_id, payload u64 count of packets so far
 * </pre>
 *
 * <p>Thread-safety: {@link #serve()} runs on one thread.
 */
final class EchoResponder {

    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Channel channel;
    private final long idleTimeoutNanos;
    private final MemorySegment reply;
    private final PacketHandler handler = this::handle;
    private long packets;

    /**
     * Prepares a responder; nothing is answered until {@link #serve()} runs. The caller keeps ownership of the
     * channel.
     *
     * @param channel the view that answers (either role)
     * @param idleTimeoutNanos {@link #serve()} returns after this long without a packet
     */
    EchoResponder(Channel channel, long idleTimeoutNanos) {
        this.channel = channel;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.reply = MemorySegment.ofArray(new byte[channel.maxPayloadLength()]);
    }

    /**
     * Answers packets until the peer leaves or corrupts a ring, or nothing arrives for the idle timeout.
     *
     * @return why it stopped, one line for a log
     * @throws IOException if an answer cannot be sent for a reason other than the peer
     * @throws InterruptedException if interrupted
     */
    String serve() throws IOException, InterruptedException {
        try {
            while (true) {
                if (channel.receive(handler, 256, idleTimeoutNanos) == 0) {
                    return "idle for " + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms";
                }
            }
        } catch (PeerUnavailableException e) {
            return e.getMessage();
        } catch (RingCorruptedException e) {
            return "corrupt ring from the peer (pid " + channel.peerPid() + "): " + e.getMessage();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof PeerUnavailableException p) {
                return p.getMessage();
            }
            throw e.getCause();
        }
    }

    /**
     * Packets received so far. The serving thread's plain counter: exact on that thread, and on another
     * thread once it has synchronised with the serving one (joined it, say); possibly stale before.
     *
     * @return the number of packets received
     */
    long packets() {
        return packets;
    }

    private void handle(Packet packet) {
        packets++;
        if ((packet.flags() & PacketDescriptor.FLAG_COMPLETION_REQUESTED) == 0) {
            return;
        }
        int length = packet.payloadLength();
        if (length == 0) {
            reply.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, packets);
            length = 8;
        } else {
            packet.copyPayload(0, reply, 0, length);
        }
        try {
            channel.send(PacketDescriptor.TYPE_COMPLETION, 0, packet.transId(), reply, 0, length, SEND_TIMEOUT_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while answering"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
