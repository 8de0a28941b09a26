package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FatPath equality, hashing and ordering follow the file system's case rule: two spellings are equal paths exactly
 * when the file system's lookup resolves them to one entry. The property test checks the rule against the core's
 * lookup and must catch two plausible wrong rules.
 */
class CaseInsensitivePathEqualityTest {

    /**
     * Groups of characters that case mappings relate in different ways: FAT upper-cases each unit on its own, so
     * {@code ß} is not {@code SS}, the Kelvin sign is not {@code K}, and so on.
     */
    private static final String[] GROUPS = {"sSß\u1E9E", "kK\u212A", "iI\u0131\u0130", "\u03C3\u03A3\u03C2",
        "\u03B8\u0398\u03F4", "\u00E5\u00C5\u212B", "\u00B5\u03BC\u039C", "aA", "zZ"};

    private static final long SEED = new SplittableRandom().nextLong();
    private static final int TRIALS = 300;

    @TempDir
    Path tmp;

    @Test
    void pathsDifferingOnlyInCaseAreEqualWithEqualHashCodes() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path a = fs.getPath("/Dir/File.TXT");
            Path b = fs.getPath("/dir/file.txt");
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertEquals(0, a.compareTo(b));
        }
    }

    @Test
    void pathsOfDifferentNamesAreNotEqual() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertNotEquals(fs.getPath("/a.txt"), fs.getPath("/b.txt"));
            assertNotEquals(fs.getPath("/a.txt"), fs.getPath("a.txt"));
            assertTrue(fs.getPath("/a.txt").compareTo(fs.getPath("/b.txt")) < 0);
        }
    }

    @Test
    void startsWithEndsWithAndRelativizeIgnoreCase() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/Music/Album/Song.mp3");
            assertTrue(p.startsWith(fs.getPath("/MUSIC")));
            assertTrue(p.endsWith(fs.getPath("album/SONG.MP3")));
            assertEquals(fs.getPath("Song.mp3"), fs.getPath("/music/album").relativize(p));
            assertEquals("Song.mp3", fs.getPath("/music/album").relativize(p).toString());
        }
    }

    @Test
    void pathEqualityAgreesWithTheFileSystemLookup() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("mode", "patent-safe"))) {
            List<String[]> pairs = pairs(new SplittableRandom(SEED));
            List<String> disagreements = disagreements(fs, pairs,
                    (a, b) -> {
                        Path pa = fs.getPath("/t/" + a);
                        Path pb = fs.getPath("/t/" + b);
                        assertTrue(!pa.equals(pb) || pa.hashCode() == pb.hashCode(), "hash of equal paths differs");
                        return pa.equals(pb);
                    });
            assertTrue(disagreements.isEmpty(), "seed " + SEED + ": " + disagreements);
        }
    }

    @Test
    void thePropertyCatchesAWrongCaseRule() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("mode", "patent-safe"))) {
            List<String[]> pairs = pairs(new SplittableRandom(SEED));
            BiPredicate<String, String> javaIgnoreCase = String::equalsIgnoreCase;
            BiPredicate<String, String> wholeStringUpper = (a, b) -> a.toUpperCase(Locale.ROOT)
                    .equals(b.toUpperCase(Locale.ROOT));
            assertFalse(disagreements(fs, pairs, javaIgnoreCase).isEmpty(), "seed " + SEED
                    + ": String.equalsIgnoreCase went unnoticed");
            assertFalse(disagreements(fs, pairs, wholeStringUpper).isEmpty(), "seed " + SEED
                    + ": whole-string toUpperCase went unnoticed");
        }
    }

    /**
     * Pairs (a, b): first the edge cases where plausible rules part from FAT's (ß and SS, the Kelvin sign and k,
     * ϴ and θ), then random ones where b is a mutated a, each character replaced, often, by one of its group.
     */
    private static List<String[]> pairs(SplittableRandom random) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"\u00DF", "SS"});
        out.add(new String[] {"a\u00DF", "ASs"});
        out.add(new String[] {"\u212A", "k"});
        out.add(new String[] {"\u03F4", "\u03B8"});
        for (int t = 0; t < TRIALS; t++) {
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(3);
            for (int i = 0; i < length; i++) {
                String group = GROUPS[random.nextInt(GROUPS.length)];
                char c = group.charAt(random.nextInt(group.length()));
                a.append(c);
                if (c == '\u00DF' && random.nextBoolean()) {
                    b.append(random.nextBoolean() ? "ss" : "SS");
                    continue;
                }
                b.append(random.nextInt(4) == 0 ? c : group.charAt(random.nextInt(group.length())));
            }
            out.add(new String[] {a.toString(), b.toString()});
        }
        return out;
    }

    /** Where {@code rule} says otherwise than the core, which is asked whether file a is found under name b. */
    private static List<String> disagreements(FatNioFileSystem fs, List<String[]> pairs,
            BiPredicate<String, String> rule) throws IOException {
        List<String> out = new ArrayList<>();
        Files.createDirectories(fs.getPath("/t"));
        for (String[] pair : pairs) {
            fs.core().writeAllBytes("/t/" + pair[0], new byte[0]);
            boolean found = fs.core().exists("/t/" + pair[1]);
            fs.core().delete("/t/" + pair[0]);
            if (found != rule.test(pair[0], pair[1])) {
                out.add(pair[0] + " vs " + pair[1] + " (lookup " + (found ? "finds" : "misses") + ")");
            }
        }
        return out;
    }
}
