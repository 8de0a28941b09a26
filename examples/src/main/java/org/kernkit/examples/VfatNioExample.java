package org.kernkit.examples;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A FAT image through {@code java.nio.file}: created by its {@code fat:} URI, opened again by its path. */
public final class VfatNioExample {

    private VfatNioExample() {
    }

    /**
     * What the example read back through the provider.
     *
     * @param names the names in the root directory
     * @param text the content of {@code /Long Name.txt}
     */
    public record Listing(List<String> names, String text) {
    }

    /**
     * Creates a FAT32 image at {@code image} through the provider, writes a file, and reads it back.
     *
     * @param image where to create the image file; must not exist
     * @return what was read back
     * @throws IOException if the image cannot be written or read
     */
    public static Listing run(Path image) throws IOException {
        // tag::example[]
        URI uri = URI.create("fat:" + image.toUri());
        try (FileSystem fat = FileSystems.newFileSystem(uri, Map.of("create", "true", "size", "64M",
                "fatType", "FAT32", "label", "BACKUP", "mode", "patent-safe"))) {
            Files.writeString(fat.getPath("/Long Name.txt"), "hello");
        }
        try (FileSystem fat = FileSystems.newFileSystem(image);   // an existing image, by its path
                Stream<Path> root = Files.list(fat.getPath("/"))) {
            List<String> names = root.map(path -> path.getFileName().toString()).toList();
            return new Listing(names, Files.readString(fat.getPath("/Long Name.txt")));
        }
        // end::example[]
    }

    /**
     * Runs the example on an image in a temporary directory and prints what it read.
     *
     * @param args ignored
     * @throws IOException if the image cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("kernkit-vfat-nio-example");
        Path image = directory.resolve("backup.img");
        try {
            Listing listing = run(image);
            System.out.println("root: " + listing.names() + ", /Long Name.txt: " + listing.text());
        } finally {
            Files.deleteIfExists(image);
            Files.delete(directory);
        }
    }
}
