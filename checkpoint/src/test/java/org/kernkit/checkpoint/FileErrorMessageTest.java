package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;

/** An I/O error while writing an image names the operation and the file, and leaves no half image behind a name. */
class FileErrorMessageTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskWhileWritingAnImageNamesTheImageFile() throws IOException {
        ImageStore store = ImageStore.local(dir);
        IOException e = assertThrows(IOException.class, () -> store.write(7, channel -> {
            throw new IOException("No space left on device");
        }));
        Path temporary = dir.resolve(ImageStore.fileName(7) + ".tmp");
        assertEquals("cannot write image " + temporary + ": No space left on device", e.getMessage());
        assertTrue(store.images().isEmpty(), "no image name points at the failed bytes");
    }

    @Test
    void aBareFileSystemErrorIsRestatedWithTheOperation() {
        Path path = dir.resolve("x");
        IOException e = org.kernkit.checkpoint.internal.RegularFiles.named(
                new java.nio.file.FileSystemException(path.toString(), null, "Invalid argument"), "force output", path);
        assertEquals("cannot force output " + path + ": Invalid argument", e.getMessage());
    }

    @Test
    void anImageNameAlreadyTakenIsNeverOverwritten() throws IOException {
        ImageStore store = ImageStore.local(dir);
        Files.writeString(dir.resolve(ImageStore.fileName(3)), "keep");
        IOException e = assertThrows(IOException.class, () -> store.write(3, channel -> {}));
        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertEquals("keep", Files.readString(dir.resolve(ImageStore.fileName(3))));
    }
}
