package org.kernkit.cli.vmbus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code kernkit <args>} in a second JVM, the far end of a channel for {@code vmbus ping} and the tour: this
 * JVM's java binary and class path, a 256 MiB heap, native access enabled, output and errors into a log file.
 */
final class KernkitChildJvm {

    private KernkitChildJvm() {
    }

    static Process start(Path log, String... kernkitArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.kernkit.cli.Kernkit");
        command.addAll(List.of(kernkitArgs));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
