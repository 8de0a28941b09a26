package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kernkit.vfat.FatEntry;

/**
 * Attributes through {@code Files}: the basic and DOS views by class and by name (with the JDK's key names), DOS
 * bits set one at a time, times at FAT's resolution, and {@code checkAccess} against the read-only attribute and a
 * read-only file system.
 */
class AttributeAccessTest {

    /** Even seconds: FAT stores the modified time to 2 s. */
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2010-06-07T08:09:10Z"));
    /** Whole hundredths: FAT stores the creation time to 10 ms. */
    private static final FileTime CREATED = FileTime.from(Instant.parse("2009-05-06T07:08:09.250Z"));
    /** A local midnight: FAT stores the access date only. */
    private static final FileTime ACCESSED = FileTime.from(LocalDate.of(2011, 7, 8)
            .atStartOfDay(ZoneId.systemDefault()).toInstant());

    private static final List<String> BASIC_KEYS = List.of("lastModifiedTime", "lastAccessTime", "creationTime",
            "size", "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");

    @TempDir
    Path tmp;

    private static List<Boolean> dosBits(Path p) throws Exception {
        DosFileAttributes a = Files.readAttributes(p, DosFileAttributes.class);
        return List.of(a.isReadOnly(), a.isHidden(), a.isSystem(), a.isArchive());
    }

    private static int storedAttributes(FatNioFileSystem fs, String path) throws Exception {
        return fs.core().stat(path).attributes();
    }

