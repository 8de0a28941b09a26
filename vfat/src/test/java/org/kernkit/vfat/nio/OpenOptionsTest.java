package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open options are checked as the JDK's providers check them; contradictions change nothing. */
class OpenOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void readWithAppendIsRejected() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Files.newByteChannel(p, StandardOpenOption.READ, StandardOpenOption.APPEND));
            assertEquals("READ + APPEND not allowed", e.getMessage());
        }
    }

    @Test
    void appendWithTruncateExistingIsRejectedAndTheFileKeepsItsContent() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Files.newByteChannel(p,
                    StandardOpenOption.APPEND, StandardOpenOption.TRUNCATE_EXISTING));
            assertEquals("APPEND + TRUNCATE_EXISTING not allowed", e.getMessage());
            assertEquals("abc", Files.readString(p));
        }
    }

    @Test
    void aNonStandardOpenOptionIsUnsupported() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            OpenOption custom = new OpenOption() {};
            assertThrows(UnsupportedOperationException.class,
                    () -> Files.newByteChannel(fs.getPath("/a.txt"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, custom));
            assertFalse(Files.exists(fs.getPath("/a.txt")));
        }
    }

    @Test
    void anInitialAttributeIsUnsupportedAndNothingIsCreated() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            var perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            assertThrows(UnsupportedOperationException.class, () -> Files.createFile(fs.getPath("/a.txt"), perms));
            assertThrows(UnsupportedOperationException.class,
                    () -> Files.createDirectory(fs.getPath("/d"), perms));
            assertFalse(Files.exists(fs.getPath("/a.txt")));
            assertFalse(Files.exists(fs.getPath("/d")));
        }
    }

    @Test
    void deleteOnCloseDeletesTheFileWhenTheChannelCloses() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/scratch.tmp");
            try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
            assertFalse(Files.exists(p));
        }
    }

    @Test
    void readAndWriteTogetherAreAllowed() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(3);
                ch.read(b);
                ch.write(ByteBuffer.wrap(new byte[] {'d'}));
                assertEquals("abc", new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertEquals("abcd", Files.readString(p));
        }
    }
}
