package org.kernkit.vmbus.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a peer process still runs, judged from {@code /proc/PID/stat} so that a zombie counts as dead.
 *
 * <p>{@link ProcessHandle#isAlive()} asks {@code kill(pid, 0)}, which succeeds for a zombie: a peer that was killed
 * but not yet reaped by its parent looks alive until it is reaped, which may be never. The state letter of
 * {@code /proc/PID/stat} (the field after the parenthesised command name, which may itself hold {@code ')'}) is
 * {@code Z} for a zombie and {@code X} for a dying task. Where {@code /proc} is absent (not Linux) the check falls
 * back to {@link ProcessHandle}, which cannot see zombies.
 *
 * <p>A pid that was reused by an unrelated process after the peer died reads as alive; the side word carries no
 * start time (see {@code ChannelDescriptor}). Thread-safe, stateless.
 */
public final class ProcessLiveness {

    /** What {@code /proc} says about a pid. */
    public enum State {
        /** The process runs (or sleeps, or is stopped). */
        ALIVE,
        /** The process has exited but its parent has not reaped it yet. */
        ZOMBIE,
        /** No such process. */
        GONE
    }

    private static final long OWN_PID = ProcessHandle.current().pid();
    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    private ProcessLiveness() {
    }

    /**
     * The state of process {@code pid} now, from {@code /proc} where it exists (which tells zombies apart), else
     * from {@link ProcessHandle}. A snapshot: the process may die or its pid be reused right after.
     *
     * @param pid a process id from a side word
     * @return {@link State#GONE} for pid 0 or less, {@link State#ALIVE} for this process
     */
    public static State of(long pid) {
        if (pid <= 0) {
            return State.GONE;
        }
        if (pid == OWN_PID) {
            return State.ALIVE;
        }
        if (PROC) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                int end = stat.lastIndexOf(')');
                if (end >= 0 && end + 2 < stat.length()) {
                    char letter = stat.charAt(end + 2);
                    return letter == 'Z' || letter == 'X' || letter == 'x' ? State.ZOMBIE : State.ALIVE;
                }
            } catch (NoSuchFileException e) {
                return State.GONE;
            } catch (IOException | RuntimeException e) {
                // An unreadable stat file (exotic mounts): fall through to the portable check.
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? State.ALIVE : State.GONE;
    }

    /**
     * Whether process {@code pid} runs: {@link #of} is {@link State#ALIVE}.
     *
     * @param pid a process id from a side word
     * @return {@code true} if it runs; {@code false} if it is gone or a zombie
     */
    public static boolean alive(long pid) {
        return of(pid) == State.ALIVE;
    }

    /**
     * Describes a dead process for a message.
     *
     * @param pid the process that died
     * @return "died", or "died (a zombie, not yet reaped by its parent)" when it is one
     */
    public static String deathOf(long pid) {
        return of(pid) == State.ZOMBIE ? "died (a zombie, not yet reaped by its parent)" : "died";
    }
}
