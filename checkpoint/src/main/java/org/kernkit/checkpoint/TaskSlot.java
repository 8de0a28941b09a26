package org.kernkit.checkpoint;

import java.io.IOException;
import java.util.ArrayDeque;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.StateWriter;

/** One task: id, parent, program, state, blocked mask and pending signals. Confined to the container's thread. */
final class TaskSlot<S> implements ImageCodec.TaskSource {
    final int id;
    final int parentId;
    final TaskProgram<S> program;
    final S state;
    final ArrayDeque<Integer> pending = new ArrayDeque<>();
    long blockedMask;

    TaskSlot(int id, int parentId, TaskProgram<S> program, S state) {
        this.id = id;
        this.parentId = parentId;
        this.program = program;
        this.state = state;
    }

    StepResult step(TaskContext ctx) throws IOException {
        return program.step(state, ctx);
    }

    StepResult signal(int signal, TaskContext ctx) throws IOException {
        return program.onSignal(state, signal, ctx);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int parentId() {
        return parentId;
    }

    @Override
    public String program() {
        return program.name();
    }

    @Override
    public int stateVersion() {
        return program.codec().version();
    }

    @Override
    public void encodeState(StateWriter out) {
        program.codec().encode(state, out);
    }

    @Override
    public long blockedMask() {
        return blockedMask;
    }

    @Override
    public java.util.Collection<Integer> pending() {
        return pending;
    }
}
