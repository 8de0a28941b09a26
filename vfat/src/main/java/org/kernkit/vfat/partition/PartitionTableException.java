package org.kernkit.vfat.partition;

import java.io.IOException;

/**
 * A partition table is missing, damaged or inconsistent, or a requested table cannot be built. The message names
 * the structure (MBR, GPT header, entry), the values found and what was expected.
 */
public final class PartitionTableException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message what is wrong, naming the structure and the values found
     */
    public PartitionTableException(String message) {
        super(message);
    }
}
