package org.kernkit.vmbus;

/**
 * A ring's header or packets break the layout rules: an index outside the data area or not 8-byte aligned, a
 * {@code len8} larger than the bytes present, an {@code offset8} outside its packet. Nothing was read or written
 * outside the ring when this is thrown, and the indexes were not moved past the bad spot.
 */
public final class RingCorruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the message is all a caller shows, so it carries the details.
     *
     * @param message what is wrong, naming the values
     */
    public RingCorruptedException(String message) {
        super(message);
    }
}
