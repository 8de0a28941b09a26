package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every subcommand with bad input: negative and huge numbers, missing files, directories, FIFOs, and images or rings
 * of the wrong kind. A usage error exits 2, a failure exits 1; either way the output is a line or two starting with
 * {@code kernkit <command>}, never a stack trace, and nothing hangs (a FIFO opened for reading would block forever:
 * the guard below ends such a case as a failure, it is not a timing assertion).
 */
class CliSweepTest {

    @TempDir
    static Path dir;

    static Path missing;
    static Path fifo;
    static Path junk;
    static Path empty;

    @BeforeAll
    static void fixtures() throws IOException, InterruptedException {
        missing = dir.resolve("missing.img");
        fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        junk = dir.resolve("junk.bin");
        byte[] bytes = new byte[64 << 10];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        empty = Files.createFile(dir.resolve("empty"));
    }

    /** One invocation and the exit code it must give. */
    private record Case(int exit, String... args) {
        String name() {
            return "kernkit " + String.join(" ", args).replace(dir.toString(), "DIR") + " -> " + exit;
        }
    }

    private static List<Case> cases() {
        String d = dir.toString();
        String m = missing.toString();
        String f = fifo.toString();
        String j = junk.toString();
        String e = empty.toString();
        String job = dir.resolve("job").toString();
        String huge = "99999999999999999999999";
        List<Case> cases = new ArrayList<>();
        // clock: numbers
        cases.add(new Case(2, "clock", "--reads", "-1"));
        cases.add(new Case(2, "clock", "--rounds", "0"));
        cases.add(new Case(2, "clock", "--tick-us", "-5"));
        cases.add(new Case(2, "clock", "--reads", huge));
        // vfat: every image-reading command on a missing file, a directory, a FIFO, junk and an empty file
        for (String[] command : List.of(new String[] {"ls"}, new String[] {"info"}, new String[] {"check"},
                new String[] {"cat"}, new String[] {"mkdir"}, new String[] {"rm"})) {
            for (String image : List.of(m, d, f, j, e)) {
                List<String> args = new ArrayList<>(List.of("vfat", command[0], "-i", image));
                if (!command[0].equals("info") && !command[0].equals("check")) {
                    args.add("/x");
                }
                cases.add(new Case(1, args.toArray(String[]::new)));
            }
        }
        cases.add(new Case(2, "vfat", "mkfs", "-i", dir.resolve("new.img").toString(), "-s", "-5M"));
        cases.add(new Case(2, "vfat", "mkfs", "-i", dir.resolve("new.img").toString(), "-s", huge));
        cases.add(new Case(2, "vfat", "mkfs", "-i", dir.resolve("new.img").toString(), "-s", "8M", "-c", "-1"));
        cases.add(new Case(1, "vfat", "mkfs", "-i", d, "-s", "8M"));
        cases.add(new Case(1, "vfat", "mkfs", "-i", f, "-s", "8M"));
        cases.add(new Case(1, "vfat", "cp", "-i", j, m, "::/"));
        cases.add(new Case(1, "vfat", "build", m, "-o", dir.resolve("built.img").toString()));
        cases.add(new Case(1, "vfat", "build", f, "-o", dir.resolve("built.img").toString()));
        cases.add(new Case(1, "vfat", "build", d, "-o", dir.resolve("built.img").toString()));
        cases.add(new Case(2, "vfat", "build", d, "-o", dir.resolve("built.img").toString(), "--size", "-5M"));
        cases.add(new Case(2, "vfat", "build", d, "-o", dir.resolve("built.img").toString(), "--fat", "13"));
        cases.add(new Case(2, "vfat", "build", d, "-o", dir.resolve("built.img").toString(), "--headroom", huge));
        cases.add(new Case(2, "vfat", "build", d, "-o", dir.resolve("built.img").toString(), "--table", "x"));
        // checkpoint: numbers, and directories or images that are not one
        cases.add(new Case(2, "checkpoint", "run", "pipeline", "--dir", job, "--size", "-7"));
        cases.add(new Case(2, "checkpoint", "run", "pipeline", "--dir", job, "--interval-ms", "-1"));
        cases.add(new Case(2, "checkpoint", "run", "pipeline", "--dir", job, "--size", huge));
        cases.add(new Case(1, "checkpoint", "restart", "--dir", m));
        cases.add(new Case(1, "checkpoint", "status", "--dir", j));
        cases.add(new Case(1, "checkpoint", "list", "--dir", j));
        cases.add(new Case(1, "checkpoint", "inspect", m));
        cases.add(new Case(1, "checkpoint", "inspect", d));
        cases.add(new Case(1, "checkpoint", "inspect", f));
        cases.add(new Case(1, "checkpoint", "inspect", j));
        cases.add(new Case(1, "checkpoint", "inspect", e));
        cases.add(new Case(2, "checkpoint", "inspect", j, "--bytes", "-3"));
        // vmbus: rings that are not one, and numbers
        for (String ring : List.of(m, d, f, j, e)) {
            cases.add(new Case(1, "vmbus", "dump", ring));
            cases.add(new Case(1, "vmbus", "guest", "--ring", ring, "--timeout", "1", "info"));
        }
        cases.add(new Case(2, "vmbus", "dump", j, "--packets", "-1"));
        cases.add(new Case(2, "vmbus", "ping", "--messages", "-1"));
        cases.add(new Case(2, "vmbus", "ping", "--size", huge));
        cases.add(new Case(2, "vmbus", "ping", "--ring-size", "1000"));
        cases.add(new Case(2, "vmbus", "guest", "--ring", j, "--timeout", "-1", "info"));
        cases.add(new Case(1, "vmbus", "host", "--ring", dir.resolve("ring").toString(), m));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> badInputGivesOneLineAndTheRightExitCodeNeverATrace() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String[] result = new String[1];
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                CommandLine cmd = Kernkit.commandLine();
                StringWriter out = new StringWriter();
                cmd.setOut(new PrintWriter(out));
                cmd.setErr(new PrintWriter(out));
                int code = cmd.execute(c.args());
                result[0] = out.toString();
                return code;
            }, () -> c.name() + " hung");
            String output = result[0];
            assertEquals(c.exit(), exit, () -> c.name() + " printed:\n" + output);
            assertFalse(output.contains("Exception") || output.contains("\tat ") || output.contains("at org."),
                    () -> c.name() + " printed a trace:\n" + output);
            List<String> lines = output.strip().lines().toList();
            assertTrue(!lines.isEmpty() && lines.getFirst().startsWith("kernkit "),
                    () -> c.name() + " must start with the command's name:\n" + output);
            assertTrue(lines.size() <= 3, () -> c.name() + " printed " + lines.size() + " lines:\n" + output);
        }));
    }
}
