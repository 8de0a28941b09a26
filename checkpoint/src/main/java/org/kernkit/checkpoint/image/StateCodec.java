package org.kernkit.checkpoint.image;

/**
 * Encodes and decodes one task program's state. Supplied by the task; the runtime never uses Java serialization.
 *
 * <p>{@code decode(encode(s))} must give a state that behaves exactly like {@code s}: restart correctness (output
 * byte-identical to an uninterrupted run) rests on it.
 *
 * @param <S> the state type
 */
public interface StateCodec<S> {

    /**
     * Writes the state.
     *
     * @param state the state, between two steps
     * @param out where to write
     */
    void encode(S state, StateWriter out);

    /**
     * Reads a state written by {@link #encode}.
     *
     * @param in the encoded bytes, bounds-checked
     * @return the state
     * @throws ImageFormatException if the bytes are not a valid state (use {@link StateReader#error})
     */
    S decode(StateReader in) throws ImageFormatException;

    /**
     * The version of the state encoding, stored with every task state. Change it whenever {@link #encode} changes,
     * so that an image written by the old encoding is not decoded by the new one by mistake.
     *
     * @return the version, 1 unless overridden
     */
    default int version() {
        return 1;
    }

    /**
     * Reads a state written by the codec of some version: this version's with {@link #decode(StateReader)}, an
     * older one through a migration if the codec has one.
     *
     * @param in the encoded bytes, bounds-checked
     * @param stateVersion the version stored with the state
     * @return the state
     * @throws ImageFormatException if the bytes are not a valid state, or the version is not this codec's and it
     *     has no migration from it (the message names both versions)
     */
    default S decode(StateReader in, int stateVersion) throws ImageFormatException {
        if (stateVersion != version()) {
            throw in.error("state version " + stateVersion + ", but this program reads version " + version()
                    + " and has no migration from " + stateVersion, in.fileOffset());
        }
        return decode(in);
    }
}
