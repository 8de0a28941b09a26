package org.kernkit.cli.checkpoint;

import java.nio.file.Path;
import org.kernkit.cli.SizeOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a command that reports on a job directory without changing it ({@code checkpoint status},
 * {@code checkpoint list}): the directory, {@code --json}, and {@code -h} sizes with {@code --help}.
 */
final class JobDirectoryReport {

    @Option(names = "--dir", required = true, description = "The job's directory.")
    Path dir;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    SizeOptions sizes = new SizeOptions();
}
