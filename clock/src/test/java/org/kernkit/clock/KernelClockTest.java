package org.kernkit.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kernkit.clock.internal.NativeClockCalls;

class KernelClockTest {
    /**
     * Scheduling allowance for comparing a coarse clock with a precise one: the kernel's tick may be late by the
     * interrupt latency of a loaded VM. Generous (50 ms, against a 4 ms tick) because CI machines are loaded.
     */
    static final long KERNEL_TICK_ALLOWANCE_NANOS = 50_000_000L;

    private static boolean onLinux64() {
        return System.getProperty("os.name", "").startsWith("Linux") && System.getProperty("os.arch", "").matches("amd64|x86_64|aarch64");
    }

    @Test
    void everyClockIsNativeOn64BitLinux() {
        assumeTrue(onLinux64(), "native clocks are expected on 64-bit Linux only");
        for (ClockId id : ClockId.values()) {
            KernelClock clock = KernelClock.of(id);
            assertTrue(clock.isNative(), () -> id + " fell back: " + clock.fallbackReason());
            assertEquals("", clock.fallbackReason());
            assertEquals(id.kernelName(), clock.name());
        }
    }

    @Test
    void coarseResolutionIsClockGetresAndCoarserThanAMicrosecond() {
        assumeTrue(onLinux64());
        long fromGetres = NativeClockCalls.system().resolutionNanos(ClockId.MONOTONIC_COARSE.linuxId());
        assertEquals(fromGetres, KernelClock.monotonicCoarse().resolutionNanos());
        assertTrue(fromGetres >= 1_000, "a coarse clock's resolution is a tick, got " + fromGetres + " ns");
        long precise = KernelClock.of(ClockId.MONOTONIC).resolutionNanos();
        assertTrue(precise <= fromGetres, "CLOCK_MONOTONIC resolution " + precise + " ns is coarser than the coarse clock's");
    }

    @Test
    void monotonicCoarseAgreesWithNanoTimeWithinItsResolution() {
        KernelClock coarse = KernelClock.monotonicCoarse();
        long resolution = coarse.resolutionNanos();
        for (int i = 0; i < 100_000; i++) {
            long before = System.nanoTime();
            long reading = coarse.nanos();
            long after = System.nanoTime();
            // A coarse reading is the time of the last tick: never after the precise time, at most a tick behind.
            assertTrue(reading <= after, "coarse " + reading + " is ahead of nanoTime " + after);
            assertTrue(before - reading <= resolution + KERNEL_TICK_ALLOWANCE_NANOS,
                    "coarse " + reading + " lags nanoTime " + before + " by " + (before - reading) + " ns");
        }
    }

    @Test
    void realtimeCoarseAgreesWithCurrentTimeMillisWithinItsResolution() {
        KernelClock coarse = KernelClock.realtimeCoarse();
        long resolution = coarse.resolutionNanos();
        for (int i = 0; i < 100_000; i++) {
            long before = System.currentTimeMillis() * 1_000_000L;
            long reading = coarse.nanos();
            long after = (System.currentTimeMillis() + 1) * 1_000_000L; // millis truncate: the true time is below +1
            assertTrue(reading <= after, "coarse " + reading + " is ahead of currentTimeMillis " + after);
            assertTrue(before - reading <= resolution + KERNEL_TICK_ALLOWANCE_NANOS,
                    "coarse " + reading + " lags currentTimeMillis " + before + " by " + (before - reading) + " ns");
        }
    }

    @Test
    void preciseMonotonicIsTheClockOfNanoTime() {
        assumeTrue(onLinux64());
        KernelClock precise = KernelClock.of(ClockId.MONOTONIC);
        for (int i = 0; i < 10_000; i++) {
            long before = System.nanoTime();
            long reading = precise.nanos();
            long after = System.nanoTime();
            assertTrue(before <= reading && reading <= after, before + " <= " + reading + " <= " + after);
        }
    }

    @Test
    void preciseRealtimeIsTheClockOfInstantNow() {
        KernelClock precise = KernelClock.of(ClockId.REALTIME);
        Instant before = Instant.now();
        Instant reading = TimeSource.toInstant(precise.nanos());
        Instant after = Instant.now();
        assertFalse(reading.isBefore(before.minusMillis(1)), before + " <= " + reading);
        assertFalse(reading.isAfter(after.plusMillis(1)), reading + " <= " + after);
    }

    @Test
    void monotonicCoarseNeverGoesBackwardsInOneThread() {
        KernelClock coarse = KernelClock.monotonicCoarse();
        long last = coarse.nanos();
        for (int i = 0; i < 1_000_000; i++) {
            long now = coarse.nanos();
            assertTrue(now >= last, "went back from " + last + " to " + now);
            last = now;
        }
    }

    @Test
    void failingProbeGivesAFallbackThatSaysWhy() {
        KernelClock clock = KernelClock.open(ClockId.MONOTONIC_COARSE, id -> {
            throw new UnsupportedOperationException("injected: clock_getres(" + id + ") refused");
        });
        assertFalse(clock.isNative());
        assertTrue(clock.fallbackReason().contains("injected: clock_getres(6) refused"), clock.fallbackReason());
        assertTrue(clock.fallbackReason().contains("CLOCK_MONOTONIC_COARSE"), clock.fallbackReason());
        assertTrue(clock.name().contains("fallback"), clock.name());
        assertEquals(1_000, clock.resolutionNanos());
    }

