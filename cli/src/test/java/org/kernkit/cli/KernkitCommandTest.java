package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
