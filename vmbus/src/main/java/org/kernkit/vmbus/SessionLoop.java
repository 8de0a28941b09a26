package org.kernkit.vmbus;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A host that serves guest after guest on one channel: attach (claiming the channel, resetting the rings, a new
 * epoch), serve one session, end it, attach again.
 *
 * <pre>
 *   attach(HOST) -> session.serve(view) -> view.endSession() -> attach(HOST) -> ... -> close()
 * </pre>
 *
 * <p>The host keeps its claim between sessions (a second host is refused throughout); a session that ends for
 * any reason the server reports (the guest left, died, corrupted a ring, sent a malformed request) is followed
 * by the next. Thread-safety: runs on the calling thread.
 */
public final class SessionLoop {

    /** Serves one guest session on a freshly attached host view. */
    @FunctionalInterface
    public interface Session {
        /**
         * Serves the session on the loop's thread; the loop owns {@code host} and ends it afterwards.
         *
         * @param host the view of this session; the loop ends the session when this returns
         * @throws IOException if serving fails in a way that should stop the host
         * @throws InterruptedException if interrupted
         */
        void serve(Channel host) throws IOException, InterruptedException;
    }

    private SessionLoop() {
    }

    /**
     * Serves {@code sessions} sessions ({@code 0}: until interrupted or an error), then closes the host side.
     *
     * @param region the channel region (see {@link ChannelFile#create})
     * @param sessions how many sessions to serve, 0 or less for no limit
     * @param graceMillis how long each reset lets a guest of the previous session notice it (see
     *     {@link Channel#attach(MemorySegment, Channel.Role, long)})
     * @param session serves each session in turn
     * @throws PeerUnavailableException if another live host holds the channel (names its pid)
     * @throws IOException if a session fails in a way the server does not report as its end
     * @throws InterruptedException if interrupted
     */
    public static void run(MemorySegment region, int sessions, long graceMillis, Session session)
            throws IOException, InterruptedException {
        Channel host = null;
        try {
            for (int n = 1; sessions <= 0 || n <= sessions; n++) {
                host = Channel.attach(region, Channel.Role.HOST, graceMillis);
                try {
                    session.serve(host);
                } finally {
                    host.endSession();
                }
            }
        } finally {
            if (host != null) {
                Channel.release(region); // the last session is ended: the claim goes, the host word says closed
            }
        }
    }
}
