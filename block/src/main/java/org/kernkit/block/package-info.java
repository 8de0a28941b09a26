/**
 * The block layer: a device of 512-byte sectors ({@link org.kernkit.block.BlockDevice}) and a file-backed one
 * ({@link org.kernkit.block.FileBlockDevice}), shared by the FAT file system and the VMBus storage service.
 */
package org.kernkit.block;
