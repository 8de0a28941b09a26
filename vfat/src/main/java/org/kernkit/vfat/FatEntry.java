package org.kernkit.vfat;

import java.nio.file.attribute.FileTime;

/**
 * A snapshot of one directory entry: its name, 8.3 name, type, size, attributes and times. Immutable; it does not
 * follow later changes to the file.
 *
 * @param name the name as users see it: the long name, else the 8.3 name with its case bits applied
 * @param shortName the 8.3 name ({@code NAME.EXT}), or {@code null} when the entry has a patent-safe dummy instead
 * @param directory whether it is a directory
 * @param size size in bytes (0 for directories)
 * @param attributes DOS attribute bits ({@link #READ_ONLY} ...)
 * @param created creation time, or {@code null} if never set
 * @param modified last write time, or {@code null} if never set
 * @param accessed last access date (midnight local time), or {@code null} if never set
 * @param firstCluster first cluster of its data (0 for an empty file)
 */
public record FatEntry(String name, String shortName, boolean directory, long size, int attributes,
        FileTime created, FileTime modified, FileTime accessed, long firstCluster) {

    public static final int READ_ONLY = 0x01;
    public static final int HIDDEN = 0x02;
    public static final int SYSTEM = 0x04;
    public static final int VOLUME_LABEL = 0x08;
    public static final int DIRECTORY = 0x10;
    public static final int ARCHIVE = 0x20;

    /**
     * Whether it is a regular file.
     *
     * @return true for a file, false for a directory
     */
    public boolean regularFile() {
        return !directory;
    }
}
