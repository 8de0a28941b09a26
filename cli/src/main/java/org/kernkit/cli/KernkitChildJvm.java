package org.kernkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code kernkit <args>} in a second JVM: this JVM's java binary and class path, a 256 MiB heap, native
 * access enabled, output and errors into a log file. The far end of a channel for {@code vmbus ping}, the tour and
 * the vmbus benchmarks ({@code vmbus pong}, {@code vmbus host}), and the checkpoint jobs the tour kills. Tests start their child JVMs with testkit's
 * {@code ChildJvm}, which a program cannot depend on (testkit is test scope only); this is the program's one
 * launcher.
 */
public final class KernkitChildJvm {

    private KernkitChildJvm() {
    }

    /**
     * Starts {@code kernkit kernkitArgs...}; the caller owns the process and must wait for it or destroy it.
     *
     * @param log the file that receives the child's standard output and error (replaced)
     * @param kernkitArgs the command line after {@code kernkit}
     * @return the started process
     * @throws IOException if the process cannot be started
     */
    public static Process start(Path log, String... kernkitArgs) throws IOException {
        return new ProcessBuilder(command(kernkitArgs)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The command line {@link #start} runs, for callers that need their own {@link ProcessBuilder} settings or
     * wrap it in another command.
     *
     * @param kernkitArgs the command line after {@code kernkit}
     * @return a new, modifiable list
     */
    public static List<String> command(String... kernkitArgs) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.kernkit.cli.Kernkit");
        command.addAll(List.of(kernkitArgs));
        return command;
    }
}
