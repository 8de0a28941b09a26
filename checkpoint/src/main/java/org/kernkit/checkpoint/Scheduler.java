package org.kernkit.checkpoint;

import java.io.IOException;
import java.util.Iterator;
import java.util.TreeMap;
import org.kernkit.checkpoint.device.SignalQueueFullException;
import org.kernkit.checkpoint.device.Signals;

/**
 * The container's scheduler: the task table and one scheduling round, like a uniprocessor's run queue. Each round
 * takes the live tasks in id order; for each it delivers the pending signals that are not blocked (a handler may
 * change the mask, after which the scan restarts; SIGKILL ends the task), then runs one step. An exiting task leaves
 * the table and its parent receives SIGCHLD. Tasks spawned during a round first run in the next one.
 *
 * <p>Confined to the thread that runs the container; when the round loop checkpoints, timers and requests are the
 * {@link Container}'s business, not this class's.
 */
final class Scheduler {

    /** The context a step sees, pointed at the task that runs. */
    abstract static class StepContext implements TaskContext {
        TaskSlot<?> current;
    }

    /** Live tasks by id. */
    final TreeMap<Integer, TaskSlot<?>> tasks = new TreeMap<>();

    /**
     * Queues a signal a task or the owner sends.
     *
     * @return false if the task does not exist
     * @throws SignalQueueFullException if the task has {@link Signals#MAX_PENDING} pending
     * @throws IllegalArgumentException if the number is out of range
     */
    boolean queueSignal(int taskId, int signal) {
        Signals.check(signal);
        TaskSlot<?> slot = tasks.get(taskId);
        if (slot == null) {
            return false;
        }
        if (slot.pending.size() >= Signals.MAX_PENDING) {
            throw new SignalQueueFullException(taskId, signal);
        }
        slot.pending.add(signal);
        return true;
    }

    /**
     * A signal the runtime itself sends (SIGCHLD on exit, SIGINT from a terminal): to a full queue it is dropped,
     * as Linux coalesces a standard signal that is already pending; no task is there to be told.
     */
    int queueRuntimeSignal(int taskId, int signal) {
        TaskSlot<?> slot = tasks.get(taskId);
        if (slot == null || slot.pending.size() >= Signals.MAX_PENDING) {
            return 0;
        }
        slot.pending.add(signal);
        return 1;
    }

    /**
     * Runs one round: every live task in id order gets its unblocked pending signals delivered, then one step.
     *
     * @param ctx the context steps see; pointed at each task in turn
     * @return true if any task made progress (a step, a delivered signal, an exit)
     * @throws IOException if a step or a handler fails
     */
    boolean round(StepContext ctx) throws IOException {
        boolean progress = false;
        Integer[] ids = tasks.keySet().toArray(new Integer[0]);
        for (Integer id : ids) {
            TaskSlot<?> slot = tasks.get(id);
            if (slot == null) {
                continue;
            }
            ctx.current = slot;
            if (!slot.pending.isEmpty()) {
                int delivered = deliverSignals(slot, ctx);
                progress |= delivered != 0;
                if (delivered < 0) {
                    exit(slot);
                    continue;
                }
            }
            StepResult result = slot.step(ctx);
            if (result == StepResult.PROGRESS) {
                progress = true;
            } else if (result == StepResult.EXIT) {
                exit(slot);
                progress = true;
            }
        }
        ctx.current = null;
        return progress;
    }

    /** {@return -1 if the task must exit, else the number of signals delivered} */
    private static int deliverSignals(TaskSlot<?> slot, StepContext ctx) throws IOException {
        int delivered = 0;
        Iterator<Integer> it = slot.pending.iterator();
        while (it.hasNext()) {
            int signal = it.next();
            if (signal == Signals.SIGKILL) {
                return -1;
            }
            if ((slot.blockedMask & (1L << signal)) != 0) {
                continue;
            }
            it.remove();
            delivered++;
            if (slot.signal(signal, ctx) == StepResult.EXIT) {
                return -1;
            }
            // The handler may have changed the mask or queued more signals: restart the scan safely.
            it = slot.pending.iterator();
        }
        return delivered;
    }

    /** Removes an exited task and tells its parent with SIGCHLD. */
    void exit(TaskSlot<?> slot) {
        tasks.remove(slot.id);
        if (slot.parentId != 0) {
            queueRuntimeSignal(slot.parentId, Signals.SIGCHLD);
        }
    }
}
