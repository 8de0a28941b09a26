package org.kernkit.cli.checkpoint;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kernkit checkpoint}. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "checkpoint (not built yet)")
public final class CheckpointCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kernkit checkpoint: not built yet");
        return 1;
    }
}
