package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the outside judges of this package (sfdisk, sgdisk, mkfs.fat, fsck.fat, mtools). A missing tool
 * skips the test with a printed reason, except under {@code CI=true}, where it fails it.
 */
final class PartitionTools {

    private PartitionTools() {}

    /** Exit code and merged stdout/stderr of one run. */
    record Result(int exit, String output) {}

    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin",
            "/usr/local/sbin", "/usr/local/bin");

    /** The absolute path of {@code tool}, or a skip (a failure under CI=true) naming the package to install. */
    static String require(String tool) {
        for (String dir : DIRECTORIES) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = tool + " is not installed (apt-get install fdisk gdisk dosfstools mtools)";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true requires it");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /** Runs {@code command} (its first word found by {@link #require}) in the C locale, at most 60 s. */
    static Result run(String... command) throws IOException, InterruptedException {
        return runWithInput("", command);
    }

    /** Runs {@code command} with {@code input} on its standard input. */
    static Result runWithInput(String input, String... command) throws IOException, InterruptedException {
        String[] resolved = command.clone();
        resolved[0] = require(command[0]);
        ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true);
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs {@code command} and fails the test, with its output, unless it exits 0. */
    static String runOk(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.exit() != 0) {
            fail(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }
}
