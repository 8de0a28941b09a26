package org.kernkit.checkpoint.device;

/**
 * A signal was sent to a task that already has {@link Signals#MAX_PENDING} signals pending. The signal is not
 * queued; the sender decides (retry after the target ran, drop, or fail). Unchecked, like the kernel's
 * {@code EAGAIN} from {@code sigqueue} turned into an error the sender cannot miss.
 */
public final class SignalQueueFullException extends IllegalStateException {

/** The task whose queue was full. */
    private final int taskId;
/** The signal that was not queued. */
    private final int signal;

    /**
     * Reports a full signal queue; the message names the task, the limit and the signal.
     *
     * @param taskId the target
     * @param signal the signal not queued
     */
    public SignalQueueFullException(int taskId, int signal) {
        super("task " + taskId + " already has " + Signals.MAX_PENDING + " signals pending: "
                + Signals.name(signal) + " not queued");
        this.taskId = taskId;
        this.signal = signal;
    }

    /** {@return the target task's id} */
    public int taskId() {
        return taskId;
    }

    /** {@return the signal that was not queued} */
    public int signal() {
        return signal;
    }
}
