/**
 * The block layer: {@link org.kernkit.block.BlockDevice}, a device of 512-byte sectors with a durability barrier,
 * and {@link org.kernkit.block.FileBlockDevice} over an image file. The FAT file system ({@code org.kernkit.vfat})
 * runs on it and the VMBus storage service ({@code org.kernkit.vmbus}) serves it; neither depends on the other.
 */
module org.kernkit.block {
    exports org.kernkit.block;
}
