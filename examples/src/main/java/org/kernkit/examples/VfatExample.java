package org.kernkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;

/** Formats a FAT image file, writes a file with a long name in patent-safe naming, and reads it back. */
public final class VfatExample {

    private VfatExample() {
    }

    /**
     * What the example read back from the image.
     *
     * @param type the FAT type chosen for the image's size
     * @param label the volume label
     * @param text the file's content, read by a differently cased path
     * @param entries the directory {@code /Reports}
     */
    public record Listing(FatType type, String label, String text, List<FatEntry> entries) {
    }

    /**
     * Formats {@code image} and works on it.
     *
     * @param image where to create the image file (replaced if it exists)
     * @return what was read back
     * @throws IOException if the image cannot be written or read
     */
    public static Listing run(Path image) throws IOException {
        // tag::example[]
        FormatOptions options = FormatOptions.builder().volumeLabel("REPORTS")
                .namingMode(NamingMode.PATENT_SAFE).build();   // long names get no valid 8.3 alias
        try (FatFileSystem fat = FatFileSystem.format(image, 16L << 20, options)) {   // a 16 MiB image file
            fat.createDirectory("/Reports");
            fat.writeAllBytes("/Reports/Quarterly results 2009.txt", "revenue up".getBytes(UTF_8));
        }   // close() flushes the FATs and marks the volume clean: fsck.fat and mtools read it as it is
        try (FatFileSystem fat = FatFileSystem.openReadOnly(image)) {
            String text = new String(fat.readAllBytes("/reports/QUARTERLY RESULTS 2009.TXT"), UTF_8);
            List<FatEntry> entries = fat.list("/Reports");   // name, 8.3 name (null here), size, times
            return new Listing(fat.type(), fat.volumeLabel(), text, entries);
        }
        // end::example[]
    }

    /**
     * Runs the example on an image in a temporary directory and prints the listing.
     *
     * @param args ignored
     * @throws IOException if the image cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("kernkit-vfat-example");
        Path image = directory.resolve("reports.img");
        try {
            Listing listing = run(image);
            System.out.println(listing.type() + " volume " + listing.label() + ", /Reports:");
            for (FatEntry entry : listing.entries()) {
                System.out.println("  " + entry.name() + "  " + entry.size() + " bytes, 8.3 name " + entry.shortName());
            }
            System.out.println("content: " + listing.text());
        } finally {
            Files.deleteIfExists(image);
            Files.delete(directory);
        }
    }
}
