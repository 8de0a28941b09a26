package org.kernkit.vfat;

import java.io.IOException;

/**
 * An operation needs more free clusters, or more directory slots, than the volume has; it was refused before
 * anything was changed.
 */
public final class FileSystemFullException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what was needed and what was free */
    public FileSystemFullException(String message) {
        super(message);
    }
}
