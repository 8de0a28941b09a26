package org.kernkit.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegularFiles}: which paths {@code check} refuses and how it names what is there, and the
 * {@code "cannot <operation> <path>: <reason>"} form of every restated error.
 *
 * <p>The non-regular file is {@code /dev/null}, a character device every Linux has: {@code check} treats FIFOs,
 * sockets and devices alike (all are "other" to {@link java.nio.file.attribute.BasicFileAttributes}), and opening a
 * device cannot block, so the test needs no {@code mkfifo}.
 */
class RegularFilesTest {

    @TempDir
    Path dir;

    private static final Path DEVICE = Path.of("/dev/null");

    @Test
    void checkAcceptsARegularFileAndAMissingPath() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        RegularFiles.check(file, "output");
        RegularFiles.check(dir.resolve("missing"), "output");
    }

    @Test
    void checkAcceptsASymbolicLinkToARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        RegularFiles.check(Files.createSymbolicLink(dir.resolve("link"), file), "output");
    }

    @Test
    void checkRefusesADirectoryNamingIt() {
        IOException e = assertThrows(IOException.class, () -> RegularFiles.check(dir, "checkpoint image"));
        assertEquals("checkpoint image " + dir + " is a directory, not a regular file; move it away", e.getMessage());
    }

    @Test
    void checkRefusesADeviceOrFifoNamingIt() {
        assumeTrue(Files.exists(DEVICE), "no /dev/null on this system");
        IOException e = assertThrows(IOException.class, () -> RegularFiles.check(DEVICE, "output"));
        assertEquals("output /dev/null is a FIFO, socket or device, not a regular file; move it away", e.getMessage());
    }

    @Test
    void checkRefusesADanglingSymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        IOException e = assertThrows(IOException.class, () -> RegularFiles.check(link, "run record"));
        assertEquals("run record " + link + " is a dangling symbolic link, not a regular file", e.getMessage());
    }

    @Test
    void checkRestatesAnErrorInspectingThePath() throws IOException {
        // Two links pointing at each other: stat fails with ELOOP, which is neither "missing" nor a kind of file.
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        IOException e = assertThrows(IOException.class, () -> RegularFiles.check(a, "output"));
        assertTrue(e.getMessage().startsWith("cannot inspect output " + a + ": "), e.getMessage());
    }

    @Test
    void kindOfNamesEachKindOfFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals("a regular file", RegularFiles.kindOf(file));
        assertEquals("a directory", RegularFiles.kindOf(dir));
        assertEquals("a symbolic link", RegularFiles.kindOf(Files.createSymbolicLink(dir.resolve("link"), file)));
        assertEquals("missing", RegularFiles.kindOf(dir.resolve("missing")));
        assumeTrue(Files.exists(DEVICE), "no /dev/null on this system");
        assertEquals("a FIFO, socket or device", RegularFiles.kindOf(DEVICE));
    }

    private String reasonFor(Exception e) {
        Path path = dir.resolve("f");
        String message = RegularFiles.named(e, "write output", path).getMessage();
        String prefix = "cannot write output " + path + ": ";
        assertTrue(message.startsWith(prefix), message);
        return message.substring(prefix.length());
    }

    @Test
    void namedStatesEachFileSystemErrorInWords() {
        String f = dir.resolve("f").toString();
        assertEquals("no such file or directory", reasonFor(new NoSuchFileException(f)));
        assertEquals("already exists", reasonFor(new FileAlreadyExistsException(f)));
        assertEquals("permission denied", reasonFor(new AccessDeniedException(f)));
        assertEquals("directory not empty", reasonFor(new DirectoryNotEmptyException(f)));
        assertEquals("not a directory", reasonFor(new NotDirectoryException(f)));
        assertEquals("Read-only file system", reasonFor(new FileSystemException(f, null, "Read-only file system")));
    }

    @Test
    void namedFallsBackToTheErrorsClassWhenItGivesNoReason() {
        assertEquals("FileSystemException", reasonFor(new FileSystemException(dir.resolve("f").toString())));
        assertEquals("IOException", reasonFor(new IOException()));
        assertEquals("disk on fire", reasonFor(new IOException("disk on fire")));
    }

    @Test
    void namedKeepsTheCause() {
        IOException cause = new IOException("disk on fire");
        assertSame(cause, RegularFiles.named(cause, "write output", dir.resolve("f")).getCause());
    }

    @Test
    void namedReturnsAnErrorThatAlreadyNamesTheFileUnchanged() {
        Path path = dir.resolve("f");
        IOException e = new IOException("short read of " + path + " at 12");
        assertSame(e, RegularFiles.named(e, "read image", path));
    }

    @Test
    void namedRestatesABareFileSystemErrorEvenThoughItsMessageHoldsThePath() {
        Path path = dir.resolve("f");
        NoSuchFileException bare = new NoSuchFileException(path.toString());
        assertEquals("cannot read image " + path + ": no such file or directory",
                RegularFiles.named(bare, "read image", path).getMessage());
    }

    @Test
    void namedRestatesAnUncheckedErrorEvenWhenItNamesTheFile() {
        Path path = dir.resolve("f");
        IllegalStateException e = new IllegalStateException("bad " + path);
        assertEquals("cannot read image " + path + ": bad " + path,
                RegularFiles.named(e, "read image", path).getMessage());
    }

    @Test
    void namedRestatesAnErrorThatNamesAnotherFile() {
        Path path = dir.resolve("f");
        IOException e = new IOException("short read of " + dir.resolve("other"));
        assertEquals("cannot read image " + path + ": short read of " + dir.resolve("other"),
                RegularFiles.named(e, "read image", path).getMessage());
    }
}
