package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;

class TerminalTest {

    @TempDir
    Path dir;

    private Container container;
    private Terminal tty;

    @BeforeEach
    void setUp() throws IOException {
        container = Container.create(dir, TestJobs.job("tty", c -> {
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(100));
            c.createTerminal("tty", 32);
        }), new CheckpointPolicy(Duration.ZERO, 2));
        tty = container.terminal("tty");
    }

    @Test
    void aLineIsReadableOnlyOnceItsNewlineIsTyped() {
        tty.type("hel");
        assertNull(tty.readLine());
        tty.type("lo\n");
        assertEquals("hello", tty.readLine());
        assertNull(tty.readLine());
    }

    @Test
    void carriageReturnEndsALineToo() {
        tty.type("one\rtwo\n");
        assertEquals("one", tty.readLine());
        assertEquals("two", tty.readLine());
    }

    @Test
    void eraseRemovesTheLastTypedByteAndEchoesBackspaceSpaceBackspace() {
        tty.type("cax\u007f\bt\n");
        assertEquals("ct", tty.readLine());
        assertEquals("cax\b \b\b \bt\n", new String(tty.drainOutput(), StandardCharsets.US_ASCII));
    }

    @Test
    void eraseOnAnEmptyLineDoesNothing() {
        tty.type("\u007f\u007fok\n");
        assertEquals("ok", tty.readLine());
        assertEquals("ok\n", new String(tty.drainOutput(), StandardCharsets.US_ASCII));
    }

    @Test
    void interruptDropsTheEditLineAndQueuesSigintForTheForegroundTask() {
        tty.setForegroundTask(1);
        tty.type("rm -rf\u0003ls\n");
        assertEquals("ls", tty.readLine());
        assertEquals(List.of(Signals.SIGINT), container.pendingSignalsOf(1));
        assertEquals("rm -rf^C\nls\n", new String(tty.drainOutput(), StandardCharsets.US_ASCII));
    }

    @Test
    void interruptWithoutAForegroundTaskSignalsNobody() {
        tty.type("\u0003");
        assertEquals(List.of(), container.pendingSignalsOf(1));
    }

    @Test
    void outputTakesOnlyWhatFitsInItsCapacity() {
        assertEquals(32, tty.write("0123456789012345678901234567890123456789"));
        assertEquals(0, tty.write("x"));
        assertEquals(32, tty.drainOutput().length);
        assertEquals(1, tty.write("x"));
    }

    @Test
    void aLineLongerThanTheLimitIsCutAtTheLimit() {
        tty.type("a".repeat(Terminal.MAX_LINE + 10) + "\n");
        assertEquals(Terminal.MAX_LINE, tty.readLine().length());
    }
}
