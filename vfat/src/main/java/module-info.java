/**
 * FAT12/16/32 images with long names, in Windows or patent-safe naming, and a {@code java.nio.file} provider
 * (scheme {@code fat}). Exports the API packages; {@code internal} is not exported.
 */
module org.kernkit.vfat {
    requires transitive org.kernkit.block;

    exports org.kernkit.vfat;
    exports org.kernkit.vfat.nio;
    exports org.kernkit.vfat.partition;

    provides java.nio.file.spi.FileSystemProvider with org.kernkit.vfat.nio.FatFileSystemProvider;
}
