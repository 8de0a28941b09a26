package org.kernkit.vfat.internal;

/**
 * One named entry of a loaded {@link Directory}: its slots (long-name parts then the short entry) and the fields
 * of its short entry. Open file channels share the record, so its size and chain are the file's single truth.
 * Not thread-safe: guarded by the file system's lock.
 */
public final class DirectoryRecord {

    /** First slot (first long-name part, or the short entry if there is no long name). */
    int firstSlot;
    /** Slot of the short entry. */
    int shortSlot;
    /** The long name, or {@code null} if the entry has none (or its long name was damaged). */
    String longName;
    /** The 11 short-name bytes. */
    byte[] shortName;
    int ntRes;
    public int attributes;
    public long firstCluster;
    public long size;
    public int creationTenths;
    public int creationTime;
    public int creationDate;
    public int accessDate;
    public int writeTime;
    public int writeDate;
    /** Set when the entry was removed from its directory; open channels then refuse further I/O. */
    public boolean deleted;
    /** The file's cluster chain once loaded by a channel; shared by every channel on the file. */
    public IntList chain;
    /** The directory holding this record. */
    Directory parent;

    public String longName() {
        return longName;
    }

    public byte[] shortName() {
        return shortName.clone();
    }

    public int ntRes() {
        return ntRes;
    }

    public Directory parent() {
        return parent;
    }

    /** Whether the short field holds a patent-safe dummy (NTRes 0x20) rather than a usable 8.3 name. */
    public boolean hasDummyShortName() {
        return (ntRes & DirectoryEntryDescriptor.NT_NO_SHORT_NAME) != 0;
    }

    /** The 8.3 name as displayed, or {@code null} for a dummy. */
    public String shortDisplay() {
        return hasDummyShortName() ? null : ShortNames.display(shortName, 0, ntRes);
    }

    /** The name a user sees: the long name if any, else the 8.3 name. */
    public String name() {
        if (longName != null) {
            return longName;
        }
        String shortForm = ShortNames.display(shortName, 0, ntRes);
        return shortForm;
    }

    public boolean isDirectory() {
        return (attributes & DirectoryEntryDescriptor.ATTR_DIRECTORY) != 0;
    }

    public int shortSlot() {
        return shortSlot;
    }

    public int slotCount() {
        return shortSlot - firstSlot + 1;
    }
}
