package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kernkit.testkit.Trials;

/**
 * Random operation sequences against an in-memory model tree: after every operation the volume lists and reads
 * exactly what the model says, refused operations change nothing, and the final image reopens identical and
 * consistent (our check and, if installed, fsck.fat). Each naming mode and FAT type gets its own seeded trials, so
 * every combination is tried on every run; a failing sequence is shrunk to fewer operations and reported with its
 * seed ({@code -Dkernkit.seed=SEED} re-runs it). A model that forgets FAT's case-insensitive names must be caught,
 * which proves that the property can fail.
 */
class ModelBasedOperationsTest {

    /** Trials per layout: four layouts, so as many tries in all as the 100 the jqwik property made. */
    private static final int TRIALS_PER_LAYOUT = 25;

    static final List<String> DIRS = List.of("/", "/d1", "/d1/Sub Dir", "/Other");
    static final List<String> NAMES = List.of("a.txt", "A.TXT", "Long Name.txt", "long name.TXT", "ünï cödé.bin",
            "x", "Sub Dir", "d1", "Other", "a very long name that takes two or three lfn entries.data");

    /** Sizes at the edges: empty, one byte, around one 512-byte cluster and two, and the largest generated. */
    private static final int[] EDGE_SIZES = {0, 1, 511, 512, 513, 1024, 1025, 3000};
    private static final int MAX_SIZE = 3000;
    private static final int[] EDGE_SEEDS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};

    sealed interface Op {}

    record Write(int dir, int name, int size, int seed) implements Op {}

    record Append(int dir, int name, int size, int seed) implements Op {}

    record Truncate(int dir, int name, int size) implements Op {}

    record Delete(int dir, int name) implements Op {}

    record Mkdir(int dir, int name) implements Op {}

    record Move(int dir, int name, int toDir, int toName) implements Op {}

    /** 5 to 40 operations, the bounds themselves one time in eight each, as the jqwik generator made them. */
    static List<Op> operations(SplittableRandom random) {
        int length = switch (random.nextInt(8)) {
            case 0 -> 5;
            case 1 -> 40;
            default -> random.nextInt(5, 41);
        };
        List<Op> ops = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            ops.add(operation(random));
        }
        return ops;
    }

    /** One operation; Mkdir twice as likely as the others, as in the jqwik generator. */
    private static Op operation(SplittableRandom random) {
        int dir = random.nextInt(DIRS.size());
        int name = random.nextInt(NAMES.size());
        return switch (random.nextInt(7)) {
            case 0 -> new Write(dir, name, size(random), seed(random));
            case 1 -> new Append(dir, name, size(random), seed(random));
            case 2 -> new Truncate(dir, name, size(random));
            case 3 -> new Delete(dir, name);
            case 4, 5 -> new Mkdir(dir, name);
            default -> new Move(dir, name, random.nextInt(DIRS.size()), random.nextInt(NAMES.size()));
        };
    }

    private static int size(SplittableRandom random) {
        return random.nextInt(4) == 0 ? EDGE_SIZES[random.nextInt(EDGE_SIZES.length)] : random.nextInt(MAX_SIZE + 1);
    }

    private static int seed(SplittableRandom random) {
        return random.nextInt(8) == 0 ? EDGE_SEEDS[random.nextInt(EDGE_SEEDS.length)] : random.nextInt();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"WINDOWS, FAT12", "WINDOWS, FAT16", "PATENT_SAFE, FAT12", "PATENT_SAFE, FAT16"})
    void randomOperationsMatchTheModel(NamingMode mode, FatType type) {
        Trials.forEachOperationList("vfat model " + mode + " " + type, TRIALS_PER_LAYOUT,
                ModelBasedOperationsTest::operations, ops -> run(ops, mode, type, ModelBasedOperationsTest::fold, true));
    }

    @Test
    void aModelWithCaseSensitiveNamesIsCaught() {
        // FAT names are case-insensitive: a model keyed by the exact name expects "a.txt" and "A.TXT" to be two files.
        AssertionError caught = assertThrows(AssertionError.class, () -> Trials.forEachOperationList(
                "vfat model, case-sensitive variant", TRIALS_PER_LAYOUT, ModelBasedOperationsTest::operations,
                ops -> run(ops, NamingMode.WINDOWS, FatType.FAT12, UnaryOperator.identity(), false)));
        assertTrue(caught.getMessage().contains("shrank to"), caught.getMessage());
    }

    /**
     * Runs {@code ops} on a fresh image and on a model whose children are keyed by {@code key}, comparing after every
     * operation and after reopening; {@code fsck} also asks fsck.fat about the final image.
     */
    private static void run(List<Op> ops, NamingMode mode, FatType type, UnaryOperator<String> key, boolean fsck)
            throws IOException, InterruptedException {
        Path image = Files.createTempFile("vfat-model", ".img");
        try {
            Node root = Node.directory("/", key);
            try (FatFileSystem fs = FatFileSystem.format(image, type == FatType.FAT16 ? 8L << 20 : 2L << 20,
                    FormatOptions.builder().fatType(type).sectorsPerCluster(1).namingMode(mode).build())) {
                for (Op op : ops) {
                    apply(fs, root, op);
                    compare(fs, root, "/");
                }
                assertTrue(fs.check().clean(), () -> problems(fs));
            }
            try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
                compare(fs, root, "/");
                assertTrue(fs.check().clean(), () -> problems(fs));
            }
            if (fsck && OracleTools.isAvailable("fsck.fat")) {
                assertEquals(List.of(), OracleTools.fsckComplaints(image), () -> "after " + ops);
            }
        } finally {
            Files.deleteIfExists(image);
        }
    }

    private static String problems(FatFileSystem fs) {
        try {
            return fs.check().problems().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    static String fold(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    static final class Node {
        String name;
        final boolean directory;
        byte[] content = new byte[0];
        final Map<String, Node> children = new LinkedHashMap<>();
        Node parent;
        /** How names are compared: {@link #fold} for FAT, something else only in a deliberately broken model. */
        UnaryOperator<String> key;

        private Node(String name, boolean directory, UnaryOperator<String> key) {
            this.name = name;
            this.directory = directory;
            this.key = key;
        }

        static Node directory(String name) {
            return new Node(name, true, ModelBasedOperationsTest::fold);
        }

        static Node directory(String name, UnaryOperator<String> key) {
            return new Node(name, true, key);
        }

        static Node file(String name) {
            return new Node(name, false, ModelBasedOperationsTest::fold);
        }

        Node child(String n) {
            return children.get(key.apply(n));
        }

        void add(Node n) {
            n.parent = this;
            n.key = key;
            children.put(key.apply(n.name), n);
        }

        void remove(Node n) {
            children.remove(key.apply(n.name));
        }

        boolean isAncestorOf(Node n) {
            for (Node p = n; p != null; p = p.parent) {
                if (p == this) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The model node for a directory path, or null if missing or not a directory. */
    static Node dir(Node root, String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            n = n.child(part);
            if (n == null || !n.directory) {
                return null;
            }
        }
        return n;
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static byte[] data(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    interface Action {
        void run() throws IOException;
    }

    /** Runs {@code action}; {@code allowed} says whether the model expects success. */
    static void expect(boolean allowed, Op op, Action action) {
        try {
            action.run();
            if (!allowed) {
                fail("model expected " + op + " to be refused, it succeeded");
            }
        } catch (IOException e) {
            if (allowed) {
                fail("model expected " + op + " to succeed, got " + e, e);
            }
        }
    }

    static void apply(FatFileSystem fs, Node root, Op op) {
        switch (op) {
            case Write w -> {
                Node parent = dir(root, DIRS.get(w.dir()));
                String name = NAMES.get(w.name());
                Node existing = parent == null ? null : parent.child(name);
                boolean ok = parent != null && (existing == null || !existing.directory);
                byte[] bytes = data(w.size(), w.seed());
                expect(ok, op, () -> fs.writeAllBytes(join(DIRS.get(w.dir()), name), bytes));
                if (ok) {
                    Node n = existing != null ? existing : Node.file(name);
                    n.content = bytes;
                    if (existing == null) {
                        parent.add(n);
                    }
                }
            }
            case Append a -> {
                Node parent = dir(root, DIRS.get(a.dir()));
                String name = NAMES.get(a.name());
                Node existing = parent == null ? null : parent.child(name);
                boolean ok = parent != null && (existing == null || !existing.directory);
                byte[] bytes = data(a.size(), a.seed());
                expect(ok, op, () -> fs.append(join(DIRS.get(a.dir()), name), bytes));
                if (ok) {
                    Node n = existing != null ? existing : Node.file(name);
                    byte[] joined = Arrays.copyOf(n.content, n.content.length + bytes.length);
                    System.arraycopy(bytes, 0, joined, n.content.length, bytes.length);
                    n.content = joined;
                    if (existing == null) {
                        parent.add(n);
                    }
                }
            }
            case Truncate t -> {
                Node parent = dir(root, DIRS.get(t.dir()));
                String name = NAMES.get(t.name());
                Node existing = parent == null ? null : parent.child(name);
                boolean ok = existing != null && !existing.directory;
                expect(ok, op, () -> fs.truncate(join(DIRS.get(t.dir()), name), t.size()));
                if (ok) {
                    existing.content = Arrays.copyOf(existing.content, t.size());
                }
            }
            case Delete d -> {
                Node parent = dir(root, DIRS.get(d.dir()));
                String name = NAMES.get(d.name());
                Node existing = parent == null ? null : parent.child(name);
                boolean ok = existing != null && (!existing.directory || existing.children.isEmpty());
                expect(ok, op, () -> fs.delete(join(DIRS.get(d.dir()), name)));
                if (ok) {
                    parent.remove(existing);
                }
            }
            case Mkdir m -> {
                Node parent = dir(root, DIRS.get(m.dir()));
                String name = NAMES.get(m.name());
                boolean ok = parent != null && parent.child(name) == null;
                expect(ok, op, () -> fs.createDirectory(join(DIRS.get(m.dir()), name)));
                if (ok) {
                    parent.add(Node.directory(name));
                }
            }
            case Move mv -> {
                Node fromParent = dir(root, DIRS.get(mv.dir()));
                String name = NAMES.get(mv.name());
                Node src = fromParent == null ? null : fromParent.child(name);
                Node toParent = dir(root, DIRS.get(mv.toDir()));
                String toName = NAMES.get(mv.toName());
                Node dst = toParent == null ? null : toParent.child(toName);
                boolean ok = src != null && toParent != null && (dst == null || dst == src)
                        && !(src.directory && src.isAncestorOf(toParent));
                expect(ok, op, () -> fs.move(join(DIRS.get(mv.dir()), name), join(DIRS.get(mv.toDir()), toName),
                        false));
                if (ok) {
                    fromParent.remove(src);
                    src.name = toName;
                    toParent.add(src);
                }
            }
        }
    }

    static void compare(FatFileSystem fs, Node model, String path) throws IOException {
        Map<String, FatEntry> actual = new TreeMap<>();
        for (FatEntry e : fs.list(path)) {
            actual.put(e.name(), e);
        }
        Map<String, Node> expected = new TreeMap<>();
        for (Node n : model.children.values()) {
            expected.put(n.name, n);
        }
        assertEquals(expected.keySet(), actual.keySet(), "names in " + path);
        for (Node n : expected.values()) {
            String child = join(path, n.name);
            assertEquals(n.directory, actual.get(n.name).directory(), child);
            if (n.directory) {
                compare(fs, n, child);
            } else {
                assertArrayEquals(n.content, fs.readAllBytes(child), child);
            }
        }
    }
}
