package org.kernkit.checkpoint;

/** What a task's step did. */
public enum StepResult {
    /** The task did some work; call it again. */
    PROGRESS,
    /** The task could do nothing (input empty, output full); call it again later. */
    BLOCKED,
    /** The task has finished; it is removed and its id is never reused while the container lives. */
    EXIT
}
