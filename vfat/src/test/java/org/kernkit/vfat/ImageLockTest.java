package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/** A second writer of one image, in another process or in this one, is refused by the OS file lock. */
class ImageLockTest {

    @TempDir
    Path tmp;

    /** Child process: opens the image for writing, says "locked", holds it until its standard input closes. */
    public static void main(String[] args) throws Exception {
        try (FatFileSystem fs = FatFileSystem.open(Path.of(args[0]))) {
            fs.createDirectory("/child was here");
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void secondProcessOpeningTheImageForWritingIsRefusedNamingTheLock() throws Exception {
        Path image = tmp.resolve("shared.img");
        FatFileSystem.format(image, 2L << 20, FormatOptions.builder().build()).close();
        // Our own ProcessBuilder, not ChildJvm.start: the test talks to the child through its stdin and stdout pipes.
        Process child = new ProcessBuilder(ChildJvm.command(ImageLockTest.class, image.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            FileSystemException e = assertThrows(FileSystemException.class, () -> FatFileSystem.open(image));
            assertTrue(e.getMessage().contains(image.toString()) && e.getMessage().contains("lock"), e.getMessage());
            assertThrows(FileSystemException.class, () -> FatFileSystem.format(image, 2L << 20,
                    FormatOptions.builder().build()));
            try (FatFileSystem reader = FatFileSystem.openReadOnly(image)) {
                assertTrue(reader.exists("/child was here"));
            }
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
        }
        assertEquals(0, child.exitValue());
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            fs.createDirectory("/parent now");
        }
    }

    @Test
    void secondWriterInTheSameProcessIsRefused() throws Exception {
        Path image = tmp.resolve("one.img");
        try (FatFileSystem first = FatFileSystem.format(image, 2L << 20, FormatOptions.builder().build())) {
            assertThrows(FileSystemException.class, () -> FatFileSystem.open(image, NamingMode.WINDOWS));
        }
        FatFileSystem.open(image).close();
    }
}
