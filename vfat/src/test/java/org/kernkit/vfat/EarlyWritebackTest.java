package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EarlyWriteback}: a background force is started every so many bytes, and its failure is never lost. */
class EarlyWritebackTest {

    @TempDir
    Path dir;

    private FileChannel closedChannel() throws Exception {
        FileChannel channel = FileChannel.open(Files.createFile(dir.resolve("f")), StandardOpenOption.WRITE);
        channel.close(); // every force on it fails
        return channel;
    }

    @Test
    void aBackgroundForceStartsAtTheKickAndItsFailureIsRethrown() throws Exception {
        try (EarlyWriteback writeback = new EarlyWriteback(closedChannel())) {
            writeback.written(EarlyWriteback.KICK_BYTES);
            assertThrows(ClosedChannelException.class, writeback::awaitInFlight);
        }
    }

    @Test
    void belowTheKickNoBackgroundForceRuns() throws Exception {
        try (EarlyWriteback writeback = new EarlyWriteback(closedChannel())) {
            writeback.written(EarlyWriteback.KICK_BYTES - 1);
            assertDoesNotThrow(writeback::awaitInFlight);
            assertThrows(ClosedChannelException.class, writeback::finish);
        }
    }
}
