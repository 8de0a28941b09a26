package org.kernkit.vmbus;

import java.io.IOException;

/** The other side of a channel closed, died, or did not answer in time. */
public final class PeerUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the peer and the values */
    public PeerUnavailableException(String message) {
        super(message);
    }
}
