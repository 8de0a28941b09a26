package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a consumer on the module path sees of the kernkit libraries built in this reactor: each is a named module that
 * exports its API packages and no {@code internal} one, a consumer compiles against the API, and a consumer that
 * imports an internal package does not compile.
 */
class ModulePathConsumerTest {

    /** Module name, and the public type a consumer uses from it. */
    private static final Map<String, String> LIBRARIES = Map.of(
            "org.kernkit.flexarray", "org.kernkit.flexarray.FlexArray",
            "org.kernkit.clock", "org.kernkit.clock.CachedClock",
            "org.kernkit.block", "org.kernkit.block.BlockDevice",
            "org.kernkit.vfat", "org.kernkit.vfat.FatFileSystem",
            "org.kernkit.checkpoint", "org.kernkit.checkpoint.Container",
            "org.kernkit.vmbus", "org.kernkit.vmbus.RingBuffer");

    @TempDir
    Path work;

    /** The kernkit library jars (or class folders) on this test's class path. */
    private static List<Path> libraryPaths() {
        List<Path> paths = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String text = path.toString().replace('\\', '/');
            for (String module : List.of("flexarray", "clock", "block", "vfat", "checkpoint", "vmbus")) {
                if (text.contains("/" + module + "/target/") || path.getFileName().toString()
                        .startsWith("kernkit-" + module + "-")) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    private static Map<String, ModuleReference> modules() {
        return ModuleFinder.of(libraryPaths().toArray(Path[]::new)).findAll().stream()
                .collect(Collectors.toMap(ref -> ref.descriptor().name(), ref -> ref));
    }

    @Test
    void everyLibraryIsANamedModule() {
        assertEquals(new TreeSet<>(LIBRARIES.keySet()), new TreeSet<>(modules().keySet()),
                "named modules among " + libraryPaths());
    }

    @Test
    void everyLibraryExportsExactlyItsNonInternalPackages() {
        for (ModuleReference ref : modules().values()) {
            ModuleDescriptor descriptor = ref.descriptor();
            Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> api = descriptor.packages().stream().filter(p -> !p.contains(".internal"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(api, exported, descriptor.name() + " must export its API packages and nothing else");
            descriptor.exports().forEach(e -> assertTrue(e.targets().isEmpty(),
                    descriptor.name() + " exports " + e.source() + " to chosen modules only: " + e.targets()));
        }
    }

    @Test
    void aConsumerOnTheModulePathCompilesAgainstTheApi() throws IOException {
        StringBuilder uses = new StringBuilder();
        LIBRARIES.values().forEach(type -> uses.append("        System.out.println(").append(type)
                .append(".class.getName());\n"));
        String errors = compileConsumer("package app;\npublic class Main {\n    public static void main(String[] a) {\n"
                + uses + "    }\n}\n");
        assertEquals("", errors);
    }

    @Test
    void aConsumerOnTheModulePathCannotReachAnInternalPackage() throws IOException {
        for (ModuleReference ref : modules().values()) {
            String internal = ref.descriptor().packages().stream().filter(p -> p.contains(".internal")).sorted()
                    .findFirst().orElse(null);
            if (internal == null) {
                continue;
            }
            String errors = compileConsumer("package app;\nimport " + internal + ".*;\npublic class Main {}\n");
            assertFalse(errors.isEmpty(), "a consumer compiled against " + internal);
            assertTrue(errors.contains("is not visible") || errors.contains("does not export"), errors);
        }
    }

    /** Compiles module {@code consumer} (requiring every library) with {@code mainSource}; returns javac's errors. */
    private String compileConsumer(String mainSource) throws IOException {
        Path src = Files.createTempDirectory(work, "consumer");
        Path moduleInfo = src.resolve("module-info.java");
        Files.writeString(moduleInfo, "module consumer {\n" + LIBRARIES.keySet().stream().sorted()
                .map(m -> "    requires " + m + ";\n").collect(Collectors.joining()) + "}\n");
        Path main = Files.createDirectories(src.resolve("app")).resolve("Main.java");
        Files.writeString(main, mainSource);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        String modulePath = libraryPaths().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> options = List.of("-d", src.resolve("out").toString(), "--module-path", modulePath);
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(diagnostics, files, null, options, null,
                    files.getJavaFileObjects(moduleInfo, main)).call();
            return ok ? "" : diagnostics.toString();
        }
    }
}
