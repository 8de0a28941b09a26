/**
 * Partition tables for disk images: {@link org.kernkit.vfat.partition.MbrTable} and
 * {@link org.kernkit.vfat.partition.GptTable} (create, read, list, validate), and
 * {@link org.kernkit.vfat.partition.PartitionBlockDevice}, which lets a {@code FatFileSystem} live inside one
 * partition. On-disk layouts are in {@code org.kernkit.vfat.partition.internal}.
 */
package org.kernkit.vfat.partition;
