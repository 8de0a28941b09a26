package org.kernkit.cli.vmbus;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kernkit vmbus}. */
@Command(name = "vmbus", mixinStandardHelpOptions = true, description = "vmbus (not built yet)")
public final class VmbusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kernkit vmbus: not built yet");
        return 1;
    }
}
