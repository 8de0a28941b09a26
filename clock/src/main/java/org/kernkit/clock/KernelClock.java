package org.kernkit.clock;

import java.time.Instant;
import java.util.Objects;
import java.util.function.IntToLongFunction;
import org.kernkit.clock.internal.NativeClockCalls;

/**
 * One kernel clock read through {@code clock_gettime} (FFM downcall into the vDSO), with its {@code clock_getres}.
 *
 * <pre>
 *   KernelClock ──nanos()──▶ clock_gettime(id, long[2] on the heap) ──▶ vDSO ──▶ tv_sec * 10^9 + tv_nsec
 *        │
 *        └─ opened once per ClockId: clock_getres(id) decides native or fallback
 *
 *   fallback (isNative() == false; fallbackReason() says why)
 *     id                 reads                                  resolutionNanos()
 *     REALTIME           Instant.now()                          1_000_000 (the JDK promises milliseconds)
 *     REALTIME_COARSE    System.currentTimeMillis() * 10^6     1_000_000
 *     MONOTONIC          System.nanoTime()                      1_000 (the JDK states no figure; assumed)
 *     MONOTONIC_COARSE   System.nanoTime()                      1_000
 * </pre>
 *
 * <p>The fallback is used when this is not 64-bit Linux, the C library lacks the calls, native access is denied,
 * or the kernel rejects the clock id. It never pretends: {@link #isNative()} is {@code false} and the resolution is
 * that of the JDK call actually made.
 *
 * <p>Thread-safety: immutable; {@link #nanos()} may be called from any thread. Each call is an independent reading:
 * two readings of a {@link TimeScale#MONOTONIC} clock taken in happens-before order are ordered ({@code <=}).
 */
public final class KernelClock implements TimeSource {
    private static final long FALLBACK_EPOCH_RESOLUTION_NANOS = 1_000_000L;
    private static final long FALLBACK_MONOTONIC_RESOLUTION_NANOS = 1_000L;

    private static final KernelClock[] OPENED = openAll();

    private final ClockId id;
    private final int linuxId;
    private final boolean nativeCalls;
    private final long resolutionNanos;
    private final String fallbackReason;

    private KernelClock(ClockId id, boolean nativeCalls, long resolutionNanos, String fallbackReason) {
        this.id = id;
        this.linuxId = id.linuxId();
        this.nativeCalls = nativeCalls;
        this.resolutionNanos = resolutionNanos;
        this.fallbackReason = fallbackReason;
    }

    private static KernelClock[] openAll() {
        ClockId[] ids = ClockId.values();
        KernelClock[] clocks = new KernelClock[ids.length];
        for (ClockId id : ids) {
            clocks[id.ordinal()] = open(id, linuxId -> NativeClockCalls.system().resolutionNanos(linuxId));
        }
        return clocks;
    }

    /**
     * The clock {@code id} of this process: native where the kernel provides it, the JDK fallback otherwise.
     *
     * @param id which clock
     * @return the shared instance for {@code id}
     * @throws NullPointerException when {@code id} is null
     */
    public static KernelClock of(ClockId id) {
        return OPENED[Objects.requireNonNull(id, "id").ordinal()];
    }

    /** {@return {@code CLOCK_REALTIME_COARSE}: wall-clock time as of the last timer tick} */
    public static KernelClock realtimeCoarse() {
        return of(ClockId.REALTIME_COARSE);
    }

    /** {@return {@code CLOCK_MONOTONIC_COARSE}: monotonic time as of the last timer tick} */
    public static KernelClock monotonicCoarse() {
        return of(ClockId.MONOTONIC_COARSE);
    }

    /**
     * Opens {@code id} with {@code probe} as {@code clock_getres}: the clock is native when the probe returns a
     * resolution, the fallback (with the exception's message as reason) when it throws. The system probe makes sure
     * the system binding exists, so a native clock read through {@link NativeClockCalls#systemGettimeNanos} works.
     */
    static KernelClock open(ClockId id, IntToLongFunction probe) {
        try {
            long resolution = probe.applyAsLong(id.linuxId());
            return new KernelClock(id, true, resolution, "");
        } catch (RuntimeException e) {
            return fallback(id, id.kernelName() + " unavailable, using the JDK: " + e.getMessage());
        }
    }

    /** The JDK fallback for {@code id}, with {@code reason} as {@link #fallbackReason()}. */
    static KernelClock fallback(ClockId id, String reason) {
        long resolution = id.scale() == TimeScale.EPOCH
                ? FALLBACK_EPOCH_RESOLUTION_NANOS
                : FALLBACK_MONOTONIC_RESOLUTION_NANOS;
        return new KernelClock(id, false, resolution, reason);
    }

    /** {@return which clock this is} */
    public ClockId id() {
        return id;
    }

    /** {@return whether readings come from the kernel's {@code clock_gettime}, not from the JDK fallback} */
    public boolean isNative() {
        return nativeCalls;
    }

    /** {@return why this clock is the fallback; the empty string when {@link #isNative()}} */
    public String fallbackReason() {
        return fallbackReason;
    }

    @Override
    public String name() {
        return nativeCalls ? id.kernelName() : id.kernelName() + " (JDK fallback)";
    }

    /**
     * Reads the clock: {@code clock_gettime(id)} in nanoseconds, or the fallback's JDK call.
     *
     * @return nanoseconds on {@link #scale()}
     */
    @Override
    public long nanos() {
        if (nativeCalls) {
            return NativeClockCalls.systemGettimeNanos(linuxId);
        }
        return fallbackNanos();
    }

    private long fallbackNanos() {
        return switch (id) {
            case REALTIME -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case REALTIME_COARSE -> System.currentTimeMillis() * 1_000_000L;
            case MONOTONIC, MONOTONIC_COARSE -> System.nanoTime();
        };
    }

    /** {@code clock_getres(id)}, or the fallback's resolution (see the class comment). */
    @Override
    public long resolutionNanos() {
        return resolutionNanos;
    }

    @Override
    public TimeScale scale() {
        return id.scale();
    }

    @Override
    public String toString() {
        return name() + "[resolution " + resolutionNanos + " ns" + (nativeCalls ? "" : ", " + fallbackReason) + "]";
    }
}
