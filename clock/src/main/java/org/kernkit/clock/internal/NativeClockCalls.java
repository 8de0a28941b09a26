package org.kernkit.clock.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * FFM downcalls to {@code int clock_gettime(clockid_t, struct timespec *)} and
 * {@code int clock_getres(clockid_t, struct timespec *)} of the C library.
 *
 * <pre>
 *   clock_gettime  critical downcall (no thread-state transition; the vDSO call neither blocks nor calls back),
 *                  heap access allowed: the timespec is a fresh long[2] on the Java heap, no arena per call
 *   clock_getres   ordinary downcall capturing errno, called once per clock when it is opened
 * </pre>
 *
 * <p>The system binding (the C library of this process) is made once, in static finals, so that the JIT sees the
 * method handle as a constant and inlines the downcall; readings go through {@link #systemGettimeNanos(int)} only.
 * {@link #bind(SymbolLookup)} makes that binding, and other bindings for tests of the failure paths (a lookup that
 * lacks a symbol). Nothing here exists for tests alone: a test that wants to call a binding's {@code gettime}
 * invokes its method handle.
 */
public final class NativeClockCalls {
    private static final FunctionDescriptor CLOCK_CALL = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));

    private static final Binding SYSTEM;
    private static final String SYSTEM_UNAVAILABLE;
    private static final MethodHandle SYSTEM_GETTIME;

    static {
        Binding binding = null;
        String unavailable = null;
        try {
            binding = bind(Linker.nativeLinker().defaultLookup());
        } catch (RuntimeException e) {
            // UnsupportedOperationException from bind or from Linker.nativeLinker() on an unsupported platform,
            // IllegalCallerException when native access is denied: all mean "use the fallback", with this reason.
            unavailable = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        SYSTEM = binding;
        SYSTEM_UNAVAILABLE = unavailable;
        SYSTEM_GETTIME = binding == null ? null : binding.gettime();
    }

    private NativeClockCalls() {}

    /**
     * The binding to this process's C library.
     *
     * @throws UnsupportedOperationException naming why the C library's clock calls cannot be used here
     */
    public static Binding system() {
        if (SYSTEM == null) {
            throw new UnsupportedOperationException(SYSTEM_UNAVAILABLE);
        }
        return SYSTEM;
    }

    /**
     * {@code clock_gettime(clockId)} through the system binding, in nanoseconds. Callers make sure first, through
     * {@link Binding#resolutionNanos(int)}, that the system binding exists and the clock is supported.
     *
     * @throws IllegalStateException when the call fails (it cannot for a clock whose {@code clock_getres} succeeded)
     */
    public static long systemGettimeNanos(int clockId) {
        long[] timespec = new long[(int) (TimespecDescriptor.LENGTH / Long.BYTES)];
        MemorySegment segment = MemorySegment.ofArray(timespec);
        int result;
        try {
            result = (int) SYSTEM_GETTIME.invokeExact(clockId, segment);
        } catch (Throwable e) {
            throw new IllegalStateException("clock_gettime(" + clockId + ") threw", e);
        }
        if (result != 0) {
            throw new IllegalStateException("clock_gettime(" + clockId + ") returned " + result);
        }
        return TimespecDescriptor.toNanos(segment);
    }

    /**
     * Binds {@code clock_gettime} and {@code clock_getres} found through {@code lookup}.
     *
     * @param lookup where to find the two symbols
     * @return the binding
     * @throws UnsupportedOperationException when this is not 64-bit Linux (the only platform whose
     *     {@code struct timespec} layout and clock ids kernkit knows) or a symbol is missing, naming which
     */
    public static Binding bind(SymbolLookup lookup) {
        String os = System.getProperty("os.name", "unknown");
        if (!os.startsWith("Linux")) {
            throw new UnsupportedOperationException("the kernel's coarse clocks exist on Linux only, this is " + os);
        }
        if (ADDRESS.byteSize() != Long.BYTES) {
            throw new UnsupportedOperationException("struct timespec is known for 64-bit Linux only, pointers here are "
                    + ADDRESS.byteSize() + " bytes");
        }
        MemorySegment gettime = lookup.find("clock_gettime")
                .orElseThrow(() -> new UnsupportedOperationException("symbol clock_gettime not found in " + lookup));
        MemorySegment getres = lookup.find("clock_getres")
                .orElseThrow(() -> new UnsupportedOperationException("symbol clock_getres not found in " + lookup));
        Linker linker = Linker.nativeLinker();
        return new Binding(
                linker.downcallHandle(gettime, CLOCK_CALL, Linker.Option.critical(true)),
                linker.downcallHandle(getres, CLOCK_CALL, Linker.Option.captureCallState("errno")));
    }

    /**
     * Bound {@code clock_gettime} {@code (int, MemorySegment) -> int} and {@code clock_getres}
     * {@code (MemorySegment capturedState, int, MemorySegment) -> int}.
     *
     * @param gettime the critical downcall handle of {@code clock_gettime}
     * @param getres the errno-capturing downcall handle of {@code clock_getres}
     */
    public record Binding(MethodHandle gettime, MethodHandle getres) {

        /**
         * {@code clock_getres(clockId)} in nanoseconds.
         *
         * @throws UnsupportedOperationException when the kernel does not support the clock, naming the id and errno
         */
        public long resolutionNanos(int clockId) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment timespec = arena.allocate(TimespecDescriptor.LAYOUT);
                MemorySegment captured = arena.allocate(CAPTURE_LAYOUT);
                int result = (int) getres.invokeExact(captured, clockId, timespec);
                if (result != 0) {
                    int errno = (int) ERRNO.get(captured, 0L);
                    throw new UnsupportedOperationException("clock_getres(" + clockId + ") failed: errno " + errno
                            + (errno == 22 ? " (EINVAL: the kernel does not know this clock)" : ""));
                }
                long nanos = TimespecDescriptor.toNanos(timespec);
                if (nanos <= 0) {
                    throw new UnsupportedOperationException("clock_getres(" + clockId + ") reported resolution "
                            + nanos + " ns, not positive");
                }
                return nanos;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("clock_getres(" + clockId + ") threw", e);
            }
        }
    }
}
