package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.internal.Directory;

/**
 * The bytes of short entries as fatgen103 lays them out, computed here from the field definitions (date =
 * years since 1980 << 9 | month << 5 | day; time = hour << 11 | minute << 5 | seconds / 2; the creation 10 ms byte
 * = odd second * 100 + hundredths; first cluster high half at 20, low half at 26), not from the code's encoder.
 */
class DirectoryEntryBytesTest {

    @TempDir
    Path tmp;

    private static int le16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    /** The six time fields of a short entry (fatgen103: offsets 13, 14, 16, 18, 22, 24). */
    private static void assertTimeFields(byte[] entry, int creationHundredths, int creationTime, int creationDate,
            int accessDate, int writeTime, int writeDate) {
        assertEquals(creationHundredths, entry[13] & 0xFF, "creation 10 ms units");
        assertEquals(creationTime, le16(entry, 14), "creation time");
        assertEquals(creationDate, le16(entry, 16), "creation date");
        assertEquals(accessDate, le16(entry, 18), "last access date");
        assertEquals(writeTime, le16(entry, 22), "write time");
        assertEquals(writeDate, le16(entry, 24), "write date");
    }

    private static int dosDate(int year, int month, int day) {
        return (year - 1980) << 9 | month << 5 | day;
    }

    private static int dosTime(int hour, int minute, int second) {
        return hour << 11 | minute << 5 | second / 2;
    }

    private FatFileSystem openUtc(Path image) throws Exception {
        return FatFileSystem.open(FileBlockDevice.open(image, false), NamingMode.WINDOWS, false, ZoneOffset.UTC,
                new SplittableRandom(1));
    }

    private Path image(String name) throws Exception {
        Path image = tmp.resolve(name);
        FatFileSystem.format(image, 8 << 20, FormatOptions.defaults()).close();
        return image;
    }

    @Test
    void setTimesWritesEveryDosFieldOfTheShortEntry() throws Exception {
        try (FatFileSystem fs = openUtc(image("times.img"))) {
            fs.writeAllBytes("/f.txt", new byte[] {1});
            fs.setTimes("/f.txt", FileTime.from(Instant.parse("2021-03-04T05:06:07.89Z")),
                    FileTime.from(Instant.parse("2022-11-12T13:14:16Z")),
                    FileTime.from(Instant.parse("2023-07-08T09:10:11Z")));
            byte[] entry = RawEntries.of(fs, "/f.txt").getLast();
            // creation 10 ms units: odd second + 89 hundredths
            assertTimeFields(entry, 100 + 89, dosTime(5, 6, 7), dosDate(2021, 3, 4), dosDate(2023, 7, 8),
                    dosTime(13, 14, 16), dosDate(2022, 11, 12));
            assertEquals(1, le16(entry, 28), "size");
        }
    }

    @Test
    void aNewDirectoryClusterHoldsDotAndDotDotAndZeroesElsewhere() {
        byte[] cluster = new byte[1024];
        Arrays.fill(cluster, (byte) 0x5A);
        LocalDateTime now = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 990_000_000);
        Directory.initialiseNew(cluster, 0x1_2345, 0x67, now);

        byte[] dot = Arrays.copyOfRange(cluster, 0, 32);
        byte[] dotDot = Arrays.copyOfRange(cluster, 32, 64);
        assertEquals(".          ", new String(dot, 0, 11, StandardCharsets.US_ASCII));
        assertEquals("..         ", new String(dotDot, 0, 11, StandardCharsets.US_ASCII));
        for (byte[] e : List.of(dot, dotDot)) {
            assertEquals(0x10, e[11], "directory attribute");
            assertEquals(0, e[12], "NTRes");
            int time = dosTime(23, 59, 59);
            int date = dosDate(2024, 2, 29);
            assertTimeFields(e, 100 + 99, time, date, date, time, date);
            assertEquals(0, le16(e, 28) | le16(e, 30), "a directory's size field is 0");
        }
        assertEquals(0x0001, le16(dot, 20), "'.' first cluster, high half");
        assertEquals(0x2345, le16(dot, 26), "'.' first cluster, low half");
        assertEquals(0, le16(dotDot, 20), "'..' first cluster, high half");
        assertEquals(0x67, le16(dotDot, 26), "'..' first cluster, low half");
        assertArrayEquals(new byte[1024 - 64], Arrays.copyOfRange(cluster, 64, 1024), "the rest is zeroed");
    }

    /** The root's slots that are in use and carry the volume-id attribute, each as its 11 name bytes. */
    private static List<String> labelEntries(FatFileSystem fs) throws Exception {
        fs.flush();
        Directory root = Directory.load(fs.volume(), 0, "/");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < root.endSlot(); i++) {
            byte[] slot = root.slotBytes(i);
            if ((slot[0] & 0xFF) != 0xE5 && slot[11] == 0x08) {
                labels.add(new String(slot, 0, 11, StandardCharsets.ISO_8859_1));
            }
        }
        return labels;
    }

    @Test
    void replacingTheVolumeLabelFreesTheOldEntryAndRemovingItLeavesNone() throws Exception {
        Path image = image("label.img");
        try (FatFileSystem fs = openUtc(image)) {
            fs.writeAllBytes("/before.txt", new byte[] {1});
            fs.setVolumeLabel("FIRST");
            fs.setVolumeLabel("SECOND");
            assertEquals(List.of("SECOND     "), labelEntries(fs));
            assertEquals("SECOND", fs.volumeLabel());
        }
        try (FatFileSystem fs = openUtc(image)) {
            assertEquals("SECOND", fs.volumeLabel(), "after reopening");
            assertEquals(List.of("before.txt"), fs.list("/").stream().map(FatEntry::name).toList(),
                    "the label is not listed as a file");
            fs.setVolumeLabel("");
            assertEquals(List.of(), labelEntries(fs));
            assertEquals("", fs.volumeLabel());
            assertNull(Directory.load(fs.volume(), 0, "/").volumeLabel());
            fs.setVolumeLabel("THIRD");
            assertEquals(List.of("THIRD      "), labelEntries(fs));
        }
    }
}
