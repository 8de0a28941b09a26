package org.kernkit.checkpoint.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.device.Signals;

/**
 * Relays SIGUSR1, SIGUSR2 and SIGHUP sent to this JVM (by {@code kill -USR1 <pid>}) to a container, as signals
 * raised from outside ({@link Container#raise}); installed by {@link Container#installSignalHandlers()}.
 *
 * <p><b>Mechanism.</b> {@code sun.misc.Signal.handle} (module {@code jdk.unsupported}): HotSpot's signal thread runs
 * the handler in a Java thread, which only puts the number in the container's lock-free queue; the scheduler takes
 * it between rounds. Installing a handler replaces the default action, so these signals no longer end the JVM
 * (SIGHUP otherwise runs the shutdown hooks and exits).
 *
 * <p><b>Limits.</b>
 * <ul>
 *   <li>{@code sun.misc.Signal} is unsupported API: it works on HotSpot (checked on JDK 25) and may change.</li>
 *   <li>HotSpot reserves some signals for itself and refuses them (SIGQUIT for thread dumps, SIGSEGV, SIGBUS,
 *       SIGFPE, SIGILL; SIGUSR2 on builds or flags that use it to suspend threads): installing then fails naming the
 *       signal.</li>
 *   <li>The kernel coalesces a standard signal that is already pending, so two quick {@code kill -USR1} may arrive
 *       as one; and a signal that reaches the JVM after the last checkpoint before a {@code kill -9} is lost with
 *       the process, like any signal sent to a dying process.</li>
 *   <li>Handlers are per JVM: the last installed relay receives them. {@link #close()} restores the previous
 *       handlers.</li>
 * </ul>
 */
@SuppressWarnings("sunapi")
public final class OsSignalRelay implements AutoCloseable {

    /** The signals relayed, by their JVM names, and their numbers. */
    private static final String[] NAMES = {"USR1", "USR2", "HUP"};
    private static final int[] NUMBERS = {Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGHUP};

    private final List<sun.misc.Signal> signals = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();

    private OsSignalRelay() {}

    /**
     * Installs the handlers.
     *
     * @param sink receives each relayed signal's number, on the JVM's signal thread; must not block
     * @return the relay; {@link #close()} restores the previous handlers
     * @throws IllegalStateException if the JVM refuses a handler for one of the signals, naming it
     */
    public static OsSignalRelay install(IntConsumer sink) {
        OsSignalRelay relay = new OsSignalRelay();
        for (int i = 0; i < NAMES.length; i++) {
            int number = NUMBERS[i];
            sun.misc.Signal signal = new sun.misc.Signal(NAMES[i]);
            try {
                relay.previous.add(sun.misc.Signal.handle(signal, s -> sink.accept(number)));
                relay.signals.add(signal);
            } catch (IllegalArgumentException e) {
                relay.close();
                throw new IllegalStateException("the JVM refuses a handler for SIG" + NAMES[i] + ": "
                        + e.getMessage(), e);
            }
        }
        return relay;
    }

    /** Restores the handlers that were there before. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            sun.misc.Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
