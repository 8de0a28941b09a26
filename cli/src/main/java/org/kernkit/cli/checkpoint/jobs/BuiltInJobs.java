package org.kernkit.cli.checkpoint.jobs;

import java.util.List;
import org.kernkit.checkpoint.Job;

/** The jobs {@code kernkit checkpoint run} knows by name, which the tour and the CLI tests run too. */
public final class BuiltInJobs {

    /** Lines the pipeline generates by default. */
    public static final long DEFAULT_RECORDS = 200_000;
    /** Seed of the pipeline's words by default. */
    public static final long DEFAULT_SEED = 2009_07_22L;
    /** Times the terminal job's script is typed by default. */
    public static final int DEFAULT_REPEATS = 200;
    /** Most times the terminal job's script can be typed. */
    public static final int MAX_REPEATS = 1_000_000;

    private BuiltInJobs() {}

    /** {@return the names of the built-in jobs} */
    public static List<String> names() {
        return List.of(PipelineJob.NAME, TerminalJob.NAME, WordCountJob.NAME);
    }

    /**
     * Builds a built-in job by name.
     *
     * @param name a job name
     * @param size records for the pipeline, repeats for the terminal job, lines for the word count; negative for
     *     the default
     * @return the job
     * @throws IllegalArgumentException if no built-in job has that name, or the terminal job's repeats exceed
     *     {@link #MAX_REPEATS}
     */
    public static Job byName(String name, long size) {
        return switch (name) {
            case PipelineJob.NAME -> new PipelineJob(size < 0 ? DEFAULT_RECORDS : size, DEFAULT_SEED);
            case WordCountJob.NAME -> new WordCountJob(size < 0 ? DEFAULT_RECORDS : size);
            case TerminalJob.NAME -> {
                if (size > MAX_REPEATS) {
                    throw new IllegalArgumentException("terminal job repeats " + size + " exceed " + MAX_REPEATS);
                }
                yield new TerminalJob(size < 0 ? DEFAULT_REPEATS : (int) size);
            }
            default -> throw new IllegalArgumentException("no built-in job named " + name + " (have " + names() + ")");
        };
    }
}
