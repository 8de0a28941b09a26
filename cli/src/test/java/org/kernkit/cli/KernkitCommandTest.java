package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KernkitCommandTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cmd = Kernkit.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        assertEquals(expectedExit, cmd.execute(args), () -> "exit code of kernkit " + String.join(" ", args) + "\n" + out);
        return out.toString();
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
}
