package org.kernkit.vfat;

import java.io.IOException;

/**
 * A file name, path or volume label cannot be stored on FAT (invalid character, too long, empty, {@code .} or
 * {@code ..}, trailing dot or space); nothing was changed.
 */
public final class InvalidNameException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception; the message is what the user sees, so it quotes the name.
     *
     * @param message the name and what is wrong with it
     */
    public InvalidNameException(String message) {
        super(message);
    }
}
