package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kernkit.vfat.FatEntry;

/**
 * The attributes of one entry: FAT's times with their fall-backs when an entry never had one, the DOS bits one by
 * one, and a FAT entry is never a link nor "other".
 */
class FatFileAttributesTest {

    private static final FileTime CREATED = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2002-03-04T05:06:08Z"));
    private static final FileTime ACCESSED = FileTime.from(Instant.parse("2003-04-05T00:00:00Z"));

    private static FatFileAttributes file(int attributes, FileTime created, FileTime modified, FileTime accessed) {
        return new FatFileAttributes(new FatEntry("A.TXT", "A.TXT", false, 1234, attributes, created, modified,
                accessed, 7));
    }

    private static List<Boolean> bits(FatFileAttributes a) {
        return List.of(a.isReadOnly(), a.isHidden(), a.isSystem(), a.isArchive());
    }

    @Test
    void eachTimeIsTheEntrysOwnWhenSet() {
        FatFileAttributes a = file(0, CREATED, MODIFIED, ACCESSED);
        assertEquals(List.of(CREATED, MODIFIED, ACCESSED),
                List.of(a.creationTime(), a.lastModifiedTime(), a.lastAccessTime()));
    }

    @Test
    void aMissingModifiedTimeIsTheFatEpoch1980() {
        assertEquals(FileTime.from(Instant.parse("1980-01-01T00:00:00Z")),
                file(0, CREATED, null, ACCESSED).lastModifiedTime());
    }

    @Test
    void missingCreationAndAccessTimesAreTheModifiedTime() {
        FatFileAttributes a = file(0, null, MODIFIED, null);
        assertEquals(List.of(MODIFIED, MODIFIED), List.of(a.creationTime(), a.lastAccessTime()));
    }

    @Test
    void anEntryWithoutAnyTimeHasTheFatEpochForAllThree() {
        FatFileAttributes a = file(0, null, null, null);
        FileTime epoch = FileTime.fromMillis(315532800000L);
        assertEquals(List.of(epoch, epoch, epoch), List.of(a.creationTime(), a.lastModifiedTime(),
                a.lastAccessTime()));
    }

    @Test
    void aFileIsRegularAndNotADirectoryLinkOrOther() {
        FatFileAttributes a = file(0, null, null, null);
        assertEquals(List.of(true, false, false, false),
                List.of(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.isOther()));
        assertEquals(1234, a.size());
        assertNull(a.fileKey());
    }

    @Test
    void aDirectoryIsADirectoryAndNotRegular() {
        FatFileAttributes a = new FatFileAttributes(new FatEntry("D", "D", true, 0, FatEntry.DIRECTORY, null, null,
                null, 9));
        assertEquals(List.of(false, true, false, false),
                List.of(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.isOther()));
        assertEquals(0, a.size());
    }

    @Test
    void eachDosBitIsReadOnItsOwn() {
        assertEquals(List.of(false, false, false, false), bits(file(0, null, null, null)));
        assertEquals(List.of(true, false, false, false), bits(file(FatEntry.READ_ONLY, null, null, null)));
        assertEquals(List.of(false, true, false, false), bits(file(FatEntry.HIDDEN, null, null, null)));
        assertEquals(List.of(false, false, true, false), bits(file(FatEntry.SYSTEM, null, null, null)));
        assertEquals(List.of(false, false, false, true), bits(file(FatEntry.ARCHIVE, null, null, null)));
        assertEquals(List.of(true, true, true, true), bits(file(0x27, null, null, null)));
    }

    @Test
    void theDirectoryAndVolumeBitsAreNoDosFlag() {
        assertEquals(List.of(false, false, false, false),
                bits(file(FatEntry.DIRECTORY | FatEntry.VOLUME_LABEL | 0xC0, null, null, null)));
    }
}
