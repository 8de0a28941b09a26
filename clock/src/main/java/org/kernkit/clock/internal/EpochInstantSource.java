package org.kernkit.clock.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import org.kernkit.clock.TimeSource;

/**
 * A {@link TimeSource} on the epoch scale seen as an {@link InstantSource}. Each call reads the source once.
 * {@code withZone} (inherited) gives the {@code java.time.Clock}. Two adapters are equal when they read the same
 * source (as {@code InstantSource} asks of its implementations), and hash as that source.
 */
public final class EpochInstantSource implements InstantSource {
    private final TimeSource source;

    /**
     * @param source a source whose scale is {@code EPOCH}; the caller checks it
     */
    public EpochInstantSource(TimeSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Instant instant() {
        return TimeSource.toInstant(source.nanos());
    }

    @Override
    public long millis() {
        return Math.floorDiv(source.nanos(), 1_000_000L);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EpochInstantSource that && that.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return "InstantSource[" + source.name() + "]";
    }
}
