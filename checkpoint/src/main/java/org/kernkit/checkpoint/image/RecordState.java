package org.kernkit.checkpoint.image;

import java.util.Objects;

/**
 * The mutable box a task keeps its record state in: records are immutable, so a step computes the next record and
 * {@link #set}s it. Encoded by {@link RecordCodec#boxed()}. Confined to the container's thread, like every state.
 *
 * @param <R> the record type
 */
public final class RecordState<R extends Record> {

    private R value;

    /**
     * Holds a first state.
     *
     * @param initial the first state, not null
     */
    public RecordState(R initial) {
        this.value = Objects.requireNonNull(initial, "initial state");
    }

    /** {@return the current state} */
    public R get() {
        return value;
    }

    /**
     * Replaces the state with the step's next record.
     *
     * @param next the state from now on, not null
     */
    public void set(R next) {
        value = Objects.requireNonNull(next, "next state");
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
