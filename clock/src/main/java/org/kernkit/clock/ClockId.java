package org.kernkit.clock;

/**
 * The Linux clocks kernkit reads, with their {@code clockid_t} numbers from {@code <linux/time.h>}.
 *
 * <pre>
 *   id  name                     scale      cost on our machines (clock_gettime via the vDSO)
 *   0   CLOCK_REALTIME           EPOCH      ~24 ns, reads the clocksource (TSC)
 *   1   CLOCK_MONOTONIC          MONOTONIC  ~24 ns, reads the clocksource (TSC)
 *   5   CLOCK_REALTIME_COARSE    EPOCH      ~7 ns, the time as of the last timer tick
 *   6   CLOCK_MONOTONIC_COARSE   MONOTONIC  ~5 ns, the time as of the last timer tick
 * </pre>
 *
 * <p>The coarse clocks (Linux 2.6.32, commit da15cfdae033) touch no hardware: they return what the timekeeping
 * code stored at the last tick, so their resolution ({@code clock_getres}) is one tick, 4 ms at HZ=250.
 */
public enum ClockId {
    /** {@code CLOCK_REALTIME}: wall-clock time since the epoch; may step backwards when the clock is set. */
    REALTIME(0, TimeScale.EPOCH),
    /** {@code CLOCK_MONOTONIC}: time since an unspecified origin (boot); never goes backwards. */
    MONOTONIC(1, TimeScale.MONOTONIC),
    /** {@code CLOCK_REALTIME_COARSE}: {@link #REALTIME} as of the last timer tick. */
    REALTIME_COARSE(5, TimeScale.EPOCH),
    /** {@code CLOCK_MONOTONIC_COARSE}: {@link #MONOTONIC} as of the last timer tick. */
    MONOTONIC_COARSE(6, TimeScale.MONOTONIC);

    private final int linuxId;
    private final TimeScale scale;

    ClockId(int linuxId, TimeScale scale) {
        this.linuxId = linuxId;
        this.scale = scale;
    }

    /** {@return the {@code clockid_t} value passed to {@code clock_gettime} and {@code clock_getres}} */
    public int linuxId() {
        return linuxId;
    }

    /** {@return what the clock's nanoseconds count from, and whether they can go backwards} */
    public TimeScale scale() {
        return scale;
    }

    /** {@return the kernel's name of the clock, such as {@code "CLOCK_MONOTONIC_COARSE"}} */
    public String kernelName() {
        return "CLOCK_" + name();
    }
}
