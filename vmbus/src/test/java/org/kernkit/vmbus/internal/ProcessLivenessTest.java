package org.kernkit.vmbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessLiveness} against real processes, without a child JVM: {@code sleep} for a live one, a reaped
 * {@code true} for a gone one, and a {@code sleep} whose parent never reaps it for a zombie. These cover in a few
 * milliseconds what the two-process tests check through the channel (and what PIT can mutate: a child JVM runs
 * unmutated code).
 */
class ProcessLivenessTest {

    @Test
    void thisProcessIsAlive() {
        assertEquals(ProcessLiveness.State.ALIVE, ProcessLiveness.of(ProcessHandle.current().pid()));
        assertTrue(ProcessLiveness.alive(ProcessHandle.current().pid()));
    }

    @Test
    void pidZeroAndBelowAreGone() {
        assertEquals(ProcessLiveness.State.GONE, ProcessLiveness.of(0));
        assertEquals(ProcessLiveness.State.GONE, ProcessLiveness.of(-1));
        assertFalse(ProcessLiveness.alive(0));
    }

    @Test
    void aRunningChildIsAliveAndAReapedOneIsGone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            assertEquals(ProcessLiveness.State.ALIVE, ProcessLiveness.of(sleeper.pid()));
            assertTrue(ProcessLiveness.alive(sleeper.pid()));
        } finally {
            sleeper.destroyForcibly().waitFor(); // waitFor: the JVM has reaped it
        }
        assertEquals(ProcessLiveness.State.GONE, ProcessLiveness.of(sleeper.pid()));
        assertFalse(ProcessLiveness.alive(sleeper.pid()));
        assertEquals("died", ProcessLiveness.deathOf(sleeper.pid()));
    }

    @Test
    void aKilledProcessItsParentDoesNotReapIsAZombieAndNotAlive() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "zombies are told apart through Linux's /proc");
        // sh starts a background sleep, prints its pid, then becomes a sleep that never reaps it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; exec sleep 300").start();
        try {
            long child;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                child = Long.parseLong(out.readLine().trim());
            }
            assertTrue(ProcessLiveness.alive(child));
            while (!Files.readString(Path.of("/proc", Long.toString(parent.pid()), "comm")).strip().equals("sleep")) {
                Thread.sleep(5); // until sh has become the sleep that never reaps: sh itself might reap the child
            }
            ProcessHandle.of(child).orElseThrow().destroyForcibly();
            while (procState(child) != 'Z') {
                Thread.sleep(5); // until the kill has landed
            }
            assertEquals(ProcessLiveness.State.ZOMBIE, ProcessLiveness.of(child));
            assertFalse(ProcessLiveness.alive(child));
            assertEquals("died (a zombie, not yet reaped by its parent)", ProcessLiveness.deathOf(child));
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    /** The state letter of /proc/PID/stat, read independently of the code under test. */
    private static char procState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
