package org.kernkit.checkpoint;

import java.time.Duration;

/**
 * When a running container checkpoints by itself, and how many images it keeps.
 *
 * @param interval time between timed checkpoints, taken at the first round boundary after it elapses;
 *     {@link Duration#ZERO} for none (checkpoints then happen only on request, on stop and at the end)
 * @param retain how many images to keep, newest first, at least 2 so that a torn newest image has a fallback
 */
public record CheckpointPolicy(Duration interval, int retain) {

    /**
     * Validates the policy.
     *
     * @throws IllegalArgumentException if interval is negative or retain is below 2
     */
    public CheckpointPolicy {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval " + interval + " is negative");
        }
        if (retain < 2) {
            throw new IllegalArgumentException("retain " + retain + " must be at least 2 (the newest and a fallback)");
        }
    }

    /**
     * A policy of timed checkpoints that keeps 3 images: the newest and two fallbacks.
     *
     * @param interval time between timed checkpoints
     * @return a policy keeping 3 images
     */
    public static CheckpointPolicy every(Duration interval) {
        return new CheckpointPolicy(interval, 3);
    }
}
