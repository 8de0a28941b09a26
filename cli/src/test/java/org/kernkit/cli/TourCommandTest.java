package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TourCommandTest {

    @Test
    void everyNextCommandNamesARealSubcommand() {
        for (TourCommand.Next next : TourCommand.NEXT_COMMANDS) {
            String[] words = next.command().split("\\s+");
            assertTrue(words[0].equals("./kernkit"), next.command());
            if (words[1].equals("bench")) {
                continue; // run by the launcher, not by the CLI
            }
            CommandLine cmd = Kernkit.commandLine();
            CommandLine sub = cmd.getSubcommands().get(words[1]);
            assertNotNull(sub, () -> "no subcommand " + words[1] + " for: " + next.command());
            if (!sub.getSubcommands().isEmpty()) {
                assertTrue(words.length > 2 && sub.getSubcommands().containsKey(words[2]),
                        () -> words[1] + " has no subcommand named in: " + next.command());
            }
        }
    }

    @Test
    void everyNextCommandFitsInAHundredColumns() {
        for (TourCommand.Next next : TourCommand.NEXT_COMMANDS) {
            assertTrue(next.line().length() <= 100, () -> next.line().length() + " columns: " + next.line());
        }
    }

    @Test
    void theWholeTourSucceedsWithinAHundredColumnsAndEndsWithTheNextCommands() {
        String out = CliRun.expectExit(0, "tour");
        for (String line : out.split("\n")) {
            assertTrue(DisplayWidth.of(line) <= TourCommand.COLUMNS, () -> DisplayWidth.of(line) + " columns: " + line);
        }
        assertTrue(out.contains("tour: 5 of 5 steps succeeded"), out);
        assertTrue(out.strip().endsWith(TourCommand.NEXT_COMMANDS.getLast().line().strip()), out);
        assertTrue(!out.contains("host: vmbus host:"), out);
        // The vfat listing's columns line up whatever the depth and however wide the name's characters are.
        java.util.Set<Integer> sizeColumns = new java.util.TreeSet<>();
        for (String line : out.split("\n")) {
            int at = line.indexOf("  8.3: ");
            if (at > 0) {
                sizeColumns.add(DisplayWidth.of(line.substring(0, at)));
            }
        }
        assertEquals(1, sizeColumns.size(), () -> "the vfat listing's 8.3 column moves: " + sizeColumns + "\n" + out);
    }
}
