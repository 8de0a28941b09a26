package org.kernkit.vmbus;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * The guest's request/completion layer: sends requests with fresh {@code trans_id}s and routes each completion
 * to the handler of its request, with several requests in flight and completions read in batches.
 *
 * <pre>
 *   submit(payload, h) --INBAND, COMPLETION_REQUESTED, trans_id=n--&gt; host
 *   inFlight: { n -&gt; h, ... }  &lt;--COMP, trans_id=n-- host   (any order)   h.onCompletion(packet)
 * </pre>
 *
 * <p>Not thread-safe: one thread submits and collects (it is both the channel's sender and its receiver).
 */
public final class RequestClient {

    /** Receives the completion of one request. */
    @FunctionalInterface
    public interface CompletionHandler {
        /**
         * Handles the completion, on the thread that collects completions.
         *
         * @param completion the completion packet, valid during the call only
         */
        void onCompletion(Packet completion);
    }

    private static final int BATCH = 64;

    private final Channel channel;
    private final long timeoutNanos;
    private final Map<Long, CompletionHandler> inFlight = new HashMap<>();
    private final PacketHandler dispatcher = this::dispatch;
    private long nextTransId = 1;
    private IOException protocolError;

    /**
     * Prepares a client on {@code channel}; nothing is sent until {@link #submit}. The client becomes the channel's
     * only sender and receiver.
     *
     * @param channel a guest view
     * @param timeoutNanos how long to wait for room to send, or for a completion, before giving up
     */
    public RequestClient(Channel channel, long timeoutNanos) {
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Sends a request and remembers {@code handler} for its completion; on failure nothing is remembered.
     *
     * @param payload the request, copied into the ring before the call returns
     * @param offset where the request starts in {@code payload}
     * @param length the request's bytes
     * @param handler runs once, in {@link #awaitUntilInFlightAtMost}, when the completion arrives
     * @return the request's {@code trans_id}
     * @throws PeerUnavailableException if the host closed, died or did not read in time
     * @throws InterruptedException if interrupted while waiting for room
     */
    public long submit(MemorySegment payload, long offset, int length, CompletionHandler handler)
            throws PeerUnavailableException, InterruptedException {
        long transId = nextTransId++;
        inFlight.put(transId, handler);
        try {
            channel.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, transId,
                    payload, offset, length, timeoutNanos);
        } catch (PeerUnavailableException | InterruptedException | RuntimeException e) {
            inFlight.remove(transId);
            throw e;
        }
        return transId;
    }

    /**
     * Requests sent whose completion has not arrived.
     *
     * @return the number of requests in flight
     */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Reads completions until at most {@code maxInFlight} requests remain in flight, running their handlers.
     *
     * @param maxInFlight the requests that may stay in flight; returns at once if no more are
     * @throws PeerUnavailableException if the host closed or died, or no completion came within the timeout
     * @throws IOException if the host sent a packet that answers no request in flight
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitUntilInFlightAtMost(int maxInFlight) throws IOException, InterruptedException {
        while (inFlight.size() > maxInFlight) {
            int n = channel.receive(dispatcher, BATCH, timeoutNanos);
            if (protocolError != null) {
                IOException e = protocolError;
                protocolError = null;
                throw e;
            }
            if (n == 0) {
                throw new PeerUnavailableException("no completion from the host for " + timeoutNanos / 1_000_000
                        + " ms with " + inFlight.size() + " requests in flight");
            }
        }
    }

    /**
     * Reads completions until none is in flight; see {@link #awaitUntilInFlightAtMost(int)}.
     *
     * @throws PeerUnavailableException if the host closed or died, or no completion came within the timeout
     * @throws IOException if the host sent a packet that answers no request in flight
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitAll() throws IOException, InterruptedException {
        awaitUntilInFlightAtMost(0);
    }

    private void dispatch(Packet packet) {
        CompletionHandler handler = packet.type() == PacketDescriptor.TYPE_COMPLETION
                ? inFlight.remove(packet.transId()) : null;
        if (handler == null) {
            if (protocolError == null) {
                protocolError = new IOException("host sent a packet of type " + packet.type() + " with trans_id "
                        + packet.transId() + ", which answers no request in flight (" + inFlight.size() + " in flight)");
            }
            return; // consume it: it can never be answered
        }
        handler.onCompletion(packet);
    }
}
