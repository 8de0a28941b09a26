package org.kernkit.vmbus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a second JVM with this JVM's java binary and class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(Class<?> main, Path log, String... args) throws IOException {
        return new ProcessBuilder(command(main, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Starts the JVM as the child of a shell that then becomes {@code sleep} and never reaps it: once the JVM is
     * killed it stays a zombie until the returned process (the sleep) is destroyed.
     */
    static Process startUnderNonReapingParent(Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" & exec sleep 300", "sh"));
        command.addAll(command(main, args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
