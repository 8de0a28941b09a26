package org.kernkit.vfat.partition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

/** Encodes and decodes sector 0 (an MBR or a GPT's protective MBR): the one codec of that format. */
final class MbrCodec {

    private MbrCodec() {}

    private static final long U32_MAX = 0xFFFFFFFFL;

    /**
     * Decodes and validates an MBR.
     *
     * @throws PartitionTableException on a bad signature, a bad status byte, an entry of zero sectors, or the
     *                                 checks of {@link MbrTable}
     */
    static MbrTable decode(byte[] sector0, long diskSectors) throws PartitionTableException {
        if (!MbrDescriptor.hasSignature(sector0)) {
            throw new PartitionTableException(signatureProblem(sector0));
        }
        ByteBuffer le = MbrDescriptor.view(sector0);
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < MbrDescriptor.ENTRY_COUNT; i++) {
            int status = sector0[MbrDescriptor.entryOffset(i, MbrDescriptor.STATUS)] & 0xFF;
            int type = sector0[MbrDescriptor.entryOffset(i, MbrDescriptor.TYPE)] & 0xFF;
            long first = le.getInt(MbrDescriptor.entryOffset(i, MbrDescriptor.FIRST_LBA)) & U32_MAX;
            long count = le.getInt(MbrDescriptor.entryOffset(i, MbrDescriptor.SECTOR_COUNT)) & U32_MAX;
            if (status != 0 && status != MbrDescriptor.STATUS_ACTIVE) {
                throw new PartitionTableException(withBootSectorHint(sector0, "MBR entry " + (i + 1)
                        + ": status byte 0x" + hex8(status) + " is neither 0x00 nor 0x80"));
            }
            if (type == 0) {
                continue;
            }
            if (count == 0) {
                throw new PartitionTableException(withBootSectorHint(sector0, "MBR entry " + (i + 1) + ": type 0x"
                        + hex8(type) + " with 0 sectors"));
            }
            partitions.add(Partition.mbr(i + 1, PartitionType.ofMbrCode(type), first, count,
                    status == MbrDescriptor.STATUS_ACTIVE));
        }
        int signature = le.getInt(MbrDescriptor.DISK_SIGNATURE_OFFSET);
        try {
            return MbrTable.of(diskSectors, signature, partitions);
        } catch (PartitionTableException e) {
            throw new PartitionTableException(withBootSectorHint(sector0, e.getMessage()));
        }
    }

    /** Sector 0 with {@code table}'s entries and signature, {@code previous}'s boot code kept. */
    static byte[] encode(MbrTable table, byte[] previous) {
        byte[] sector = freshSector(previous);
        MbrDescriptor.view(sector).putInt(MbrDescriptor.DISK_SIGNATURE_OFFSET, table.diskSignature());
        for (Partition p : table.partitions()) {
            putEntry(sector, p.number() - 1, p.bootable(), p.type().mbrCode().orElseThrow(), p.firstSector(),
                    p.sectorCount());
        }
        return sector;
    }

    /**
     * A protective MBR for a GPT disk of {@code diskSectors} (UEFI: one entry of type 0xEE from LBA 1 over the
     * rest of the disk, capped at 2^32 - 1 sectors, not active; disk signature 0), {@code previous}'s boot code
     * kept.
     */
    static byte[] protective(long diskSectors, byte[] previous) {
        byte[] sector = freshSector(previous);
        putEntry(sector, 0, false, PartitionType.GPT_PROTECTIVE.mbrCode().orElseThrow(), 1,
                Math.min(diskSectors - 1, U32_MAX));
        return sector;
    }

    /** Whether any entry of {@code sector0} has the GPT protective type 0xEE. */
    static boolean hasProtectiveEntry(byte[] sector0) {
        int code = PartitionType.GPT_PROTECTIVE.mbrCode().orElseThrow();
        for (int i = 0; i < MbrDescriptor.ENTRY_COUNT; i++) {
            if ((sector0[MbrDescriptor.entryOffset(i, MbrDescriptor.TYPE)] & 0xFF) == code) {
                return true;
            }
        }
        return false;
    }

    static String signatureProblem(byte[] sector0) {
        return "no partition table: sector 0 ends in 0x" + HexFormat.of().toHexDigits((short) MbrDescriptor
                .signature(sector0)) + " (bytes 510-511 little-endian), not the MBR signature 0xaa55";
    }

    private static byte[] freshSector(byte[] previous) {
        byte[] sector = new byte[MbrDescriptor.SIZE];
        System.arraycopy(previous, 0, sector, 0, MbrDescriptor.BOOT_CODE_LENGTH);
        MbrDescriptor.view(sector).putShort(MbrDescriptor.SIGNATURE_OFFSET, (short) MbrDescriptor.SIGNATURE);
        return sector;
    }

    private static void putEntry(byte[] sector, int index, boolean active, int type, long first, long count) {
        sector[MbrDescriptor.entryOffset(index, MbrDescriptor.STATUS)] = (byte) (active ? MbrDescriptor.STATUS_ACTIVE
                : 0);
        MbrDescriptor.putChs(sector, MbrDescriptor.entryOffset(index, MbrDescriptor.FIRST_CHS), first);
        sector[MbrDescriptor.entryOffset(index, MbrDescriptor.TYPE)] = (byte) type;
        MbrDescriptor.putChs(sector, MbrDescriptor.entryOffset(index, MbrDescriptor.LAST_CHS), first + count - 1);
        ByteBuffer le = MbrDescriptor.view(sector);
        le.putInt(MbrDescriptor.entryOffset(index, MbrDescriptor.FIRST_LBA), (int) first);
        le.putInt(MbrDescriptor.entryOffset(index, MbrDescriptor.SECTOR_COUNT), (int) count);
    }

    /**
     * A bare FAT image also ends in 0x55AA; its BPB then reads as nonsense entries. Say so, so that the user
     * learns the image has no partition table rather than a broken one.
     */
    static String withBootSectorHint(byte[] sector0, String problem) {
        int jump = sector0[0] & 0xFF;
        int bytesPerSector = MbrDescriptor.view(sector0).getShort(11) & 0xFFFF;
        boolean looksLikeBootSector = (jump == 0xEB || jump == 0xE9)
                && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048
                        || bytesPerSector == 4096);
        return looksLikeBootSector
                ? problem + " (sector 0 looks like a FAT boot sector: the image may be a bare file system without a"
                        + " partition table; open it without a partition number)"
                : problem;
    }

    private static String hex8(int value) {
        return HexFormat.of().toHexDigits((byte) value);
    }
}
