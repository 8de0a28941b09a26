package org.kernkit.checkpoint.image;

import java.io.IOException;

/**
 * A checkpoint image, or a task state inside one, is corrupt, truncated or hostile.
 *
 * <p>The message names the image, the section (index and type) and the file offset where the problem was found,
 * and the offending values.
 */
public final class ImageFormatException extends IOException {

/** The file offset the message refers to, or -1. */
    private final long offset;

    /**
     * Reports a defect at a file offset.
     *
     * @param message what is wrong, with the section and the values
     * @param offset the file offset the message refers to, or -1 when none applies
     */
    public ImageFormatException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** {@return the file offset the problem was found at, or -1} */
    public long offset() {
        return offset;
    }
}
