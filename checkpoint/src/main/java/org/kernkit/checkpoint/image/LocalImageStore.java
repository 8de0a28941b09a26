package org.kernkit.checkpoint.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * The default {@link ImageStore}: the images in a local directory (or any file system with POSIX rename and fsync
 * semantics, such as a mounted shared volume that honours them).
 *
 * <pre>
 * DIR/image-000000000007.kkc      older images, kept up to the retention count
 * DIR/image-000000000008.kkc      newest image
 * DIR/image-000000000009.kkc.tmp  an image being written (or torn by a crash; ignored and removed)
 * DIR/rejected/image-000000000006.kkc      an image restart could not use, moved aside, never deleted
 * DIR/rejected/image-000000000006.kkc.why  why
 * </pre>
 *
 * <p>An image is written to its {@code .tmp} name, forced, renamed atomically to its final name, and the directory is
 * forced: after a crash at any instant the final name holds either nothing or a complete, durable image. Not
 * thread-safe.
 */
public final class LocalImageStore implements ImageStore {

    /** The name of a published image: {@link ImageStore#fileName}. */
    static final Pattern IMAGE_NAME = Pattern.compile("image-(\\d{12})\\.kkc");
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Pattern REJECTED_NAME = Pattern.compile("image-(\\d{12})\\.kkc(\\.\\d+)?");

    private final Path directory;

    /**
     * A store of images in one local directory; nothing is read or created until first use.
     *
     * @param directory where the images live
     */
    public LocalImageStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public List<Path> images() throws IOException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (ImageStore.sequenceOf(entry) >= 0) {
                    images.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw RegularFiles.named(e, "list images in", directory);
        }
        images.sort(Comparator.comparingLong(ImageStore::sequenceOf));
        return images;
    }

    /**
     * @return one more than the highest sequence present, valid or not, moved aside to {@code rejected/} included (so
     *     no name is ever used twice); 1 for an empty directory
     */
    @Override
    public long nextSequence() throws IOException {
        List<Path> images = images();
        long highest = images.isEmpty() ? 0 : ImageStore.sequenceOf(images.getLast());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory.resolve(REJECTED_DIRECTORY))) {
            for (Path entry : entries) {
                Matcher m = REJECTED_NAME.matcher(String.valueOf(entry.getFileName()));
                if (m.matches()) {
                    highest = Math.max(highest, Long.parseLong(m.group(1)));
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            // nothing rejected yet
        }
        return highest + 1;
    }

    /**
     * Writes an image atomically: temporary file, force, rename, directory force.
     *
     * @return the final path
     */
    @Override
    public Path write(long sequence, Body body) throws IOException {
        Path target = directory.resolve(ImageStore.fileName(sequence));
        Path temporary = directory.resolve(ImageStore.fileName(sequence) + TEMPORARY_SUFFIX);
        RegularFiles.check(temporary, "temporary image");
        // Never over an existing name (a FIFO or a directory there would also make the rename fail or hang).
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "an image of that sequence already exists; refusing to overwrite it");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            body.writeTo(channel);
            // The data and size must be durable before the name points at them: otherwise a power cut after the
            // rename could leave a complete name over incomplete bytes.
            channel.force(true);
        } catch (IOException e) {
            throw RegularFiles.named(e, "write image", temporary);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(directory);
        } catch (IOException e) {
            throw RegularFiles.named(e, "publish image " + temporary.getFileName() + " as", target);
        }
        return target;
    }

    /** Makes a rename durable: on Linux, fsync on the directory commits its entries. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Deletes all but the newest {@code keep} images.
     *
     * @throws IOException if one cannot be deleted
     */
    @Override
    public void retain(int keep) throws IOException {
        List<Path> images = images();
        for (int i = 0; i < images.size() - keep; i++) {
            try {
                Files.deleteIfExists(images.get(i));
            } catch (IOException e) {
                throw RegularFiles.named(e, "delete old image", images.get(i));
            }
        }
    }

    /** Removes images torn while being written (their {@code .tmp} files). */
    @Override
    public void deleteTemporaries() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "image-*.kkc" + TEMPORARY_SUFFIX)) {
            for (Path entry : entries) {
                try {
                    Files.deleteIfExists(entry);
                } catch (IOException e) {
                    throw RegularFiles.named(e, "delete torn image", entry);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing to remove
        }
    }

    /**
     * Moves an unusable image aside to {@code DIR/rejected/}, with its reason beside it in a {@code .why} file, so
     * that it is never read again and never lost. A name already taken in {@code rejected/} gets a numeric suffix.
     *
     * @param image an image of this directory
     * @param reason why it was rejected
     * @return where it is now
     * @throws IOException if it cannot be moved; the message names both paths
     */
    @Override
    public Path moveAside(Path image, String reason) throws IOException {
        Path rejected = directory.resolve(REJECTED_DIRECTORY);
        Path target = rejected.resolve(image.getFileName());
        try {
            Files.createDirectories(rejected);
            for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                target = rejected.resolve(image.getFileName() + "." + n);
            }
            Files.writeString(rejected.resolve(target.getFileName() + ".why"), reason + System.lineSeparator());
            Files.move(image, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(rejected);
            forceDirectory(directory);
        } catch (IOException e) {
            throw RegularFiles.named(e, "move rejected image " + image.getFileName() + " to", target);
        }
        return target;
    }
}
