package org.kernkit.vfat;

import java.util.List;

/**
 * The result of {@link FatFileSystem#check()}: every inconsistency found, each naming the structure and values.
 *
 * @param problems what is wrong; empty for a consistent volume
 * @param files regular files visited
 * @param directories directories visited (root included)
 * @param usedClusters clusters owned by some file or directory
 */
public record CheckReport(List<String> problems, long files, long directories, long usedClusters) {

    /**
     * Makes a report, copying {@code problems} so the report is immutable.
     *
     * @param problems what is wrong; empty for a consistent volume
     * @param files regular files visited
     * @param directories directories visited (root included)
     * @param usedClusters clusters owned by some file or directory
     */
    public CheckReport {
        problems = List.copyOf(problems);
    }

    /**
     * Whether no problem was found.
     *
     * @return true when {@link #problems()} is empty
     */
    public boolean clean() {
        return problems.isEmpty();
    }
}
