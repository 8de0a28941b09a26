package org.kernkit.checkpoint.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Two guards for every file a container opens: a path that must be a regular file is checked before it is opened
 * (opening a FIFO blocks until its other end opens, so a FIFO where an image or output belongs would hang the tool),
 * and an I/O error is restated as {@code "cannot <operation> <path>: <reason>"}, never a bare path or a bare
 * {@code "No space left on device"}.
 *
 * <p>The check and the open are two steps: a file swapped for a FIFO in between can still block. That race needs
 * someone replacing files in a directory a live process owns; the directory lock does not stop it.
 */
public final class RegularFiles {

    private RegularFiles() {}

    /**
     * Refuses a path that exists and is not a regular file (following symbolic links).
     *
     * @param path where a regular file belongs
     * @param what names the file in the message, e.g. {@code "checkpoint image"}
     * @throws IOException naming the path and what is there instead
     */
    public static void check(Path path, String what) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(path)) {
                throw new IOException(what + " " + path + " is a dangling symbolic link, not a regular file");
            }
            return;
        } catch (IOException e) {
            throw named(e, "inspect " + what, path);
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(what + " " + path + " is " + kind(attributes) + ", not a regular file;"
                    + " move it away");
        }
    }

    /**
     * What kind of file a path is, for messages.
     *
     * @param path an existing path
     * @return "a directory", "a FIFO or device", "a symbolic link", "a regular file" or "missing"
     */
    public static String kindOf(Path path) {
        try {
            return kind(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return "missing";
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isOther()) {
            return "a FIFO, socket or device";
        }
        return "a regular file";
    }

    /**
     * Restates an I/O error so that it names the operation and the file.
     *
     * @param e the error; returned unchanged if it already names the file (and is not a bare file-system error)
     * @param operation what was being done, e.g. {@code "write image"}
     * @param path the file it was done to
     * @return an {@link IOException} with the message {@code "cannot <operation> <path>: <reason>"}, the cause kept
     */
    public static IOException named(Exception e, String operation, Path path) {
        String message = e.getMessage();
        if (!(e instanceof FileSystemException) && e instanceof IOException io && message != null
                && message.contains(path.toString())) {
            return io;
        }
        IOException named = new IOException("cannot " + operation + " " + path + ": " + reason(e), e);
        return named;
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
