package org.kernkit.clock.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeClockCallsTest {

    @BeforeEach
    void onLinux() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "clock_gettime is bound on Linux only");
    }

    @Test
    void unknownClockIdIsRefusedWithErrno() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> NativeClockCalls.system().resolutionNanos(99));
        assertTrue(e.getMessage().contains("clock_getres(99) failed: errno 22 (EINVAL"), e.getMessage());
    }

    @Test
    void lookupWithoutTheSymbolIsRefusedNamingIt() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> NativeClockCalls.bind(name -> Optional.empty()));
        assertTrue(e.getMessage().contains("symbol clock_gettime not found"), e.getMessage());
    }

    @Test
    void unknownClockIdMakesGettimeFail() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeClockCalls.system().gettimeNanos(99));
        assertTrue(e.getMessage().contains("clock_gettime(99) returned -1"), e.getMessage());
    }

    @Test
    void systemGettimeOfClockMonotonicIsBracketedByNanoTime() {
        for (int i = 0; i < 10_000; i++) {
            long before = System.nanoTime();
            long reading = NativeClockCalls.systemGettimeNanos(1);
            long after = System.nanoTime();
            assertTrue(before <= reading && reading <= after, before + " <= " + reading + " <= " + after);
        }
    }

    @Test
    void boundGettimeAgreesWithTheSystemOne() {
        NativeClockCalls.Binding binding = NativeClockCalls.system();
        long before = NativeClockCalls.systemGettimeNanos(1);
        long reading = binding.gettimeNanos(1);
        long after = NativeClockCalls.systemGettimeNanos(1);
        assertTrue(before <= reading && reading <= after, before + " <= " + reading + " <= " + after);
    }
}