    @Test
    void theBasicViewByNameHasTheJdksKeysInTheJdksMeaning() throws Exception {
        Path jdkFile = tmp.resolve("jdk.txt");
        Files.writeString(jdkFile, "abc");
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            Files.setLastModifiedTime(p, MODIFIED);
            Map<String, Object> all = Files.readAttributes(p, "*");
            assertEquals(new java.util.TreeSet<>(Files.readAttributes(jdkFile, "*").keySet()),
                    new java.util.TreeSet<>(all.keySet()));
            assertEquals(BASIC_KEYS, new ArrayList<>(all.keySet()));
            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            expected.put("lastModifiedTime", MODIFIED);
            expected.put("lastAccessTime", a.lastAccessTime());
            expected.put("creationTime", a.creationTime());
            expected.put("size", 3L);
            expected.put("isRegularFile", true);
            expected.put("isDirectory", false);
            expected.put("isSymbolicLink", false);
            expected.put("isOther", false);
            expected.put("fileKey", null);
            assertEquals(expected, all);
            assertEquals(all, Files.readAttributes(p, "basic:*"));
        }
    }

    @Test
    void theDosViewByNameAddsTheFourBits() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            fs.core().setAttributes("/a.txt", FatEntry.HIDDEN | FatEntry.SYSTEM);
            Map<String, Object> all = Files.readAttributes(p, "dos:*");
            List<String> keys = new ArrayList<>(BASIC_KEYS);
            keys.addAll(List.of("readonly", "hidden", "system", "archive"));
            assertEquals(keys, new ArrayList<>(all.keySet()));
            assertEquals(List.of(false, true, true, false), List.of(all.get("readonly"), all.get("hidden"),
                    all.get("system"), all.get("archive")));
        }
    }

    @Test
    void namedAttributesComeInTheOrderAsked() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path d = fs.getPath("/d");
            Files.createDirectory(d);
            Map<String, Object> m = Files.readAttributes(d, "dos:isDirectory,size,readonly");
            assertEquals(List.of("isDirectory", "size", "readonly"), new ArrayList<>(m.keySet()));
            assertEquals(List.of(true, 0L, false), new ArrayList<>(m.values()));
            assertEquals(Map.of("isRegularFile", false), Files.readAttributes(d, "isRegularFile"));
        }
    }

    @Test
    void aDosAttributeIsNotInTheBasicView() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Files.readAttributes(p, "size,hidden"));
            assertEquals("attribute 'hidden' is not in view 'basic'", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Files.readAttributes(p, "dos:size,owner"));
        }
    }

    /** Another view by name ("posix"), and an empty view name, are unsupported views. */
    @ParameterizedTest
    @CsvSource(value = {"posix:*|posix", ":size|''"}, delimiter = '|')
    void aViewOtherThanBasicOrDosIsUnsupported(String attributes, String view) throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Files.readAttributes(p, attributes));
            assertEquals("attribute view '" + view + "' is not supported on FAT", e.getMessage());
        }
    }

    @Test
    void attributesOfAMissingFileAreNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/missing");
            assertThrows(NoSuchFileException.class, () -> Files.readAttributes(p, "*"));
            assertThrows(NoSuchFileException.class, () -> Files.readAttributes(p, BasicFileAttributes.class));
            assertThrows(NoSuchFileException.class, () -> Files.isHidden(p));
        }
    }

    @Test
    void attributesByClassAreBasicOrDosAndNothingElse() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abcd");
            assertEquals(4, Files.readAttributes(p, BasicFileAttributes.class).size());
            assertEquals(4, Files.readAttributes(p, DosFileAttributes.class).size());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Files.readAttributes(p, PosixFileAttributes.class));
            assertEquals("attributes java.nio.file.attribute.PosixFileAttributes are not supported on FAT",
                    e.getMessage());
        }
    }

    @Test
    void theBasicAndDosViewsAreOneDosViewAndOtherViewsAreNull() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abcd");
            assertEquals("dos", Files.getFileAttributeView(p, BasicFileAttributeView.class).name());
            DosFileAttributeView dos = Files.getFileAttributeView(p, DosFileAttributeView.class);
            assertEquals("dos", dos.name());
            assertEquals(4, dos.readAttributes().size());
            assertNull(Files.getFileAttributeView(p, PosixFileAttributeView.class));
            assertEquals(java.util.Set.of("basic", "dos"), fs.supportedFileAttributeViews());
        }
    }

    @Test
    void eachDosBitIsSetAndClearedAloneThroughTheView() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            fs.core().setAttributes("/a.txt", 0);
            DosFileAttributeView v = Files.getFileAttributeView(p, DosFileAttributeView.class);
            v.setHidden(true);
            assertEquals(List.of(false, true, false, false), dosBits(p));
            v.setSystem(true);
            assertEquals(List.of(false, true, true, false), dosBits(p));
            v.setArchive(true);
            assertEquals(List.of(false, true, true, true), dosBits(p));
            v.setReadOnly(true);
            assertEquals(List.of(true, true, true, true), dosBits(p));
            v.setHidden(false);
            assertEquals(List.of(true, false, true, true), dosBits(p));
            v.setSystem(false);
            v.setArchive(false);
            assertEquals(List.of(true, false, false, false), dosBits(p));
            v.setReadOnly(false);
            assertEquals(0, storedAttributes(fs, "/a.txt"));
        }
    }

    @Test
    void eachDosBitIsSetByNameWithOrWithoutTheView() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            fs.core().setAttributes("/a.txt", 0);
            Files.setAttribute(p, "dos:readonly", true);
            assertEquals(FatEntry.READ_ONLY, storedAttributes(fs, "/a.txt"));
            Files.setAttribute(p, "hidden", true);
            assertEquals(FatEntry.READ_ONLY | FatEntry.HIDDEN, storedAttributes(fs, "/a.txt"));
            Files.setAttribute(p, "dos:system", true);
            Files.setAttribute(p, "dos:archive", true);
            assertEquals(0x27, storedAttributes(fs, "/a.txt"));
            Files.setAttribute(p, "dos:readonly", false);
            assertEquals(0x26, storedAttributes(fs, "/a.txt"));
        }
    }

    @Test
    void aDirectoryKeepsItsDirectoryBitWhenADosBitIsSet() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path d = fs.getPath("/d");
            Files.createDirectory(d);
            Files.setAttribute(d, "dos:hidden", true);
            assertEquals(FatEntry.DIRECTORY | FatEntry.HIDDEN, storedAttributes(fs, "/d"));
            assertTrue(Files.isDirectory(d));
        }
    }

    @Test
    void eachTimeIsSetByNameAndKeepsTheOthers() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            Files.setAttribute(p, "lastModifiedTime", MODIFIED);
            Files.setAttribute(p, "basic:creationTime", CREATED);
            Files.setAttribute(p, "dos:lastAccessTime", ACCESSED);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            assertEquals(List.of(MODIFIED, CREATED, ACCESSED),
                    List.of(a.lastModifiedTime(), a.creationTime(), a.lastAccessTime()));
        }
    }

    @Test
    void setTimesOfTheBasicViewSetsTheThreeTimesAndNullKeepsOne() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            BasicFileAttributeView v = Files.getFileAttributeView(p, BasicFileAttributeView.class);
            v.setTimes(MODIFIED, ACCESSED, CREATED);
            FileTime later = FileTime.from(Instant.parse("2012-01-02T03:04:06Z"));
            v.setTimes(later, null, null);
            BasicFileAttributes a = v.readAttributes();
            assertEquals(List.of(later, CREATED, ACCESSED),
                    List.of(a.lastModifiedTime(), a.creationTime(), a.lastAccessTime()));
        }
    }

    @Test
    void anAttributeFatCannotSetIsIllegal() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Files.setAttribute(p, "dos:size", 1L));
            assertEquals("attribute 'dos:size' cannot be set on FAT", e.getMessage());
            assertEquals(3, Files.size(p));
        }
    }

    @Test
    void isHiddenReadsTheHiddenBit() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            fs.core().setAttributes("/a.txt", FatEntry.READ_ONLY | FatEntry.SYSTEM | FatEntry.ARCHIVE);
            assertFalse(Files.isHidden(p));
            fs.core().setAttributes("/a.txt", FatEntry.HIDDEN);
            assertTrue(Files.isHidden(p));
        }
    }

    @Test
    void checkAccessRefusesWriteToAFileWithTheReadOnlyAttributeOnly() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            fs.provider().checkAccess(p, AccessMode.WRITE, AccessMode.READ);
            fs.core().setAttributes("/a.txt", FatEntry.READ_ONLY);
            fs.provider().checkAccess(p);
            fs.provider().checkAccess(p, AccessMode.READ, AccessMode.EXECUTE);
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> fs.provider().checkAccess(p, AccessMode.READ, AccessMode.WRITE));
            assertEquals("/a.txt: read-only attribute", e.getMessage());
            assertEquals(List.of(true, false), List.of(Files.isReadable(p), Files.isWritable(p)));
        }
    }

    @Test
    void checkAccessRefusesWriteOnAReadOnlyFileSystem() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Files.writeString(fs.getPath("/a.txt"), "abc");
        }
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", "true"))) {
            Path p = fs.getPath("/a.txt");
            fs.provider().checkAccess(p, AccessMode.READ);
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> fs.provider().checkAccess(p, AccessMode.WRITE));
            assertEquals("/a.txt: file system is read-only", e.getMessage());
        }
    }

    @Test
    void checkAccessOfAMissingFileIsNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertThrows(NoSuchFileException.class, () -> fs.provider().checkAccess(fs.getPath("/missing")));
            assertFalse(Files.exists(fs.getPath("/missing")));
            assertTrue(Files.exists(fs.getPath("/")));
        }
    }
}
