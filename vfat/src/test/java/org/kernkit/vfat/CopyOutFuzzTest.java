package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted directory entries (hostile long names: {@code ..}, {@code .}, separators, NUL, control characters,
 * absolute names; sizes beyond their chains; directories pointing back at an ancestor or the root) copied out of
 * the image into a temporary directory: nothing is ever created outside it, nothing is a link, only
 * {@link IOException}s come out, and nothing hangs. Seeded: each iteration prints its seed on failure, and
 * {@code -Dvfat.fuzz.seed=N} re-runs one.
 */
class CopyOutFuzzTest {

    @TempDir
    Path tmp;

    private static final String HOSTILE = "./\\\u0000\u0001\u001F\u007Fa :";
    private static final int ITERATIONS = 40;

    @Test
    void craftedEntriesNeverEscapeTheTargetOrHang() {
        String only = System.getProperty("vfat.fuzz.seed");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            if (only != null) {
                iteration(Long.parseLong(only));
                return;
            }
            for (long seed = 0; seed < ITERATIONS; seed++) {
                iteration(seed);
            }
        });
    }

    /** Copies the image's root into {@code inner}; the real one is TreeCopy. */
    interface CopyOut {
        void copy(FatFileSystem fs, Path inner, SplittableRandom random) throws IOException;
    }

    private static final CopyOut TREE_COPY = (fs, inner, random) -> new TreeCopy(fs).recursive(true)
            .onClash(random.nextBoolean() ? TreeCopy.Clash.RENAME : TreeCopy.Clash.FAIL).copyOut(List.of("/"), inner);

    /**
     * The deliberately broken variant: the old CLI's walk, resolving names from the image against the host. It
     * still never writes outside this test's temporary directory, so its escapes stay harmless.
     */
    private final CopyOut naiveCopy = (fs, inner, random) -> naive(fs, "/", inner, 0);

    private void naive(FatFileSystem fs, String src, Path dst, int depth) throws IOException {
        if (depth > 8) {
            return;
        }
        for (FatEntry e : fs.list(src)) {
            String child = TreeCopy.join(src, e.name());
            Path to = dst.resolve(e.name());
            if (!to.toAbsolutePath().normalize().startsWith(tmp.toAbsolutePath().normalize().resolve("fuzz"))) {
                continue;
            }
            if (e.directory()) {
                Files.createDirectories(to);
                naive(fs, child, to, depth + 1);
            } else {
                Files.write(to, new byte[0]);
            }
        }
    }

    @Test
    void theFuzzCatchesACopyThatResolvesImageNamesAgainstTheHost() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int escapes = 0;
            for (long seed = 0; seed < ITERATIONS && escapes == 0; seed++) {
                try {
                    run(seed, naiveCopy);
                } catch (AssertionError escaped) {
                    escapes++;
                } catch (IOException | RuntimeException refused) {
                    // the naive walk trips over damage in some seeds; others must show the escape
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(escapes > 0, "no seed showed the naive copy escaping");
        });
    }

    private void iteration(long seed) throws Exception {
        try {
            run(seed, TREE_COPY);
        } catch (AssertionError | Exception e) {
            System.out.println("CopyOutFuzzTest failed for seed " + seed + " (re-run: -Dvfat.fuzz.seed=" + seed + ")");
            throw e;
        }
    }

    private void run(long seed, CopyOut copier) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        // Deep enough that "../" runs in 16-character names stay inside tmp/fuzz even for the naive variant.
        Path work = Files.createDirectories(tmp.resolve("fuzz/seed" + seed + "-" + (copier == TREE_COPY)));
        Path image = work.resolve("f.img");
        List<String> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        try (FatFileSystem fs = FatFileSystem.format(image, 1440L * 1024, FormatOptions.builder().build())) {
            dirs.add("/");
            int entries = 3 + random.nextInt(8);
            for (int i = 0; i < entries; i++) {
                String parent = dirs.get(random.nextInt(dirs.size()));
                String path = TreeCopy.join(parent, placeholder(random, i));
                if (random.nextInt(3) == 0) {
                    fs.createDirectory(path);
                    dirs.add(path);
                } else {
                    byte[] content = new byte[random.nextInt(3000)];
                    random.nextBytes(content);
                    fs.writeAllBytes(path, content);
                    files.add(path);
                }
            }
        }
        CraftedImage crafted = new CraftedImage(image);
        List<String> all = new ArrayList<>(files);
        all.addAll(dirs.subList(1, dirs.size()));
        // Sizes and clusters first: they are found by the entry's current (placeholder) path.
        for (String f : files) {
            if (random.nextInt(4) == 0) {
                crafted.setSize(f, random.nextLong(1L << 32));
            }
        }
        for (String d : dirs.subList(1, dirs.size())) {
            if (random.nextInt(3) == 0) {
                redirect(crafted, image, d, random);
            }
        }
        // Names last, deepest first, so every parent path is still the placeholder when its child is renamed.
        all.sort((a, b) -> Long.compare(b.chars().filter(c -> c == '/').count(),
                a.chars().filter(c -> c == '/').count()));
        for (String p : all) {
            if (random.nextInt(3) > 0) {
                try {
                    crafted.setLongName(p, hostileName(random, p.substring(p.lastIndexOf('/') + 1).length()));
                } catch (IOException | IllegalStateException e) {
                    // a parent whose cluster was redirected hides this entry: nothing to rename
                }
            }
        }
        Path inner = Files.createDirectories(work.resolve("box/a/b/c/d/e/f/g/inner"));
        List<String> outsideBefore = outside(tmp.resolve("fuzz"), inner);
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            copier.copy(fs, inner, random);
        } catch (IOException expected) {
            // refusing a damaged tree is a fine outcome; escaping it is not
        }
        assertEquals(outsideBefore, outside(tmp.resolve("fuzz"), inner), "seed " + seed + ": something was created outside");
        try (Stream<Path> walk = Files.walk(inner)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                assertFalse(Files.isSymbolicLink(p), "seed " + seed + ": link " + p);
                assertEquals(p, p.normalize(), "seed " + seed);
            }
        }
    }

    /** Points directory {@code d} at the root or an ancestor (itself included), making a loop. */
    private static void redirect(CraftedImage crafted, Path image, String d, SplittableRandom random) {
        try {
            long target = random.nextBoolean() ? 0 : ancestorCluster(image, d, random);
            crafted.setFirstCluster(d, target);
        } catch (IOException | IllegalStateException e) {
            // an ancestor redirected before hides this directory: nothing to redirect
        }
    }

    /** Mixed-case names so every entry has a long name to overwrite; length 1 needs a non-ASCII letter. */
    private static String placeholder(SplittableRandom random, int i) {
        int length = 1 + random.nextInt(16);
        if (length == 1) {
            return String.valueOf((char) ('\u00C0' + i));
        }
        StringBuilder b = new StringBuilder("X");
        b.append((char) ('a' + i));
        while (b.length() < length) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String hostileName(SplittableRandom random, int length) {
        if (length == 1) {
            return random.nextBoolean() ? "." : "/";
        }
        if (length == 2 && random.nextBoolean()) {
            return "..";
        }
        StringBuilder b = new StringBuilder();
        if (random.nextBoolean()) {
            b.append("../".repeat(Math.max(0, length / 3)));
        }
        while (b.length() < length) {
            b.append(HOSTILE.charAt(random.nextInt(HOSTILE.length())));
        }
        return b.substring(0, length);
    }

    private static long ancestorCluster(Path image, String dir, SplittableRandom random) throws IOException {
        List<String> ancestors = new ArrayList<>();
        for (int i = dir.indexOf('/', 1); i > 0; i = dir.indexOf('/', i + 1)) {
            ancestors.add(dir.substring(0, i));
        }
        ancestors.add(dir);
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return fs.stat(ancestors.get(random.nextInt(ancestors.size()))).firstCluster();
        }
    }

    /** Every path under {@code work} except those inside {@code inner}. */
    private static List<String> outside(Path work, Path inner) throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.filter(p -> !p.startsWith(inner) || p.equals(inner))
                    .map(p -> work.relativize(p) + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted().toList();
        }
    }
}
