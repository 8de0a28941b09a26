package org.kernkit.cli.vfat;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kernkit vfat}. */
@Command(name = "vfat", mixinStandardHelpOptions = true, description = "vfat (not built yet)")
public final class VfatCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kernkit vfat: not built yet");
        return 1;
    }
}
