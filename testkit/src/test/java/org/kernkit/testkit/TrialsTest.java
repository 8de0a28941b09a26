package org.kernkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrialsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(Trials.SEED_PROPERTY);
        System.clearProperty(Trials.TRIALS_PROPERTY);
    }

    @Test
    void aPropertyThatFailsForSomeSeedsIsCaughtAndItsSeedNamed() {
        AssertionError error = assertThrows(AssertionError.class, () -> Trials.forEach("sometimes7", 500,
                random -> assertNotEquals(7, random.nextInt(100))));
        assertTrue(error.getMessage().startsWith("sometimes7 failed for seed 0x"), error.getMessage());
        assertTrue(error.getMessage().contains("-Dkernkit.seed=0x"), error.getMessage());
    }

    @Test
    void theReportedSeedReproducesTheFailingTrial() {
        AssertionError error = assertThrows(AssertionError.class, () -> Trials.forEach("sometimes7", 500,
                random -> assertNotEquals(7, random.nextInt(100))));
        String seed = error.getMessage().replaceAll("(?s).*-Dkernkit\\.seed=(0x[0-9a-f]+).*", "$1");
        System.setProperty(Trials.SEED_PROPERTY, seed);
        List<Integer> drawn = new ArrayList<>();
        assertThrows(AssertionError.class, () -> Trials.forEach("sometimes7", 500, random -> {
            int value = random.nextInt(100);
            drawn.add(value);
            assertNotEquals(7, value);
        }));
        assertEquals(List.of(7), drawn, "only the named seed runs, and it draws the failing value again");
    }

    @Test
    void everyRunTriesTheSameSeeds() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        Trials.forEach("same", 20, random -> first.add(random.nextLong()));
        Trials.forEach("same", 20, random -> second.add(random.nextLong()));
        assertEquals(first, second);
        assertEquals(20, first.stream().distinct().count(), "neighbouring trials get unrelated seeds");
    }

    @Test
    void theTrialsPropertyOverridesTheCount() {
        System.setProperty(Trials.TRIALS_PROPERTY, "7");
        int[] runs = {0};
        Trials.forEach("counted", 100, random -> runs[0]++);
        assertEquals(7, runs[0]);
    }

    @Test
    void aMalformedSeedIsRefusedNamingIt() {
        System.setProperty(Trials.SEED_PROPERTY, "seven");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trials.forEach("any", 1, random -> { }));
        assertTrue(e.getMessage().contains("-Dkernkit.seed=seven"), e.getMessage());
    }

    @Test
    void aFailingOperationListIsReportedShrunk() {
        AssertionError error = assertThrows(AssertionError.class, () -> Trials.forEachOperationList("pair", 50,
                random -> IntStream.range(0, 40).mapToObj(i -> random.nextInt(10)).toList(),
                ops -> assertTrue(!(ops.contains(3) && ops.contains(5)), "3 and 5 together")));
        assertTrue(error.getMessage().contains("shrank to 2: ["), error.getMessage());
        String shrunk = error.getMessage().replaceAll("(?s).*shrank to 2: (\\[[^]]*]).*", "$1");
        assertTrue(shrunk.equals("[3, 5]") || shrunk.equals("[5, 3]"), shrunk);
    }
}
