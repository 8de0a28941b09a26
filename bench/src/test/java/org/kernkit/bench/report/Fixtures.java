package org.kernkit.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies the committed fixtures (a handwritten JMH JSON run and its peers file) into a test's directory. */
final class Fixtures {

    static final String RUN = "demo-run.json";
    static final String PEERS = "demo-peers.txt";

    private Fixtures() {
    }

    /** Copies the fixture {@code name} into {@code dir} and returns its path there. */
    static Path copy(String name, Path dir) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " is not on the test class path");
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
