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

    private FormatOptions(Builder b) {
        this.fatType = b.fatType;
        this.sectorsPerCluster = b.sectorsPerCluster;
        this.volumeLabel = b.volumeLabel;
        this.volumeId = b.volumeId;
        this.rootEntries = b.rootEntries;
        this.namingMode = b.namingMode;
    }

    /** A builder with defaults: automatic type and cluster size, no label, random id, 512 root entries, windows. */
    public static Builder builder() {
        return new Builder();
    }

    /** Defaults for everything. */
    public static FormatOptions defaults() {
        return builder().build();
    }

    /** The requested type, or {@code null} for automatic (FAT12 below 16 MiB, FAT16 below 512 MiB, else FAT32). */
    public FatType fatType() {
        return fatType;
    }

    /** The requested sectors per cluster, if any. */
    public OptionalInt sectorsPerCluster() {
        return sectorsPerCluster == 0 ? OptionalInt.empty() : OptionalInt.of(sectorsPerCluster);
    }

    /** The label, or {@code null} for none ("NO NAME"). */
    public String volumeLabel() {
        return volumeLabel;
    }

    /** The volume id (serial number), or {@code null} for one derived from the clock. */
    public Integer volumeId() {
        return volumeId;
    }

    /** Root directory entries on FAT12/16. */
    public int rootEntries() {
        return rootEntries;
    }

    public NamingMode namingMode() {
        return namingMode;
    }

    /** Builds {@link FormatOptions}. Not thread-safe. */
    public static final class Builder {
        private FatType fatType;
        private int sectorsPerCluster;
        private String volumeLabel;
        private Integer volumeId;
        private int rootEntries = 512;
        private NamingMode namingMode = NamingMode.WINDOWS;

        private Builder() {}

        /** The FAT type to reach, or {@code null} for automatic. */
        public Builder fatType(FatType type) {
            this.fatType = type;
            return this;
        }

        /**
         * Sectors per cluster.
         *
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

        /** The volume label (checked when formatting), or {@code null} for none. */
        public Builder volumeLabel(String label) {
            this.volumeLabel = label;
            return this;
        }

        public Builder volumeId(int id) {
            this.volumeId = id;
            return this;
        }

        /**
         * Root directory entries on FAT12/16 (ignored on FAT32).
         *
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

        public Builder namingMode(NamingMode mode) {
            this.namingMode = Objects.requireNonNull(mode, "namingMode");
            return this;
        }

        public FormatOptions build() {
            return new FormatOptions(this);
        }
    }
}
