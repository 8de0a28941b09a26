package org.kernkit.vfat;

import java.io.IOException;

/**
 * An operation needs more free clusters, or more directory slots, than the volume has; it was refused before
 * anything was changed.
 */
public final class FileSystemFullException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception; the message is what the user sees, so it names the space needed and free.
     *
     * @param message what was needed and what was free
     */
    public FileSystemFullException(String message) {
        super(message);
    }
}
