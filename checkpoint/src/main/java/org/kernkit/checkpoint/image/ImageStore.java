package org.kernkit.checkpoint.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Where a container's checkpoint images live. {@link LocalImageStore} (a directory, by default the job's own) is the
 * implementation; another one can keep images on shared storage, as long as it keeps these guarantees, on which
 * restart correctness rests:
 *
 * <ol>
 *   <li><b>Atomic publish.</b> {@link #write} makes an image visible under its final name only once all its bytes
 *       are there: a reader (or a restart after a crash at any instant) finds under that name either nothing or the
 *       complete image, never a prefix.</li>
 *   <li><b>Durable before return.</b> When {@link #write} returns, the image's bytes, its size and its name survive
 *       a power cut (fsync of the file, then of the directory entry). A checkpoint's outputs are forced before the
 *       image is written, so an image never claims output bytes that are not durable.</li>
 *   <li><b>No overwrite.</b> {@link #write} refuses a sequence whose name exists; {@link #nextSequence} is above
 *       every sequence ever used in the store, images moved aside included.</li>
 *   <li><b>Nothing lost.</b> {@link #moveAside} keeps a rejected image (and why) where it is never read again; only
 *       {@link #retain} deletes, and only the oldest images beyond the count kept.</li>
 *   <li><b>Order.</b> {@link #images} lists published images only, oldest first, by sequence.</li>
 * </ol>
 *
 * <p>Image names are {@code image-NNNNNNNNNNNN.kkc} ({@link #fileName}); paths are the currency, so the store is a
 * file system a {@link FileChannel} can write (a local directory, a mounted shared volume). Called only by the
 * directory's owner ({@link org.kernkit.checkpoint.JobDirectoryLock}) from one thread at a time; implementations need not be thread-safe.
 */
public interface ImageStore {

    /** Where unusable images are moved, never deleted: a subdirectory of the store's directory. */
    String REJECTED_DIRECTORY = "rejected";

    /** What writes an image's bytes into an open channel. */
    interface Body {
        /**
         * Writes the image's bytes; the store fsyncs and publishes the file after it returns.
         *
         * @param channel the temporary file, positioned at 0
         * @throws IOException if writing fails; the store then publishes nothing
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * The default store.
     *
     * @param directory where the images live
     * @return a {@link LocalImageStore} over it
     */
    static ImageStore local(Path directory) {
        return new LocalImageStore(directory);
    }

    /**
     * The file name of an image.
     *
     * @param sequence its sequence number, 0 to 999 999 999 999
     * @return e.g. {@code image-000000000042.kkc}
     * @throws IllegalArgumentException if the sequence is out of range
     */
    static String fileName(long sequence) {
        if (sequence < 0 || sequence > 999_999_999_999L) {
            throw new IllegalArgumentException("sequence " + sequence + " out of range 0..999999999999");
        }
        return String.format("image-%012d.kkc", sequence);
    }

    /**
     * Reads an image's sequence number from its file name.
     *
     * @param file an image file
     * @return its sequence number from its name, or -1 if the name is not an image's
     */
    static long sequenceOf(Path file) {
        Matcher m = LocalImageStore.IMAGE_NAME.matcher(String.valueOf(file.getFileName()));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** {@return the directory the images are in} */
    Path directory();

    /**
     * Lists the published images; temporary and rejected ones are not among them.
     *
     * @return the published images, oldest first; empty if there are none (or the directory does not exist)
     * @throws IOException if the store cannot be listed; the message names it
     */
    List<Path> images() throws IOException;

    /**
     * Finds the sequence number the next image must use, so that no name is ever reused.
     *
     * @return a sequence above every sequence ever used in this store, images moved aside included; 1 if none
     * @throws IOException if the store cannot be listed
     */
    long nextSequence() throws IOException;

    /**
     * Writes and publishes an image atomically and durably (guarantees 1 to 3).
     *
     * @param sequence its sequence; its name must not exist yet
     * @param body writes its bytes
     * @return the published image
     * @throws IOException if it cannot be written or published, or the name exists; nothing is published then
     */
    Path write(long sequence, Body body) throws IOException;

    /**
     * Deletes all but the newest {@code keep} images.
     *
     * @param keep images to keep, at least 1
     * @throws IOException if one cannot be deleted; the message names it
     */
    void retain(int keep) throws IOException;

    /**
     * Removes what {@link #write} left behind when it was interrupted (never a published image).
     *
     * @throws IOException if one cannot be removed
     */
    void deleteTemporaries() throws IOException;

    /**
     * Moves an image aside so that it is never read again and never lost, with its reason beside it.
     *
     * @param image a published image of this store
     * @param reason why it was rejected
     * @return where it is now
     * @throws IOException if it cannot be moved; the message names both paths
     */
    Path moveAside(Path image, String reason) throws IOException;
}
