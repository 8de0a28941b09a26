package org.kernkit.checkpoint.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run record {@code .kkc-run} as a file: its limits, its round trip at the largest size, and every way a
 * damaged or misplaced record is refused (by hand-built bytes, so each check is reached on its own).
 */
class RunRecordTest {

    @TempDir
    Path dir;

    private static final UUID RUN = new UUID(0x0123456789abcdefL, 0x0fedcba987654321L);

    /** The fields of a record before its CRC, as the layout in {@link RunIdentity} gives them. */
    private static StateWriter fields(long magic, int version, String job, int count, byte[]... arguments) {
        StateWriter out = new StateWriter(64);
        out.putLong(magic);
        out.putInt(version);
        out.putLong(RUN.getMostSignificantBits());
        out.putLong(RUN.getLeastSignificantBits());
        out.putName(job);
        out.putLong(77);
        out.putInt(count);
        for (byte[] argument : arguments) {
            out.putBlob(argument);
        }
        return out;
    }

    /** Appends the CRC32C of everything before it, as a valid record ends. */
    private static byte[] sealed(StateWriter out) {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return Arrays.copyOf(out.array(), out.position());
    }

    private ImageFormatException refused(byte[] bytes) throws IOException {
        Files.write(dir.resolve(RunIdentity.FILE_NAME), bytes);
        return assertThrows(ImageFormatException.class, () -> RunIdentity.read(dir));
    }

    @Test
    void aDirectoryWithoutARecordHasNone() throws IOException {
        assertNull(RunIdentity.read(dir));
    }

    @Test
    void aRecordWithLaunchArgumentsReadsBackEqual() throws IOException {
        RunIdentity written = new RunIdentity(RUN, "job", 5, List.of("--size", "1000", ""));
        written.write(dir);
        assertEquals(written, RunIdentity.read(dir));
    }

    @Test
    void theLargestRecordTheLimitsAllowReadsBack() throws IOException {
        List<String> launch = new ArrayList<>();
        for (int i = 0; i < RunIdentity.MAX_LAUNCH_ARGUMENTS; i++) {
            launch.add(String.valueOf((char) ('a' + i % 26)).repeat(RunIdentity.MAX_LAUNCH_ARGUMENT_BYTES));
        }
        RunIdentity written = new RunIdentity(RUN, "j".repeat(ImageDescriptor.MAX_NAME_BYTES), -1, launch);
        written.write(dir);
        assertEquals(written, RunIdentity.read(dir));
    }

    @Test
    void aFileLargerThanTheLargestRecordIsRefusedBeforeReadingIt() throws IOException {
        int largest = 8 + 4 + 16 + 2 + ImageDescriptor.MAX_NAME_BYTES + 8 + 4
                + RunIdentity.MAX_LAUNCH_ARGUMENTS * (4 + RunIdentity.MAX_LAUNCH_ARGUMENT_BYTES) + 4;
        ImageFormatException e = refused(new byte[largest + 1]);
        assertTrue(e.getMessage().contains("is " + (largest + 1) + " bytes, more than the " + largest), e.getMessage());
    }

    @Test
    void theMostLaunchArgumentsAreAcceptedAndOneMoreIsRefused() {
        List<String> most = java.util.Collections.nCopies(RunIdentity.MAX_LAUNCH_ARGUMENTS, "x");
        assertEquals(RunIdentity.MAX_LAUNCH_ARGUMENTS, new RunIdentity(RUN, "j", 0, most).launch().size());
        List<String> tooMany = java.util.Collections.nCopies(RunIdentity.MAX_LAUNCH_ARGUMENTS + 1, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunIdentity(RUN, "j", 0, tooMany));
        assertEquals("65 launch arguments exceed 64", e.getMessage());
    }

