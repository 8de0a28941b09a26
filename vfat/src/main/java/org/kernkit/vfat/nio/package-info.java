/**
 * The {@code java.nio.file} face of the FAT library: a {@link java.nio.file.spi.FileSystemProvider} for the
 * scheme {@code fat}, so {@code FileSystems.newFileSystem(imagePath)} and {@code Files.*} work on FAT images, like
 * the JDK's zip file system.
 */
package org.kernkit.vfat.nio;
