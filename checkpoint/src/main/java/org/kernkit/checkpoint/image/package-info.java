/**
 * The checkpoint image format and where images live.
 *
 * <p>{@link org.kernkit.checkpoint.image.ImageDescriptor} is the layout (CRC32C-sectioned, with a trailer as the
 * commit record); {@link org.kernkit.checkpoint.image.ImageCodec} encodes and decodes it, and a decoded image is an
 * {@link org.kernkit.checkpoint.image.Image}, printed by {@link org.kernkit.checkpoint.image.ImageDump}. Task states
 * go through {@link org.kernkit.checkpoint.image.StateCodec}s writing to a
 * {@link org.kernkit.checkpoint.image.StateWriter} and reading from a bounds-checked
 * {@link org.kernkit.checkpoint.image.StateReader}; {@link org.kernkit.checkpoint.image.RecordCodec} derives one for
 * a record. Images are published atomically and durably by an {@link org.kernkit.checkpoint.image.ImageStore}
 * ({@link org.kernkit.checkpoint.image.LocalImageStore} by default), and each carries the
 * {@link org.kernkit.checkpoint.image.RunIdentity} of its run. Anything wrong in an image is an
 * {@link org.kernkit.checkpoint.image.ImageFormatException} naming the file, the section and the offset.
 */
package org.kernkit.checkpoint.image;
