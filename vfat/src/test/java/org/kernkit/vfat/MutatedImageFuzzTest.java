package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kernkit.vfat.internal.VolumeLayout;

/**
 * Mutates the metadata of a populated image at random and drives reads, a check and writes over it: only the
 * documented exception types may come out, and nothing may hang (the timeout only catches endless loops).
 */
class MutatedImageFuzzTest {

    private static final List<Class<? extends IOException>> DOCUMENTED = List.of(CorruptImageException.class,
            FileSystemFullException.class, InvalidNameException.class, NoSuchFileException.class,
            NotDirectoryException.class, FileAlreadyExistsException.class, DirectoryNotEmptyException.class,
            java.nio.file.AccessDeniedException.class, FileSystemException.class);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(FatType.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedMetadataYieldsOnlyDocumentedErrors(FatType type) throws Exception {
        Path pristine = tmp.resolve("pristine.img");
        long size = type == FatType.FAT32 ? 40L << 20 : type == FatType.FAT16 ? 8L << 20 : 2L << 20;
        try (FatFileSystem fs = FatFileSystem.format(pristine, size,
                FormatOptions.builder().fatType(type).namingMode(NamingMode.PATENT_SAFE).build())) {
            RoundTripWithToolsTest.writeTree(fs, RoundTripWithToolsTest.sampleTree(fs.clusterSize()));
        }
        byte[] original = Files.readAllBytes(pristine);
        VolumeLayout layout = VolumeLayout.parse(Arrays.copyOf(original, 512), original.length);
        long metadataEnd = layout.clusterOffset(2) + 16L * layout.clusterBytes; // boot, FATs, root, first dirs
        Random random = new Random(type.ordinal() * 1000L + 17);
        Path image = tmp.resolve("mutant.img");
        for (int round = 0; round < 100; round++) {
            byte[] mutant = original.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt((int) Math.min(metadataEnd, mutant.length));
                mutant[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutant[at] ^ (1 << random.nextInt(8)));
            }
            Files.write(image, mutant);
            exercise(image, round);
        }
    }

    private void exercise(Path image, int round) {
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.PATENT_SAFE)) {
            walk(fs, "/", 0, round);
            fs.check();
            attempt(round, () -> fs.writeAllBytes("/fuzz new file.txt", new byte[3000]));
            attempt(round, () -> fs.createDirectories("/deep/fuzz dir"));
            attempt(round, () -> fs.delete("/README.TXT"));
            attempt(round, () -> fs.move("/readme.md", "/deep/moved.md", false));
            attempt(round, () -> fs.append("/empty", new byte[5000]));
        } catch (IOException e) {
            expectDocumented(e, round);
        } catch (RuntimeException e) {
            fail("round " + round + ": undocumented " + e, e);
        }
    }

    private void walk(FatFileSystem fs, String dir, int depth, int round) {
        if (depth > 8) {
            return;
        }
        List<FatEntry> entries;
        try {
            entries = fs.list(dir);
        } catch (IOException e) {
            expectDocumented(e, round);
            return;
        }
        for (FatEntry e : entries) {
            String path = (dir.endsWith("/") ? dir : dir + "/") + e.name();
            if (e.directory()) {
                walk(fs, path, depth + 1, round);
            } else {
                attempt(round, () -> fs.readAllBytes(path));
            }
        }
    }

    interface Action {
        void run() throws IOException;
    }

    private void attempt(int round, Action action) {
        try {
            action.run();
        } catch (IOException e) {
            expectDocumented(e, round);
        } catch (RuntimeException e) {
            fail("round " + round + ": undocumented " + e, e);
        }
    }

    private static void expectDocumented(IOException e, int round) {
        for (Class<? extends IOException> c : DOCUMENTED) {
            if (c.isInstance(e) && (c != FileSystemException.class || e.getClass() == FileSystemException.class)) {
                return;
            }
        }
        fail("round " + round + ": undocumented " + e, e);
    }
}
