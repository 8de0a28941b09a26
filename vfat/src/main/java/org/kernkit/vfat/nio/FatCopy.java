package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FileSystemFullException;

/**
 * {@code Files.copy} and {@code Files.move} between FAT paths, to the {@link java.nio.file.spi.FileSystemProvider}
 * contract:
 *
 * <ul>
 *   <li>a copy of a file onto itself, under any spelling the file system resolves to it ({@code /A.TXT} onto
 *       {@code /a.txt}, or its 8.3 alias), does nothing, with or without {@code REPLACE_EXISTING};
 *   <li>an existing target is an error unless {@code REPLACE_EXISTING}; a non-empty directory is never replaced;
 *   <li>the space for the whole copy is checked before the target is touched, so a copy that does not fit fails
 *       with {@link FileSystemFullException} and leaves the old target as it was;
 *   <li>within one file system the whole copy or move holds the write lock, so other threads see it whole or not
 *       at all; across two file systems each step holds only its own file system's lock (never both, so two
 *       copies in opposite directions cannot deadlock);
 *   <li>a move across file systems is a copy with attributes and a delete, refused with
 *       {@link AtomicMoveNotSupportedException} under {@code ATOMIC_MOVE}, for a non-empty directory with
 *       {@link DirectoryNotEmptyException}, like the JDK's default provider, and for a read-only source (which FAT
 *       would not let it delete) with {@link AccessDeniedException}, all before anything is copied.
 * </ul>
 */
final class FatCopy {

    private static final int CHUNK = 1 << 20;

    private FatCopy() {}

    /**
     * The copy options given.
     *
     * @param replace {@code REPLACE_EXISTING}
     * @param copyAttributes {@code COPY_ATTRIBUTES}
     * @param atomic {@code ATOMIC_MOVE} (moves only)
     */
    record Options(boolean replace, boolean copyAttributes, boolean atomic) {

