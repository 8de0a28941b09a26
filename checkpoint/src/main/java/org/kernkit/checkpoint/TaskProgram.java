package org.kernkit.checkpoint;

import java.io.IOException;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.StateCodec;

/**
 * The code of a task: a step function over explicit, declared state.
 *
 * <p>The JVM cannot capture a thread's stack, so a task keeps everything it needs to continue in its state object,
 * which its {@link #codec()} encodes into the image between two steps. A step must be deterministic in its state and
 * in what it reads from FIFOs and terminals: a restarted task repeats the steps after the checkpoint, and exactly-once
 * outputs rely on it producing the same bytes again. Steps run one at a time on the container's thread.
 *
 * @param <S> the state type; the runtime mutates nothing in it, the program does
 */
public interface TaskProgram<S> {

    /** {@return the name stored in the image, used to find the program again at restart; unique within a job} */
    String name();

    /** {@return the codec of this program's state} */
    StateCodec<S> codec();

    /**
     * Runs one step. Should be short (a checkpoint waits for the step in progress) and must not block.
     *
     * @param state this task's state, changed in place
     * @param context this task's view of the container
     * @return what the step did
     * @throws IOException if an output fails; the container stops and reports it
     */
    StepResult step(S state, TaskContext context) throws IOException;

    /**
     * Handles a signal, delivered between steps when it is pending and not blocked. The default action is the
     * kernel's for the common signals: {@link Signals#SIGCHLD} and {@link Signals#SIGWINCH} are ignored, every other
     * signal ends the task.
     *
     * @param state this task's state
     * @param signal the signal number, 1 to {@link Signals#MAX_SIGNAL}; never {@link Signals#SIGKILL}
     * @param context this task's view of the container
     * @return {@link StepResult#EXIT} to end the task, anything else to go on
     * @throws IOException if an output fails
     */
    default StepResult onSignal(S state, int signal, TaskContext context) throws IOException {
        return Signals.ignoredByDefault(signal) ? StepResult.PROGRESS : StepResult.EXIT;
    }
}
