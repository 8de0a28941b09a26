package org.kernkit.vfat;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Parameters of {@link FatFileSystem#format}: FAT type (or automatic by size), cluster size, volume label, volume
 * id, root entry count and naming mode. Immutable; build with {@link #builder()}.
 *
 * <p>The type, when given, is reached by choosing a cluster size whose cluster count falls in that type's range; if
 * no cluster size of 1..128 sectors does, formatting fails with {@link IllegalArgumentException}.
 */
public final class FormatOptions {

    private final FatType fatType;
    private final int sectorsPerCluster;
    private final String volumeLabel;
    private final Integer volumeId;
    private final int rootEntries;
    private final NamingMode namingMode;
    private final long hiddenSectors;

    private FormatOptions(Builder b) {
        this.fatType = b.fatType;
        this.sectorsPerCluster = b.sectorsPerCluster;
        this.volumeLabel = b.volumeLabel;
        this.volumeId = b.volumeId;
        this.rootEntries = b.rootEntries;
        this.namingMode = b.namingMode;
        this.hiddenSectors = b.hiddenSectors;
    }

    /**
     * A builder with defaults: automatic type and cluster size, no label, random id, 512 root entries, windows.
     *
     * @return a new builder, owned by the caller
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults for everything.
     *
     * @return options equal to {@code builder().build()}
     */
    public static FormatOptions defaults() {
        return builder().build();
    }

    /**
     * The requested type, or {@code null} for automatic (FAT12 below 16 MiB, FAT16 below 512 MiB, else FAT32).
     *
     * @return the type to format as, or {@code null} to let the size choose
     */
    public FatType fatType() {
        return fatType;
    }

    /**
     * The requested sectors per cluster, if any.
     *
     * @return the power of two from 1 to 128 that was set, or empty to let the size choose
     */
    public OptionalInt sectorsPerCluster() {
        return sectorsPerCluster == 0 ? OptionalInt.empty() : OptionalInt.of(sectorsPerCluster);
    }

    /**
     * The label, or {@code null} for none ("NO NAME").
     *
     * @return the label as given (checked only when formatting), or {@code null}
     */
    public String volumeLabel() {
        return volumeLabel;
    }

    /**
     * The volume id (serial number), or {@code null} for one derived from the clock.
     *
     * @return the 32-bit serial number to write, or {@code null}
     */
    public Integer volumeId() {
        return volumeId;
    }

    /**
     * Root directory entries on FAT12/16.
     *
     * @return a multiple of 16 from 16 to 65520 (default 512); FAT32 ignores it
     */
    public int rootEntries() {
        return rootEntries;
    }

    /**
     * How the formatted volume makes short names for long ones.
     *
     * @return the mode the formatted volume is opened with (default {@link NamingMode#WINDOWS})
     */
    public NamingMode namingMode() {
        return namingMode;
    }

    /**
     * Sectors before the volume on its disk, recorded in BPB_HiddSec: a volume in a partition records the
     * partition's first LBA there.
     *
     * @return 0 for a bare image (the default), else the partition's first sector
     */
    public long hiddenSectors() {
        return hiddenSectors;
    }

    /** Builds {@link FormatOptions}. Not thread-safe. */
    public static final class Builder {
        private FatType fatType;
        private int sectorsPerCluster;
        private String volumeLabel;
        private Integer volumeId;
        private int rootEntries = 512;
        private NamingMode namingMode = NamingMode.WINDOWS;
        private long hiddenSectors;

        private Builder() {}

        /**
         * Sectors before the volume on its disk (BPB_HiddSec): the first LBA of the partition it is formatted in.
         *
         * @param sectors from 0 to 2^32 - 1
         * @return this builder
         * @throws IllegalArgumentException if outside 0 .. 2^32 - 1
         */
        public Builder hiddenSectors(long sectors) {
            if (sectors < 0 || sectors > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("hidden sectors " + sectors + " is outside 0 .. 2^32 - 1");
            }
            this.hiddenSectors = sectors;
            return this;
        }

        /**
         * The FAT type to reach, or {@code null} for automatic.
         *
         * @param type the type, or {@code null} for automatic
         * @return this builder
         */
        public Builder fatType(FatType type) {
            this.fatType = type;
            return this;
        }

        /**
         * Sectors per cluster.
         *
         * @param sectors a power of two from 1 to 128
         * @return this builder
         * @throws IllegalArgumentException unless a power of two from 1 to 128
         */
        public Builder sectorsPerCluster(int sectors) {
            if (sectors < 1 || sectors > 128 || Integer.bitCount(sectors) != 1) {
                throw new IllegalArgumentException(
                        "sectors per cluster " + sectors + " is not a power of two from 1 to 128");
            }
            this.sectorsPerCluster = sectors;
            return this;
        }

        /**
         * The volume label (checked when formatting), or {@code null} for none.
         *
         * @param label up to 11 characters that an 8.3 name allows, or {@code null}
         * @return this builder
         */
        public Builder volumeLabel(String label) {
            this.volumeLabel = label;
            return this;
        }

        /**
         * The volume id (serial number) to write instead of one derived from the clock, for reproducible images.
         *
         * @param id any 32-bit value; {@code mkfs.fat -i} calls it the volume id
         * @return this builder
         */
        public Builder volumeId(int id) {
            this.volumeId = id;
            return this;
        }

        /**
         * Root directory entries on FAT12/16 (ignored on FAT32).
         *
         * @param entries a multiple of 16 from 16 to 65520
         * @return this builder
         * @throws IllegalArgumentException unless a positive multiple of 16 up to 65520
         */
        public Builder rootEntries(int entries) {
            if (entries < 16 || entries > 65520 || entries % 16 != 0) {
                throw new IllegalArgumentException(
                        "root entry count " + entries + " is not a multiple of 16 from 16 to 65520");
            }
            this.rootEntries = entries;
            return this;
        }

        /**
         * How the formatted volume makes short names for long ones (default {@link NamingMode#WINDOWS}).
         *
         * @param mode the mode, not null
         * @return this builder
         * @throws NullPointerException if {@code mode} is null
         */
        public Builder namingMode(NamingMode mode) {
            this.namingMode = Objects.requireNonNull(mode, "namingMode");
            return this;
        }

        /**
         * Makes the options.
         *
         * @return immutable options with the values set so far; the builder may be reused
         */
        public FormatOptions build() {
            return new FormatOptions(this);
        }
    }
}
