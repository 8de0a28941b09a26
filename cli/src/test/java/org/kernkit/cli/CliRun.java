package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code kernkit} in-process for the CLI tests, with standard output and error captured together. */
public final class CliRun {

    private CliRun() {
    }

    /**
     * Runs {@code kernkit args...} and checks its exit code.
     *
     * @return everything the command printed, output and errors interleaved
     */
    public static String expectExit(int expectedExit, String... args) {
        CommandLine cmd = Kernkit.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        int exit = cmd.execute(args);
        assertEquals(expectedExit, exit, () -> "exit code of kernkit " + String.join(" ", args) + "\n" + out);
        return out.toString();
    }
}
