package org.kernkit.vmbus;

import java.io.IOException;

/** The other side of a channel closed, died, or did not answer in time. */
public final class PeerUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the message is all a caller shows, so it carries the details.
     *
     * @param message what happened, naming the peer and the values
     */
    public PeerUnavailableException(String message) {
        super(message);
    }
}
