package org.kernkit.cli.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.checkpoint.jobs.BuiltInJobs;

/**
 * A job as the CLI launched it, and the launch arguments that build it again from the run record at restart:
 * {@code builtin NAME SIZE} or {@code user CLASS_PATH NAME}. Closing it closes a user job's class loader.
 *
 * @param job the job
 * @param launch what goes into {@link RunIdentity#launch()}
 * @param loader a user job's class loader, or null
 */
record LaunchedJob(Job job, List<String> launch, UserJobLoader loader) implements AutoCloseable {

    static final String BUILT_IN = "builtin";
    static final String USER = "user";

    static LaunchedJob builtIn(String name, long size) {
        return new LaunchedJob(BuiltInJobs.byName(name, size), List.of(BUILT_IN, name, Long.toString(size)), null);
    }

    static LaunchedJob user(List<Path> classPath, String name) throws IOException {
        UserJobLoader loader = UserJobLoader.open(classPath);
        try {
            return new LaunchedJob(loader.job(name), List.of(USER, loader.classPath(), name), loader);
        } catch (RuntimeException e) {
            loader.close();
            throw e;
        }
    }

    /**
     * The job a run record names.
     *
     * @param run the directory's run record
     * @param classPath where a user job is now, or null for the class path it was started with
     * @throws IOException if a class path entry is missing
     * @throws IllegalArgumentException if the record's launch arguments are not understood, naming them
     */
    static LaunchedJob of(RunIdentity run, List<Path> classPath) throws IOException {
        List<String> launch = run.launch();
        if (launch.size() == 3 && launch.get(0).equals(USER)) {
            List<Path> entries = classPath;
            if (entries == null) {
                entries = new ArrayList<>();
                for (String entry : launch.get(1).split(File.pathSeparator)) {
                    entries.add(Path.of(entry));
                }
            }
            return user(entries, launch.get(2));
        }
        if (launch.size() == 3 && launch.get(0).equals(BUILT_IN)) {
            try {
                return builtIn(launch.get(1), Long.parseLong(launch.get(2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("run record " + RunIdentity.FILE_NAME + ": size '" + launch.get(2)
                        + "' is not a number");
            }
        }
        if (launch.isEmpty()) {
            // A directory a program made through the library: only the built-in jobs can be found by name.
            return builtIn(run.job(), -1);
        }
        throw new IllegalArgumentException("run record " + RunIdentity.FILE_NAME + ": launch arguments " + launch
                + " are not the kernkit command's");
    }

    @Override
    public void close() throws IOException {
        if (loader != null) {
            loader.close();
        }
    }
}
