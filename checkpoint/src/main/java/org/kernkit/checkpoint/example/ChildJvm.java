package org.kernkit.checkpoint.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a second JVM running a main class of this one: this JVM's java binary and class path, a
 * 256 MiB heap, C1 only (the children are short-lived). Here in the main sources only for the CLI's tour
 * ({@code CheckpointTour}) and the CLI's tests, whose children run {@link ExampleJobMain} or the {@code kernkit}
 * command; checkpoint's own tests start their children with the test kit's launcher and use only
 * {@link #awaitOutput}.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Builds the command line of a child JVM running {@code mainClass}.
     *
     * @param mainClass the class whose {@code main} the child runs
     * @param args its arguments
     * @return a process builder for it; the caller redirects its streams and starts it
     */
    public static ProcessBuilder of(String mainClass, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * Waits until a child's output file contains a text, the child exits, or 60 s pass.
     *
     * @param process the child
     * @param output the file its output is redirected to
     * @param text what to wait for, such as {@code "running"}
     * @return true if the text appeared
     * @throws IOException if the file cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitOutput(Process process, Path output, String text)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
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
