package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.internal.BootSectorDescriptor;
import org.kernkit.vfat.internal.FsInfoDescriptor;
import org.kernkit.vfat.internal.LittleEndian;
import org.kernkit.vfat.internal.LongNameEntryDescriptor;
import org.kernkit.vfat.internal.VolumeLayout;

/** Descriptor offsets checked against bytes written by independent tools and known values. */
class DescriptorRoundTripTest {

    @TempDir
    Path tmp;

    private static long field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in\n" + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void bootSectorOfMkfsFat32ParsesToTheGeometryFsckReports() throws Exception {
        Path image = tmp.resolve("f32.img");
        assertEquals(0, OracleTools.run("mkfs.fat", "-C", "-F", "32", "-s", "1", "-n", "LABEL32", image.toString(),
                "40000").exit());
        String fsck = OracleTools.run("fsck.fat", "-n", "-v", image.toString()).output();
        byte[] boot = Arrays.copyOf(Files.readAllBytes(image), 512);
        VolumeLayout layout = VolumeLayout.parse(boot, Files.size(image));
        assertEquals(FatType.FAT32, layout.type);
        assertEquals(field(fsck, "(\\d+) reserved sectors"), layout.reservedSectors);
        assertEquals(field(fsck, "(\\d+) data clusters"), layout.clusterCount);
        assertEquals(field(fsck, "First FAT starts at byte (\\d+)"), layout.fatOffset(0));
        assertEquals(field(fsck, "Data area starts at byte (\\d+)"), layout.clusterOffset(2));
        assertEquals(field(fsck, "(\\d+) sectors total"), layout.totalSectors);
        assertEquals("LABEL32    ", new String(boot, BootSectorDescriptor.volumeLabelOffset(true), 11,
                StandardCharsets.ISO_8859_1));
        byte[] info = Arrays.copyOfRange(Files.readAllBytes(image), 512, 1024);
        assertTrue(FsInfoDescriptor.isValid(info));
    }

    @Test
    void bootSectorOfMkfsFat12ParsesToTheGeometryFsckReports() throws Exception {
        Path image = tmp.resolve("f12.img");
        assertEquals(0, OracleTools.run("mkfs.fat", "-C", "-F", "12", image.toString(), "1440").exit());
        String fsck = OracleTools.run("fsck.fat", "-n", "-v", image.toString()).output();
        byte[] boot = Arrays.copyOf(Files.readAllBytes(image), 512);
        VolumeLayout layout = VolumeLayout.parse(boot, Files.size(image));
        assertEquals(FatType.FAT12, layout.type);
        assertEquals(field(fsck, "(\\d+) root directory entries"), layout.rootEntryCount);
        assertEquals(field(fsck, "Root directory starts at byte (\\d+)"), layout.rootDirOffset());
        assertEquals(field(fsck, "(\\d+) data clusters"), layout.clusterCount);
    }

    @Test
    void lfnChecksumMatchesTheSpecExample() {
        // Computed by hand with sum = ((sum & 1) << 7 | sum >> 1) + byte over "README  TXT".
        byte[] name = "README  TXT".getBytes(StandardCharsets.ISO_8859_1);
        int sum = 0;
        for (byte b : name) {
            sum = ((((sum & 1) << 7) | (sum >> 1)) + (b & 0xFF)) & 0xFF;
        }
        assertEquals(sum, LongNameEntryDescriptor.checksum(name, 0));
    }

    @Test
    void lfnChecksumMatchesTheOneMtoolsWrote() throws Exception {
        Path image = tmp.resolve("lfn.img");
        assertEquals(0, OracleTools.run("mkfs.fat", "-C", "-F", "12", image.toString(), "1440").exit());
        Path src = tmp.resolve("s");
        Files.writeString(src, "s");
        assertEquals(0, OracleTools.run("mcopy", "-i", image.toString(), src.toString(), "::/A long name.text").exit());
        byte[] all = Files.readAllBytes(image);
        VolumeLayout layout = VolumeLayout.parse(Arrays.copyOf(all, 512), all.length);
        int root = (int) layout.rootDirOffset();
        int slot = root;
        while ((all[slot + 11] & 0x3F) == 0x0F) {
            slot += 32;
        }
        assertTrue(slot > root, "mtools wrote long name entries");
        assertEquals(all[root + 13] & 0xFF, LongNameEntryDescriptor.checksum(all, slot));
    }

    @Test
    void fsInfoSignaturesAreAtTheirOffsets() {
        byte[] sector = new byte[512];
        FsInfoDescriptor.write(sector, 1234, 56);
        assertEquals('R', sector[0]);
        assertEquals('A', sector[3]);
        assertEquals('r', sector[484]);
        assertEquals((byte) 0xAA, sector[511]);
        assertEquals(1234, LittleEndian.u32(sector, 488));
    }

    @Test
    void aBootSectorWithoutSignatureIsRejectedNamingTheBytes() {
        byte[] boot = new byte[512];
        CorruptImageException e = assertThrows(CorruptImageException.class, () -> VolumeLayout.parse(boot, 1 << 20));
        assertTrue(e.getMessage().contains("00 00"), e.getMessage());
    }
}
