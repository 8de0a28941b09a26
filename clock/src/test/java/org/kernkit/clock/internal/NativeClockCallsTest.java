package org.kernkit.clock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
    void lookupWithoutClockGetresIsRefusedNamingIt() {
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        SymbolLookup onlyGettime = name -> name.equals("clock_gettime") ? libc.find(name) : Optional.empty();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> NativeClockCalls.bind(onlyGettime));
        assertTrue(e.getMessage().contains("symbol clock_getres not found"), e.getMessage());
    }

    @Test
    void resolutionOfZeroIsRefused() throws ReflectiveOperationException {
        MethodHandle zero = MethodHandles.lookup().findStatic(NativeClockCallsTest.class, "getresOfZero",
                MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class));
        NativeClockCalls.Binding binding = new NativeClockCalls.Binding(NativeClockCalls.system().gettime(), zero);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> binding.resolutionNanos(1));
        assertTrue(e.getMessage().contains("clock_getres(1) reported resolution 0 ns, not positive"), e.getMessage());
    }

    /** A {@code clock_getres} that succeeds with a resolution of 0 s 0 ns, which no clock can have. */
    private static int getresOfZero(MemorySegment capturedState, int clockId, MemorySegment timespec) {
        timespec.fill((byte) 0); // tv_sec = tv_nsec = 0
        return 0;
    }

    @Test
    void unknownClockIdMakesGettimeFail() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeClockCalls.systemGettimeNanos(99));
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
    void bindingOfTheDefaultLookupReadsTheSystemsClock() throws Throwable {
        NativeClockCalls.Binding binding = NativeClockCalls.bind(Linker.nativeLinker().defaultLookup());
        long before = NativeClockCalls.systemGettimeNanos(1);
        long reading = gettimeNanos(binding, 1);
        long after = NativeClockCalls.systemGettimeNanos(1);
        assertTrue(before <= reading && reading <= after, before + " <= " + reading + " <= " + after);
        assertEquals(NativeClockCalls.system().resolutionNanos(1), binding.resolutionNanos(1));
    }

    /** {@code clock_gettime} through {@code binding}'s handle: the test's own call, not a hook in the main jar. */
    private static long gettimeNanos(NativeClockCalls.Binding binding, int clockId) throws Throwable {
        MemorySegment timespec = MemorySegment.ofArray(new long[2]);
        int result = (int) binding.gettime().invokeExact(clockId, timespec);
        assertEquals(0, result, "clock_gettime(" + clockId + ")");
        return TimespecDescriptor.toNanos(timespec);
    }
}
