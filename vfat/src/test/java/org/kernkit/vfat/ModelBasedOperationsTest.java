package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random operation sequences against an in-memory model tree: after every operation the volume lists and reads
 * exactly what the model says, refused operations change nothing, and the final image reopens identical and
 * consistent (our check and, if installed, fsck.fat).
 */
class ModelBasedOperationsTest {

    static final List<String> DIRS = List.of("/", "/d1", "/d1/Sub Dir", "/Other");
    static final List<String> NAMES = List.of("a.txt", "A.TXT", "Long Name.txt", "long name.TXT", "ünï cödé.bin",
            "x", "Sub Dir", "d1", "Other", "a very long name that takes two or three lfn entries.data");

    sealed interface Op {}

    record Write(int dir, int name, int size, int seed) implements Op {}

    record Append(int dir, int name, int size, int seed) implements Op {}

    record Truncate(int dir, int name, int size) implements Op {}

    record Delete(int dir, int name) implements Op {}

    record Mkdir(int dir, int name) implements Op {}

    record Move(int dir, int name, int toDir, int toName) implements Op {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> dir = Arbitraries.integers().between(0, DIRS.size() - 1);
        Arbitrary<Integer> name = Arbitraries.integers().between(0, NAMES.size() - 1);
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 3000);
        Arbitrary<Integer> seed = Arbitraries.integers();
        Arbitrary<Op> op = Arbitraries.oneOf(
                Combinators.combine(dir, name, size, seed).as(Write::new),
                Combinators.combine(dir, name, size, seed).as(Append::new),
                Combinators.combine(dir, name, size).as(Truncate::new),
                Combinators.combine(dir, name).as(Delete::new),
                Combinators.combine(dir, name).as(Mkdir::new),
                Combinators.combine(dir, name).as(Mkdir::new),
                Combinators.combine(dir, name, dir, name).as(Move::new));
        return op.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 100)
    void randomOperationsMatchTheModel(@ForAll("operations") List<Op> ops, @ForAll NamingMode mode,
            @ForAll boolean fat16) throws Exception {
        Path image = Files.createTempFile("vfat-model", ".img");
        try {
            Node root = Node.directory("/");
            try (FatFileSystem fs = FatFileSystem.format(image, fat16 ? 8L << 20 : 2L << 20,
                    FormatOptions.builder().fatType(fat16 ? FatType.FAT16 : FatType.FAT12).sectorsPerCluster(1)
                            .namingMode(mode).build())) {
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
            if (OracleTools.isAvailable("fsck.fat")) {
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

        private Node(String name, boolean directory) {
            this.name = name;
            this.directory = directory;
        }

        static Node directory(String name) {
            return new Node(name, true);
        }

        static Node file(String name) {
            return new Node(name, false);
        }

        Node child(String n) {
            return children.get(fold(n));
        }

        void add(Node n) {
            n.parent = this;
            children.put(fold(n.name), n);
        }

        void remove(Node n) {
            children.remove(fold(n.name));
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