        /**
         * Reads {@code options}; {@code NOFOLLOW_LINKS} means nothing on FAT, which has no links.
         *
         * @throws UnsupportedOperationException for {@code ATOMIC_MOVE} in a copy and any non-standard option
         */
        static Options of(CopyOption[] options, boolean move) {
            boolean replace = false;
            boolean copyAttributes = false;
            boolean atomic = false;
            for (CopyOption o : options) {
                Objects.requireNonNull(o, "copy option");
                if (o == StandardCopyOption.REPLACE_EXISTING) {
                    replace = true;
                } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                    copyAttributes = true;
                } else if (o == StandardCopyOption.ATOMIC_MOVE && move) {
                    atomic = true;
                } else if (o != LinkOption.NOFOLLOW_LINKS) {
                    throw new UnsupportedOperationException("copy option " + o + " is not supported by FAT "
                            + (move ? "move" : "copy"));
                }
            }
            return new Options(replace, copyAttributes, atomic);
        }
    }

    private static String text(FatPath p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** {@code Files.copy(source, target, options)}. */
    static void copy(FatPath source, FatPath target, Options options) throws IOException {
        FatNioFileSystem from = source.getFileSystem();
        if (from == target.getFileSystem()) {
            from.writing(core -> {
                copyContent(source, target, options.replace(), options.copyAttributes());
                return null;
            });
        } else {
            copyContent(source, target, options.replace(), options.copyAttributes());
        }
    }

    /** {@code Files.move(source, target, options)}. */
    static void move(FatPath source, FatPath target, Options options) throws IOException {
        FatNioFileSystem from = source.getFileSystem();
        FatNioFileSystem to = target.getFileSystem();
        String src = text(source);
        if (from == to) {
            from.writing(core -> {
                core.move(src, text(target), options.replace());
                return null;
            });
            return;
        }
        if (options.atomic()) {
            throw new AtomicMoveNotSupportedException(source.toString(), target.toString(),
                    "source is in FAT image " + from.imagePath() + ", target in " + to.imagePath()
                            + ": a move between two file systems is a copy and a delete, never atomic");
        }
        FatEntry entry = from.reading(core -> core.stat(src));
        if (entry.directory() && !from.reading(core -> core.list(src)).isEmpty()) {
            throw new DirectoryNotEmptyException(source.toString());
        }
        if ((entry.attributes() & FatEntry.READ_ONLY) != 0) {
            // FAT refuses to delete it, so the move would end as a copy: refuse before copying.
            throw new AccessDeniedException(source.toString(), target.toString(),
                    "source has the read-only attribute and cannot be deleted after the copy");
        }
        copyContent(source, target, options.replace(), true);
        try {
            from.writing(core -> {
                core.delete(src);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            // The source stays; take the copy back so the move did nothing rather than half.
            deleteAfterFailure(target, e);
            throw e;
        }
    }

    /** Deletes {@code target} after {@code failure}, recording a failure to delete as suppressed by it. */
    private static void deleteAfterFailure(FatPath target, Exception failure) {
        try {
            target.getFileSystem().writing(core -> {
                core.delete(text(target));
                return null;
            });
        } catch (IOException | RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private static void copyContent(FatPath source, FatPath target, boolean replace, boolean copyAttributes)
            throws IOException {
        FatNioFileSystem from = source.getFileSystem();
        FatNioFileSystem to = target.getFileSystem();
        String src = text(source);
        String dst = text(target);
        FatEntry entry = from.reading(core -> core.stat(src));
        FatEntry existing = to.reading(core -> core.exists(dst) ? core.stat(dst) : null);
        if (existing != null) {
            if (from == to && source.toRealPath().equals(target.toRealPath())) {
                return; // the same file: copying it onto itself is a no-op, never a delete
            }
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString());
            }
            if (existing.directory() && !to.reading(core -> core.list(dst)).isEmpty()) {
                throw new DirectoryNotEmptyException(target.toString());
            }
        }
        if (entry.directory()) {
            to.writing(core -> {
                if (existing != null) {
                    core.delete(dst);
                }
                core.createDirectory(dst);
                return null;
            });
        } else {
            requireRoom(to, entry.size(), target);
            if (existing != null && existing.directory()) {
                to.writing(core -> {
                    core.delete(dst);
                    return null;
                });
            }
            copyBytes(source, target, existing == null || existing.directory());
        }
        if (copyAttributes) {
            to.writing(core -> {
                core.setTimes(dst, entry.created(), entry.modified(), entry.accessed());
                core.setAttributes(dst, entry.attributes()
                        & (FatEntry.READ_ONLY | FatEntry.HIDDEN | FatEntry.SYSTEM | FatEntry.ARCHIVE));
                return null;
            });
        }
    }

    /** Refuses, before anything is written, a file of {@code size} bytes that the target volume cannot hold. */
    private static void requireRoom(FatNioFileSystem to, long size, FatPath target) throws IOException {
        to.reading(core -> {
            long clusters = (size + core.clusterSize() - 1) / core.clusterSize();
            if (clusters > core.freeClusters()) {
                throw new FileSystemFullException("copy to " + target + " needs " + clusters + " free cluster(s) of "
                        + core.clusterSize() + " bytes, the volume has " + core.freeClusters()
                        + "; nothing was changed");
            }
            return null;
        });
    }

    private static void copyBytes(FatPath source, FatPath target, boolean newTarget) throws IOException {
        FatNioFileSystem from = source.getFileSystem();
        FatNioFileSystem to = target.getFileSystem();
        String src = text(source);
        String dst = text(target);
        SeekableByteChannel in = from.reading(core -> core.newByteChannel(src, Set.of(StandardOpenOption.READ)));
        try {
            SeekableByteChannel out = to.writing(core -> core.newByteChannel(dst, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)));
            try {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                while (from.reading(core -> in.read(buf.clear())) > 0) {
                    buf.flip();
                    to.writing(core -> {
                        while (buf.hasRemaining()) {
                            out.write(buf);
                        }
                        return null;
                    });
                }
            } finally {
                to.writing(core -> {
                    out.close();
                    return null;
                });
            }
        } catch (IOException | RuntimeException e) {
            if (newTarget) {
                // A target this copy created holds a part of the source: remove it rather than leave a torn copy.
                deleteAfterFailure(target, e);
            }
            throw e;
        } finally {
            from.reading(core -> {
                in.close();
                return null;
            });
        }
    }
}
