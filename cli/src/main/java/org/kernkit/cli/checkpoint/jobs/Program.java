package org.kernkit.cli.checkpoint.jobs;

import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.image.StateCodec;

/** Base of the built-in jobs' programs: a name and a codec. */
abstract class Program<S> implements TaskProgram<S> {

    private final String name;
    private final StateCodec<S> codec;

    Program(String name, StateCodec<S> codec) {
        this.name = name;
        this.codec = codec;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final StateCodec<S> codec() {
        return codec;
    }

    @Override
    public String toString() {
        return name;
    }
}
