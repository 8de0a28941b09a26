package org.kernkit.checkpoint.device;

import java.util.ArrayList;
import java.util.List;

/**
 * Signal numbers (Linux x86-64 values) and blocked-mask helpers.
 *
 * <p>A task's blocked mask is a {@code long} with bit {@code n} set when signal {@code n} is blocked. Signals are
 * queued per task (every send is kept, in order, up to {@link #MAX_PENDING}), delivered between steps; a blocked
 * signal stays queued until unblocked. {@link #SIGKILL} cannot be blocked or handled.
 */
public final class Signals {

    /** Hang-up. */
    public static final int SIGHUP = 1;
    /** Interrupt, sent by a terminal's interrupt character. */
    public static final int SIGINT = 2;
    /** Quit. */
    public static final int SIGQUIT = 3;
    /** Kill: cannot be blocked or handled. */
    public static final int SIGKILL = 9;
    /** User signal 1. */
    public static final int SIGUSR1 = 10;
    /** User signal 2. */
    public static final int SIGUSR2 = 12;
    /** Termination request. */
    public static final int SIGTERM = 15;
    /** Child status changed: ignored by default. */
    public static final int SIGCHLD = 17;
    /** Window size changed: ignored by default. */
    public static final int SIGWINCH = 28;
    /** Largest signal number. */
    public static final int MAX_SIGNAL = 63;
    /**
     * Most signals one task may have pending; a send beyond throws {@link SignalQueueFullException} to the sender
     * (the runtime's own SIGCHLD and terminal SIGINT are dropped instead, as Linux coalesces a pending signal).
     */
    public static final int MAX_PENDING = 1024;

    private Signals() {}

    /**
     * Gives a signal's bit in a blocked or pending mask.
     *
     * @param signal a signal number
     * @return the mask with only that signal's bit set
     * @throws IllegalArgumentException if the number is not 1 to {@link #MAX_SIGNAL}
     */
    public static long mask(int signal) {
        check(signal);
        return 1L << signal;
    }

    /**
     * Checks that a signal number is in range.
     *
     * @param signal a signal number
     * @throws IllegalArgumentException if the number is not 1 to {@link #MAX_SIGNAL}
     */
    public static void check(int signal) {
        if (signal < 1 || signal > MAX_SIGNAL) {
            throw new IllegalArgumentException("signal " + signal + " out of range 1.." + MAX_SIGNAL);
        }
    }

    /**
     * Tells whether a signal with no handler is dropped (SIGCHLD, SIGWINCH) rather than ending the task.
     *
     * @param signal a signal number
     * @return true if the default action is to ignore it
     */
    public static boolean ignoredByDefault(int signal) {
        return signal == SIGCHLD || signal == SIGWINCH;
    }

    /**
     * Names a signal for messages and logs.
     *
     * @param signal a signal number
     * @return its usual name, such as {@code "SIGINT"}, or {@code "SIG<n>"}
     */
    public static String name(int signal) {
        return switch (signal) {
            case SIGHUP -> "SIGHUP";
            case SIGINT -> "SIGINT";
            case SIGQUIT -> "SIGQUIT";
            case SIGKILL -> "SIGKILL";
            case SIGUSR1 -> "SIGUSR1";
            case SIGUSR2 -> "SIGUSR2";
            case SIGTERM -> "SIGTERM";
            case SIGCHLD -> "SIGCHLD";
            case SIGWINCH -> "SIGWINCH";
            default -> "SIG" + signal;
        };
    }

    /**
     * Names the signals set in a mask, for messages and dumps.
     *
     * @param mask one bit per signal, as {@link #mask} gives them (bit 0 and bits above {@link #MAX_SIGNAL} are
     *     ignored)
     * @return the {@link #name} of every signal whose bit is set, lowest number first
     */
    public static List<String> names(long mask) {
        List<String> names = new ArrayList<>();
        for (int signal = 1; signal <= MAX_SIGNAL; signal++) {
            if ((mask & (1L << signal)) != 0) {
                names.add(name(signal));
            }
        }
        return names;
    }

    /**
     * Names signals in the order given, for messages and dumps.
     *
     * @param signals signal numbers, such as a task's pending queue
     * @return the {@link #name} of each, in the same order
     */
    public static List<String> names(int[] signals) {
        List<String> names = new ArrayList<>(signals.length);
        for (int signal : signals) {
            names.add(name(signal));
        }
        return names;
    }
}
