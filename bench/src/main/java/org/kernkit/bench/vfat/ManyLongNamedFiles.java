package org.kernkit.bench.vfat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;

/**
 * The shared workload of {@link VfatManyFilesBenchmark} and its mtools peer {@link VfatManyFilesMtoolsBenchmark}, so
 * both sides copy exactly the same files into exactly the same image: n one-byte host files with long names in a
 * temporary directory, and a 256 MiB FAT16 image holding one empty directory {@code /d}.
 *
 * <pre>
 *   tempdir/
 *     files/Holiday Photo Number 0.jpeg ... Holiday Photo Number n-1.jpeg   (host files, "x" each)
 *     many.img                                                             (re-formatted before each invocation)
 * </pre>
 */
final class ManyLongNamedFiles {

    private final Path dir;
    /** The host directory holding the files to copy. */
    final Path hostFiles;
    /** The FAT image the files are copied into. */
    final Path image;
    /** The long names of the files, in creation order. */
    final List<String> names;

    private ManyLongNamedFiles(Path dir, Path hostFiles, Path image, List<String> names) {
        this.dir = dir;
        this.hostFiles = hostFiles;
        this.image = image;
        this.names = names;
    }

    /** Creates {@code files} host files in a new temporary directory named after {@code tempPrefix}. */
    static ManyLongNamedFiles create(String tempPrefix, int files) throws IOException {
        Path dir = Files.createTempDirectory(tempPrefix);
        Path hostFiles = dir.resolve("files");
        Files.createDirectories(hostFiles);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String name = "Holiday Photo Number " + i + ".jpeg";
            names.add(name);
            Files.writeString(hostFiles.resolve(name), "x");
        }
        return new ManyLongNamedFiles(dir, hostFiles, dir.resolve("many.img"), names);
    }

    /** Formats the image afresh (FAT16, 256 MiB) with one empty directory {@code /d}. */
    void formatFreshImage() throws IOException {
        try (FatFileSystem fs = FatFileSystem.format(image, 256L << 20,
                FormatOptions.builder().fatType(FatType.FAT16).build())) {
            fs.createDirectory("/d");
        }
    }

    /** Deletes the host files, the image and the temporary directory. */
    void delete() throws IOException {
        for (String n : names) {
            Files.deleteIfExists(hostFiles.resolve(n));
        }
        Files.deleteIfExists(hostFiles);
        Files.deleteIfExists(image);
        Files.deleteIfExists(dir);
    }
}
