package org.kernkit.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The last line of defence against stack traces: a failure that a command did not report itself becomes one line,
 * {@code kernkit <command>: <what failed>}, and exit code 1. Commands should still report their own failures with
 * {@link CommandFailure}, naming the file and the operation; this handler only guarantees that nothing escapes as a
 * trace, including errors such as {@link StackOverflowError} (see {@link #executionStrategy()}).
 */
final class UncaughtFailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return report(cmd, ex);
    }

    /** Runs the chosen subcommand like picocli's default, but turns an {@link Error} into a one-line failure too. */
    static CommandLine.IExecutionStrategy executionStrategy() {
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        return parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (StackOverflowError | OutOfMemoryError e) {
                CommandLine cmd = parseResult.asCommandLineList().getLast();
                return report(cmd, e);
            }
        };
    }

    private static int report(CommandLine cmd, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CommandLine.ExecutionException || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        var err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(cause));
        err.flush();
        return 1;
    }

    /**
     * One line for a failure: the file and the problem for file-system errors (whose own message is often a bare
     * path), the message otherwise, and the failure's kind where the message is missing.
     */
    static String describe(Throwable failure) {
        return switch (failure) {
            case NoSuchFileException e -> e.getFile() + ": no such file or directory" + other(e);
            case FileAlreadyExistsException e -> e.getFile() + ": already exists" + other(e);
            case AccessDeniedException e -> e.getFile() + ": permission denied" + other(e);
            case NotDirectoryException e -> e.getFile() + ": not a directory";
            case DirectoryNotEmptyException e -> e.getFile() + ": directory not empty";
            case FileSystemException e -> (e.getFile() == null ? "" : e.getFile() + ": ")
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()) + other(e);
            case StackOverflowError e -> "gave up: the input nests too deeply (stack overflow)";
            case OutOfMemoryError e -> "gave up: out of memory (" + e.getMessage() + ")";
            default -> failure.getMessage() == null || failure.getMessage().isBlank()
                    ? failure.getClass().getSimpleName()
                    : failure.getMessage();
        };
    }

    private static String other(FileSystemException e) {
        return e.getOtherFile() == null ? "" : " (and " + e.getOtherFile() + ")";
    }
}
