package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoint images of one directory: naming, atomic writes, retention, and finding the newest valid image.
 *
 * <pre>
 * DIR/image-000000000007.kkc      older images, kept up to the retention count
 * DIR/image-000000000008.kkc      newest image
 * DIR/image-000000000009.kkc.tmp  an image being written (or torn by a crash; ignored and removed)
 * </pre>
 *
 * <p>An image is written to its {@code .tmp} name, forced, renamed atomically to its final name, and the directory is
 * forced: after a crash at any instant the final name holds either nothing or a complete, durable image. Not
 * thread-safe.
 */
public final class ImageStore {

    private static final Pattern IMAGE_NAME = Pattern.compile("image-(\\d{12})\\.kkc");
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path directory;

    /** @param directory where the images live */
    public ImageStore(Path directory) {
        this.directory = directory;
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /**
     * The file name of an image.
     *
     * @param sequence its sequence number, 0 to 999 999 999 999
     * @return e.g. {@code image-000000000042.kkc}
     */
    public static String fileName(long sequence) {
        if (sequence < 0 || sequence > 999_999_999_999L) {
            throw new IllegalArgumentException("sequence " + sequence + " out of range 0..999999999999");
        }
        return String.format("image-%012d.kkc", sequence);
    }

    /**
     * @param file an image file
     * @return its sequence number from its name, or -1 if the name is not an image's
     */
    public static long sequenceOf(Path file) {
        Matcher m = IMAGE_NAME.matcher(String.valueOf(file.getFileName()));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * @return the images in the directory, oldest first; empty if the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    public List<Path> images() throws IOException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (sequenceOf(entry) >= 0) {
                    images.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        images.sort(Comparator.comparingLong(ImageStore::sequenceOf));
        return images;
    }

    /** @return one more than the highest sequence present, valid or not; 1 for an empty directory */
    long nextSequence() throws IOException {
        List<Path> images = images();
        return images.isEmpty() ? 1 : sequenceOf(images.getLast()) + 1;
    }

    /** What writes an image's bytes into an open channel. */
    interface Body {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes an image atomically: temporary file, force, rename, directory force.
     *
     * @return the final path
     */
    Path write(long sequence, Body body) throws IOException {
        Path target = directory.resolve(fileName(sequence));
        Path temporary = directory.resolve(fileName(sequence) + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            body.writeTo(channel);
            // The data and size must be durable before the name points at them: otherwise a power cut after the
            // rename could leave a complete name over incomplete bytes.
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        return target;
    }

    /** Makes the rename durable: on Linux, fsync on the directory commits its entries. */
    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Deletes all but the newest {@code keep} images.
     *
     * @throws IOException if one cannot be deleted
     */
    void retain(int keep) throws IOException {
        List<Path> images = images();
        for (int i = 0; i < images.size() - keep; i++) {
            Files.deleteIfExists(images.get(i));
        }
    }

    /** Removes images torn while being written (their {@code .tmp} files). */
    void deleteTemporaries() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "image-*.kkc" + TEMPORARY_SUFFIX)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        } catch (NoSuchFileException e) {
            // nothing to remove
        }
    }

    /**
     * The newest image that reads and validates, and why each newer one was rejected.
     *
     * @param image the image, or null if the directory holds no image at all
     * @param rejected one message per newer image that was rejected, newest first
     */
    public record Newest(Image image, List<String> rejected) {}

    /**
     * Finds the newest valid image, falling back to older ones.
     *
     * @return the newest valid image (or none) and the rejections
     * @throws ImageFormatException if images exist and none is valid; the message lists every rejection
     * @throws IOException if the directory cannot be listed
     */
    public Newest newest() throws IOException {
        List<Path> images = images();
        List<String> rejected = new ArrayList<>();
        for (int i = images.size() - 1; i >= 0; i--) {
            Path path = images.get(i);
            try {
                Image image = ImageReader.read(path);
                if (image.sequence() != sequenceOf(path)) {
                    throw new ImageFormatException(path.getFileName() + " section #0 (HEADER): sequence "
                            + image.sequence() + " does not match the file name's " + sequenceOf(path),
                            ImageDescriptor.PREAMBLE_LENGTH);
                }
                return new Newest(image, List.copyOf(rejected));
            } catch (IOException e) {
                rejected.add(path.getFileName() + " rejected: " + e.getMessage()
                        + (i > 0 ? "; falling back to " + images.get(i - 1).getFileName() : ""));
            }
        }
        if (!images.isEmpty()) {
            throw new ImageFormatException("no valid checkpoint image in " + directory + ": "
                    + String.join("; ", rejected), -1);
        }
        return new Newest(null, List.of());
    }
}
