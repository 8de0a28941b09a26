package org.kernkit.flexarray;

/** Thrown by every operation on a {@link FlexArray} or {@link FlexRefArray} after {@code close()}. */
public final class FlexArrayClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message names the closed array.
     *
     * @param what a description of the closed array (its element size, capacity and storage)
     */
    public FlexArrayClosedException(String what) {
        super(what + " is closed");
    }
}
