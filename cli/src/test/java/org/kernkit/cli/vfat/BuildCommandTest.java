package org.kernkit.cli.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.Kernkit;
import picocli.CommandLine;

/** {@code kernkit vfat build}: reproducible with SOURCE_DATE_EPOCH, refusals before writing, usage errors. */
class BuildCommandTest {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) {}

    /** Runs {@code kernkit vfat build args...} with {@code environment} as the process environment. */
    private static Result build(Map<String, String> environment, String... args) {
        CommandLine cmd = Kernkit.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        ((BuildCommand) cmd.getSubcommands().get("vfat").getSubcommands().get("build").getCommand()).environment =
                environment;
        String[] all = Stream.concat(Stream.of("vfat", "build"), Arrays.stream(args)).toArray(String[]::new);
        return new Result(cmd.execute(all), out.toString());
    }

    private Path tree(String name, Instant mtime) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("EFI/BOOT"));
        Files.write(root.resolve("EFI/BOOT/BOOTX64.EFI"), new byte[70_000]);
        Files.writeString(root.resolve("A Long Readme Name.txt"), "hello\n");
        Files.writeString(root.resolve("short.txt"), "short\n");
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(mtime));
            }
        }
        return root;
    }

    @Test
    void sourceDateEpochMakesBuildsOfTwoTreesByteIdenticalAndWithoutItTheyDiffer() throws IOException {
        Path one = tree("one", Instant.now().minusSeconds(60));
        Path two = tree("two", Instant.now().minusSeconds(90_000));
        Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", "1700000000");
        String[] options = {"--table", "gpt", "--esp", "--mode", "patent-safe", "--label", "ESP"};
        for (Map<String, String> e : java.util.List.of(env, Map.<String, String>of())) {
            Path a = tmp.resolve("a" + e.size() + ".img");
            Path b = tmp.resolve("b" + e.size() + ".img");
            assertEquals(0, build(e, with(options, one.toString(), "-o", a.toString())).exit());
            assertEquals(0, build(e, with(options, two.toString(), "-o", b.toString())).exit());
            boolean same = Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
            assertEquals(!e.isEmpty(), same, "SOURCE_DATE_EPOCH " + e);
        }
    }

    @Test
    void reproducibleAloneGivesByteIdenticalBuilds() throws IOException {
        Path one = tree("one", Instant.now().minusSeconds(60));
        Path two = tree("two", Instant.now().minusSeconds(90_000));
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        assertEquals(0, build(Map.of(), one.toString(), "-o", a.toString(), "--reproducible", "--table", "mbr").exit());
        assertEquals(0, build(Map.of(), two.toString(), "-o", b.toString(), "--reproducible", "--table", "mbr",
                "--no-sync").exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void theBuiltImageListsTheTree() throws IOException {
        Path src = tree("src", Instant.now());
        Path img = tmp.resolve("x.img");
        Result r = build(Map.of(), src.toString(), "-o", img.toString(), "--headroom", "1M", "--fat", "16");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("built " + img + ": "), r.output());
        String ls = org.kernkit.cli.CliRun.expectExit(0, "vfat", "ls", "-i", img.toString(), "-R", "/");
        assertTrue(ls.contains("A Long Readme Name.txt") && ls.contains("BOOTX64.EFI"), ls);
        assertTrue(org.kernkit.cli.CliRun.expectExit(0, "vfat", "info", "-i", img.toString()).contains("FAT16"));
    }

    @Test
    void anExistingOutputIsRefusedInOneLineAndKeptUnlessForced() throws IOException {
        Path src = tree("src", Instant.now());
        Path img = tmp.resolve("taken.img");
        Files.writeString(img, "keep me");
        Result r = build(Map.of(), src.toString(), "-o", img.toString());
        assertEquals(1, r.exit(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().startsWith("kernkit vfat build: " + img), r.output());
        assertEquals("keep me", Files.readString(img));
        assertEquals(0, build(Map.of(), src.toString(), "-o", img.toString(), "--force").exit());
        assertFalse(Files.readString(img, java.nio.charset.StandardCharsets.ISO_8859_1).equals("keep me"));
    }

    @Test
    void aSizeTooSmallFailsWithoutMakingAFile() throws IOException {
        Path src = tree("src", Instant.now());
        Path img = tmp.resolve("small.img");
        Result r = build(Map.of(), src.toString(), "-o", img.toString(), "--size", "64K");
        assertEquals(1, r.exit(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().contains("nothing was written"), r.output());
        assertFalse(Files.exists(img));
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Path src = tree("src", Instant.now());
        String img = tmp.resolve("u.img").toString();
        for (String[] bad : new String[][] {{"--fat", "13"}, {"--table", "apm"}, {"--size", "-5M"},
                {"--headroom", "lots"}, {"--esp", "--table", "none"}, {"--mode", "dos"}}) {
            Result r = build(Map.of(), with(bad, src.toString(), "-o", img));
            assertEquals(2, r.exit(), String.join(" ", bad) + ": " + r.output());
            assertTrue(r.output().startsWith("kernkit") || r.output().contains("Usage"), r.output());
        }
        Result r = build(Map.of("SOURCE_DATE_EPOCH", "yesterday"), src.toString(), "-o", img);
        assertEquals(2, r.exit(), r.output());
        assertFalse(Files.exists(Path.of(img)));
    }

    private static String[] with(String[] options, String... args) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(options)).toArray(String[]::new);
    }
}
