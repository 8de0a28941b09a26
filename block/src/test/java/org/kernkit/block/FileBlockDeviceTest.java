package org.kernkit.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockDeviceTest {

    private static final int SECTOR = BlockDevice.SECTOR_SIZE;

    @TempDir
    Path dir;

    private static ByteBuffer sectorsOf(int sectors, int fill) {
        byte[] bytes = new byte[sectors * SECTOR];
        Arrays.fill(bytes, (byte) fill);
        return ByteBuffer.wrap(bytes);
    }

    private static byte[] readSectors(BlockDevice device, long first, int sectors) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(sectors * SECTOR);
        device.read(first, dst);
        return dst.array();
    }

    @Test
    void createMakesAFileOfExactlyTheRequestedSizeAndThatManySectors() throws IOException {
        Path image = dir.resolve("new.img");
        try (FileBlockDevice device = FileBlockDevice.create(image, 8 * SECTOR)) {
            assertEquals(8, device.sectorCount());
            assertFalse(device.isReadOnly());
        }
        assertEquals(8L * SECTOR, Files.size(image));
    }

    @Test
    void createResizesAnExistingFileAndKeepsItsBytesUpToTheNewSize() throws IOException {
        Path image = dir.resolve("old.img");
        byte[] old = new byte[4 * SECTOR];
        Arrays.fill(old, (byte) 7);
        Files.write(image, old);

        try (FileBlockDevice device = FileBlockDevice.create(image, 2 * SECTOR)) {
            assertEquals(2, device.sectorCount());
            assertArrayEquals(Arrays.copyOf(old, 2 * SECTOR), readSectors(device, 0, 2));
        }
        assertEquals(2L * SECTOR, Files.size(image));

        try (FileBlockDevice device = FileBlockDevice.create(image, 3 * SECTOR)) {
            assertEquals(3, device.sectorCount());
            byte[] grown = readSectors(device, 0, 3);
            assertArrayEquals(Arrays.copyOf(old, 2 * SECTOR), Arrays.copyOf(grown, 2 * SECTOR));
            assertArrayEquals(new byte[SECTOR], Arrays.copyOfRange(grown, 2 * SECTOR, 3 * SECTOR));
        }
        assertEquals(3L * SECTOR, Files.size(image));
    }

    @Test
    void createOfTheSameSizeLeavesTheFileAsItWas() throws IOException {
        Path image = dir.resolve("same.img");
        byte[] old = new byte[2 * SECTOR];
        Arrays.fill(old, (byte) 9);
        Files.write(image, old);
        FileBlockDevice.create(image, 2 * SECTOR).close();
        assertArrayEquals(old, Files.readAllBytes(image));
    }

    @Test
    void imageSizesThatAreNotAPositiveMultipleOfTheSectorAreRefused() {
        for (long bad : new long[] {0, -SECTOR, 1, SECTOR - 1, SECTOR + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FileBlockDevice.requireImageSize(bad));
            assertTrue(e.getMessage().contains("image size " + bad), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> FileBlockDevice.create(dir.resolve("x.img"), bad));
        }
        assertFalse(Files.exists(dir.resolve("x.img")), "a refused size creates no file");
        FileBlockDevice.requireImageSize(SECTOR);
        FileBlockDevice.requireImageSize(3L * SECTOR);
    }

    @Test
    void createOnADirectoryIsRefusedNamingIt() {
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> FileBlockDevice.create(dir, SECTOR));
        assertEquals(dir.toString(), e.getFile());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void openRoundsTheFileLengthDownToWholeSectors() throws IOException {
        Path image = dir.resolve("odd.img");
        Files.write(image, new byte[3 * SECTOR - 1]);
        try (FileBlockDevice device = FileBlockDevice.open(image, false)) {
            assertEquals(2, device.sectorCount());
        }
        try (FileBlockDevice device = FileBlockDevice.open(image, true)) {
            assertEquals(2, device.sectorCount());
        }
    }

    @Test
    void openOfAMissingFileNamesIt() {
        Path missing = dir.resolve("missing.img");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FileBlockDevice.open(missing, true));
        assertEquals(missing.toString(), e.getFile());
        assertThrows(NoSuchFileException.class, () -> FileBlockDevice.open(missing, false));
    }

    @Test
    void openRefusesADirectoryASocketAFifoAndACharacterDeviceSayingWhichItIs() throws Exception {
        assertRefusedAs(dir, "is a directory");

        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertRefusedAs(socket, "is a socket");
        }

        Path fifo = dir.resolve("f.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo failed");
        // Without the check, a writable open of a FIFO would block until a reader came: the test would hang.
        assertRefusedAs(fifo, "is a FIFO");

        assertRefusedAs(Path.of("/dev/null"), "is a character device");
    }

    private static void assertRefusedAs(Path path, String what) {
        for (boolean readOnly : new boolean[] {true, false}) {
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> FileBlockDevice.open(path, readOnly).close());
            assertEquals(path.toString(), e.getFile());
            assertTrue(e.getMessage().contains(what), e.getMessage());
        }
    }

    @Test
    void writesLandAtTheirSectorAndReadsReturnThemAdvancingTheBuffer() throws IOException {
        Path image = dir.resolve("rw.img");
        try (FileBlockDevice device = FileBlockDevice.create(image, 4 * SECTOR)) {
            ByteBuffer src = sectorsOf(2, 0x5a);
            device.write(1, src);
            assertEquals(src.limit(), src.position(), "write consumed the buffer");

            ByteBuffer dst = ByteBuffer.allocate(4 * SECTOR);
            device.read(0, dst);
            assertEquals(dst.limit(), dst.position(), "read filled the buffer");
            byte[] expected = new byte[4 * SECTOR];
            Arrays.fill(expected, SECTOR, 3 * SECTOR, (byte) 0x5a);
            assertArrayEquals(expected, dst.array());

            device.flush();
        }
        byte[] onDisk = Files.readAllBytes(image);
        assertEquals(0, onDisk[SECTOR - 1]);
        assertEquals(0x5a, onDisk[SECTOR]);
        assertEquals(0x5a, onDisk[3 * SECTOR - 1]);
        assertEquals(0, onDisk[3 * SECTOR]);
    }

    @Test
    void aReadFillsFromTheBufferPositionToItsLimit() throws IOException {
        try (FileBlockDevice device = FileBlockDevice.create(dir.resolve("slice.img"), 2 * SECTOR)) {
            device.write(1, sectorsOf(1, 3));
            ByteBuffer dst = ByteBuffer.allocate(3 * SECTOR);
            dst.position(SECTOR).limit(2 * SECTOR);
            device.read(1, dst);
            assertEquals(2 * SECTOR, dst.position());
            byte[] filled = dst.array();
            assertEquals(0, filled[SECTOR - 1]);
            assertEquals(3, filled[SECTOR]);
            assertEquals(3, filled[2 * SECTOR - 1]);
            assertEquals(0, filled[2 * SECTOR]);
        }
    }

    @Test
    void transfersOutsideTheDeviceAreRefusedAndLeaveTheImageIntact() throws IOException {
        Path image = dir.resolve("range.img");
        try (FileBlockDevice device = FileBlockDevice.create(image, 4 * SECTOR)) {
            device.read(3, ByteBuffer.allocate(SECTOR));
            device.write(3, sectorsOf(1, 1));
            device.read(0, ByteBuffer.allocate(4 * SECTOR));

            assertThrows(EOFException.class, () -> device.read(4, ByteBuffer.allocate(SECTOR)));
            assertThrows(EOFException.class, () -> device.read(3, ByteBuffer.allocate(2 * SECTOR)));
            assertThrows(EOFException.class, () -> device.read(-1, ByteBuffer.allocate(SECTOR)));
            EOFException e = assertThrows(EOFException.class, () -> device.write(4, sectorsOf(1, 2)));
            assertTrue(e.getMessage().contains("sectors 4..4 out of range for a device of 4 sectors"),
                    e.getMessage());
            assertThrows(EOFException.class, () -> device.write(-1, sectorsOf(1, 2)));
            assertThrows(EOFException.class, () -> device.write(2, sectorsOf(3, 2)));
            // firstSector + sectors overflows to a negative number: must still be out of range, not a write at a
            // wrapped-around position.
            assertThrows(EOFException.class, () -> device.write(Long.MAX_VALUE, sectorsOf(1, 2)));
            assertThrows(EOFException.class, () -> device.read(Long.MAX_VALUE, ByteBuffer.allocate(SECTOR)));
            assertThrows(EOFException.class, () -> device.write(Long.MAX_VALUE / SECTOR + 1, sectorsOf(1, 2)));
        }
        byte[] expected = new byte[4 * SECTOR];
        Arrays.fill(expected, 3 * SECTOR, 4 * SECTOR, (byte) 1);
        assertArrayEquals(expected, Files.readAllBytes(image));
    }

    @Test
    void transfersOfPartSectorsAreRefusedBeforeTouchingTheImage() throws IOException {
        Path image = dir.resolve("part.img");
        try (FileBlockDevice device = FileBlockDevice.create(image, 2 * SECTOR)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> device.write(0, ByteBuffer.allocate(SECTOR + 1)));
            assertTrue(e.getMessage().contains("transfer of " + (SECTOR + 1) + " bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> device.read(0, ByteBuffer.allocate(SECTOR - 1)));
            ByteBuffer empty = ByteBuffer.allocate(0);
            device.read(0, empty);
            device.write(2, empty);
        }
        assertArrayEquals(new byte[2 * SECTOR], Files.readAllBytes(image));
    }

    @Test
    void aReadOnlyDeviceRefusesWritesAndLeavesTheImageIntact() throws IOException {
        Path image = dir.resolve("ro.img");
        byte[] old = new byte[2 * SECTOR];
        Arrays.fill(old, (byte) 4);
        Files.write(image, old);
        try (FileBlockDevice device = FileBlockDevice.open(image, true)) {
            assertTrue(device.isReadOnly());
            IOException e = assertThrows(IOException.class, () -> device.write(1, sectorsOf(1, 8)));
            assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("sector 1"),
                    e.getMessage());
            device.flush();
            assertArrayEquals(old, readSectors(device, 0, 2));
        }
        assertArrayEquals(old, Files.readAllBytes(image));
    }

    @Test
    void aSecondWriterIsRefusedNamingTheImageAndCannotChangeItsSize() throws IOException {
        Path image = dir.resolve("locked.img");
        try (FileBlockDevice first = FileBlockDevice.create(image, 4 * SECTOR)) {
            first.write(0, sectorsOf(4, 6));

            FileSystemException e = assertThrows(FileSystemException.class, () -> FileBlockDevice.open(image, false));
            assertEquals(image.toString(), e.getFile());
            assertTrue(e.getMessage().contains("is open for writing elsewhere"), e.getMessage());
            assertThrows(FileSystemException.class, () -> FileBlockDevice.create(image, SECTOR));
            assertEquals(4L * SECTOR, Files.size(image), "a refused create must not truncate");

            try (FileBlockDevice reader = FileBlockDevice.open(image, true)) {
                assertArrayEquals(sectorsOf(4, 6).array(), readSectors(reader, 0, 4));
            }
        }
        // The refused opens closed their channels and the first writer's close released the lock.
        try (FileBlockDevice again = FileBlockDevice.open(image, false)) {
            assertEquals(4, again.sectorCount());
        }
    }

    @Test
    void aReadOfSectorsTheFileNoLongerHasReportsWhereTheImageEnded() throws IOException {
        Path image = dir.resolve("shrunk.img");
        try (FileBlockDevice device = FileBlockDevice.create(image, 4 * SECTOR)) {
            try (FileChannel other = FileChannel.open(image, StandardOpenOption.WRITE)) {
                other.truncate(2 * SECTOR);
            }
            EOFException e = assertThrows(EOFException.class, () -> device.read(2, ByteBuffer.allocate(SECTOR)));
            assertTrue(e.getMessage().contains("image ended at byte " + 2 * SECTOR), e.getMessage());
        }
    }

    @Test
    void aClosedDeviceRefusesIo() throws IOException {
        FileBlockDevice device = FileBlockDevice.create(dir.resolve("closed.img"), SECTOR);
        device.close();
        assertThrows(ClosedChannelException.class, () -> device.read(0, ByteBuffer.allocate(SECTOR)));
        assertThrows(ClosedChannelException.class, () -> device.write(0, ByteBuffer.allocate(SECTOR)));
        assertThrows(ClosedChannelException.class, device::flush);
    }
}