    @Test
    void monotonicFallbackReadsNanoTime() {
        KernelClock clock = KernelClock.fallback(ClockId.MONOTONIC_COARSE, "test");
        long before = System.nanoTime();
        long reading = clock.nanos();
        long after = System.nanoTime();
        assertTrue(before <= reading && reading <= after, before + " <= " + reading + " <= " + after);
        assertEquals(TimeScale.MONOTONIC, clock.scale());
    }

    @Test
    void realtimeFallbacksReadTheJdkWallClockWithMillisecondResolution() {
        for (ClockId id : new ClockId[] {ClockId.REALTIME, ClockId.REALTIME_COARSE}) {
            KernelClock clock = KernelClock.fallback(id, "test");
            long before = System.currentTimeMillis() * 1_000_000L;
            long reading = clock.nanos();
            long after = (System.currentTimeMillis() + 1) * 1_000_000L;
            assertTrue(before <= reading && reading <= after, id + ": " + before + " <= " + reading + " <= " + after);
            assertEquals(1_000_000, clock.resolutionNanos());
        }
    }

    @Test
    void missingSymbolGivesAFallbackNamingTheSymbol() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"));
        KernelClock clock = KernelClock.open(ClockId.REALTIME_COARSE,
                id -> NativeClockCalls.bind(name -> Optional.empty()).resolutionNanos(id));
        assertFalse(clock.isNative());
        assertTrue(clock.fallbackReason().contains("clock_gettime not found"), clock.fallbackReason());
    }

    @Test
    void realtimeClockAdaptsToInstantSourceAndClock() {
        KernelClock coarse = KernelClock.realtimeCoarse();
        Instant before = Instant.now();
        Instant adapted = coarse.asClock(ZoneOffset.UTC).instant();
        Instant after = Instant.now();
        long allowance = coarse.resolutionNanos() + KERNEL_TICK_ALLOWANCE_NANOS;
        assertFalse(adapted.isBefore(before.minusNanos(allowance)), adapted + " vs " + before);
        assertFalse(adapted.isAfter(after.plusMillis(1)), adapted + " vs " + after);
        assertEquals(ZoneOffset.UTC, coarse.asClock(ZoneOffset.UTC).getZone());
        long millis = coarse.asInstantSource().millis();
        assertTrue(Math.abs(millis - System.currentTimeMillis()) < 1_000, "millis " + millis);
    }

    @Test
    void monotonicClockRefusesToBeAnInstantSource() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelClock.monotonicCoarse().asInstantSource());
        assertTrue(e.getMessage().contains("CLOCK_MONOTONIC_COARSE"), e.getMessage());
    }

    @Test
    void realtimeClockRefusesToBeATicker() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelClock.realtimeCoarse().asNanoTicker());
        assertTrue(e.getMessage().contains("may step backwards"), e.getMessage());
    }

    @Test
    void monotonicClockIsATicker() {
        long before = System.nanoTime();
        long tick = KernelClock.of(ClockId.MONOTONIC).asNanoTicker().getAsLong();
        assertTrue(tick >= before - 1_000, tick + " vs " + before);
    }

    @Test
    void epochNanosBeforeTheEpochBecomeTheRightInstant() {
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"), TimeSource.toInstant(-1));
        assertEquals(Instant.parse("2026-11-24T00:00:00.000000001Z"),
                TimeSource.toInstant(Instant.parse("2026-11-24T00:00:00Z").getEpochSecond() * 1_000_000_000L + 1));
    }

    @Test
    void eachClockKnowsItsIdAndNamesItsResolution() {
        for (ClockId id : ClockId.values()) {
            KernelClock clock = KernelClock.of(id);
            assertEquals(id, clock.id());
            String text = clock.toString();
            assertTrue(text.startsWith(clock.name() + "[resolution " + clock.resolutionNanos() + " ns"), text);
        }
    }

    @Test
    void fallbackToStringGivesTheReason() {
        String text = KernelClock.fallback(ClockId.MONOTONIC, "injected reason").toString();
        assertEquals("CLOCK_MONOTONIC (JDK fallback)[resolution 1000 ns, injected reason]", text);
        KernelClock nativeClock = KernelClock.open(ClockId.MONOTONIC, id -> 7);
        assertEquals("CLOCK_MONOTONIC[resolution 7 ns]", nativeClock.toString());
    }

    @Test
    void succeedingProbeGivesANativeClockWithTheProbedResolution() {
        KernelClock clock = KernelClock.open(ClockId.MONOTONIC_COARSE, id -> id == 6 ? 12_345 : -1);
        assertTrue(clock.isNative());
        assertEquals(12_345, clock.resolutionNanos());
        assertEquals("", clock.fallbackReason());
        assertEquals(ClockId.MONOTONIC_COARSE, clock.id());
        assertEquals("CLOCK_MONOTONIC_COARSE", clock.name());
    }

    @Test
    void ofRejectsNull() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> KernelClock.of(null));
        assertTrue(e.getMessage().contains("id"));
    }
}
