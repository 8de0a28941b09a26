package org.kernkit.vfat;

import java.io.IOException;

/**
 * The image's on-disk structures are inconsistent (bad BPB, looping, cross-linked or out-of-range cluster chains,
 * a directory that is not one); the message names the structure and the values found. The operation that met the
 * damage changed nothing.
 */
public final class CorruptImageException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception; the message is what the user sees, so it names the structure and values.
     *
     * @param message what is wrong, with the values found
     */
    public CorruptImageException(String message) {
        super(message);
    }
}
