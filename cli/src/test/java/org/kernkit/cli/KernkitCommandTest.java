package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class KernkitCommandTest {

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    @Test
    void helpListsEverySubcommand() {
        String help = run(0, "--help");
        for (String sub : new String[] {"tour", "clock", "vfat", "checkpoint", "vmbus"}) {
            assertTrue(help.contains(sub), () -> "help lacks " + sub + ":\n" + help);
        }
    }

    @Test
    void versionNamesTheRuntime() {
        assertTrue(run(0, "--version").contains("Java " + Runtime.version().feature()));
    }

    @Test
    void testsRunOnJava25() {
        assertTrue(Runtime.version().feature() >= 25, "tests must run on JDK 25+, ran on " + Runtime.version());
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertTrue(run(2, "no-such-command").contains("no-such-command"));
    }

    @Test
    void helpShowsTheHelpOfTheNestedCommandItNames() {
        String help = run(0, "help", "vfat", "cp");
        assertTrue(help.contains("Usage: kernkit vfat cp"), help);
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageErrorNamingIt() {
        String out = run(2, "help", "vfat", "nosuch");
        assertTrue(out.contains("'nosuch' is not a subcommand of 'kernkit vfat'"), out);
    }

    @Test
    void helpWorksWithoutTheParentsRequiredOptions() {
        String help = run(0, "vmbus", "guest", "info", "--help");
        assertTrue(help.contains("Usage: kernkit vmbus guest info"), help);
    }

    @Test
    void usageErrorIsOneLineNamingTheCommandAndItsHelp() {
        String out = run(2, "clock", "--no-such-option");
        assertTrue(out.startsWith("kernkit clock: Unknown option: '--no-such-option'"), out);
        assertTrue(out.contains("Try 'kernkit clock --help'"), out);
        assertFalse(out.contains("Usage:"), out);
    }

    /** A command that fails in a way no command should: by letting a throwable escape. */
    @Command(name = "escape")
    static final class Escaping implements Runnable {
        static Throwable toThrow;

        @Override
        public void run() {
            if (toThrow instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) toThrow;
        }
    }

    private static String runEscaping(Throwable failure) {
        Escaping.toThrow = failure;
        CommandLine cmd = Kernkit.withFailureHandling(new CommandLine(new Escaping()));
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        assertEquals(1, cmd.execute());
        return out.toString();
    }

    @Test
    void anEscapedExceptionIsOneLineWithoutATrace() {
        String out = runEscaping(new java.io.UncheckedIOException(new NoSuchFileException("/x/y.img")));
        assertEquals("escape: /x/y.img: no such file or directory", out.strip());
    }

    @Test
    void anEscapedFileErrorNamesTheFileAndTheProblem() {
        assertEquals("/x/y.img: no such file or directory",
                UncaughtFailureHandler.describe(new NoSuchFileException("/x/y.img")));
    }

    @Test
    void anEscapedStackOverflowIsOneLineWithoutATrace() {
        String out = runEscaping(new StackOverflowError());
        assertEquals("escape: gave up: the input nests too deeply (stack overflow)", out.strip());
    }
}
