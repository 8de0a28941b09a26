package org.kernkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    @Test
    void shrinksToTheOperationsThatMatterInTheirOrder() {
        List<Integer> failing = List.of(9, 1, 3, 8, 8, 2, 5, 7, 3);
        List<Integer> shrunk = Shrinker.shrink(failing, ops -> ops.indexOf(3) >= 0 && ops.lastIndexOf(5) > ops.indexOf(3));
        assertEquals(List.of(3, 5), shrunk);
    }

    @Test
    void findsTheShortestFailingPrefixOfALongList() {
        List<Integer> failing = IntStream.range(0, 100_000).boxed().toList();
        List<Integer> shrunk = Shrinker.shrink(failing, ops -> ops.contains(77_777));
        assertEquals(List.of(77_777), shrunk);
    }

    @Test
    void aListThatDoesNotFailIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shrinker.shrink(List.of(1, 2), ops -> false));
    }

    @Test
    void neverReturnsAListThatPasses() {
        Trials.forEach("shrinkResultFails", 200, random -> {
            List<Integer> ops = IntStream.range(0, 1 + random.nextInt(30)).mapToObj(i -> random.nextInt(6)).toList();
            int target = ops.get(random.nextInt(ops.size()));
            List<Integer> shrunk = Shrinker.shrink(ops, c -> c.stream().filter(v -> v == target).count() >= 1);
            assertTrue(shrunk.contains(target));
            assertEquals(1, shrunk.size(), "a single occurrence is the minimum: " + shrunk);
        });
    }
}
