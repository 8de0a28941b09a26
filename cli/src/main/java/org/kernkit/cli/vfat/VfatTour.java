package org.kernkit.cli.vfat;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kernkit.cli.DisplayWidth;
import org.kernkit.cli.ExternalTool;
import java.util.concurrent.TimeUnit;
import org.kernkit.cli.TourStep;
import org.kernkit.vfat.CheckReport;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.ImageBuilder;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vfat.TreeCopy;

/**
 * The vfat part of {@code kernkit tour}: a patent-safe image, a small tree, a listing and fsck.fat's verdict; then
 * a GPT disk with an EFI system partition built from a tree, shown through sfdisk.
 */
public final class VfatTour implements TourStep {

    @Override
    public String title() {
        return "vfat: FAT images with long names, patent-safe naming";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("kernkit-vfat-tour");
        Path image = dir.resolve("tour.img");
        try {
            long t0 = System.nanoTime();
            try (FatFileSystem fs = FatFileSystem.format(image, 8L << 20,
                    FormatOptions.builder().namingMode(NamingMode.PATENT_SAFE).volumeLabel("TOUR").build())) {
                out.printf("formatted %s: 8 MiB %s, %d-byte clusters, patent-safe naming%n", image, fs.type(),
                        fs.clusterSize());
                fs.createDirectories("/Music/Some Artist");
                fs.writeAllBytes("/readme.txt", "short lower-case 8.3 name: no long name needed\n"
                        .getBytes(StandardCharsets.UTF_8));
                fs.writeAllBytes("/Music/Some Artist/01 A Long Song Title.mp3", new byte[40_000]);
                fs.writeAllBytes("/Music/Some Artist/02 Another Song.mp3", new byte[25_000]);
                fs.writeAllBytes("/Fotos Ünïcödé 日本.jpeg", new byte[5_000]);
                list(fs, "/", out, "  ");
            }
            out.printf("copied 4 files in %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            Path copied = dir.resolve("copied out");
            try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
                CheckReport report = fs.check();
                out.println("own check: " + (report.clean() ? "clean" : report.problems()));
                // The same library copy as 'kernkit vfat cp -r': planned whole, confined to its target.
                TreeCopy.Plan plan = new TreeCopy(fs).recursive(true).preserveTimes(true)
                        .planOut(List.of("/Music"), copied);
                plan.run();
                out.printf("copied /Music out: %d files, %d bytes, times kept%n", plan.files(), plan.bytes());
            }
            Optional<Path> fsck = ExternalTool.find("fsck.fat");
            if (fsck.isPresent()) {
                Process p = new ProcessBuilder(fsck.get().toString(), "-n", image.toString()).redirectErrorStream(true)
                        .start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                out.println("fsck.fat -n (exit " + p.exitValue() + "):");
                text.lines().forEach(l -> out.println("  " + l));
            } else {
                out.println("fsck.fat not installed: skipped the independent check (apt-get install dosfstools)");
            }
            espDisk(dir, out);
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * A GPT disk with an EFI system partition, built from a small tree in one call (what {@code kernkit vfat build
     * --esp} does), and the table as {@code sfdisk} sees it.
     */
    private static void espDisk(Path dir, PrintWriter out) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("esp-tree"));
        Files.createDirectories(tree.resolve("EFI/BOOT"));
        Files.write(tree.resolve("EFI/BOOT/BOOTX64.EFI"), new byte[64 << 10]);
        Files.createDirectories(tree.resolve("loader/entries"));
        Files.writeString(tree.resolve("loader/entries/kernkit.conf"), "title kernkit tour\n");
        Path disk = dir.resolve("esp.img");
        ImageBuilder.Plan plan = ImageBuilder.from(tree).esp(true).label("ESP").reproducible(ImageBuilder.DOS_EPOCH)
                .build(disk);
        out.printf("built esp.img from a tree: %d MiB GPT disk, EFI system partition at sector %d, %s%n",
                plan.imageBytes() >> 20, plan.partition().firstSector(), plan.fatType());
        Optional<Path> sfdisk = ExternalTool.find("sfdisk");
        if (sfdisk.isPresent()) {
            // Run in the folder with a relative name, so sfdisk's lines stay short.
            Process p = new ProcessBuilder(sfdisk.get().toString(), "--list", disk.getFileName().toString())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            out.println("sfdisk --list esp.img (exit " + p.exitValue() + "):");
            text.lines().filter(l -> !l.isBlank()).forEach(l -> out.println("  " + l));
        } else {
            out.println("sfdisk not installed: skipped showing the table (apt-get install fdisk)");
        }
    }

    /** Display columns of the name column, indent included. */
    private static final int NAME_COLUMNS = 44;

    private static void list(FatFileSystem fs, String dir, PrintWriter out, String indent) throws Exception {
        List<FatEntry> entries = fs.list(dir);
        for (FatEntry e : entries) {
            // Padded by display width, indent included, so the size column stays put at any depth and for wide
            // (CJK) names.
            out.printf("%s %8d  8.3: %s%n", DisplayWidth.padRight(indent + e.name() + (e.directory() ? "/" : ""),
                    NAME_COLUMNS), e.size(),
                    e.shortName() == null ? "(none: patent-safe dummy)" : e.shortName());
            if (e.directory()) {
                list(fs, (dir.endsWith("/") ? dir : dir + "/") + e.name(), out, indent + "  ");
            }
        }
    }
}
