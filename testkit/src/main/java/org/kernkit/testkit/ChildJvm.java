package org.kernkit.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way kernkit's tests start a second JVM: this JVM's {@code java} binary and class path, a 256 MiB heap,
 * native access enabled, output and errors together into a log file. The caller owns the process: it must wait for
 * it or destroy it.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} in a child JVM.
     *
     * @param main the class whose {@code main} runs
     * @param log the file that receives the child's standard output and error (replaced)
     * @param args the child's arguments
     * @return the started process
     * @throws IOException if the process cannot be started
     */
    public static Process start(Class<?> main, Path log, String... args) throws IOException {
        return new ProcessBuilder(command(main, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The command line {@link #start} runs, for callers that need their own {@link ProcessBuilder} settings.
     *
     * @param main the class whose {@code main} runs
     * @param args the child's arguments
     * @return a new, modifiable list
     */
    public static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Waits until a child's output file contains a text, the child exits, or 60 s pass.
     *
     * @param process the child
     * @param output the file its output is redirected to
     * @param text what to wait for, such as {@code "running"}
     * @return true if the text appeared; false if the child exited without writing it, or 60 s passed
     * @throws IOException if the file cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitOutput(Process process, Path output, String text)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            // Read after the liveness check: a child that wrote the text and then exited is still seen.
            boolean alive = process.isAlive();
            if (Files.exists(output) && Files.readString(output).contains(text)) {
                return true;
            }
            if (!alive) {
                return false;
            }
            Thread.sleep(2);
        }
        return false;
    }
}
