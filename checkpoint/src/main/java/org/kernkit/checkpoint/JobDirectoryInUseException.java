package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A job directory is owned by a live process (see {@link JobDirectoryLock}); the message names its pid. */
public final class JobDirectoryInUseException extends IOException {

/** The pid of the process that holds the lock, or -1 if not known yet. */
    private final long ownerPid;

    /**
     * Reports that a live process owns the job directory.
     *
     * @param directory the job directory
     * @param ownerPid the owner's pid, -1 if not known yet
     * @param lockFile the lock file it holds
     */
    public JobDirectoryInUseException(Path directory, long ownerPid, Path lockFile) {
        super(directory + " is in use by " + (ownerPid < 0 ? "a live process (pid unknown)" : "pid " + ownerPid)
                + " (it holds the lock on " + lockFile + "); wait for it to end or stop it first");
        this.ownerPid = ownerPid;
    }

    /** {@return the owner's pid, -1 if it was not known} */
    public long ownerPid() {
        return ownerPid;
    }
}
