package org.kernkit.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an outside program (such as {@code fsck.fat}) the way a shell would: on {@code PATH}, then in the sbin
 * folders, where Debian puts dosfstools and which a user's {@code PATH} often lacks. Stateless.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /**
     * The executable named {@code name}, if there is one.
     *
     * @param name a program name without a folder, such as {@code "fsck.fat"}
     * @return its path, or empty when no folder searched holds an executable of that name
     */
    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> folders = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        folders.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return folders.stream().filter(f -> !f.isEmpty()).map(f -> Path.of(f, name)).filter(Files::isExecutable)
                .findFirst();
    }
}
