package org.kernkit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing operation list to a shorter one that still fails, fewer operations first: the shortest failing
 * prefix (by bisection, assuming a prefix that fails stays failing when extended, which holds for model tests that
 * check after every operation), then the removal of chunks of halving size, down to single operations, until no
 * single removal still fails.
 * The result is a local minimum, not the global one. Stateless.
 */
public final class Shrinker {

    /** Upper bound on the predicate calls of one shrink, so a slow check cannot stall a failing test. */
    static final int MAX_CHECKS = 2_000;

    private Shrinker() {
    }

    /**
     * Shrinks {@code failing}.
     *
     * @param failing a list for which {@code stillFails} is true
     * @param stillFails true when a candidate list still shows the failure
     * @param <T> the operation type
     * @return a list, no longer than {@code failing}, for which {@code stillFails} is true
     * @throws IllegalArgumentException if {@code stillFails} is false for {@code failing} itself
     */
    public static <T> List<T> shrink(List<T> failing, Predicate<List<T>> stillFails) {
        if (!stillFails.test(failing)) {
            throw new IllegalArgumentException("the list to shrink does not fail: " + failing);
        }
        int checks = 1;
        // Shortest failing prefix: failing at hi, not known to fail below lo.
        int lo = 0;
        int hi = failing.size();
        while (lo < hi && checks < MAX_CHECKS) {
            int mid = (lo + hi) >>> 1;
            checks++;
            if (stillFails.test(failing.subList(0, mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        List<T> current = new ArrayList<>(failing.subList(0, hi));
        // Then remove chunks, halving their size down to single operations (delta debugging's complement step).
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && checks < MAX_CHECKS; chunk /= 2) {
            boolean removed = true;
            while (removed && checks < MAX_CHECKS) {
                removed = false;
                for (int start = current.size() - chunk; start >= 0 && checks < MAX_CHECKS; start -= chunk) {
                    List<T> candidate = new ArrayList<>(current.subList(0, start));
                    candidate.addAll(current.subList(start + chunk, current.size()));
                    checks++;
                    if (stillFails.test(candidate)) {
                        current = candidate;
                        removed = true;
                    }
                }
            }
        }
        return List.copyOf(current);
    }
}
