package org.kernkit.vfat.nio;

import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import org.kernkit.vfat.FatEntry;

/** DOS (and basic) attributes of one entry, a snapshot. */
record FatFileAttributes(FatEntry entry) implements DosFileAttributes {

    private static final FileTime EPOCH_1980 = FileTime.fromMillis(315532800000L);

    @Override
    public FileTime lastModifiedTime() {
        return entry.modified() != null ? entry.modified() : EPOCH_1980;
    }

    @Override
    public FileTime lastAccessTime() {
        return entry.accessed() != null ? entry.accessed() : lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return entry.created() != null ? entry.created() : lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return !entry.directory();
    }

    @Override
    public boolean isDirectory() {
        return entry.directory();
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return false;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public Object fileKey() {
        return null;
    }

    @Override
    public boolean isReadOnly() {
        return (entry.attributes() & FatEntry.READ_ONLY) != 0;
    }

    @Override
    public boolean isHidden() {
        return (entry.attributes() & FatEntry.HIDDEN) != 0;
    }

    @Override
    public boolean isArchive() {
        return (entry.attributes() & FatEntry.ARCHIVE) != 0;
    }

    @Override
    public boolean isSystem() {
        return (entry.attributes() & FatEntry.SYSTEM) != 0;
    }
}
