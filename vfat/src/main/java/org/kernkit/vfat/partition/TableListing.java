package org.kernkit.vfat.partition;

import java.util.List;
import java.util.Locale;

/** The text of {@link PartitionTable#describe()}, shared by both table kinds. */
final class TableListing {

    private TableListing() {}

    static String describe(String heading, List<Partition> partitions, List<String> warnings, boolean gpt) {
        StringBuilder out = new StringBuilder(heading).append('\n');
        out.append(String.format(Locale.ROOT, "%-3s %12s %12s %12s %9s  %-4s %s%n", "#", "start", "end",
                "sectors", "size", "boot", gpt ? "type / name / GUID" : "type"));
        for (Partition p : partitions) {
            out.append(String.format(Locale.ROOT, "%-3d %12d %12d %12d %9s  %-4s %s", p.number(),
                    p.firstSector(), p.lastSector(), p.sectorCount(), size(p.sizeBytes()), p.bootable() ? "*" : "",
                    p.type().name()));
            if (gpt) {
                out.append(" / \"").append(p.name()).append("\" / ").append(p.uniqueGuid());
            }
            out.append('\n');
        }
        for (String warning : warnings) {
            out.append("warning: ").append(warning).append('\n');
        }
        return out.toString();
    }

    private static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
