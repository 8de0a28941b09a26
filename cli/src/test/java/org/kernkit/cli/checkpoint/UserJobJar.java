package org.kernkit.cli.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.kernkit.checkpoint.Job;

/**
 * Builds the test's user job JAR: compiles {@code userjob/NumbersJob.java} (a test resource, not on the CLI's class
 * path) against the checkpoint API and packs it with its {@code META-INF/services} provider entry.
 */
final class UserJobJar {

    /** The user job's {@code name()}. */
    static final String JOB = "numbers";
    /** Its class name, for lookup by class. */
    static final String CLASS = "example.user.NumbersJob";
    /** Its output. */
    static final String OUTPUT = "numbers.out";

    private UserJobJar() {}

    /** The output an uninterrupted run writes. */
    static byte[] expectedOutput() {
        StringBuilder s = new StringBuilder();
        for (long i = 0; i < 150_000; i++) {
            s.append(i).append(' ').append(i * i).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param dir a scratch directory
     * @param withProvider whether to list the job in {@code META-INF/services}
     * @return the JAR
     */
    static Path build(Path dir, boolean withProvider) throws IOException {
        Path source = dir.resolve("src/NumbersJob.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = UserJobJar.class.getResourceAsStream("/userjob/NumbersJob.java")) {
            Files.copy(in, source);
        }
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String api = Path.of(Job.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-cp", api, "-d", classes.toString(), source.toString());
        if (rc != 0) {
            throw new IOException("javac failed on " + source + " with " + rc);
        }
        Path jar = dir.resolve(withProvider ? "numbers.jar" : "numbers-by-class.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            if (withProvider) {
                out.putNextEntry(new JarEntry("META-INF/services/" + Job.class.getName()));
                out.write((CLASS + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    static List<String> runArgs(Path jar, String job, Path dir) {
        return List.of("checkpoint", "run", "--class-path", jar.toString(), "--job", job, "--dir", dir.toString());
    }
}
