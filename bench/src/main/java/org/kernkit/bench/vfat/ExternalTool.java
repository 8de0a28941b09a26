package org.kernkit.bench.vfat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs mtools as the peer: an external process, timed inside the benchmark method. */
final class ExternalTool {

    private ExternalTool() {}

    static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.environment().put("LC_ALL", "C.UTF-8");
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + rc);
        }
    }

    static void requireMtools() {
        if (!installed("mcopy")) {
            throw new IllegalStateException("mtools is not installed (apt-get install mtools): the peer cannot run");
        }
    }
}
