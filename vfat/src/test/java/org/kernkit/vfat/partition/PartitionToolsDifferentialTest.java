package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FormatOptions;

/**
 * Our tables and the FATs inside them against sfdisk, sgdisk, mtools and fsck.fat, and the other way round:
 * disks those tools made, read through this library.
 */
class PartitionToolsDifferentialTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------------------------------
    // Our disks, judged by the tools

    @Test
    void ourMbrDiskPassesSfdiskVerify() throws Exception {
        Path image = ourMbrDisk();
        assertEquals(List.of(), sfdiskComplaints(image));
    }

    @Test
    void ourGptDiskPassesSfdiskVerifyAndSgdiskV() throws Exception {
        Path image = ourGptDisk();
        assertEquals(List.of(), sfdiskComplaints(image));
        assertEquals(List.of(), sgdiskComplaints(image));
    }

    @Test
    void sfdiskListsOurMbrPartitionsAsWeWroteThem() throws Exception {
        Path image = ourMbrDisk();
        assertEquals(dumpOf(readTable(image)), sfdiskDump(image));
    }

    @Test
    void sfdiskListsOurGptPartitionsAndGuidsAsWeWroteThem() throws Exception {
        Path image = ourGptDisk();
        PartitionTable table = readTable(image);
        assertEquals(dumpOf(table), sfdiskDump(image));
        String labelId = PartitionTools.runOk("sfdisk", "--dump", image.toString()).lines()
                .filter(l -> l.startsWith("label-id:")).findFirst().orElseThrow();
        assertEquals("label-id: " + ((GptTable) table).diskGuid().toString().toUpperCase(Locale.ROOT), labelId);
    }

    @Test
    void fatInOurGptPartitionIsReadByMtoolsAndPassesFsck() throws Exception {
        Path image = ourGptDisk();
        Partition esp = readTable(image).partition(1);
        Map<String, byte[]> files = writeFiles(image, esp, FatType.FAT16);
        checkWithTools(image, esp, files);
    }

    @Test
    void fat32InOurMbrPartitionIsReadByMtoolsAndPassesFsck() throws Exception {
        Path image = ourMbrDisk();
        Partition data = readTable(image).partition(2);
        Map<String, byte[]> files = writeFiles(image, data, FatType.FAT32);
        checkWithTools(image, data, files);
    }

    @Test
    void fatWeFormatInAPartitionRecordsItsStartAsHiddenSectorsAsMkfsFatDashHDoes() throws Exception {
        Path image = ourGptDisk();
        Partition data = readTable(image).partition(2);
        writeFiles(image, data, FatType.FAT16);
        assertEquals(data.firstSector(), hiddenSectors(image, data), "BPB_HiddSec of our format");
        checkWithTools(image, data, Map.of());
        // mkfs.fat --offset alone writes 0 on an image file (it only probes hidden sectors on a partition device);
        // -h says where the partition starts, and then it writes what we write.
        PartitionTools.runOk("mkfs.fat", "-F", "16", "--offset", Long.toString(data.firstSector()), "-h",
                Long.toString(data.firstSector()), image.toString(), Long.toString(data.sizeBytes() / 1024));
        assertEquals(data.firstSector(), hiddenSectors(image, data), "BPB_HiddSec of mkfs.fat --offset -h");
    }

    @Test
    void explicitHiddenSectorsWinOverThePartitionStart() throws Exception {
        Path image = ourMbrDisk();
        Partition first = readTable(image).partition(1);
        try (FatFileSystem fs = FatFileSystem.format(
                PartitionBlockDevice.owning(FileBlockDevice.open(image, false), first),
                FormatOptions.builder().hiddenSectors(63).build())) {
            assertEquals(FatType.FAT16, fs.type());
        }
        assertEquals(63, hiddenSectors(image, first));
        checkWithTools(image, first, Map.of());
    }

    /** BPB_HiddSec (bytes 28..31 of the partition's boot sector), read from the disk's bytes. */
    private static long hiddenSectors(Path image, Partition partition) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(image)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, partition.firstByte() + 28);
            return b.getInt(0) & 0xFFFFFFFFL;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Byte for byte: the same layout written by us and by the tool

    @Test
    void ourMbrSectorIsByteIdenticalToSfdisksForTheSameLayout() throws Exception {
        Path theirs = sparseFile(64 * MIB);
        PartitionTools.Result r = PartitionTools.runWithInput("label: dos\nlabel-id: 0x12345678\n"
                + "start=2048, size=32768, type=e, bootable\nstart=34816, type=c\n", "sfdisk", "-q", theirs.toString());
        assertEquals(0, r.exit(), r.output());
        MemoryDisk ours = new MemoryDisk(64 * MIB / 512);
        MbrTable.builder(ours.sectorCount()).diskSignature(0x12345678)
                .add(PartitionType.FAT16_LBA, 16 * MIB, true)
                .addRemaining(PartitionType.FAT32_LBA, false)
                .build().write(ours);
        assertArrayEquals(sectors(theirs, 0, 1), Arrays.copyOf(ours.bytes, 512), "sector 0, CHS included");
    }

    @Test
    void ourGptIsByteIdenticalToSgdisksForTheSameLayoutAndGuids() throws Exception {
        Path theirs = sparseFile(64 * MIB);
        UUID disk = UUID.fromString("11111111-2222-4333-8444-555555555555");
        UUID esp = UUID.fromString("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
        UUID data = UUID.fromString("12345678-1234-4234-8234-123456789abc");
        PartitionTools.runOk("sgdisk", "-U", disk.toString(),
                "-n", "1:2048:67583", "-t", "1:ef00", "-c", "1:EFI system partition", "-u", "1:" + esp,
                "-n", "2:67584:129023", "-t", "2:0700", "-c", "2:data", "-u", "2:" + data, theirs.toString());
        MemoryDisk ours = new MemoryDisk(64 * MIB / 512);
        GptTable.of(ours.sectorCount(), disk, List.of(
                Partition.gpt(1, PartitionType.EFI_SYSTEM, 2048, 65536, esp, "EFI system partition", false, 0),
                Partition.gpt(2, PartitionType.MICROSOFT_BASIC_DATA, 67584, 61440, data, "data", false, 0)))
                .write(ours);
        long n = ours.sectorCount();
        assertArrayEquals(sectors(theirs, 0, 34), Arrays.copyOf(ours.bytes, 34 * 512),
                "protective MBR, primary header and array");
        assertArrayEquals(sectors(theirs, n - 33, 33), Arrays.copyOfRange(ours.bytes, (int) (n - 33) * 512,
                (int) n * 512), "backup array and header");
    }

    private static byte[] sectors(Path image, long first, int count) throws IOException {
        try (FileBlockDevice device = FileBlockDevice.open(image, true)) {
            byte[] bytes = new byte[count * 512];
            device.read(first, java.nio.ByteBuffer.wrap(bytes));
            return bytes;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tools' disks, read by us

    @Test
    void sfdiskMbrDiskWithMkfsFatReadsBackIdentical() throws Exception {
        Path image = sparseFile(80 * MIB);
        PartitionTools.Result r = PartitionTools.runWithInput(
                "label: dos\nstart=2048, size=32768, type=e, bootable\nstart=34816, type=c\n",
                "sfdisk", "-q", image.toString());
        assertEquals(0, r.exit(), r.output());
        toolsRoundTrip(image, 1, "16");
        toolsRoundTrip(image, 2, "32");
    }

    @Test
    void sgdiskGptDiskWithMkfsFatReadsBackIdentical() throws Exception {
        Path image = sparseFile(80 * MIB);
        PartitionTools.runOk("sgdisk", "-n", "1:2048:+16M", "-t", "1:ef00", "-c", "1:EFI system", "-n", "2:0:0",
                "-t", "2:0700", "-c", "2:data", image.toString());
        toolsRoundTrip(image, 1, "16");
        toolsRoundTrip(image, 2, "32");
    }

    // ---------------------------------------------------------------------------------------------------------

    private Path ourMbrDisk() throws IOException {
        Path image = dir.resolve("mbr.img");
        try (FileBlockDevice disk = FileBlockDevice.create(image, 64 * MIB)) {
            MbrTable.builder(disk.sectorCount()).random(new SplittableRandom(11))
                    .add(PartitionType.FAT16_LBA, 16 * MIB, true)
                    .addRemaining(PartitionType.FAT32_LBA, false)
                    .build().write(disk);
        }
        return image;
    }

    private Path ourGptDisk() throws IOException {
        Path image = dir.resolve("gpt.img");
        try (FileBlockDevice disk = FileBlockDevice.create(image, 64 * MIB)) {
            GptTable.builder(disk.sectorCount()).seed(11)
                    .add(PartitionType.EFI_SYSTEM, 32 * MIB, "EFI system partition")
                    .addRemaining(PartitionType.MICROSOFT_BASIC_DATA, "data")
                    .build().write(disk);
        }
        return image;
    }

    private Path sparseFile(long bytes) throws IOException {
        Path image = dir.resolve("tools.img");
        try (FileBlockDevice disk = FileBlockDevice.create(image, bytes)) {
            disk.flush();
        }
        return image;
    }

    private static PartitionTable readTable(Path image) throws IOException {
        try (FileBlockDevice disk = FileBlockDevice.open(image, true)) {
            PartitionTable table = PartitionTable.read(disk);
            assertEquals(List.of(), table.warnings());
            return table;
        }
    }

    /** Formats {@code partition} with our library and writes a few files, one in a subdirectory. */
    private static Map<String, byte[]> writeFiles(Path image, Partition partition, FatType type) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/README.TXT", "written by kernkit inside a partition\n".getBytes(StandardCharsets.US_ASCII));
        byte[] big = new byte[300_000];
        new SplittableRandom(5).nextBytes(big);
        files.put("/EFI/BOOT/Big Binary.bin", big);
        try (FatFileSystem fs = FatFileSystem.format(
                PartitionBlockDevice.owning(FileBlockDevice.open(image, false), partition),
                FormatOptions.builder().fatType(type).volumeLabel("KERNKIT").build())) {
            fs.createDirectories("/EFI/BOOT");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                fs.writeAllBytes(f.getKey(), f.getValue());
            }
        }
        return files;
    }

    private void checkWithTools(Path image, Partition partition, Map<String, byte[]> files) throws Exception {
        String at = image + "@@" + partition.firstByte();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path out = dir.resolve("out.bin");
            Files.deleteIfExists(out);
            PartitionTools.runOk("mcopy", "-n", "-i", at, "::" + f.getKey(), out.toString());
            assertArrayEquals(f.getValue(), Files.readAllBytes(out), f.getKey() + " through mcopy at @@offset");
        }
        Path extracted = extract(image, partition);
        PartitionTools.Result fsck = PartitionTools.run("fsck.fat", "-n", extracted.toString());
        assertEquals(0, fsck.exit(), fsck.output());
        List<String> complaints = new ArrayList<>();
        for (String line : fsck.output().split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("fsck.fat ") && !t.startsWith("Checking we can access the last sector")
                    && !t.matches(".*: \\d+ files, \\d+/\\d+ clusters")) {
                complaints.add(t);
            }
        }
        assertEquals(List.of(), complaints, "fsck.fat -n on the partition's bytes");
        assertEquals(List.of(), readTable(image).warnings(), "formatting left the table alone");
    }

    /** The partition's bytes in a file of their own (no loop device needed). */
    private Path extract(Path image, Partition partition) throws IOException {
        Path out = dir.resolve("partition-" + partition.number() + ".img");
        try (InputStream in = Files.newInputStream(image); OutputStream o = Files.newOutputStream(out)) {
            in.skipNBytes(partition.firstByte());
            byte[] buffer = new byte[1 << 16];
            long left = partition.sizeBytes();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                o.write(buffer, 0, n);
                left -= n;
            }
        }
        return out;
    }

    /**
     * mkfs.fat --offset formats partition {@code number} of a disk the tools partitioned, mcopy/mmd fill it at
     * @@offset, and we read the same table (compared with sfdisk --dump) and the same files.
     */
    private void toolsRoundTrip(Path image, int number, String fatBits) throws Exception {
        PartitionTable table = readTable(image);
        assertEquals(sfdiskDump(image), dumpOf(table), "our reading of the tool's table");
        Partition p = table.partition(number);
        PartitionTools.runOk("mkfs.fat", "-F", fatBits, "--offset", Long.toString(p.firstSector()), "-n", "TOOLS",
                image.toString(), Long.toString(p.sizeBytes() / 1024));
        String at = image + "@@" + p.firstByte();
        byte[] small = ("partition " + number + " by mcopy\n").getBytes(StandardCharsets.US_ASCII);
        byte[] big = new byte[200_000 + number];
        new SplittableRandom(number).nextBytes(big);
        Path smallFile = dir.resolve("small.txt");
        Path bigFile = dir.resolve("a long name.bin");
        Files.write(smallFile, small);
        Files.write(bigFile, big);
        PartitionTools.runOk("mmd", "-i", at, "::/sub");
        PartitionTools.runOk("mcopy", "-i", at, smallFile.toString(), "::/small.txt");
        PartitionTools.runOk("mcopy", "-i", at, bigFile.toString(), "::/sub/a long name.bin");
        try (FatFileSystem fs = FatFileSystem.openReadOnly(
                PartitionTable.openPartition(FileBlockDevice.open(image, true), number))) {
            assertEquals("TOOLS", fs.volumeLabel().strip());
            assertArrayEquals(small, fs.readAllBytes("/small.txt"));
            assertArrayEquals(big, fs.readAllBytes("/sub/a long name.bin"));
            assertTrue(fs.check().clean(), fs.check().toString());
        }
    }

    /** Every line of {@code sfdisk --verify} that is not one of its clean-disk summaries. */
    static List<String> sfdiskComplaints(Path image) throws Exception {
        PartitionTools.Result r = PartitionTools.run("sfdisk", "--verify", image.toString());
        List<String> complaints = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.equals(image + ":") || t.equals("No errors detected.")
                    || t.matches("Header version: 1\\.0") || t.matches("Using \\d+ out of \\d+ partitions\\.")
                    || t.matches("A total of \\d+ free sectors is available in \\d+ segments?"
                            + "( \\(the largest is [^)]*\\))?\\.")
                    || t.matches("Remaining \\d+ unallocated 512-byte sectors\\.")) {
                continue;
            }
            complaints.add(t);
        }
        if (r.exit() != 0) {
            complaints.add("exit " + r.exit());
        }
        if (!r.output().contains("No errors detected.")) {
            complaints.add("no \"No errors detected.\" in: " + r.output());
        }
        return complaints;
    }

    /** {@code sgdisk -v}: must say "No problems found." and nothing that warns. */
    static List<String> sgdiskComplaints(Path image) throws Exception {
        PartitionTools.Result r = PartitionTools.run("sgdisk", "-v", image.toString());
        List<String> complaints = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("warning") || lower.contains("problem:") || lower.contains("caution")
                    || lower.contains("error") || lower.contains("corrupt")) {
                complaints.add(line.strip());
            }
        }
        if (r.exit() != 0 || !r.output().contains("No problems found.")) {
            complaints.add("exit " + r.exit() + ": " + r.output());
        }
        return complaints;
    }

    private static final Pattern DUMP_LINE = Pattern.compile(
            ".*?(\\d+) : start=\\s*(\\d+), size=\\s*(\\d+), type=([0-9A-Fa-f-]+)(, uuid=([0-9A-F-]+))?"
                    + "(, name=\"([^\"]*)\")?(, bootable)?.*");

    /** {@code sfdisk --dump} reduced to one line per partition: number, start, size, type, GUID, name, bootable. */
    private static List<String> sfdiskDump(Path image) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : PartitionTools.runOk("sfdisk", "--dump", image.toString()).split("\n")) {
            Matcher m = DUMP_LINE.matcher(line);
            if (line.startsWith(image.toString()) && m.matches()) {
                lines.add(String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4).toUpperCase(Locale.ROOT),
                        m.group(6) == null ? "-" : m.group(6), m.group(8) == null ? "" : m.group(8),
                        m.group(9) == null ? "" : "bootable"));
            }
        }
        return lines;
    }

    /** Our table in the shape of {@link #sfdiskDump}. */
    private static List<String> dumpOf(PartitionTable table) {
        List<String> lines = new ArrayList<>();
        for (Partition p : table.partitions()) {
            String type = p.uniqueGuid() == null
                    ? Integer.toHexString(p.type().mbrCode().getAsInt()).toUpperCase(Locale.ROOT)
                    : p.type().gptGuid().orElseThrow().toString().toUpperCase(Locale.ROOT);
            lines.add(String.join(" ", Integer.toString(p.number()), Long.toString(p.firstSector()),
                    Long.toString(p.sectorCount()), type,
                    p.uniqueGuid() == null ? "-" : p.uniqueGuid().toString().toUpperCase(Locale.ROOT), p.name(),
                    p.bootable() && p.uniqueGuid() == null ? "bootable" : ""));
        }
        return lines;
    }

}
