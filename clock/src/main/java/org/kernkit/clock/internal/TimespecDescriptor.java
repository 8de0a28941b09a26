package org.kernkit.clock.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct timespec} on 64-bit Linux (x86-64, AArch64: {@code time_t} and {@code long} are 64-bit),
 * in the platform's byte order:
 *
 * <pre>
 *   offset  size  field
 *   0       8     tv_sec    seconds
 *   8       8     tv_nsec   nanoseconds, 0..999_999_999
 *   16            (LENGTH)
 * </pre>
 *
 * <p>Read only: the kernel writes timespecs, kernkit reads them (tests that need one write its bytes themselves).
 *
 * <p>Nanosecond conversions use plain {@code long} arithmetic: {@code tv_sec * 10^9 + tv_nsec} fits a {@code long}
 * until 2262-04-11 on the realtime scale, and for 292 years of uptime on the monotonic one.
 */
public final class TimespecDescriptor {
    /** Offset of {@code tv_sec}. */
    public static final long TV_SEC_OFFSET = 0;
    /** Offset of {@code tv_nsec}. */
    public static final long TV_NSEC_OFFSET = 8;
    /** Size of the struct. */
    public static final long LENGTH = 16;
    /** Nanoseconds in a second. */
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The same layout as a {@link StructLayout}, for allocation and for checking the offsets above. */
    public static final StructLayout LAYOUT =
            MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    private TimespecDescriptor() {}

    /** Reads {@code tv_sec} from a timespec at offset 0 of {@code timespec}. */
    public static long tvSec(MemorySegment timespec) {
        return timespec.get(JAVA_LONG, TV_SEC_OFFSET);
    }

    /** Reads {@code tv_nsec} from a timespec at offset 0 of {@code timespec}. */
    public static long tvNsec(MemorySegment timespec) {
        return timespec.get(JAVA_LONG, TV_NSEC_OFFSET);
    }

    /** The timespec at offset 0 of {@code timespec} as nanoseconds. */
    public static long toNanos(MemorySegment timespec) {
        return toNanos(tvSec(timespec), tvNsec(timespec));
    }

    /** {@code tvSec * 10^9 + tvNsec}. */
    public static long toNanos(long tvSec, long tvNsec) {
        return tvSec * NANOS_PER_SECOND + tvNsec;
    }
}
