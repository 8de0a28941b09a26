package org.kernkit.vfat;

import java.util.List;

/**
 * The result of {@link FatRepair#repair}: what was repaired (or, in a dry run, would be), what was found and left
 * alone, and what a check of the result still finds.
 *
 * @param actions each repair, one sentence naming the structure, the values and what was done; empty when the
 *     volume needed none
 * @param leftAlone damage found that the repair does not fix (see {@link FatRepair})
 * @param remaining the problems a full check finds after the repair (in a dry run: in the repaired image as it
 *     would be); empty when the result is clean
 * @param written whether anything was written to the device (never in a dry run, nor when nothing needed repair)
 */
public record RepairReport(List<String> actions, List<String> leftAlone, List<String> remaining, boolean written) {

    /**
     * Makes a report, copying the lists so the report is immutable.
     *
     * @param actions each repair
     * @param leftAlone damage not repaired
     * @param remaining problems after the repair
     * @param written whether the device was written
     */
    public RepairReport {
        actions = List.copyOf(actions);
        leftAlone = List.copyOf(leftAlone);
        remaining = List.copyOf(remaining);
    }

    /**
     * Whether the volume is consistent after the repair (or would be, in a dry run).
     *
     * @return true when {@link #remaining()} is empty
     */
    public boolean clean() {
        return remaining.isEmpty();
    }
}
