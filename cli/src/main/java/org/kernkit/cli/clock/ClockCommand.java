package org.kernkit.cli.clock;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kernkit clock}. */
@Command(name = "clock", mixinStandardHelpOptions = true, description = "clock (not built yet)")
public final class ClockCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kernkit clock: not built yet");
        return 1;
    }
}
