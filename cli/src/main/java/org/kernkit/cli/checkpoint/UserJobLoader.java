package org.kernkit.cli.checkpoint;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.kernkit.checkpoint.Job;

/**
 * Finds a user's {@link Job} on a class path given to {@code kernkit checkpoint run --class-path ... --job NAME}:
 * first among the class path's {@code ServiceLoader} providers of {@code org.kernkit.checkpoint.Job} (the one whose
 * {@link Job#name()} is NAME), else as the class named NAME (public, with a public no-argument constructor).
 *
 * <p>The class loader stays open while the job runs and is closed with this loader. Not thread-safe.
 */
final class UserJobLoader implements AutoCloseable {

    private final URLClassLoader loader;
    private final String classPath;

    private UserJobLoader(URLClassLoader loader, String classPath) {
        this.loader = loader;
        this.classPath = classPath;
    }

    /**
     * @param classPath entries (JARs or class directories), each of which must exist
     * @return a loader over them, the CLI's own classes (and the checkpoint API) as parent
     * @throws IOException if an entry does not exist; the message names it
     */
    static UserJobLoader open(List<Path> classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path entry : classPath) {
            Path absolute = entry.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                throw new IOException("class path entry " + absolute + " does not exist");
            }
            try {
                urls.add(absolute.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IOException("class path entry " + absolute + " is not a valid location: " + e.getMessage());
            }
            names.add(absolute.toString());
        }
        return new UserJobLoader(new URLClassLoader("kernkit-user-job", urls.toArray(URL[]::new),
                UserJobLoader.class.getClassLoader()), String.join(File.pathSeparator, names));
    }

    /** @return the class path as absolute entries joined by the path separator, for the run record */
    String classPath() {
        return classPath;
    }

    /**
     * @param name a provider's {@link Job#name()} or a class name
     * @return a new instance of the job
     * @throws IllegalArgumentException if nothing on the class path is that job, naming what was found
     */
    Job job(String name) {
        List<String> found = new ArrayList<>();
        try {
            for (Job job : ServiceLoader.load(Job.class, loader)) {
                if (job.name().equals(name)) {
                    return job;
                }
                found.add(job.name());
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a Job provider on " + classPath + " cannot be loaded: "
                    + e.getMessage());
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("no job " + name + " on " + classPath + ": no Job provider of that name"
                    + " (providers: " + found + ") and no class of that name");
        }
        if (!Job.class.isAssignableFrom(type) || !Modifier.isPublic(type.getModifiers())
                || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("class " + name + " on " + classPath
                    + " is not a public, concrete implementation of org.kernkit.checkpoint.Job");
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            return (Job) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("job class " + name + " has no public no-argument constructor");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("job class " + name + " could not be constructed: " + cause);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
