/**
 * The {@code java.nio.file} face of the FAT library: a {@link java.nio.file.spi.FileSystemProvider} for the
 * scheme {@code fat}, so {@code FileSystems.newFileSystem} and {@code Files.*} work on FAT images, like the JDK's
 * zip file system.
 *
 * <h2>Opening and creating an image</h2>
 *
 * <p>An existing image opens with {@code FileSystems.newFileSystem(imagePath)}. A new image is made in one way
 * only, the {@code fat:} URI with {@code "create"}:
 *
 * <pre>{@code
 * URI uri = URI.create("fat:" + Path.of("disk.img").toUri());
 * try (FileSystem fat = FileSystems.newFileSystem(uri, Map.of("create", "true", "size", "64M",
 *         "fatType", "FAT32", "label", "BACKUP", "mode", "patent-safe"))) {
 *     Files.writeString(fat.getPath("/Long Name.txt"), "hello");
 * }
 * }</pre>
 *
 * <p>The zipfs idiom {@code FileSystems.newFileSystem(Path.of("x.img"), Map.of("create", "true"))} does
 * <em>not</em> make a FAT image: {@code FileSystems} asks the JDK's zip provider before this one, and it writes an
 * empty ZIP file. With {@code "create"}, an existing file is opened as it is, never formatted over.
 *
 * <p>The {@code env} keys, checked whole before anything is opened or created (an unknown key, a malformed value, a
 * format key without {@code "create"}: {@link java.lang.IllegalArgumentException} naming the key):
 *
 * <table>
 * <caption>env keys</caption>
 * <tr><th>key</th><th>value</th><th>meaning</th></tr>
 * <tr><td>{@code create}</td><td>{@code true} / {@code false}</td><td>format a new image if the file is absent</td></tr>
 * <tr><td>{@code size}</td><td>bytes, or with {@code K}, {@code M}, {@code G}</td><td>size of the new image (needed with
 *     {@code create})</td></tr>
 * <tr><td>{@code fatType}</td><td>{@code FAT12}, {@code FAT16}, {@code FAT32}</td><td>type of the new image (default:
 *     by size)</td></tr>
 * <tr><td>{@code sectorsPerCluster}</td><td>1, 2, 4 ... 128</td><td>cluster size of the new image</td></tr>
 * <tr><td>{@code label}</td><td>up to 11 characters</td><td>volume label of the new image</td></tr>
 * <tr><td>{@code volumeId}</td><td>decimal or {@code 0x} hex</td><td>serial number of the new image</td></tr>
 * <tr><td>{@code rootEntries}</td><td>multiple of 16</td><td>FAT12/16 root directory entries</td></tr>
 * <tr><td>{@code mode}</td><td>{@code windows}, {@code patent-safe}</td><td>naming mode for new long names</td></tr>
 * <tr><td>{@code readOnly}</td><td>{@code true} / {@code false}</td><td>open for reading only</td></tr>
 * <tr><td>{@code partition}</td><td>1, 2, ...</td><td>open the FAT in that partition (1-based, as sfdisk counts) of an
 *     MBR or GPT disk instead of a bare image; not with {@code create}</td></tr>
 * </table>
 *
 * <h2>Paths</h2>
 *
 * <p>{@code getPath} refuses, with {@link java.nio.file.InvalidPathException}, a name FAT cannot store. Paths are
 * equal, hash and order under FAT's case rule ({@code /A.TXT} equals {@code /a.txt}); {@code toRealPath} gives the
 * case stored on disk. A listing refuses a stored name that is not one file name ({@code ..}, or holding
 * {@code /}), which only a damaged or crafted image holds, with {@link org.kernkit.vfat.CorruptImageException}.
 *
 * <h2>Thread-safety</h2>
 *
 * <p>Everything here is safe to use from several threads. Each file system has one read/write lock, as zipfs
 * does: reads (attributes, listings, channel reads) share it, changes (writes, copies, moves, deletes, close) hold
 * it alone, and a change that completes happens-before every operation that acquires the lock after it. See
 * {@link org.kernkit.vfat.nio.FatNioFileSystem}.
 */
package org.kernkit.vfat.nio;
