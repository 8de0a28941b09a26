package org.kernkit.checkpoint;

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
}