    @Test
    void theLongestLaunchArgumentIsAcceptedAndOneByteMoreIsRefused() {
        String longest = "x".repeat(RunIdentity.MAX_LAUNCH_ARGUMENT_BYTES);
        assertEquals(longest, new RunIdentity(RUN, "j", 0, List.of(longest)).launch().getFirst());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunIdentity(RUN, "j", 0, List.of(longest + "x")));
        assertEquals("launch argument of 65537 bytes exceeds 65536", e.getMessage());
    }

    @Test
    void theFingerprintDependsOnTheProgramsAndTheirVersionsButNotOnTheirOrder() {
        Map<String, Integer> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Integer> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertEquals(RunIdentity.fingerprint(ab), RunIdentity.fingerprint(ba));
        assertNotEquals(RunIdentity.fingerprint(ab), RunIdentity.fingerprint(Map.of("a", 1, "b", 3)));
        assertNotEquals(RunIdentity.fingerprint(ab), RunIdentity.fingerprint(Map.of("a", 1)));
    }

    @Test
    void aRecordWhereADirectoryIsIsRefusedNamingWhatIsThere() throws IOException {
        Files.createDirectory(dir.resolve(RunIdentity.FILE_NAME));
        IOException e = assertThrows(IOException.class, () -> RunIdentity.read(dir));
        assertTrue(e.getMessage().contains("is a directory, not a regular file"), e.getMessage());
    }

    @Test
    void aTemporaryRecordWhereADirectoryIsStopsTheWriteNamingWhatIsThere() throws IOException {
        Files.createDirectory(dir.resolve(RunIdentity.FILE_NAME + ".tmp"));
        IOException e = assertThrows(IOException.class, () -> new RunIdentity(RUN, "j", 0, List.of()).write(dir));
        assertTrue(e.getMessage().contains("is a directory, not a regular file"), e.getMessage());
        assertNull(RunIdentity.read(dir), "no record was written");
    }

    @Test
    void aRecordTooShortToHoldItsCrcIsRefused() throws IOException {
        assertTrue(refused(new byte[3]).getMessage().endsWith(": 3 bytes, too short to be a run record"));
    }

    @Test
    void aRecordOfOnlyAValidCrcIsRefusedAsTruncatedNotAsTooShort() throws IOException {
        // Four zero bytes: the CRC32C of nothing is 0, so the CRC matches and the magic is missing.
        ImageFormatException e = refused(new byte[4]);
        assertTrue(!e.getMessage().contains("too short") && !e.getMessage().contains("CRC32C"), e.getMessage());
    }

    @Test
    void aCorruptRecordIsRefusedByItsCrcAtTheCrcsOffset() throws IOException {
        byte[] bytes = sealed(fields(RunIdentity.RUN_RECORD_MAGIC, 1, "job", 0));
        bytes[20] ^= 1;
        ImageFormatException e = refused(bytes);
        assertTrue(e.getMessage().endsWith(": CRC32C mismatch: the record is corrupt"), e.getMessage());
        assertEquals(bytes.length - 4, e.offset());
    }

    @Test
    void aRecordOfAnotherVersionIsRefused() throws IOException {
        ImageFormatException e = refused(sealed(fields(RunIdentity.RUN_RECORD_MAGIC, 2, "job", 0)));
        assertTrue(e.getMessage().contains("version 2 is not a version 1 run record"), e.getMessage());
    }

    @Test
    void aRecordClaimingTooManyLaunchArgumentsIsRefusedAtItsCount() throws IOException {
        byte[][] empty = new byte[RunIdentity.MAX_LAUNCH_ARGUMENTS + 1][0];
        ImageFormatException e = refused(sealed(fields(RunIdentity.RUN_RECORD_MAGIC, 1, "job", empty.length, empty)));
        assertTrue(e.getMessage().contains("65 launch arguments exceed 64"), e.getMessage());
        // magic, version, run id, name length and "job", fingerprint: the count follows.
        assertEquals(8 + 4 + 16 + 2 + 3 + 8, e.offset());
    }

    @Test
    void aRecordWithBytesAfterItsLastArgumentIsRefused() throws IOException {
        StateWriter out = fields(RunIdentity.RUN_RECORD_MAGIC, 1, "job", 1, "a".getBytes(StandardCharsets.UTF_8));
        out.putByte(0);
        ImageFormatException e = refused(sealed(out));
        assertTrue(e.getMessage().contains("1 unexpected bytes after the last field"), e.getMessage());
    }

    @Test
    void theShortIdIsTheFirstEightHexDigitsOfTheRunId() {
        assertEquals("01234567", new RunIdentity(RUN, "j", 0, List.of()).shortId());
    }
}
