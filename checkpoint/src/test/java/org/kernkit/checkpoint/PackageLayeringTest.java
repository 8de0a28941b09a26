package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kernkit.checkpoint.image.ImageCodec;

/**
 * The three packages are layered: the image format and the devices know nothing of the runtime, and the devices
 * nothing of the image format. Checked on the compiled classes (every class a class file names in its constant
 * pool), so a Javadoc link does not count and a real use cannot hide.
 */
class PackageLayeringTest {

    private static final String RUNTIME = "org/kernkit/checkpoint";
    private static final String DEVICE = "org/kernkit/checkpoint/device";
    private static final String IMAGE = "org/kernkit/checkpoint/image";

    /** {@return the classes of package {@code from} that name a class of package {@code to}, with what they name} */
    private static TreeSet<String> references(String from, String to) throws IOException, URISyntaxException {
        Path classes = Path.of(ImageCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> found = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(classes.resolve(from))) {
            files = list.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            for (PoolEntry entry : ClassFile.of().parse(file).constantPool()) {
                if (entry instanceof ClassEntry c) {
                    String name = c.asInternalName();
                    int slash = name.lastIndexOf('/');
                    if (slash > 0 && name.substring(0, slash).equals(to)) {
                        found.add(file.getFileName() + " -> " + name);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theImageFormatDoesNotUseTheRuntime() throws Exception {
        assertEquals(new TreeSet<>(), references(IMAGE, RUNTIME));
    }

    @Test
    void theDevicesUseNeitherTheRuntimeNorTheImageFormat() throws Exception {
        assertEquals(new TreeSet<>(), references(DEVICE, RUNTIME));
        assertEquals(new TreeSet<>(), references(DEVICE, IMAGE));
    }

    /** The check can fail: the runtime does use the image format, and the check sees it. */
    @Test
    void theCheckFindsAUseThatExists() throws Exception {
        TreeSet<String> uses = references(RUNTIME, IMAGE);
        assertFalse(uses.isEmpty());
        assertFalse(uses.stream().noneMatch(u -> u.startsWith("Container.class -> " + IMAGE + "/ImageCodec")), uses
                .toString());
    }
}
