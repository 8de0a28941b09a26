package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the independent judges (dosfstools, mtools, fatcat, 7z), found on {@code PATH}. A missing tool skips the
 * test with a printed reason, except under {@code CI=true}, where it fails it.
 */
public final class OracleTools {

    private OracleTools() {}

    public record Result(int exit, String output) {}

    static void require(String tool) {
        if (!isAvailable(tool)) {
            Assumptions.abort(tool + " is not installed");
        }
    }

    /**
     * Whether {@code tool} is an executable on {@code PATH}. Absent, it prints why the check is skipped and returns
     * false, except under {@code CI=true}, where it fails the test.
     */
    static boolean isAvailable(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        String reason = tool + " is not on PATH (" + path + "; apt-get install dosfstools mtools fatcat p7zip-full)";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true requires it");
        }
        System.out.println("SKIPPED: " + reason);
        return false;
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        require(command[0]);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code fsck.fat -n IMG} and returns every line that is a complaint: anything but the version banner and
     * the final "N files, a/b clusters" summary. A clean image gives an empty list and exit 0.
     */
    public static List<String> fsckComplaints(Path image) throws IOException, InterruptedException {
        Result r = run("fsck.fat", "-n", image.toString());
        List<String> complaints = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("fsck.fat ") || t.startsWith("Checking we can access the last sector")
                    || t.matches(".*: \\d+ files, \\d+/\\d+ clusters")) {
                continue;
            }
            complaints.add(t);
        }
        if (r.exit() != 0) {
            complaints.add("exit code " + r.exit());
        }
        return complaints;
    }

    /** Copies {@code imagePath} out of the image with mcopy and returns its bytes. */
    public static byte[] mcopyOut(Path image, String imagePath, Path scratch) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "mcopy", ".out");
        Files.delete(out);
        Result r = run("mcopy", "-n", "-i", image.toString(), "::" + imagePath, out.toString());
        if (r.exit() != 0) {
            fail("mcopy ::" + imagePath + " failed (" + r.exit() + "): " + r.output());
        }
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }
}
