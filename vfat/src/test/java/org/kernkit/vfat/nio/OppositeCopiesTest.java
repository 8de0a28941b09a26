package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies between two images in both directions at once, with readers beside them, end and leave both images
 * clean: a copy between file systems never holds both locks, so opposite copies cannot deadlock. The timeout only
 * keeps a deadlock from hanging the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OppositeCopiesTest {

    private static final int ROUNDS = 40;

    @TempDir
    Path tmp;

    @Test
    void oppositeCopiesBetweenTwoImagesFinishAndLeaveBothClean() throws Exception {
        byte[] content = new byte[3 * 4096 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        try (FatNioFileSystem one = ImageFixtures.create(tmp.resolve("one.img"));
                FatNioFileSystem two = ImageFixtures.create(tmp.resolve("two.img"));
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Files.write(one.getPath("/src.bin"), content);
            Files.write(two.getPath("/src.bin"), content);
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<?>> jobs = new ArrayList<>();
            jobs.add(pool.submit(() -> copies(start, one, two)));
            jobs.add(pool.submit(() -> copies(start, two, one)));
            jobs.add(pool.submit(() -> reads(start, one, content)));
            jobs.add(pool.submit(() -> reads(start, two, content)));
            for (Future<?> job : jobs) {
                job.get();
            }
            assertArrayEquals(content, Files.readAllBytes(two.getPath("/from-other.bin")));
            assertArrayEquals(content, Files.readAllBytes(one.getPath("/from-other.bin")));
            var checkOne = one.core().check();
            var checkTwo = two.core().check();
            assertTrue(checkOne.clean(), checkOne::toString);
            assertTrue(checkTwo.clean(), checkTwo::toString);
        }
    }

    private static Void copies(CyclicBarrier start, FatNioFileSystem from, FatNioFileSystem to) throws Exception {
        start.await();
        for (int i = 0; i < ROUNDS; i++) {
            Files.copy(from.getPath("/src.bin"), to.getPath("/from-other.bin"), StandardCopyOption.REPLACE_EXISTING);
        }
        return null;
    }

    private static Void reads(CyclicBarrier start, FatNioFileSystem fs, byte[] content) throws Exception {
        start.await();
        for (int i = 0; i < ROUNDS; i++) {
            assertArrayEquals(content, Files.readAllBytes(fs.getPath("/src.bin")));
        }
        return null;
    }
}
