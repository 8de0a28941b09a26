package org.kernkit.checkpoint;

/** How {@link Container#run()} ended. */
public enum RunOutcome {
    /** Every task exited; a final checkpoint with no tasks was written. */
    FINISHED,
    /** A stop was requested (or the JVM is shutting down); a checkpoint was written and tasks are intact. */
    STOPPED
}
