package org.kernkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code kernkit <args>} in a second JVM, the one launcher of the command's own children (the far end of a
 * channel for {@code vmbus ping}, the jobs the tour kills): this JVM's java binary and class path, a 256 MiB heap,
 * native access enabled, output and errors into a log file. Tests start their children with the test kit's
 * {@code ChildJvm} instead.
 */
public final class KernkitChildJvm {

    private KernkitChildJvm() {
    }

    /**
     * Starts {@code kernkit kernkitArgs...} in a child JVM; the caller owns the process.
     *
     * @param log the file that receives the child's output and errors (replaced)
     * @param kernkitArgs the command's arguments
     * @return the started process
     * @throws IOException if it cannot be started
     */
    public static Process start(Path log, String... kernkitArgs) throws IOException {
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
