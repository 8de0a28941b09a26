package org.kernkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How every {@code kernkit} subcommand reports a failure: one line {@code kernkit <command>: <message>} on the
 * command's error stream, flushed at once so it is not lost if the process exits, and the exit code to return.
 * Stateless; safe to call from any thread that owns the command.
 */
public final class CommandFailure {

    private CommandFailure() {
    }

    /**
     * Prints {@code kernkit <command>: <message>} to the error stream of {@code spec}'s command line and flushes it.
     *
     * @param spec the failing command, whose error stream receives the line
     * @param command the command words after {@code kernkit}, such as {@code "checkpoint run"}
     * @param message what went wrong, naming the values involved
     * @return exit code 1, for {@code return CommandFailure.report(...)}
     */
    public static int report(CommandSpec spec, String command, String message) {
        return report(spec, command, message, 1);
    }

    /**
     * Prints {@code kernkit <command>: <message>} to the error stream of {@code spec}'s command line and flushes it.
     *
     * @param spec the failing command, whose error stream receives the line
     * @param command the command words after {@code kernkit}, such as {@code "checkpoint run"}
     * @param message what went wrong, naming the values involved
     * @param exitCode the exit code the command returns (1 for a failure, 2 for bad usage)
     * @return {@code exitCode}
     */
    public static int report(CommandSpec spec, String command, String message, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("kernkit " + command + ": " + message);
        err.flush();
        return exitCode;
    }
}
