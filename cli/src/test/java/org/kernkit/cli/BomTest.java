package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM has no parent (so it pins nothing but kernkit), which means its version must be kept by hand. */
class BomTest {

    private static final Path BOM = Path.of("..", "bom", "pom.xml");

    @Test
    void bomVersionIsTheBuildsVersion() throws IOException {
        Properties built = new Properties();
        try (InputStream in = Kernkit.class.getResourceAsStream("/kernkit-version.properties")) {
            built.load(in);
        }
        Matcher version = Pattern.compile("<artifactId>kernkit-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(BOM));
        assertTrue(version.find(), "no kernkit-bom version in " + BOM.toAbsolutePath());
        assertEquals(built.getProperty("version"), version.group(1), "version of " + BOM.toAbsolutePath());
    }

    @Test
    void bomManagesEveryLibraryModuleAndNothingElse() throws IOException {
        String bom = Files.readString(BOM);
        Matcher artifact = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)<")
                .matcher(bom);
        java.util.List<String> managed = new java.util.ArrayList<>();
        while (artifact.find()) {
            assertEquals("org.kernkit", artifact.group(1), "the BOM pins only kernkit: " + artifact.group(2));
            managed.add(artifact.group(2));
        }
        assertEquals(java.util.List.of("kernkit-flexarray", "kernkit-clock", "kernkit-block", "kernkit-vfat", "kernkit-checkpoint",
                "kernkit-vmbus"), managed);
    }
}
