package org.kernkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.kernkit.cli.checkpoint.CheckpointCommand;
import org.kernkit.cli.clock.ClockCommand;
import org.kernkit.cli.vfat.VfatCommand;
import org.kernkit.cli.vmbus.VmbusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kernkit} command: one subcommand per component, and {@code tour}, which runs them all.
 *
 * <p>Exit codes: 0 success, 1 a failure reported by a component, 2 a usage error.
 */
@Command(
        name = "kernkit",
        mixinStandardHelpOptions = true,
        versionProvider = Kernkit.Version.class,
        description = "Five Linux kernel developments of July 2009, as Java components.",
        subcommands = {
            TourCommand.class,
            ClockCommand.class,
            VfatCommand.class,
            CheckpointCommand.class,
            VmbusCommand.class,
            HelpCommand.class
        })
public final class Kernkit implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point of the command-line tool. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, shared by {@link #main} and the tests: usage errors exit 2 with one line and a
     * pointer to the help, and any failure a command did not report itself exits 1 with one line, never a trace.
     */
    public static CommandLine commandLine() {
        return withFailureHandling(new CommandLine(new Kernkit()));
    }

    /** Installs on {@code cmd} the usage-error and failure handling that {@link #commandLine()} promises. */
    static CommandLine withFailureHandling(CommandLine cmd) {
        return cmd.setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new UncaughtFailureHandler())
                .setExecutionStrategy(UncaughtFailureHandler.executionStrategy());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Kernkit.class.getResourceAsStream("/kernkit-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "kernkit " + properties.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
