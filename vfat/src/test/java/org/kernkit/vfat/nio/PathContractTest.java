package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syntactic operations of {@link FatPath} answer as the JDK's default (Unix) file system's paths answer for the
 * same text, whenever case plays no part (all names here are upper case, so FAT's case rule is the identity). The
 * JDK is the oracle: each test runs one operation over every path, or every pair, of {@link #TEXTS}.
 */
class PathContractTest {

    /** Absolute and relative paths, with {@code .}, {@code ..}, repeated and trailing separators. */
    private static final List<String> TEXTS = List.of("/", "/A", "/A/B", "/A/B/C.TXT", "/AB/C", "//A//B/", "A",
            "A/B", "A/B/C", "B/C", "AB", "/A/./B/../C", "A/../..", "../A", "../../A", "./A", "/..", "/A/..",
            "A/./B/.", "../A/..");

    @TempDir
    static Path tmp;

    private static FatNioFileSystem fs;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue(FileSystems.getDefault().getSeparator().equals("/"), "the oracle is a Unix default file system");
        fs = ImageFixtures.create(tmp.resolve("disk.img"));
    }

    @AfterAll
    static void close() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    private static String text(Path p) {
        return p == null ? "null" : p.toString();
    }

    /** For each text, "text -> answer" of the JDK and of FAT, to compare whole. */
    private static void sameForEachPath(Function<Path, Object> op) {
        List<String> jdk = new ArrayList<>();
        List<String> fat = new ArrayList<>();
        for (String t : TEXTS) {
            jdk.add(t + " -> " + answer(() -> op.apply(Path.of(t))));
            fat.add(t + " -> " + answer(() -> op.apply(fs.getPath(t))));
        }
        assertEquals(jdk, fat);
    }

    private interface PairOp {
        Object apply(Path a, Path b);
    }

    /** For each pair of texts, "a, b -> answer" of the JDK and of FAT. */
    private static void sameForEachPair(List<String> texts, PairOp op) {
        List<String> jdk = new ArrayList<>();
        List<String> fat = new ArrayList<>();
        for (String a : texts) {
            for (String b : texts) {
                jdk.add(a + ", " + b + " -> " + answer(() -> op.apply(Path.of(a), Path.of(b))));
                fat.add(a + ", " + b + " -> " + answer(() -> op.apply(fs.getPath(a), fs.getPath(b))));
            }
        }
        assertEquals(jdk, fat);
    }

    /** The answer as text: a path's string, a value, or the class of the exception thrown. */
    private static String answer(java.util.function.Supplier<Object> call) {
        try {
            Object r = call.get();
            return r instanceof Path p ? "path " + text(p) : String.valueOf(r);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void toStringIsTheJoinedNames() {
        sameForEachPath(Path::toString);
    }

    @Test
    void isAbsoluteAsTheJdk() {
        sameForEachPath(Path::isAbsolute);
    }

    @Test
    void getRootAsTheJdk() {
        sameForEachPath(Path::getRoot);
    }

    @Test
    void getFileNameAsTheJdk() {
        sameForEachPath(Path::getFileName);
    }

    @Test
    void getParentAsTheJdk() {
        sameForEachPath(Path::getParent);
    }

    @Test
    void getNameCountAsTheJdk() {
        sameForEachPath(Path::getNameCount);
    }

    @Test
    void getNameOfEveryIndexAndBothNeighboursOutOfRangeAsTheJdk() {
        sameForEachPath(p -> {
            List<String> names = new ArrayList<>();
            for (int i = -1; i <= p.getNameCount(); i++) {
                int index = i;
                names.add(answer(() -> p.getName(index)));
            }
            return names;
        });
    }

    @Test
    void subpathOfEveryRangeAsTheJdk() {
        sameForEachPath(p -> {
            List<String> subs = new ArrayList<>();
            for (int b = -1; b <= p.getNameCount() + 1; b++) {
                for (int e = -1; e <= p.getNameCount() + 1; e++) {
                    int begin = b;
                    int end = e;
                    subs.add(b + ".." + e + "=" + answer(() -> p.subpath(begin, end)));
                }
            }
            return subs;
        });
    }

    @Test
    void iteratorGivesTheNamesAsTheJdk() {
        sameForEachPath(p -> {
            List<String> names = new ArrayList<>();
            for (Iterator<Path> it = p.iterator(); it.hasNext();) {
                Path n = it.next();
                names.add(n + (n.isAbsolute() ? " absolute" : ""));
            }
            return names;
        });
    }

    @Test
    void normalizeAsTheJdk() {
        sameForEachPath(Path::normalize);
    }

    @Test
    void resolveAsTheJdk() {
        sameForEachPair(TEXTS, Path::resolve);
    }

    @Test
    void startsWithAsTheJdk() {
        sameForEachPair(TEXTS, Path::startsWith);
    }

    @Test
    void endsWithAsTheJdk() {
        sameForEachPair(TEXTS, Path::endsWith);
    }

    /** Without {@code .} and {@code ..}: the JDK normalises those first, FAT relativizes the names as given. */
    @Test
    void relativizeAsTheJdk() {
        List<String> plain = TEXTS.stream().filter(t -> !t.contains(".") || t.endsWith(".TXT")).toList();
        sameForEachPair(plain, Path::relativize);
    }

    @Test
    void compareToOrdersAsTheJdk() {
        sameForEachPair(TEXTS, (a, b) -> Integer.signum(a.compareTo(b)));
    }

    @Test
    void equalsAsTheJdk() {
        sameForEachPair(TEXTS, Path::equals);
    }

    @Test
    void getPathJoinsTheMorePartsAsTheJdk() {
        String[][] parts = {{"A", "B", "C"}, {"/A", "B"}, {"/", "A"}, {"", "A"}, {"A", ""}, {"A", "", "B"},
            {"", "", "A"}, {"/A/", "/B/"}, {"A", "/B"}};
        List<String> jdk = new ArrayList<>();
        List<String> fat = new ArrayList<>();
        for (String[] p : parts) {
            String[] more = java.util.Arrays.copyOfRange(p, 1, p.length);
            jdk.add(String.join("|", p) + " -> " + FileSystems.getDefault().getPath(p[0], more));
            fat.add(String.join("|", p) + " -> " + fs.getPath(p[0], more));
        }
        assertEquals(jdk, fat);
    }

    @Test
    void aPathOfAnotherFatFileSystemIsNotEqualAndMismatchesTheProvider() throws Exception {
        try (FatNioFileSystem other = ImageFixtures.create(tmp.resolve("other.img"))) {
            Path mine = fs.getPath("/A/B");
            Path theirs = other.getPath("/A/B");
            assertNotEquals(mine, theirs);
            assertThrows(ProviderMismatchException.class, () -> mine.startsWith(theirs));
            assertThrows(ProviderMismatchException.class, () -> mine.endsWith(theirs));
            assertThrows(ProviderMismatchException.class, () -> mine.resolve(theirs));
            assertThrows(ProviderMismatchException.class, () -> mine.relativize(theirs));
            assertThrows(ProviderMismatchException.class, () -> mine.compareTo(theirs));
        }
    }

    @Test
    void aPathOfTheDefaultFileSystemIsNotEqualAndMismatchesTheProvider() {
        Path mine = fs.getPath("/A/B");
        Path jdk = Path.of("/A/B");
        assertNotEquals(mine, jdk);
        ProviderMismatchException e = assertThrows(ProviderMismatchException.class, () -> mine.resolve(jdk));
        assertEquals("path /A/B is not of the same FAT file system", e.getMessage());
    }

    @Test
    void namesGivesACopyOfTheNames() {
        FatPath p = fs.getPath("/A/B");
        String[] names = p.names();
        assertEquals(List.of("A", "B"), List.of(names));
        names[0] = "X";
        assertEquals("/A/B", p.toString());
        assertEquals(List.of("A", "B"), List.of(p.names()));
    }

    @Test
    void getNameOutOfRangeNamesTheIndexAndTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fs.getPath("/A/B").getName(2));
        assertEquals("name index 2 out of range for 2 names", e.getMessage());
    }

    @Test
    void relativizeAnAbsoluteAgainstARelativePathNamesBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fs.getPath("/A").relativize(fs.getPath("B")));
        assertEquals("cannot relativize B against /A: one is absolute, the other not", e.getMessage());
    }
}
