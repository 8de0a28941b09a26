package org.kernkit.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * A batch job: the programs its tasks run, and how to set it up on a fresh start. On restart, the image supplies the
 * tasks, FIFOs, terminals and outputs, and {@link #programs()} supplies the code.
 */
public interface Job {

    /** {@return the job's name, stored in every image} */
    String name();

    /** {@return every program a task of this job may run, with distinct names} */
    List<TaskProgram<?>> programs();

    /**
     * Sets up a fresh container: creates FIFOs, terminals and outputs and spawns the first tasks.
     *
     * @param container the empty container
     * @throws IOException if an output cannot be created
     */
    void start(Container container) throws IOException;
}
