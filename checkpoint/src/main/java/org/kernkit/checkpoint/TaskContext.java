package org.kernkit.checkpoint;

import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.device.Output;
import org.kernkit.checkpoint.device.SignalQueueFullException;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;

/**
 * A task's view of its container during a step or signal handler. Valid only during that call, on the container's
 * thread.
 */
public interface TaskContext {

    /** {@return this task's id, assigned like a pid and kept across restarts} */
    int id();

    /** {@return the id of the task that spawned this one, or 0 for a task the job started} */
    int parentId();

    /**
     * Looks up one of the container's FIFOs.
     *
     * @param name a FIFO's name
     * @return the FIFO
     * @throws IllegalArgumentException if the container has no FIFO of that name
     */
    Fifo fifo(String name);

    /**
     * Looks up one of the container's terminals.
     *
     * @param name a terminal's name
     * @return the terminal
     * @throws IllegalArgumentException if the container has no terminal of that name
     */
    Terminal terminal(String name);

    /**
     * Looks up one of the container's outputs.
     *
     * @param name an output's name
     * @return the output
     * @throws IllegalArgumentException if the container has no output of that name
     */
    Output output(String name);

    /**
     * Starts a child task; it first runs in the next scheduling round.
     *
     * @param program its code; must be one of the job's programs so that restart finds it
     * @param state its initial state
     * @param <S> the program's state type
     * @return the new task's id, never used before in this container
     * @throws IllegalArgumentException if the program is not one of the job's
     */
    <S> int spawn(TaskProgram<S> program, S state);

    /**
     * Queues a signal for a task.
     *
     * @param taskId the target
     * @param signal 1 to {@link Signals#MAX_SIGNAL}
     * @return false if the target does not exist (any more)
     * @throws SignalQueueFullException if the target has {@link Signals#MAX_PENDING} signals pending; nothing is
     *     queued, and the step may catch it (retry in a later step) or let it stop the container
     * @throws IllegalArgumentException if the signal number is out of range
     */
    boolean kill(int taskId, int signal);

    /**
     * Tells whether a task is live (spawned and not exited).
     *
     * @param taskId any id
     * @return true if a task with that id is live in this container
     */
    boolean isAlive(int taskId);

    /** {@return the number of live tasks whose parent is this task} */
    int liveChildren();

    /** {@return this task's blocked mask, see {@link Signals}} */
    long blockedMask();

    /**
     * Replaces this task's blocked mask; the {@link Signals#SIGKILL} bit is ignored. Pending signals that become
     * unblocked are delivered before the next step.
     *
     * @param mask the new mask
     */
    void setBlockedMask(long mask);

    /** Asks for a checkpoint after the current scheduling round, when every task is between steps. */
    void requestCheckpoint();
}
